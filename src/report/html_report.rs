//! The HTML pages of `estimate`, `compare` and `budget`: key figures, the charts, the line items, every
//! assumption, and every price with its source and date.

use super::budget::BudgetReport;
use super::figures::{budget_figure, report_figures};
use super::grid::{grouped_notes, pct, side_by_side, summary};
use super::html::Page;
use super::model::{ProfileReport, Report};
use crate::decide::bands::Band;
use crate::money::{group_thousands, Money};

/// `p5–p95 $a–$b`.
fn band(b: &Band) -> String {
    format!("p5–p95 {}–{}", b.p5, b.p95)
}

/// `p5–p95 $a–$b` of profile `i`, when the report has bands.
fn band_text(r: &Report, i: usize) -> String {
    r.bands
        .as_ref()
        .and_then(|b| b.profiles.get(i))
        .map_or(String::new(), band)
}

fn kpi(r: &Report, i: usize, p: &ProfileReport) -> (String, String, String) {
    let mut detail = format!(
        "INIT {} ({} of the bill) · {} cold starts",
        p.init_usd,
        pct(p.init_share),
        group_thousands(i128::from(p.cold_starts))
    );
    let band = band_text(r, i);
    if !band.is_empty() {
        detail.push_str(" · ");
        detail.push_str(&band);
    }
    (p.name.clone(), format!("{} / month", p.total_usd), detail)
}

/// Lines of [`summary`] that explain how the figures were made (they go with the assumptions).
fn is_method(line: &str) -> bool {
    line.starts_with("Cold starts of ")
        || line.starts_with("Uncertainty:")
        || line.starts_with("Prices:")
}

/// The assumptions: how cold starts and INIT were modelled, the report's assumptions, and the profiles' notes.
fn assumptions(page: &mut Page, r: &Report) {
    page.section("assumptions", "Assumptions and methods");
    let mut items: Vec<String> = summary(r).into_iter().filter(|l| is_method(l)).collect();
    for p in &r.profiles {
        items.push(format!("INIT of {}: {}", p.name, p.init_method));
    }
    items.extend(r.assumptions.iter().cloned());
    page.list("assumptions", &items);
    let notes = grouped_notes(r);
    if !notes.is_empty() {
        page.h3("Notes");
        page.list("notes", &notes);
    }
    page.end();
}

fn account_lines(page: &mut Page, r: &Report) {
    if r.billing_scope != "pooled" || r.account_lines.is_empty() {
        return;
    }
    page.h3("The account's lines, as AWS would show them");
    let rows: Vec<Vec<String>> = r
        .account_lines
        .iter()
        .map(|l| {
            vec![
                l.item.to_string(),
                crate::ingest::observed::display_quantity(l.quantity),
                l.unit.to_string(),
                l.cost.to_string(),
            ]
        })
        .collect();
    page.table(&["item", "quantity", "unit", "cost"], &rows, &[1, 3]);
}

/// The page of an `estimate` or `compare` report.
pub(crate) fn report(r: &Report) -> String {
    let names: Vec<&str> = r.profiles.iter().map(|p| p.name.as_str()).collect();
    let title = match (r.command.as_str(), names.as_slice()) {
        ("compare", _) => format!("Compare: {}", names.join(" vs ")),
        (_, [one]) => format!("Monthly cost of {one}"),
        _ => format!("Monthly cost of {} functions", names.len()),
    };
    let mut page = Page::new(
        &title,
        &format!(
            "coldcost {} · prices as of {} · billing rules as of {}",
            r.command, r.pricing.as_of, r.rules_as_of
        ),
    );
    page.section("summary", "Summary");
    let mut kpis: Vec<(String, String, String)> = r
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| kpi(r, i, p))
        .collect();
    if let (Some(total), true) = (r.total_usd, r.profiles.len() > 1) {
        let band = r
            .bands
            .as_ref()
            .and_then(|b| b.total.as_ref())
            .map_or(String::new(), band);
        kpis.insert(
            0,
            ("account total".into(), format!("{total} / month"), band),
        );
    }
    page.kpis(&kpis);
    for line in summary(r).into_iter().filter(|l| !is_method(l)) {
        page.lead(&line);
    }
    page.end();
    page.section("charts", "Charts");
    page.figures(&report_figures(r));
    page.end();
    page.section("line-items", "Line items");
    let rows = side_by_side(r);
    if let Some((head, body)) = rows.split_first() {
        let numeric: Vec<usize> = (1..head.len()).collect();
        page.table(head, body, &numeric);
    }
    account_lines(&mut page, r);
    page.end();
    assumptions(&mut page, r);
    page.prices(&r.pricing, r.rules_as_of, r.init_billing_rule);
    page.finish()
}

/// The page of a `budget` report.
pub(crate) fn budget(b: &BudgetReport) -> String {
    let r = &b.report;
    let total = b.total();
    let init: Money = r.profiles.iter().map(|p| p.init_usd).sum();
    let mut page = Page::new(
        &format!("Budget: {}", b.name),
        &format!(
            "coldcost budget · {} functions in one account · prices as of {} · billing rules as of {}",
            r.profiles.len(),
            r.pricing.as_of,
            r.rules_as_of
        ),
    );
    page.section("summary", "Summary");
    let band = r
        .bands
        .as_ref()
        .and_then(|x| x.total.as_ref())
        .map_or(String::new(), band);
    let share = if total.atto() > 0 {
        init.atto() as f64 / total.atto() as f64
    } else {
        0.0
    };
    let dearest = b.by_cost().first().map(|p| (p.name.clone(), p.total_usd));
    let mut kpis = vec![
        (
            "account total".to_string(),
            format!("{total} / month"),
            band,
        ),
        (
            "INIT".to_string(),
            format!("{init} / month"),
            format!("{} of the bill", pct(share)),
        ),
    ];
    if let Some((name, usd)) = dearest {
        kpis.push(("dearest function".into(), usd.to_string(), name));
    }
    page.kpis(&kpis);
    page.lead(&format!(
        "Account total: {total} / month, the free tier and tiers pooled across the {} functions{}.",
        r.profiles.len(),
        if r.free_tier { "" } else { " (no free tier)" }
    ));
    page.end();
    page.section("charts", "Charts");
    page.figures(&[budget_figure(b)]);
    page.end();
    page.section("functions", "Functions");
    let (head, mut rows) = b.table_rows();
    rows.push(vec![
        "total".into(),
        String::new(),
        String::new(),
        String::new(),
        group_thousands(r.profiles.iter().map(|p| i128::from(p.invocations)).sum()),
        group_thousands(r.profiles.iter().map(|p| i128::from(p.cold_starts)).sum()),
        init.to_string(),
        total.to_string(),
    ]);
    page.table(&head, &rows, &[2, 4, 5, 6, 7]);
    account_lines(&mut page, r);
    page.end();
    assumptions(&mut page, r);
    page.prices(&r.pricing, r.rules_as_of, r.init_billing_rule);
    page.finish()
}
