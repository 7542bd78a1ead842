//! The `sweep` report: one profile's bill across memory sizes, volumes or architectures.

use super::grid::columns;
use super::model::Basis;
use crate::decide::sweep::Sweep;
use crate::error::Result;
use crate::money::group_thousands;
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the sweep's JSON schema.
pub const SWEEP_SCHEMA: &str = "coldcost.sweep/1";

/// A sweep and what renders it.
#[derive(Debug, Clone, Serialize)]
pub struct SweepReport {
    /// Schema version.
    pub schema: &'static str,
    /// The sweep.
    pub sweep: Sweep,
    /// The prices, rules and assumptions it rests on.
    pub basis: Basis,
}

impl SweepReport {
    /// The report of `sweep`, resting on `basis`.
    pub fn new(sweep: Sweep, basis: Basis) -> SweepReport {
        SweepReport {
            schema: SWEEP_SCHEMA,
            sweep,
            basis,
        }
    }

    /// The table of settings: its header and one row per setting.
    pub(crate) fn table_rows(&self) -> ([&'static str; 6], Vec<Vec<String>>) {
        let s = &self.sweep;
        let head: [&'static str; 6] = [
            s.axis,
            "invocations",
            "handler ms",
            "cold starts",
            "INIT",
            "total",
        ];
        let rows: Vec<Vec<String>> = s
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    format!(
                        "{}{}",
                        p.setting,
                        // The smallest volume is always the cheapest: no mark on a volume sweep.
                        if i == s.cheapest && s.axis != "invocations" {
                            " (cheapest)"
                        } else {
                            ""
                        }
                    ),
                    group_thousands(i128::from(p.invocations)),
                    format!("{:.1}", p.handler_mean_ms),
                    group_thousands(i128::from(p.cold_starts)),
                    p.init_usd.to_string(),
                    p.total_usd.to_string(),
                ]
            })
            .collect();
        (head, rows)
    }

    pub(super) fn render_text(&self, md: bool) -> String {
        let s = &self.sweep;
        let (head, rows) = self.table_rows();
        let mut out = String::new();
        if md {
            let _ = writeln!(
                out,
                "# Sweep: {} by {}\n",
                s.profile.replace('|', "\\|"),
                s.axis
            );
        } else {
            let _ = writeln!(out, "{} — monthly bill by {}\n", s.profile, s.axis);
        }
        out += &columns(&head, &rows, &[0], md);
        if md {
            out += &self.basis.markdown();
        }
        out
    }

    pub(super) fn render_csv(&self) -> Result<String> {
        let s = &self.sweep;
        let rows = s.points.iter().enumerate().map(|(i, x)| {
            vec![
                x.setting.clone(),
                x.memory_mb.to_string(),
                x.architecture.clone(),
                x.invocations.to_string(),
                x.handler_mean_ms.to_string(),
                x.cold_starts.to_string(),
                super::csv::usd(x.init_usd),
                super::csv::usd(x.total_usd),
                (i == s.cheapest).to_string(),
            ]
        });
        super::csv::document(
            &[
                "setting",
                "memory_mb",
                "architecture",
                "invocations",
                "handler_mean_ms",
                "cold_starts",
                "init_usd",
                "total_usd",
                "cheapest",
            ],
            rows,
        )
    }
}
