//! CSV: one row per profile and line item, then a total row per profile; numbers unformatted.

use super::model::{ProfileReport, Report};
use super::Renderer;

/// Comma-separated values for spreadsheets.
pub struct Csv;

/// Quotes a field when it needs it (RFC 4180).
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The columns that describe a profile, first on each of its rows.
fn profile_columns(p: &ProfileReport) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{}",
        field(&p.name),
        p.runtime,
        p.architecture,
        p.memory_mb,
        p.invocations,
        p.cold_starts,
        p.cold_start_rate,
        p.init_ms.p50,
        p.init_ms.p95
    )
}

impl Renderer for Csv {
    fn render(&self, r: &Report) -> String {
        let mut out = String::from("profile,runtime,architecture,memory_mb,invocations,cold_starts,cold_start_rate,init_p50_ms,init_p95_ms,item,quantity,unit,gross_usd,usd\n");
        for p in &r.profiles {
            let head = profile_columns(p);
            for l in &p.line_items {
                let item = serde_json::to_value(l.item)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{head},{item},{},{},{:.2},{:.2}\n",
                    l.quantity,
                    l.unit,
                    l.gross_usd.usd_cents(),
                    l.usd.usd_cents()
                ));
            }
            out.push_str(&format!("{head},total,,,,{:.2}\n", p.total_usd.usd_cents()));
        }
        if let Some(b) = &r.bands {
            for (p, band) in r.profiles.iter().zip(&b.profiles) {
                for (q, v) in [
                    ("bill_p5", band.p5),
                    ("bill_p50", band.p50),
                    ("bill_p95", band.p95),
                ] {
                    out.push_str(&format!(
                        "{},{q},,,,{:.2}\n",
                        profile_columns(p),
                        v.usd_cents()
                    ));
                }
            }
        }
        out
    }
}
