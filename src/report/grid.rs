//! Table layouts shared by the terminal and Markdown renderers: the side-by-side estimate (one column per
//! profile) and plain column tables.

use super::model::Report;
use crate::billing::LineItem;
use crate::money::group_thousands;

/// The widest a name is shown in a terminal table, characters (longer names end in `…`).
pub(crate) const NAME_WIDTH: usize = 48;

/// Rows of cells; the first row is the header.
pub fn side_by_side(r: &Report) -> Vec<Vec<String>> {
    let mut rows = vec![std::iter::once(String::new())
        .chain(
            r.profiles
                .iter()
                .map(|p| super::format::truncate(&p.name, NAME_WIDTH)),
        )
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
    if r.profiles.iter().any(|p| p.throttles > 0) {
        row("throttled (not billed)", &|p| {
            group_thousands(i128::from(p.throttles))
        });
    }
    if r.profiles.iter().any(|p| p.managed_instances.is_some()) {
        row("LMI instances (hours)", &|p| {
            p.managed_instances.as_ref().map_or_else(
                || "-".into(),
                |m| {
                    format!(
                        "{} × {}–{} ({})",
                        m.instance_type,
                        m.instances_min,
                        m.instances_max,
                        group_thousands(i128::from(m.instance_hours))
                    )
                },
            )
        });
    }
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

/// The closing summary lines (cheapest and the difference, break-even, bands, total, prices and rules).
pub fn summary(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &r.cheapest {
        let a = r.profiles.iter().find(|p| p.name == c.name);
        let b = r.profiles.iter().find(|p| p.name == c.next);
        if c.tie {
            out.push(format!(
                "{} and {} cost the same: {} / month.",
                c.name,
                c.next,
                a.map_or(String::new(), |p| p.total_usd.to_string())
            ));
        } else {
            let pct_more = match (a, b) {
                (Some(a), Some(b)) if a.total_usd.atto() > 0 => format!(
                    " ({:+.1}%)",
                    (b.total_usd.usd() / a.total_usd.usd() - 1.0) * 100.0
                ),
                _ => String::new(),
            };
            out.push(format!(
                "Cheapest: {} at {} / month; {} costs {} / month more{pct_more}.",
                c.name,
                a.map_or(String::new(), |p| p.total_usd.to_string()),
                c.next,
                c.saving_usd
            ));
        }
    }
    for b in r.break_even.iter().chain(&r.managed_break_evens) {
        let mut s = b.summary.clone();
        if let Some(first) = s.get(0..1) {
            s = first.to_uppercase() + &s[1..];
        }
        out.push(format!("{s}."));
    }
    // What each cold-start count rests on: which path answered, and the lifecycle values it used.
    for p in &r.profiles {
        if p.invocations > p.provisioned_invocations {
            out.push(format!(
                "Cold starts of {}: {}; rests on {}.",
                super::format::truncate(&p.name, NAME_WIDTH),
                p.cold_start_method,
                p.cold_start_basis
            ));
        }
    }
    if let Some(b) = &r.bands {
        let what = match &b.total {
            Some(t) => format!("total {} / {} / {}", t.p5, t.p50, t.p95),
            None => "each alternative's bill in the table".to_string(),
        };
        out.push(format!(
            "Uncertainty: {what} (p5 / p50 / p95 of {} draws, seed {}; volume ±{:.0}%, handler ±{:.0}%, cold starts ±{:.0}% at 1σ, INIT by the model's own spread). The p50 is the median of the draws, not the point estimate: every input is drawn with a median-one factor, but a bill is a sum of skewed terms (and the free tier and tiers bend it), so its median can sit above or below the bill at the inputs' central values.",
            b.draws,
            b.seed,
            b.spreads.volume_log_sd * 100.0,
            b.spreads.handler_log_sd * 100.0,
            b.spreads.cold_log_sd * 100.0
        ));
    }
    match r.total_usd {
        Some(total) if r.billing_scope == "pooled" => out.push(format!(
            "Account total: {total} / month (free tier and tiers pooled across the functions{}).",
            if r.free_tier { "" } else { ", no free tier" }
        )),
        Some(total) => out.push(format!(
            "Total: {total} / month ({}).",
            if r.free_tier {
                "its own account, free tier applied"
            } else {
                "its own account, no free tier"
            }
        )),
        None => out.push(format!(
            "Each alternative is billed as its own account{}; they are not added up.",
            if r.free_tier {
                " with its own free tier"
            } else {
                ", no free tier"
            }
        )),
    }
    out.push(format!(
        "Prices: {} (as of {}); billing rules as of {}.",
        r.pricing.origin, r.pricing.as_of, r.rules_as_of
    ));
    out
}

/// Each profile note once, after the names of the profiles it concerns (a project's functions often share one
/// manifest): `api, worker: nodejs20.x …`.
pub(crate) fn grouped_notes(r: &Report) -> Vec<String> {
    let mut notes: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in &r.profiles {
        for n in &p.notes {
            match notes.iter_mut().find(|(text, _)| *text == n.as_str()) {
                Some((_, names)) => names.push(&p.name),
                None => notes.push((n, vec![&p.name])),
            }
        }
    }
    notes
        .into_iter()
        .map(|(text, names)| format!("{}: {text}", names.join(", ")))
        .collect()
}

/// A table of `rows` under `head`: aligned text columns for the terminal (columns in `left` left-aligned, the rest
/// right-aligned), or a Markdown table with the same alignment when `markdown`.
pub(crate) fn columns(
    head: &[&str],
    rows: &[Vec<String>],
    left: &[usize],
    markdown: bool,
) -> String {
    use std::fmt::Write as _;
    let mut t = String::new();
    if markdown {
        let cells = |r: &mut dyn Iterator<Item = &str>| {
            r.map(|c| c.replace('|', "\\|").replace('\n', " "))
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let seps: Vec<&str> = (0..head.len())
            .map(|c| if left.contains(&c) { "---" } else { "---:" })
            .collect();
        let _ = writeln!(
            t,
            "| {} |\n|{}|",
            cells(&mut head.iter().copied()),
            seps.join("|")
        );
        for r in rows {
            let _ = writeln!(t, "| {} |", cells(&mut r.iter().map(String::as_str)));
        }
        return t;
    }
    // Names of any length fit a terminal: left-aligned (name) columns are cut at NAME_WIDTH characters.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(c, s)| {
                    if left.contains(&c) {
                        super::format::truncate(s, NAME_WIDTH)
                    } else {
                        s.clone()
                    }
                })
                .collect()
        })
        .collect();
    let rows = &rows;
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c).map(|s| s.chars().count()))
            .chain([head.get(c).map_or(0, |h| h.chars().count())])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..head.len()).map(width).collect();
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        cells
            .zip(&widths)
            .enumerate()
            .map(|(c, (s, &w))| {
                if left.contains(&c) {
                    format!("{s:<w$}")
                } else {
                    format!("{s:>w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let _ = writeln!(t, "{}", line(&mut head.iter().copied()));
    for r in rows {
        let _ = writeln!(t, "{}", line(&mut r.iter().map(String::as_str)));
    }
    t
}
