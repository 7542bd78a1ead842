//! CSV documents, written with the `csv` crate (quoting by RFC 4180): the estimate's rows — one per profile and
//! line item, then a total row per profile and the bands — with amounts unrounded.

use super::model::{ProfileReport, Report};
use crate::error::{Error, Result};
use crate::money::Money;

/// A CSV document of `header` and `rows`.
pub(crate) fn document<I, R>(header: &[&str], rows: I) -> Result<String>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let fail = |e: &dyn std::fmt::Display| Error::Render {
        format: "csv",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| fail(&e))?;
    for r in rows {
        w.write_record(r).map_err(|e| fail(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// An amount as a CSV cell: unrounded USD.
pub(crate) fn usd(m: Money) -> String {
    m.usd().to_string()
}

/// The columns that describe a profile, first on each of its rows.
fn profile_columns(p: &ProfileReport) -> Vec<String> {
    vec![
        p.name.clone(),
        p.runtime.clone(),
        p.architecture.clone(),
        p.memory_mb.to_string(),
        p.invocations.to_string(),
        p.cold_starts.to_string(),
        p.cold_start_rate.to_string(),
        p.init_ms.p50.to_string(),
        p.init_ms.p95.to_string(),
    ]
}

const HEADER: [&str; 14] = [
    "profile",
    "runtime",
    "architecture",
    "memory_mb",
    "invocations",
    "cold_starts",
    "cold_start_rate",
    "init_p50_ms",
    "init_p95_ms",
    "item",
    "quantity",
    "unit",
    "gross_usd",
    "usd",
];

/// The report as CSV.
pub(crate) fn render(r: &Report) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for p in &r.profiles {
        for l in &p.line_items {
            let mut row = profile_columns(p);
            row.extend([
                l.item.key().to_string(),
                l.quantity.to_string(),
                l.unit.clone(),
                usd(l.gross_usd),
                usd(l.usd),
            ]);
            rows.push(row);
        }
        let mut row = profile_columns(p);
        row.extend(["total".into(), String::new(), String::new(), String::new()]);
        row.push(usd(p.total_usd));
        rows.push(row);
    }
    if let Some(b) = &r.bands {
        for (p, band) in r.profiles.iter().zip(&b.profiles) {
            for (q, v) in [
                ("bill_p5", band.p5),
                ("bill_p50", band.p50),
                ("bill_p95", band.p95),
            ] {
                let mut row = profile_columns(p);
                row.extend([q.into(), String::new(), String::new(), String::new()]);
                row.push(usd(v));
                rows.push(row);
            }
        }
    }
    document(&HEADER, rows)
}
