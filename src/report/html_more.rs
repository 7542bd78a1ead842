//! The HTML pages of `sweep`, `remedies` and `ingest`.

use super::figures::{ingest_figures, remedies_figures, sweep_figures};
use super::grid::{pct, side_by_side};
use super::html::Page;
use super::ingest::{bill_export_tables, IngestReport};
use super::model::Basis;
use super::remedies::{signed, RemediesReport};
use super::sweep::SweepReport;
use crate::money::{group_thousands, Money};

fn meta(command: &str, b: &Basis) -> String {
    format!(
        "coldcost {command} · prices as of {} · billing rules as of {}",
        b.pricing.as_of, b.rules_as_of
    )
}

fn basis_sections(page: &mut Page, b: &Basis) {
    page.section("assumptions", "Assumptions");
    page.list("assumptions", &b.assumptions);
    page.end();
    page.prices(&b.pricing, b.rules_as_of, b.init_billing_rule);
}

/// Columns of `head` from `from` on, right-aligned.
fn numeric_from(len: usize, from: usize) -> Vec<usize> {
    (from..len).collect()
}

/// The page of a `sweep`.
pub(crate) fn sweep(r: &SweepReport) -> String {
    let s = &r.sweep;
    let mut page = Page::new(
        &format!("Sweep: {} by {}", s.profile, s.axis),
        &meta("sweep", &r.basis),
    );
    page.section("summary", "Summary");
    let (lo, hi) = (
        s.points.iter().map(|p| p.total_usd).min(),
        s.points.iter().map(|p| p.total_usd).max(),
    );
    if let (Some(c), Some(lo), Some(hi)) = (s.points.get(s.cheapest), lo, hi) {
        if s.axis == "invocations" {
            let (first, last) = (s.points.first(), s.points.last());
            if let (Some(f), Some(l)) = (first, last) {
                page.kpis(&[
                    (
                        f.setting.clone(),
                        format!("{} / month", f.total_usd),
                        "the first volume".into(),
                    ),
                    (
                        l.setting.clone(),
                        format!("{} / month", l.total_usd),
                        "the last volume".into(),
                    ),
                ]);
                page.lead(&format!(
                    "From {} at {} to {} at {} invocations a month.",
                    f.total_usd, f.setting, l.total_usd, l.setting
                ));
            }
        } else {
            let dearest = s.points.iter().max_by_key(|p| p.total_usd);
            page.kpis(&[
                (
                    "cheapest".into(),
                    format!("{} / month", c.total_usd),
                    c.setting.clone(),
                ),
                (
                    "dearest".into(),
                    format!("{} / month", hi),
                    dearest.map_or(String::new(), |d| d.setting.clone()),
                ),
                (
                    "spread".into(),
                    (hi - lo).to_string(),
                    "dearest minus cheapest".into(),
                ),
            ]);
            page.lead(&format!(
                "Cheapest: {} at {} / month; the dearest setting costs {} / month more.",
                c.setting,
                c.total_usd,
                hi - lo
            ));
        }
        if let Some(t) = s.points.iter().find(|p| p.throttles > 0) {
            page.lead(&format!(
                "From {} on, the concurrency limit throttles {} invocations a month (reported, never billed): the bill stops growing.",
                t.setting,
                group_thousands(i128::from(t.throttles))
            ));
        }
    }
    page.end();
    page.section("charts", "Chart");
    page.figures(&sweep_figures(s));
    page.end();
    page.section("settings", "Settings");
    let (head, rows) = r.table_rows();
    page.table(&head, &rows, &numeric_from(head.len(), 1));
    page.end();
    basis_sections(&mut page, &r.basis);
    page.finish()
}

/// The page of `remedies`.
pub(crate) fn remedies(r: &RemediesReport) -> String {
    let mut page = Page::new(
        &format!("Remedies: {}", r.profile),
        &meta("remedies", &r.basis),
    );
    page.section("summary", "Summary");
    let as_is = r.remedies.first();
    let best = r
        .remedies
        .iter()
        .skip(1)
        .filter(|m| m.not_applicable.is_none())
        .min_by_key(|m| m.delta_usd);
    let mut kpis = Vec::new();
    if let Some(a) = as_is {
        kpis.push((
            "as it is".to_string(),
            format!("{} / month", a.total_usd),
            format!(
                "INIT {} · {} cold starts",
                a.init_usd,
                group_thousands(i128::from(a.cold_starts))
            ),
        ));
    }
    match best {
        Some(b) if b.saves => {
            kpis.push((
                "best remedy".to_string(),
                format!("{} / month", b.total_usd),
                format!("{} ({})", b.name, signed(b.delta_usd)),
            ));
            page.kpis(&kpis);
            page.lead(&format!(
                "{} saves {} / month at this volume.",
                b.name,
                Money::ZERO - b.delta_usd
            ));
        }
        Some(b) => {
            kpis.push((
                "least dear remedy".to_string(),
                format!("{} / month", b.total_usd),
                format!("{} ({})", b.name, signed(b.delta_usd)),
            ));
            page.kpis(&kpis);
            page.lead("No remedy saves money at this volume.");
        }
        None => page.kpis(&kpis),
    }
    page.end();
    page.section("charts", "Chart");
    page.figures(&remedies_figures(r));
    page.end();
    page.section("remedies", "Remedies");
    let (head, rows) = r.table_rows();
    page.table(&head, &rows, &[1, 2, 3, 4, 5]);
    page.end();
    basis_sections(&mut page, &r.basis);
    page.finish()
}

/// The page of `ingest`.
pub(crate) fn ingest(r: &IngestReport) -> String {
    let files: Vec<String> = r
        .files
        .iter()
        .map(|f| format!("{} ({})", f.file, f.kind.as_str()))
        .collect();
    let mut page = Page::new(
        "Observed usage",
        &format!(
            "coldcost ingest · {} lines, {:.1} MB read · priced in {} {}, {} · billing rules as of {}",
            group_thousands(i128::from(r.lines)),
            r.bytes as f64 / 1e6,
            r.pricing.region,
            r.pricing.architecture,
            if r.pricing.free_tier { "free tier applied" } else { "list price, no free tier" },
            r.rules_as_of
        ),
    );
    page.amounts("amounts are USD for the usage the inputs hold (the period their lines cover), unless they say a month");
    page.section("summary", "Summary");
    let mut kpis: Vec<(String, String, String)> = r
        .functions
        .iter()
        .map(|f| {
            (
                f.cost.function.clone(),
                f.cost.today_usd.to_string(),
                format!(
                    "{} invocations · {} cold starts · INIT adds {}",
                    group_thousands(i128::from(f.observed.invocations)),
                    group_thousands(i128::from(f.observed.cold_starts)),
                    f.cost.init_change_usd
                ),
            )
        })
        .collect();
    if let Some(c) = &r.cur {
        kpis.push((
            "bill export: usage cost".into(),
            format!("${}", crate::ingest::observed::display_usd(c.account.usd)),
            format!(
                "{} requests",
                group_thousands(c.account.requests.round() as i128)
            ),
        ));
    }
    if let Some(u) = &r.usage {
        if let Some(t) = u.total_usd {
            kpis.push((
                "usage CSV: estimated account".into(),
                format!("{t} / month"),
                String::new(),
            ));
        }
    }
    page.kpis(&kpis);
    page.p(&format!("Read: {}.", files.join(", ")));
    if r.bad_rows_skipped > 0 {
        page.p(&format!(
            "{} bad rows skipped (--skip-bad-rows); the first: {}",
            r.bad_rows_skipped,
            r.bad_rows.first().map_or("", |b| b.error.as_str())
        ));
    }
    page.end();
    let figs = ingest_figures(r);
    if !figs.is_empty() {
        page.section("charts", "Charts");
        page.figures(&figs);
        page.end();
    }
    if !r.functions.is_empty() {
        page.section("functions", "Functions in the logs");
        page.p("billed = each line's logged Billed Duration (the rule where a line logs none); rule = ceil(Duration + Init Duration) from 2025-08-01 and ceil(Duration) before (+ Billed Restore Duration for SnapStart); today = every line with INIT billed; before = INIT free.");
        let (head, rows) = r.function_rows();
        page.table(&head, &rows, &numeric_from(head.len(), 1));
        if r.functions
            .iter()
            .any(|f| f.cost.monthly_projection.is_some())
        {
            page.note(&format!(
                "month (projected), from logs covering (h) hours: {}.",
                crate::ingest::observed::PROJECTION_METHOD
            ));
        }
        let notes: Vec<String> = r
            .functions
            .iter()
            .flat_map(|f| {
                super::ingest::billed_notes(&f.observed, "")
                    .lines()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !notes.is_empty() {
            page.list("notes", &notes);
        }
        page.end();
    }
    if let Some(c) = &r.cur {
        page.section("bill-export", "Bill export");
        for (heading, head, rows, left) in bill_export_tables(c) {
            if let Some(h) = heading {
                page.h3(h);
            }
            let numeric: Vec<usize> = (0..head.len()).filter(|i| !left.contains(i)).collect();
            page.table(&head, &rows, &numeric);
        }
        page.list("notes", &c.explanation);
        page.end();
    }
    if let Some(u) = &r.usage {
        page.section("usage", "Usage CSV: the functions estimated as one account");
        let rows = side_by_side(u);
        if let Some((head, body)) = rows.split_first() {
            page.table(head, body, &numeric_from(head.len(), 1));
        }
        page.note(&format!(
            "INIT share of the account: {}.",
            pct(u.profiles.iter().map(|p| p.init_usd.usd()).sum::<f64>()
                / u.total_usd.map_or(1.0, |t| t.usd().max(f64::MIN_POSITIVE)))
        ));
        page.end();
    }
    page.section("assumptions", "Assumptions");
    let mut items: Vec<String> = r
        .assumptions
        .iter()
        .map(|a| format!("assumed: {a}"))
        .collect();
    if let Some(u) = &r.usage {
        items.extend(u.assumptions.iter().cloned());
    }
    if items.is_empty() {
        items.push("the inputs said everything the prices needed".into());
    }
    page.list("assumptions", &items);
    page.end();
    page.prices(
        &r.price_book,
        r.rules_as_of,
        crate::pricing::INIT_BILLING_SOURCE,
    );
    page.finish()
}
