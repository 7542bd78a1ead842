//! The figures of each report, as chart data ([`crate::chart`]): what a bill is made of (stacked bars by line
//! item), the bill against monthly volume (lines with their p5–p95 band, the compared volumes, break-evens and
//! throttling plateaus marked), a sweep's bill by setting, and the remedies side by side. The `svg` format draws
//! them; the `html` format inlines the same drawings.

use super::ingest::IngestReport;
use super::model::{ProfileReport, Report};
use super::remedies::RemediesReport;
use crate::billing::LineItem;
use crate::chart::{
    Axis, Bar, BarChart, Figure, Key, LineChart, Mark, Plot, Scale, Segment, Series, Unit,
};
use crate::decide::managed::{ON_DEMAND, ON_LMI};
use crate::decide::sweep::Sweep;
use crate::money::Money;

fn usd_axis(scale: Scale) -> Axis {
    Axis {
        title: "USD per month".into(),
        scale,
        unit: Unit::Usd,
    }
}

fn volume_axis() -> Axis {
    Axis {
        title: "invocations per month (log scale)".into(),
        scale: Scale::Log,
        unit: Unit::Volume,
    }
}

/// `30M`, `1.5B`.
fn volume(v: u64) -> String {
    crate::chart::svg::volume_label(v as f64)
}

/// A profile's bill as one bar of its line items.
fn line_item_bar(p: &ProfileReport, highlight: bool) -> Bar {
    Bar {
        label: p.name.clone(),
        segments: p
            .line_items
            .iter()
            .map(|l| Segment {
                key: LineItem::ALL.iter().position(|x| *x == l.item).unwrap_or(0),
                value: l.usd.usd().max(0.0),
            })
            .collect(),
        value_label: p.total_usd.to_string(),
        highlight,
    }
}

/// What each profile's bill is made of, one bar per profile (`profiles` in the order to draw).
pub(crate) fn cost_bars(
    title: String,
    caption: String,
    profiles: &[&ProfileReport],
    cheapest: Option<&str>,
) -> Figure {
    Figure {
        title,
        caption,
        plot: Plot::Bars(BarChart {
            keys: LineItem::ALL
                .iter()
                .enumerate()
                .map(|(k, i)| Key::new(i.label(), k))
                .collect(),
            bars: profiles
                .iter()
                .map(|p| line_item_bar(p, cheapest == Some(p.name.as_str())))
                .collect(),
            axis: usd_axis(Scale::Linear),
        }),
    }
}

/// A budget's functions as bars, dearest first.
pub(crate) fn budget_figure(b: &super::budget::BudgetReport) -> Figure {
    let by_cost = b.by_cost();
    cost_bars(
        format!("Budget: {} — {} / month, pooled", b.name, b.total()),
        "Each bar is one function's share of the account's monthly bill (free tier and tiers pooled, given to the dearest first), split by line item; dearest first. Duration (INIT) is what billed cold starts add.".into(),
        &by_cost,
        None,
    )
}

/// The figures of an `estimate` or `compare` report: the bills by line item, then (when the report has its curve)
/// the bills against monthly volume.
pub(crate) fn report_figures(r: &Report) -> Vec<Figure> {
    let alternatives = r.billing_scope != "pooled";
    let profiles: Vec<&ProfileReport> = r.profiles.iter().collect();
    let caption = format!(
        "Each bar is {} monthly bill at {} after the free tier and tiers, split by line item; duration (INIT) is what billed cold starts add.{}",
        if alternatives { "an alternative's" } else { "a function's" },
        if alternatives { "its compared volume, billed as its own account" } else { "its volume, the account's free tier and tiers pooled" },
        r.cheapest.as_ref().map_or(String::new(), |c| format!(" Outlined: the cheapest, {}.", c.name))
    );
    let mut figs = vec![cost_bars(
        "What each bill is made of".into(),
        caption,
        &profiles,
        r.cheapest.as_ref().map(|c| c.name.as_str()),
    )];
    if let Some(f) = volume_curve(r) {
        figs.push(f);
    }
    if let Some(f) = difference_curve(r) {
        figs.push(f);
    }
    figs
}

/// The report's break-even volumes, each once as a chart writes it (55,593,146 and 55,566,000 are both `55.6M`: one
/// line), with the profiles cheaper above it.
fn break_evens(r: &Report) -> Vec<(u64, Vec<&str>)> {
    let mut out: Vec<(u64, Vec<&str>)> = Vec::new();
    for b in std::iter::once(&r.break_even)
        .flatten()
        .chain(r.managed_break_evens.iter())
    {
        let Some(v) = b.invocations else { continue };
        let i = match out.iter().position(|(x, _)| volume(*x) == volume(v)) {
            Some(i) => i,
            None => {
                out.push((v, Vec::new()));
                out.len() - 1
            }
        };
        if let Some(c) = &b.cheaper_above {
            if !out[i].1.contains(&c.as_str()) {
                out[i].1.push(c);
            }
        }
    }
    out
}

/// Volumes of the difference chart: from 1/100 to 100 times the compared volume (coldcost's choice of a window
/// around the decision, stated in the chart's caption; not a sourced figure).
const DIFFERENCE_DECADES: f64 = 100.0;

/// How much more each profile costs than the reference (the cheapest at the compared volume) at each volume, in
/// percent: where two close bills overlap on the log chart, this one shows their gap and its zero crossing.
fn difference_curve(r: &Report) -> Option<Figure> {
    if r.curve.is_empty() || r.profiles.len() < 2 {
        return None;
    }
    let k = r
        .cheapest
        .as_ref()
        .and_then(|c| r.profiles.iter().position(|p| p.name == c.name))
        .unwrap_or(0);
    let reference = &r.profiles[k];
    let around = reference.invocations.max(1) as f64;
    let inside = |v: f64| v >= around / DIFFERENCE_DECADES && v <= around * DIFFERENCE_DECADES;
    let rel = |b: Money, a: Money| (b.usd() / a.usd() - 1.0) * 100.0;
    let mut series = Vec::new();
    let mut marks = Vec::new();
    for (i, p) in r.profiles.iter().enumerate().filter(|(i, _)| *i != k) {
        let points: Vec<(f64, f64)> = r
            .curve
            .iter()
            .filter(|c| inside(c.invocations as f64))
            .filter_map(|c| {
                let (a, b) = (*c.usd.get(k)?, *c.usd.get(i)?);
                (a.usd() >= 1.0 && b.usd() >= 1.0).then(|| (c.invocations as f64, rel(b, a)))
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        if reference.total_usd.usd() >= 1.0 && p.total_usd.usd() >= 1.0 {
            let d = rel(p.total_usd, reference.total_usd);
            marks.push(Mark::Point {
                series: series.len(),
                x: p.invocations.max(1) as f64,
                y: d,
                label: format!("{d:+.1}% at {}", volume(p.invocations)),
            });
        }
        series.push(Series {
            name: p.name.clone(),
            colour: i,
            points,
            band: Vec::new(),
        });
    }
    if series.is_empty() {
        return None;
    }
    for (v, _) in break_evens(r)
        .into_iter()
        .filter(|(v, _)| inside(*v as f64))
    {
        marks.push(Mark::VLine {
            x: v as f64,
            label: format!("break-even {}", volume(v)),
        });
    }
    Some(Figure {
        title: format!("How much more each costs than {}", reference.name),
        caption: format!(
            "Each line is a profile's bill relative to {}'s at the same volume, from 1/100 to 100 times the compared volume, where both bills are at least $1. Above 0% it costs more; below, less; where a line crosses 0% the two cost the same.",
            reference.name
        ),
        plot: Plot::Lines(LineChart {
            x: volume_axis(),
            y: Axis {
                title: "difference to the cheapest (%)".into(),
                scale: Scale::Linear,
                unit: Unit::Percent,
            },
            series,
            marks,
        }),
    })
}

/// The bills against monthly volume, when the report has its curve.
fn volume_curve(r: &Report) -> Option<Figure> {
    if r.curve.is_empty() {
        return None;
    }
    let banded = r.curve.iter().all(|c| c.p5_usd.len() == r.profiles.len());
    let series: Vec<Series> = r
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| Series {
            name: p.name.clone(),
            colour: i,
            points: r
                .curve
                .iter()
                .filter_map(|c| c.usd.get(i).map(|m| (c.invocations as f64, m.usd())))
                .collect(),
            band: if banded {
                r.curve
                    .iter()
                    .map(|c| (c.invocations as f64, c.p5_usd[i].usd(), c.p95_usd[i].usd()))
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let mut marks: Vec<Mark> = Vec::new();
    // Throttling: from the first volume where any profile is throttled, the bill stops growing with the volume.
    if let Some(first) = r.curve.iter().find(|c| c.throttles.iter().any(|t| *t > 0)) {
        let last = r.curve.last().map_or(first.invocations, |c| c.invocations);
        let who: Vec<&str> = r
            .profiles
            .iter()
            .enumerate()
            .filter(|(i, _)| first.throttles.get(*i).is_some_and(|t| *t > 0))
            .map(|(_, p)| p.name.as_str())
            .collect();
        let whom = match who.as_slice() {
            [one] if r.profiles.len() > 1 => format!(" ({one})"),
            _ => String::new(),
        };
        marks.push(Mark::Span {
            from: first.invocations as f64,
            to: last as f64,
            label: format!(
                "throttled from {}{whom}: bill plateaus",
                volume(first.invocations)
            ),
        });
    }
    for (v, above) in break_evens(r) {
        marks.push(Mark::VLine {
            x: v as f64,
            label: format!(
                "break-even {} / month{}",
                volume(v),
                if above.is_empty() {
                    String::new()
                } else {
                    format!(": {} cheaper above", above.join(", "))
                }
            ),
        });
    }
    for (i, p) in r.profiles.iter().enumerate() {
        marks.push(Mark::Point {
            series: i,
            x: p.invocations.max(1) as f64,
            y: p.total_usd.usd(),
            label: format!("{} at {}", p.total_usd, volume(p.invocations)),
        });
    }
    let band_text = if banded {
        format!(
            " Shaded: p5–p95 of each bill ({} draws at each volume).",
            r.bands
                .as_ref()
                .map_or(super::CURVE_DRAWS, |b| b.draws.min(super::CURVE_DRAWS))
        )
    } else {
        String::new()
    };
    Some(Figure {
        title: "Monthly bill against monthly invocations".into(),
        caption: format!(
            "Each line is a profile's bill if it served that many invocations a month, everything else as in its profile, billed as its own account with its own free tier. Dots: the volumes compared.{band_text} The dashed $0 line holds bills the free tier covers."
        ),
        plot: Plot::Lines(LineChart {
            x: volume_axis(),
            y: usd_axis(Scale::Log),
            series,
            marks,
        }),
    })
}

/// The figures of a sweep: bars for architectures, a line for memory sizes and volumes.
pub(crate) fn sweep_figures(s: &Sweep) -> Vec<Figure> {
    let title = format!("{}: monthly bill by {}", s.profile, s.axis);
    let split = |p: &crate::decide::sweep::SweepPoint| {
        let init = p.init_usd.usd().max(0.0);
        vec![
            Segment {
                key: 0,
                value: (p.total_usd.usd() - init).max(0.0),
            },
            Segment {
                key: 1,
                value: init,
            },
        ]
    };
    if s.axis == "architecture" {
        return vec![Figure {
            title,
            caption: "Each bar is the profile's monthly bill on that architecture, billed as its own account; INIT is what billed cold starts add. Outlined: the cheapest.".into(),
            plot: Plot::Bars(BarChart {
                keys: vec![Key::new("bill without INIT", 1), Key::new("duration (INIT)", 2)],
                bars: s
                    .points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Bar {
                        label: p.setting.clone(),
                        segments: split(p),
                        value_label: p.total_usd.to_string(),
                        highlight: i == s.cheapest,
                    })
                    .collect(),
                axis: usd_axis(Scale::Linear),
            }),
        }];
    }
    let by_volume = s.axis == "invocations";
    let x_of = |p: &crate::decide::sweep::SweepPoint| {
        if by_volume {
            p.invocations as f64
        } else {
            f64::from(p.memory_mb)
        }
    };
    // A volume of 0 has no place on a log axis: it is left off the chart (and the caption says so), never drawn at
    // the axis's edge as if it were the smallest volume shown.
    let drawable = |p: &crate::decide::sweep::SweepPoint| !by_volume || p.invocations > 0;
    let left_off = s.points.iter().filter(|p| !drawable(p)).count();
    // A Managed Instances profile is swept on demand and on LMI at each volume: two lines.
    let groups: Vec<(String, Vec<&crate::decide::sweep::SweepPoint>)> =
        if s.points.iter().any(|p| p.setting.ends_with(ON_LMI)) {
            [ON_DEMAND, ON_LMI]
                .iter()
                .map(|suffix| {
                    (
                        format!("{} {suffix}", s.profile),
                        s.points
                            .iter()
                            .filter(|p| p.setting.ends_with(suffix))
                            .collect(),
                    )
                })
                .collect()
        } else {
            vec![(s.profile.clone(), s.points.iter().collect())]
        };
    let mut series: Vec<Series> = groups
        .iter()
        .enumerate()
        .map(|(i, (name, pts))| Series {
            name: name.clone(),
            colour: i,
            points: pts
                .iter()
                .filter(|p| drawable(p))
                .map(|p| (x_of(p), p.total_usd.usd()))
                .collect(),
            band: Vec::new(),
        })
        .collect();
    // The part INIT adds, as a second line when it can be seen on the axis: at least 2% of the dearest bill (a drawing
    // choice, ≈7 px of the 380 px plot; below it the caption gives the amount instead).
    let init_max = s
        .points
        .iter()
        .map(|p| p.init_usd.usd())
        .fold(0.0f64, f64::max);
    let total_max = s
        .points
        .iter()
        .map(|p| p.total_usd.usd())
        .fold(0.0f64, f64::max);
    let init_drawn = groups.len() == 1 && (by_volume || init_max >= 0.02 * total_max);
    if init_drawn {
        series.push(Series {
            name: "of which INIT".into(),
            colour: 1,
            points: s
                .points
                .iter()
                .filter(|p| drawable(p))
                .map(|p| (x_of(p), p.init_usd.usd()))
                .collect(),
            band: Vec::new(),
        });
    }
    let mut marks = Vec::new();
    if let Some(first) = s.points.iter().find(|p| p.throttles > 0) {
        let last = s.points.iter().map(&x_of).fold(x_of(first), f64::max);
        marks.push(Mark::Span {
            from: x_of(first),
            to: last,
            label: format!("throttled from {}: bill plateaus", first.setting),
        });
    }
    if !by_volume {
        if let Some(c) = s.points.get(s.cheapest) {
            marks.push(Mark::Point {
                series: 0,
                x: x_of(c),
                y: c.total_usd.usd(),
                label: format!("cheapest: {}, {}", c.setting, c.total_usd),
            });
        }
    }
    let init_note = if init_drawn {
        " The second line is the part INIT adds.".to_string()
    } else if groups.len() == 1 {
        format!(
            " INIT adds at most {} a month here: too little to draw as a line (see the table).",
            s.points
                .iter()
                .map(|p| p.init_usd)
                .max()
                .unwrap_or(Money::ZERO)
        )
    } else {
        String::new()
    };
    let zero_note = if left_off > 0 {
        " A volume of 0 cannot sit on a log axis: it is in the table, not the chart."
    } else {
        ""
    };
    let caption = if by_volume {
        format!("The profile's monthly bill at each volume, billed as its own account with its free tier (log scales; the dashed $0 line holds bills the free tier covers).{init_note}{zero_note}")
    } else {
        format!("The profile's monthly bill at each memory size (handler time scaled by its CPU-bound share), billed as its own account.{init_note}")
    };
    vec![Figure {
        title,
        caption,
        plot: Plot::Lines(LineChart {
            x: if by_volume {
                volume_axis()
            } else {
                Axis {
                    title: "memory (MB)".into(),
                    scale: Scale::Linear,
                    unit: Unit::Number,
                }
            },
            y: usd_axis(if by_volume { Scale::Log } else { Scale::Linear }),
            series,
            marks,
        }),
    }]
}

/// The remedies side by side: each bill split into the Lambda bill, INIT and the remedy's own cost.
pub(crate) fn remedies_figures(r: &RemediesReport) -> Vec<Figure> {
    let bars = r
        .remedies
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let init = m.init_usd.usd().max(0.0);
            let own = m.remedy_usd.usd().max(0.0);
            let rest = (m.total_usd.usd() - init - own).max(0.0);
            let value_label = match (&m.not_applicable, i) {
                (Some(_), _) => "not available".to_string(),
                (None, 0) => m.total_usd.to_string(),
                (None, _) => format!("{} ({})", m.total_usd, super::remedies::signed(m.delta_usd)),
            };
            Bar {
                label: m.name.clone(),
                segments: if m.not_applicable.is_some() {
                    Vec::new()
                } else {
                    vec![
                        Segment {
                            key: 0,
                            value: rest,
                        },
                        Segment {
                            key: 1,
                            value: init,
                        },
                        Segment { key: 2, value: own },
                    ]
                },
                value_label,
                highlight: m.saves,
            }
        })
        .collect();
    vec![Figure {
        title: format!("Remedies for {}", r.profile),
        caption: "Each bar is the monthly bill with one remedy (the first: as it is), split into the rest of the Lambda bill, what INIT costs, and the remedy's own cost; the difference to the bill as it is follows the total. Outlined: remedies that save at this volume.".into(),
        plot: Plot::Bars(BarChart {
            keys: vec![
                Key::new("rest of the bill", 1),
                Key::new("INIT (or SnapStart restores)", 2),
                Key::new("the remedy's own cost", 3),
            ],
            bars,
            axis: usd_axis(Scale::Linear),
        }),
    }]
}

/// The observed functions' costs: what they cost under the rules before INIT was billed, and what billing INIT
/// adds.
pub(crate) fn ingest_figures(r: &IngestReport) -> Vec<Figure> {
    let mut figs = Vec::new();
    if !r.functions.is_empty() {
        let bars = r
            .functions
            .iter()
            .map(|f| {
                let c = &f.cost;
                let before = c.before_change_usd.usd().max(0.0);
                let added = (c.today_usd.usd() - before).max(0.0);
                Bar {
                    label: c.function.clone(),
                    segments: vec![
                        Segment {
                            key: 0,
                            value: before,
                        },
                        Segment {
                            key: 1,
                            value: added,
                        },
                    ],
                    value_label: c.today_usd.to_string(),
                    highlight: false,
                }
            })
            .collect();
        figs.push(Figure {
            title: "Observed cost of each function".into(),
            caption: "What the lines read cost under today's rules, for the period they cover (not a month: the table projects one), split into the cost before INIT was billed (2025-08-01) and what billing INIT adds.".into(),
            plot: Plot::Bars(BarChart {
                keys: vec![Key::new("before INIT billing", 1), Key::new("INIT now billed", 2)],
                bars,
                axis: Axis {
                    title: "USD for the period the lines cover".into(),
                    scale: Scale::Linear,
                    unit: Unit::Usd,
                },
            }),
        });
    }
    if let Some(u) = &r.usage {
        let profiles: Vec<&ProfileReport> = u.profiles.iter().collect();
        figs.push(cost_bars(
            "The usage CSV's functions, estimated".into(),
            "Each bar is one function's estimated monthly bill, the account's free tier and tiers pooled, split by line item.".into(),
            &profiles,
            None,
        ));
    }
    figs
}
