//! The `budget` report: many functions of one account, pooled, listed by cost.

use super::grid::columns;
use super::model::{ProfileReport, Report};
use crate::money::group_thousands;
use serde::Serialize;
use std::fmt::Write as _;

/// A budget: the account's name and the pooled estimate of its functions.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetReport {
    /// The budget's name.
    pub name: String,
    /// The pooled estimate.
    #[serde(flatten)]
    pub report: Report,
}

impl BudgetReport {
    /// The account's total (a budget is always pooled).
    pub fn total(&self) -> crate::money::Money {
        self.report
            .total_usd
            .unwrap_or_else(|| self.report.profiles.iter().map(|p| p.total_usd).sum())
    }

    /// The functions, dearest first (ties by name).
    pub fn by_cost(&self) -> Vec<&ProfileReport> {
        let mut v: Vec<&ProfileReport> = self.report.profiles.iter().collect();
        v.sort_by(|a, b| b.total_usd.cmp(&a.total_usd).then(a.name.cmp(&b.name)));
        v
    }

    /// The function table (dearest first): its header and rows.
    pub(crate) fn table_rows(&self) -> ([&'static str; 8], Vec<Vec<String>>) {
        let head = [
            "function",
            "runtime",
            "memory",
            "region",
            "invocations",
            "cold starts",
            "INIT",
            "total",
        ];
        let rows: Vec<Vec<String>> = self
            .by_cost()
            .into_iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    format!("{} {}", p.runtime, p.architecture),
                    format!("{} MB", p.memory_mb),
                    p.region.clone(),
                    group_thousands(i128::from(p.invocations)),
                    group_thousands(i128::from(p.cold_starts)),
                    p.init_usd.to_string(),
                    p.total_usd.to_string(),
                ]
            })
            .collect();
        (head, rows)
    }

    pub(super) fn render_text(&self, md: bool) -> String {
        let r = &self.report;
        let mut t = String::new();
        let (head, rows) = self.table_rows();
        const LEFT: &[usize] = &[0, 1, 3];
        if md {
            let _ = writeln!(t, "# Budget: {}\n", self.name.replace('|', "\\|"));
            t += &columns(&head, &rows, LEFT, true);
            let _ = writeln!(t, "| **total** | | | | | | | **{}** |\n", self.total());
            let _ = writeln!(
                t,
                "## Account lines\n\n| item | quantity | unit | cost |\n|---|---:|---:|---:|"
            );
            for l in &r.account_lines {
                let _ = writeln!(
                    t,
                    "| {} | {:.2} | {} | {} |",
                    l.item, l.quantity, l.unit, l.cost
                );
            }
            let _ = writeln!(t, "\n## Assumptions\n");
            for a in &r.assumptions {
                let _ = writeln!(t, "- {a}");
            }
            let _ = writeln!(
                t,
                "- prices: {} ({}, as of {}); billing rules as of {}",
                r.pricing.origin, r.pricing.source, r.pricing.as_of, r.rules_as_of
            );
        } else {
            let _ = writeln!(t, "Budget: {}\n", self.name);
            t += &columns(&head, &rows, LEFT, false);
            let _ = writeln!(
                t,
                "\nAccount total: {} / month (free tier and tiers pooled across the {} functions).",
                self.total(),
                r.profiles.len()
            );
            let _ = writeln!(
                t,
                "Prices: {} (as of {}); billing rules as of {}.",
                r.pricing.origin, r.pricing.as_of, r.rules_as_of
            );
        }
        t
    }
}
