//! The `remedies` report: a profile as it is, then each remedy with its bill, the difference and where it pays off.

use super::grid::columns;
use super::model::Basis;
use crate::decide::remedies::Remedy;
use crate::error::Result;
use crate::money::{group_thousands, Money};
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the remedies' JSON schema.
pub const REMEDIES_SCHEMA: &str = "coldcost.remedies/1";

/// The remedies of one profile.
#[derive(Debug, Clone, Serialize)]
pub struct RemediesReport {
    /// Schema version.
    pub schema: &'static str,
    /// The profile's name.
    pub profile: String,
    /// The profile as it is first, then each remedy.
    pub remedies: Vec<Remedy>,
    /// The prices, rules and assumptions it rests on.
    pub basis: Basis,
}

pub(crate) fn signed(m: Money) -> String {
    if m.atto() < 0 {
        format!("-{}", Money::ZERO - m)
    } else {
        format!("+{m}")
    }
}

impl RemediesReport {
    /// The report of `remedies` for `profile`, resting on `basis`.
    pub fn new(profile: &str, remedies: Vec<Remedy>, basis: Basis) -> RemediesReport {
        RemediesReport {
            schema: REMEDIES_SCHEMA,
            profile: profile.to_string(),
            remedies,
            basis,
        }
    }

    pub(crate) fn break_even(r: &Remedy) -> String {
        match (&r.not_applicable, &r.break_even) {
            (Some(why), _) => format!("not available: {why}"),
            (None, Some(b)) => b.summary.clone(),
            (None, None) => String::new(),
        }
    }

    /// The remedies table: its header and one row per remedy (the first: as it is).
    pub(crate) fn table_rows(&self) -> ([&'static str; 7], Vec<Vec<String>>) {
        let head: [&'static str; 7] = [
            "remedy",
            "cold starts",
            "INIT",
            "remedy cost",
            "total",
            "vs as is",
            "break-even",
        ];
        let rows: Vec<Vec<String>> = self
            .remedies
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    group_thousands(i128::from(r.cold_starts)),
                    r.init_usd.to_string(),
                    r.remedy_usd.to_string(),
                    r.total_usd.to_string(),
                    signed(r.delta_usd),
                    Self::break_even(r),
                ]
            })
            .collect();
        (head, rows)
    }

    pub(super) fn markdown(&self) -> String {
        let mut t = format!("# Remedies: {}\n\n", self.profile.replace('|', "\\|"));
        let (head, rows) = self.table_rows();
        t += &columns(&head, &rows, &[0, 6], true);
        t += &self.basis.markdown();
        t
    }

    pub(super) fn table(&self) -> String {
        let mut t = String::new();
        for r in &self.remedies {
            let _ = writeln!(t, "{}", r.name);
            let be = Self::break_even(r);
            if r.not_applicable.is_some() {
                let _ = writeln!(t, "  {be}\n");
                continue;
            }
            let _ = writeln!(
                t,
                "  cold starts {}, INIT {}, remedy {}, total {} ({} vs as is){}",
                group_thousands(i128::from(r.cold_starts)),
                r.init_usd,
                r.remedy_usd,
                r.total_usd,
                signed(r.delta_usd),
                if r.saves { " — saves money" } else { "" }
            );
            if !be.is_empty() {
                let _ = writeln!(t, "  {be}");
            }
            t.push('\n');
        }
        t
    }

    pub(super) fn csv(&self) -> Result<String> {
        let rows = self.remedies.iter().map(|r| {
            let applies = r.not_applicable.is_none();
            let amount = |m: Money| {
                if applies {
                    super::csv::usd(m)
                } else {
                    String::new()
                }
            };
            vec![
                self.profile.clone(),
                r.name.clone(),
                applies.to_string(),
                if applies {
                    r.cold_starts.to_string()
                } else {
                    String::new()
                },
                amount(r.init_usd),
                amount(r.remedy_usd),
                amount(r.total_usd),
                amount(r.delta_usd),
                r.saves.to_string(),
                r.break_even
                    .as_ref()
                    .and_then(|b| b.invocations)
                    .map_or(String::new(), |v| v.to_string()),
                Self::break_even(r),
            ]
        });
        super::csv::document(
            &[
                "profile",
                "remedy",
                "applies",
                "cold_starts",
                "init_usd",
                "remedy_usd",
                "total_usd",
                "delta_usd",
                "saves",
                "break_even_invocations",
                "note",
            ],
            rows,
        )
    }
}
