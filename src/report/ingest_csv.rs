//! The ingest report as CSV: one row per observed function, CUR total, charge type and CUR line, and usage-file
//! estimate, in one set of columns (a cell a row does not have is empty). Amounts unrounded.

use super::ingest::IngestReport;
use crate::error::Result;
use crate::ingest::observed::UsageTotals;

/// The columns, in order.
const COLUMNS: [&str; 23] = [
    "source",
    "function",
    "invocations",
    "cold_starts",
    "cold_start_share",
    "init_p50_ms",
    "init_p95_ms",
    "handler_p50_ms",
    "memory_mb",
    "invoke_gb_s",
    "init_gb_s",
    "cur_meter",
    "cur_quantity",
    "usd",
    "before_change_usd",
    "init_change_usd",
    "monthly_projection_usd",
    "billed_usd",
    "rule_usd",
    "billed_gb_s",
    "rule_gb_s",
    "lines_logging_billed",
    "lines_billed_unlike_rule",
];

/// A row of `source` and `function` with the named cells given; the others empty.
fn row(source: &str, function: String, cells: Vec<(&str, String)>) -> Vec<String> {
    let mut r = vec![String::new(); COLUMNS.len()];
    r[0] = source.to_string();
    r[1] = function;
    for (name, value) in cells {
        let i = COLUMNS.iter().position(|c| *c == name);
        debug_assert!(i.is_some(), "no CSV column {name}");
        if let Some(i) = i {
            r[i] = value;
        }
    }
    r
}

/// The report's CSV document.
pub(super) fn csv(rep: &IngestReport) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let usd = super::csv::usd;
    for f in &rep.functions {
        let (s, c) = (&f.observed, &f.cost);
        rows.push(row(
            "logs",
            s.function.clone(),
            vec![
                ("invocations", s.invocations.to_string()),
                ("cold_starts", s.cold_starts.to_string()),
                ("cold_start_share", s.cold_start_share.to_string()),
                ("init_p50_ms", s.init_ms.p50.to_string()),
                ("init_p95_ms", s.init_ms.p95.to_string()),
                ("handler_p50_ms", s.handler_ms.p50.to_string()),
                ("memory_mb", s.memory_mb.to_string()),
                ("invoke_gb_s", s.invoke_gb_s.to_string()),
                ("init_gb_s", s.init_gb_s.to_string()),
                ("usd", usd(c.today_usd)),
                ("before_change_usd", usd(c.before_change_usd)),
                ("init_change_usd", usd(c.init_change_usd)),
                (
                    "monthly_projection_usd",
                    c.monthly_projection
                        .as_ref()
                        .map_or_else(String::new, |m| usd(m.today_usd)),
                ),
                ("billed_usd", usd(c.billed_usd)),
                ("rule_usd", usd(c.rule_usd)),
                ("billed_gb_s", s.billed_gb_s.to_string()),
                ("rule_gb_s", s.rule_gb_s.to_string()),
                ("lines_logging_billed", s.billed.logged.to_string()),
                ("lines_billed_unlike_rule", s.billed.differing().to_string()),
            ],
        ));
    }
    if let Some(r) = &rep.cur {
        let total = |source: &str, name: String, g: &UsageTotals| {
            row(
                source,
                name,
                vec![
                    ("invocations", g.requests.to_string()),
                    ("cur_meter", "compute-gb-s".into()),
                    ("cur_quantity", g.gb_s.to_string()),
                    ("usd", g.usd.to_string()),
                ],
            )
        };
        for g in &r.functions {
            let name = format!("{} {} {}", g.function, g.region, g.architecture);
            rows.push(total("cur-function", name, g));
        }
        for g in &r.regions {
            let name = format!("{} {}", g.region, g.architecture);
            rows.push(total("cur-region", name, g));
        }
        rows.push(total("cur-account", String::new(), &r.account));
        for c in &r.charge_types {
            rows.push(row(
                "cur-charge-type",
                c.name.into(),
                vec![
                    ("cur_meter", "rows".into()),
                    ("cur_quantity", c.rows.to_string()),
                    ("usd", c.usd.to_string()),
                ],
            ));
        }
        for l in &r.lines {
            rows.push(row(
                "cur",
                l.function.clone(),
                vec![
                    ("cur_meter", l.meter.as_str().to_string()),
                    ("cur_quantity", l.quantity.to_string()),
                    ("usd", l.cost_usd.to_string()),
                ],
            ));
        }
    }
    if let Some(u) = &rep.usage {
        for p in &u.profiles {
            let gb_s = |item| {
                p.line_items
                    .iter()
                    .find(|l| l.item == item)
                    .map_or(0.0, |l| l.quantity)
                    .to_string()
            };
            rows.push(row(
                "usage-estimate",
                p.name.clone(),
                vec![
                    ("invocations", p.invocations.to_string()),
                    ("cold_starts", p.cold_starts.to_string()),
                    ("cold_start_share", p.cold_start_rate.to_string()),
                    ("init_p50_ms", p.init_ms.p50.to_string()),
                    ("init_p95_ms", p.init_ms.p95.to_string()),
                    ("memory_mb", p.memory_mb.to_string()),
                    (
                        "invoke_gb_s",
                        gb_s(crate::billing::LineItem::DurationInvoke),
                    ),
                    ("init_gb_s", gb_s(crate::billing::LineItem::DurationInit)),
                    ("usd", usd(p.total_usd)),
                ],
            ));
        }
    }
    super::csv::document(&COLUMNS, rows)
}
