//! Markdown for budget reviews: summary, side-by-side table, account lines, assumptions and sources.

use super::grid::{side_by_side, summary};
use super::model::Report;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn table(out: &mut String, rows: &[Vec<String>], right_align_from: usize) {
    let Some(head) = rows.first() else { return };
    let _ = writeln!(
        out,
        "| {} |",
        head.iter().map(|s| esc(s)).collect::<Vec<_>>().join(" | ")
    );
    let seps: Vec<&str> = (0..head.len())
        .map(|i| if i >= right_align_from { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", seps.join("|"));
    for row in rows.iter().skip(1) {
        let _ = writeln!(
            out,
            "| {} |",
            row.iter().map(|s| esc(s)).collect::<Vec<_>>().join(" | ")
        );
    }
}

/// The report as markdown.
pub(crate) fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Lambda cost estimate ({})\n", r.command);
    for l in summary(r) {
        let _ = writeln!(out, "- {}", l.replace('<', "&lt;").replace('>', "&gt;"));
    }
    out.push('\n');
    table(&mut out, &side_by_side(r), 1);
    if !r.account_lines.is_empty() {
        let _ = writeln!(out, "\n## Account lines\n");
        let mut rows = vec![vec![
            "item".to_string(),
            "quantity".into(),
            "unit".into(),
            "cost".into(),
        ]];
        for l in &r.account_lines {
            rows.push(vec![
                l.item.clone(),
                format!("{:.2}", l.quantity),
                l.unit.to_string(),
                l.cost.to_string(),
            ]);
        }
        table(&mut out, &rows, 1);
    }
    let _ = writeln!(out, "\n## Assumptions and sources\n");
    let mut rows = vec![vec!["what".to_string(), "value".into()]];
    rows.push(vec![
        "price book".into(),
        format!(
            "{} ({}, as of {})",
            r.pricing.origin, r.pricing.source, r.pricing.as_of
        ),
    ]);
    for s in &r.pricing.regions {
        rows.push(vec![
            format!("prices {}", s.region),
            format!("{} (as of {})", s.source, s.as_of),
        ]);
    }
    rows.push(vec![
        "billing rules as of".into(),
        r.rules_as_of.to_string(),
    ]);
    rows.push(vec!["INIT billing rule".into(), r.init_billing_rule.into()]);
    rows.push(vec![
        "free tier".into(),
        if r.free_tier {
            "applied"
        } else {
            "not applied"
        }
        .into(),
    ]);
    for p in &r.profiles {
        rows.push(vec![
            format!("{}: cold starts", p.name),
            p.cold_start_method.clone(),
        ]);
        rows.push(vec![format!("{}: INIT", p.name), p.init_method.clone()]);
        for n in &p.notes {
            rows.push(vec![format!("{}: note", p.name), n.clone()]);
        }
    }
    for a in &r.assumptions {
        rows.push(vec!["assumption".into(), a.clone()]);
    }
    table(&mut out, &rows, usize::MAX);
    out
}
