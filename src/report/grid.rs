//! The side-by-side layout shared by the terminal table and Markdown: one column per profile.

use super::model::Report;
use crate::billing::LineItem;
use crate::money::group_thousands;

/// Rows of cells; the first row is the header.
pub fn side_by_side(r: &Report) -> Vec<Vec<String>> {
    let mut rows = vec![std::iter::once(String::new())
        .chain(r.profiles.iter().map(|p| p.name.clone()))
        .collect()];
    let mut row = |label: &str, f: &dyn Fn(&super::model::ProfileReport) -> String| {
        rows.push(
            std::iter::once(label.to_string())
                .chain(r.profiles.iter().map(f))
                .collect(),
        );
    };
    row("runtime", &|p| format!("{} {}", p.runtime, p.architecture));
    row("memory", &|p| format!("{} MB", p.memory_mb));
    row("region", &|p| p.region.clone());
    row("invocations / month", &|p| {
        group_thousands(i128::from(p.invocations))
    });
    row("cold starts", &|p| {
        format!(
            "{} ({})",
            group_thousands(i128::from(p.cold_starts)),
            pct(p.cold_start_rate)
        )
    });
    row("INIT p50 / p95", &|p| {
        format!("{:.0} / {:.0} ms", p.init_ms.p50, p.init_ms.p95)
    });
    row("billed warm / cold", &|p| {
        format!("{} / {} ms", p.billed_ms_warm, p.billed_ms_cold)
    });
    for item in LineItem::ALL {
        if r.profiles
            .iter()
            .any(|p| p.line_items.iter().any(|l| l.item == item))
        {
            row(item.label(), &|p| {
                p.line_items
                    .iter()
                    .find(|l| l.item == item)
                    .map(|l| l.usd.to_string())
                    .unwrap_or_else(|| "-".into())
            });
        }
    }
    row("total / month", &|p| p.total_usd.to_string());
    row("INIT share of bill", &|p| pct(p.init_share));
    if let Some(b) = &r.bands {
        let bands = &b.profiles;
        let names: Vec<&str> = r.profiles.iter().map(|p| p.name.as_str()).collect();
        rows.push(
            std::iter::once("bill p5 / p50 / p95".to_string())
                .chain(names.iter().enumerate().map(|(i, _)| {
                    bands
                        .get(i)
                        .map(|x| format!("{} / {} / {}", x.p5, x.p50, x.p95))
                        .unwrap_or_default()
                }))
                .collect(),
        );
    }
    rows
}

/// A share as a percentage with sensible precision.
pub fn pct(x: f64) -> String {
    let v = x * 100.0;
    if v == 0.0 {
        "0%".into()
    } else if v < 0.01 {
        format!("{v:.4}%")
    } else if v < 1.0 {
        format!("{v:.2}%")
    } else {
        format!("{v:.1}%")
    }
}

/// The closing summary lines (cheapest, total, prices and rules).
pub fn summary(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &r.cheapest {
        out.push(format!(
            "Cheapest: {} — {} / month less than {}.",
            c.name, c.saving_usd, c.next
        ));
    }
    if let Some(b) = &r.break_even {
        let mut s = b.summary.clone();
        if let Some(first) = s.get(0..1) {
            s = first.to_uppercase() + &s[1..];
        }
        out.push(format!("{s}."));
    }
    if let Some(b) = &r.bands {
        out.push(format!(
            "Uncertainty: total {} / {} / {} (p5 / p50 / p95 of {} draws, seed {}; volume ±{:.0}%, handler ±{:.0}%, cold starts ±{:.0}% at 1σ, INIT by the model's own spread).",
            b.total.p5,
            b.total.p50,
            b.total.p95,
            b.draws,
            b.seed,
            b.spreads.volume_log_sd * 100.0,
            b.spreads.handler_log_sd * 100.0,
            b.spreads.cold_log_sd * 100.0
        ));
    }
    let scope = if r.billing_scope == "pooled" {
        "account total (pooled free tier and tiers)"
    } else {
        "sum of the alternatives"
    };
    out.push(format!(
        "Total: {} / month ({scope}{}).",
        r.total_usd,
        if r.free_tier { "" } else { ", no free tier" }
    ));
    out.push(format!(
        "Prices: {} (as of {}); billing rules as of {}.",
        r.pricing.origin, r.pricing.as_of, r.rules_as_of
    ));
    out
}
