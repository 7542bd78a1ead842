//! A line chart's body: bills against a volume or a setting, the p5–p95 bands, the `$0` floor of a log axis, and the
//! annotations (plateaus, crossings, labelled points, each line's name at its end).

use super::svg::{
    cut, esc, halo_text, line_colour, spread, text_w, Map, END_LABEL_CHARS, WIDTH_PX,
};
use super::ticks::{self, Range};
use super::{Axis, LineChart, Mark, Scale};
use std::fmt::Write as _;

fn axis_values(c: &LineChart) -> (Vec<f64>, Vec<f64>) {
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for s in &c.series {
        for &(x, y) in &s.points {
            xs.push(x);
            ys.push(y);
        }
        for &(x, lo, hi) in &s.band {
            xs.push(x);
            ys.push(lo);
            ys.push(hi);
        }
    }
    (xs, ys)
}

/// A line chart's body under a header of `top` px; returns the elements and their height.
pub(super) fn body(c: &LineChart, top: f64) -> (String, f64) {
    const PLOT_H: f64 = 380.0;
    let mut o = String::new();
    let name_w = c
        .series
        .iter()
        .map(|s| text_w(&cut(&s.name, END_LABEL_CHARS), 12.0))
        .fold(0.0f64, f64::max);
    let (left, right) = (96.0, WIDTH_PX - name_w.min(280.0) - 20.0);
    let (plot_top, plot_bottom) = (top + 18.0, top + 18.0 + PLOT_H);
    let (xs, ys) = axis_values(c);
    let log_y = c.y.scale == Scale::Log;
    let has_zero = log_y && ys.iter().any(|y| *y <= 0.0);
    let floor_h = if has_zero { 30.0 } else { 0.0 };
    let xr = ticks::range(c.x.scale, xs.iter().copied());
    let xr = if c.x.scale == Scale::Linear {
        // A setting axis (memory) starts at the smallest setting, not at zero.
        let mn = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let mx = xs.iter().copied().fold(0.0f64, f64::max);
        if mn.is_finite() && mx > mn {
            let pad = (mx - mn) * 0.03;
            Range {
                lo: mn - pad,
                hi: mx + pad,
                ticks: xr
                    .ticks
                    .into_iter()
                    .filter(|t| *t >= mn - pad && *t <= mx + pad)
                    .collect(),
            }
        } else {
            xr
        }
    } else {
        xr
    };
    let yr = ticks::range(c.y.scale, ys.iter().copied());
    let mx = Map::new(c.x.scale, &xr, left, right);
    let my = Map::new(c.y.scale, &yr, plot_bottom - floor_h, plot_top);
    let floor_y = plot_bottom - floor_h / 2.0;
    let py = |y: f64| if log_y && y <= 0.0 { floor_y } else { my.px(y) };

    // Grid and ticks.
    for t in &yr.ticks {
        let y = my.px(*t);
        let stroke = if *t == 0.0 { "#333" } else { "#e3e3e3" };
        let _ = writeln!(
            o,
            r##"<line x1="{left}" y1="{y:.1}" x2="{right}" y2="{y:.1}" stroke="{stroke}"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end" fill="#333">{}</text>"##,
            left - 8.0,
            y + 4.0,
            esc(&ticks::label(c.y.unit, *t))
        );
    }
    if has_zero {
        let _ = writeln!(
            o,
            r##"<line x1="{left}" y1="{floor_y:.1}" x2="{right}" y2="{floor_y:.1}" stroke="#999" stroke-dasharray="2 3"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end" fill="#333">{}</text>"##,
            left - 8.0,
            floor_y + 4.0,
            esc(&ticks::label(c.y.unit, 0.0))
        );
        // The axis break between the zero floor and the lowest decade.
        let b = plot_bottom - floor_h;
        let _ = writeln!(
            o,
            r##"<path d="M{} {:.1} l10 -4 M{} {:.1} l10 -4" stroke="#333"/>"##,
            left - 5.0,
            b + 2.0,
            left - 5.0,
            b + 6.0
        );
    }
    for t in &xr.ticks {
        let x = mx.px(*t);
        let _ = writeln!(
            o,
            r##"<line x1="{x:.1}" y1="{plot_top}" x2="{x:.1}" y2="{plot_bottom}" stroke="#f0f0f0"/><text x="{x:.1}" y="{}" font-size="12" text-anchor="middle" fill="#333">{}</text>"##,
            plot_bottom + 18.0,
            esc(&ticks::label(c.x.unit, *t))
        );
    }
    let _ = writeln!(
        o,
        r##"<rect x="{left}" y="{plot_top}" width="{:.1}" height="{PLOT_H}" fill="none" stroke="#333"/>"##,
        right - left
    );
    axis_titles(&mut o, &c.x, &c.y, left, right, plot_top, plot_bottom);

    // Spans (plateaus), behind everything else.
    for m in &c.marks {
        if let Mark::Span { from, to, label } = m {
            let (x0, x1) = (mx.px(*from), mx.px(*to));
            let _ = writeln!(
                o,
                r##"<rect x="{x0:.1}" y="{plot_top}" width="{:.1}" height="{PLOT_H}" fill="#e9e9e9" opacity="0.8"/>"##,
                (x1 - x0).max(2.0)
            );
            halo_text(
                &mut o,
                x1 - 4.0,
                plot_bottom - 10.0,
                "end",
                12.0,
                "#8a4b00",
                label,
            );
        }
    }
    // Bands, then lines.
    for s in &c.series {
        if s.band.len() >= 2 {
            let mut d = String::new();
            for (k, &(x, _, hi)) in s.band.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1} ",
                    if k == 0 { "M" } else { "L" },
                    mx.px(x),
                    py(hi)
                );
            }
            for &(x, lo, _) in s.band.iter().rev() {
                let _ = write!(d, "L{:.1} {:.1} ", mx.px(x), py(lo));
            }
            let _ = writeln!(
                o,
                r#"<path d="{}Z" fill="{}" fill-opacity="0.16" stroke="none"><title>{}: p5–p95</title></path>"#,
                d,
                line_colour(s.colour),
                esc(&s.name)
            );
        }
    }
    for s in &c.series {
        let pts: Vec<String> = s
            .points
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", mx.px(x), py(y)))
            .collect();
        let _ = writeln!(
            o,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-linejoin="round"{}><title>{}</title></polyline>"#,
            pts.join(" "),
            line_colour(s.colour),
            // Every other line dashed: a line lying on another still shows through its gaps.
            if s.colour % 2 == 1 {
                r#" stroke-dasharray="9 4""#
            } else {
                ""
            },
            esc(&s.name)
        );
        if s.points.len() <= 16 {
            for &(x, y) in &s.points {
                let _ = writeln!(
                    o,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
                    mx.px(x),
                    py(y),
                    line_colour(s.colour)
                );
            }
        }
    }
    // Vertical lines (crossings), their labels stacked from the top.
    for (k, (x, label)) in c
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::VLine { x, label } => Some((x, label)),
            _ => None,
        })
        .enumerate()
    {
        {
            let px = mx.px(*x);
            let _ = writeln!(
                o,
                r##"<line x1="{px:.1}" y1="{plot_top}" x2="{px:.1}" y2="{plot_bottom}" stroke="#222" stroke-dasharray="6 4"/>"##
            );
            let anchor = if px > (left + right) / 2.0 {
                "end"
            } else {
                "start"
            };
            let dx = if anchor == "end" { -6.0 } else { 6.0 };
            let ly = plot_top + 34.0 + 18.0 * k as f64;
            halo_text(&mut o, px + dx, ly, anchor, 13.0, "#111", label);
        }
    }
    // Labelled points, kept apart.
    let points: Vec<(usize, f64, f64, &str)> = c
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Point {
                series,
                x,
                y,
                label,
            } => Some((*series, mx.px(*x), py(*y), label.as_str())),
            _ => None,
        })
        .collect();
    // A label goes above its dot, or below it where the line climbs away to the right (it would cross the text).
    let climbs = |series: usize, x: f64, y: f64| {
        c.series.get(series).is_some_and(|s| {
            s.points
                .iter()
                .map(|&(px, py_)| (mx.px(px), py(py_)))
                .find(|&(px, _)| px > x + 1.0)
                .is_some_and(|(_, ny)| ny < y - 1.0)
        })
    };
    let mut at: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            (
                k,
                if climbs(p.0, p.1, p.2) {
                    p.2 + 20.0
                } else {
                    p.2 - 10.0
                },
            )
        })
        .collect();
    spread(&mut at, 16.0, plot_top + 12.0, plot_bottom - 4.0);
    for (k, ly) in at {
        let (series, x, y, label) = points[k];
        let colour = line_colour(c.series.get(series).map_or(series, |s| s.colour));
        let _ = writeln!(
            o,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="6" fill="{colour}" stroke="white" stroke-width="2"/>"#
        );
        let anchor = if x > right - 160.0 { "end" } else { "start" };
        let dx = if anchor == "end" { -10.0 } else { 10.0 };
        halo_text(&mut o, x + dx, ly, anchor, 13.0, colour, label);
    }
    // Each line's name at its end: beside the plot, or beside the line's last point when it stops short of the
    // plot's right edge.
    let mut ends: Vec<(usize, f64)> = Vec::new();
    for (i, s) in c.series.iter().enumerate() {
        let Some(&(x, y)) = s.points.last() else {
            continue;
        };
        if mx.px(x) < right - 40.0 {
            let name = cut(&s.name, END_LABEL_CHARS);
            halo_text(
                &mut o,
                mx.px(x) + 8.0,
                py(y) + 4.0,
                "start",
                12.0,
                line_colour(s.colour),
                &name,
            );
        } else {
            ends.push((i, py(y) + 4.0));
        }
    }
    spread(&mut ends, 15.0, plot_top + 8.0, plot_bottom);
    for (i, y) in ends {
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{y:.1}" font-size="12" font-weight="bold" fill="{}">{}</text>"#,
            right + 6.0,
            line_colour(c.series[i].colour),
            esc(&cut(&c.series[i].name, END_LABEL_CHARS))
        );
    }
    (o, plot_bottom - top + 52.0)
}

fn axis_titles(o: &mut String, x: &Axis, y: &Axis, left: f64, right: f64, top: f64, bottom: f64) {
    let _ = writeln!(
        o,
        r##"<text x="{:.1}" y="{}" font-size="13" text-anchor="middle" fill="#222">{}</text>"##,
        (left + right) / 2.0,
        bottom + 40.0,
        esc(&x.title)
    );
    let cy = (top + bottom) / 2.0;
    let _ = writeln!(
        o,
        r##"<text x="20" y="{cy:.1}" font-size="13" text-anchor="middle" fill="#222" transform="rotate(-90 20 {cy:.1})">{}</text>"##,
        esc(&y.title)
    );
}
