//! The SVG writer: a [`Figure`] as one self-contained `<svg>` element (its title, caption and chart; no fonts,
//! images or scripts fetched), and several figures stacked into one document.

use super::ticks::{self, Range};
use super::{Axis, BarChart, Figure, LineChart, Mark, Plot, Scale};
use std::fmt::Write as _;

/// The most characters of a line's name written at its end.
const END_LABEL_CHARS: usize = 44;

/// Width of every figure, px.
pub const WIDTH_PX: f64 = 960.0;

/// Line colours (Okabe–Ito, readable by the colour-blind).
const LINE_COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000",
];

/// Bar segment colours, by key index.
const BAR_COLOURS: [&str; 11] = [
    "#56B4E9", "#0072B2", "#D55E00", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#999999",
    "#882255", "#44AA99", "#000000",
];

/// A line's colour.
pub fn line_colour(i: usize) -> &'static str {
    LINE_COLOURS[i % LINE_COLOURS.len()]
}

/// A bar segment's colour.
pub fn bar_colour(key: usize) -> &'static str {
    BAR_COLOURS[key % BAR_COLOURS.len()]
}

/// A monthly volume as a chart writes it (`1k`, `30M`, `1.5B`).
pub fn volume_label(v: f64) -> String {
    ticks::volume(v)
}

/// XML-escapes text for an element or an attribute.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Estimated width of `s` in a sans-serif font of `size` px.
fn text_w(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.56
}

/// `s` cut to `max` characters, marked with `…`.
pub fn short(s: &str, max: usize) -> String {
    cut(s, max)
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Words of `s` in lines of at most `max` characters.
fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for w in s.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A text element with a white halo, so it stays readable over lines and bands.
fn halo_text(o: &mut String, x: f64, y: f64, anchor: &str, size: f64, fill: &str, text: &str) {
    let _ = writeln!(
        o,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" stroke="white" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
        esc(text)
    );
}

/// Moves `ys` (sorted by the caller's order) apart so that no two are closer than `gap`, within `lo..=hi`.
fn spread(ys: &mut [(usize, f64)], gap: f64, lo: f64, hi: f64) {
    ys.sort_by(|a, b| a.1.total_cmp(&b.1));
    for i in 1..ys.len() {
        if ys[i].1 < ys[i - 1].1 + gap {
            ys[i].1 = ys[i - 1].1 + gap;
        }
    }
    // Pushed past the bottom: shift the stack up.
    if let Some(last) = ys.last().map(|l| l.1) {
        if last > hi {
            let d = last - hi;
            for y in ys.iter_mut() {
                y.1 = (y.1 - d).max(lo);
            }
        }
    }
}

/// One figure as a standalone SVG document.
pub fn figure(f: &Figure) -> String {
    let (mut o, _) = element(f, None);
    o.push('\n');
    o
}

/// Figures stacked top to bottom in one SVG document (the `svg` format of a report with several charts).
pub fn document(figures: &[Figure]) -> String {
    if let [one] = figures {
        return figure(one);
    }
    let mut parts = Vec::with_capacity(figures.len());
    let mut y = 0.0;
    for f in figures {
        let (el, h) = element(f, Some(y));
        parts.push(el);
        y += h + 16.0;
    }
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH_PX}" height="{y}" viewBox="0 0 {WIDTH_PX} {y}" font-family="Helvetica, Arial, sans-serif">"#
    );
    let _ = writeln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for p in parts {
        o.push_str(&p);
        o.push('\n');
    }
    o.push_str("</svg>\n");
    o
}

/// The figure's `<svg>` element (placed at `y` inside another when given) and its height.
fn element(f: &Figure, y: Option<f64>) -> (String, f64) {
    let caption = wrap(&f.caption, 135);
    let head = 34.0 + 17.0 * caption.len() as f64 + 6.0;
    let (body, body_h) = match &f.plot {
        Plot::Lines(c) => lines(c, head),
        Plot::Bars(b) => bars(b, head),
    };
    let h = (head + body_h).ceil();
    let mut o = String::new();
    let place = y.map_or(String::new(), |y| format!(r#" x="0" y="{y}""#));
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg"{place} width="{WIDTH_PX}" height="{h}" viewBox="0 0 {WIDTH_PX} {h}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{}">"#,
        esc(&f.title)
    );
    let _ = writeln!(o, "<title>{}</title>", esc(&f.title));
    let _ = writeln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        o,
        r##"<text x="16" y="26" font-size="18" font-weight="bold" fill="#111">{}</text>"##,
        esc(&cut(&f.title, 95))
    );
    for (i, line) in caption.iter().enumerate() {
        let _ = writeln!(
            o,
            r##"<text x="16" y="{}" font-size="13" fill="#444">{}</text>"##,
            46.0 + 17.0 * i as f64,
            esc(line)
        );
    }
    o.push_str(&body);
    o.push_str("</svg>");
    (o, h)
}

/// Maps values of an axis onto pixels.
struct Map {
    scale: Scale,
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
}

impl Map {
    fn new(scale: Scale, r: &Range, p0: f64, p1: f64) -> Map {
        Map {
            scale,
            lo: r.lo,
            hi: r.hi,
            p0,
            p1,
        }
    }

    fn t(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Linear => v,
            Scale::Log => v.max(f64::MIN_POSITIVE).log10(),
        }
    }

    fn px(&self, v: f64) -> f64 {
        let (a, b) = (self.t(self.lo), self.t(self.hi));
        let f = if b > a {
            (self.t(v) - a) / (b - a)
        } else {
            0.0
        };
        self.p0 + f.clamp(-0.02, 1.02) * (self.p1 - self.p0)
    }
}

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
fn lines(c: &LineChart, top: f64) -> (String, f64) {
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

/// A bar chart's body under a header of `top` px; returns the elements and their height.
fn bars(b: &BarChart, top: f64) -> (String, f64) {
    // Each category's label in at most two lines of 40 characters (the end of a long name often tells two apart).
    let labels: Vec<Vec<String>> = b
        .bars
        .iter()
        .map(|bar| {
            let mut lines = wrap(&bar.label, 40);
            if lines.len() > 2 {
                let rest = lines.split_off(1).join(" ");
                lines.push(cut(&rest, 40));
            }
            lines.iter().map(|l| cut(l, 40)).collect()
        })
        .collect();
    let two_lines = labels.iter().any(|l| l.len() > 1);
    let row_h: f64 = if two_lines { 40.0 } else { 30.0 };
    let mut o = String::new();
    // The legend: the keys that have a visible segment, in a wrapped row above the bars.
    let used: Vec<usize> = (0..b.keys.len())
        .filter(|k| {
            b.bars
                .iter()
                .any(|bar| bar.segments.iter().any(|s| s.key == *k && s.value > 0.0))
        })
        .collect();
    let (mut lx, mut ly) = (16.0, top + 16.0);
    for k in &used {
        let name = &b.keys[*k].name;
        let w = 24.0 + text_w(name, 13.0) + 18.0;
        if lx + w > WIDTH_PX - 16.0 {
            lx = 16.0;
            ly += 22.0;
        }
        let _ = writeln!(
            o,
            r##"<rect x="{lx:.1}" y="{:.1}" width="14" height="14" fill="{}"/><text x="{:.1}" y="{ly:.1}" font-size="13" fill="#222">{}</text>"##,
            ly - 11.0,
            bar_colour(b.keys[*k].colour),
            lx + 20.0,
            esc(name)
        );
        lx += w;
    }
    let legend_h = if used.is_empty() {
        0.0
    } else {
        ly - top + 14.0
    };
    let label_w = labels
        .iter()
        .flatten()
        .map(|l| text_w(l, 13.0))
        .fold(60.0f64, f64::max)
        .min(330.0);
    let value_w = b
        .bars
        .iter()
        .map(|bar| text_w(&bar.value_label, 13.0))
        .fold(60.0f64, f64::max);
    let left = 16.0 + label_w + 10.0;
    let right = WIDTH_PX - value_w - 24.0;
    let plot_top = top + legend_h + 10.0;
    let plot_bottom = plot_top + row_h * b.bars.len() as f64;
    let totals: Vec<f64> = b
        .bars
        .iter()
        .map(|bar| bar.segments.iter().map(|s| s.value.max(0.0)).sum())
        .collect();
    let r = ticks::range(Scale::Linear, totals.iter().copied());
    let m = Map::new(Scale::Linear, &r, left, right);
    for t in &r.ticks {
        let x = m.px(*t);
        let (stroke, w) = if *t == 0.0 {
            ("#333", 1.5)
        } else {
            ("#e3e3e3", 1.0)
        };
        let _ = writeln!(
            o,
            r##"<line x1="{x:.1}" y1="{plot_top}" x2="{x:.1}" y2="{plot_bottom}" stroke="{stroke}" stroke-width="{w}"/><text x="{x:.1}" y="{}" font-size="12" text-anchor="middle" fill="#333">{}</text>"##,
            plot_bottom + 16.0,
            esc(&ticks::label(b.axis.unit, *t))
        );
    }
    let _ = writeln!(
        o,
        r##"<text x="{:.1}" y="{}" font-size="13" text-anchor="middle" fill="#222">{}</text>"##,
        (left + right) / 2.0,
        plot_bottom + 36.0,
        esc(&b.axis.title)
    );
    for (i, bar) in b.bars.iter().enumerate() {
        let y = plot_top + row_h * i as f64;
        let weight = if bar.highlight { "bold" } else { "normal" };
        let lines = labels.get(i).map_or(&[][..], |l| l.as_slice());
        let first_y = y + row_h / 2.0 + 4.5 - 7.5 * (lines.len().max(1) - 1) as f64;
        let spans: String = lines
            .iter()
            .enumerate()
            .map(|(k, l)| {
                format!(
                    r#"<tspan x="{:.1}" y="{:.1}">{}</tspan>"#,
                    left - 8.0,
                    first_y + 15.0 * k as f64,
                    esc(l)
                )
            })
            .collect();
        let _ = writeln!(
            o,
            r##"<text font-size="13" font-weight="{weight}" text-anchor="end" fill="#111">{spans}<title>{}</title></text>"##,
            esc(&bar.label)
        );
        let mut x = m.px(0.0);
        for s in bar.segments.iter().filter(|s| s.value > 0.0) {
            let w = m.px(s.value) - m.px(0.0);
            let _ = writeln!(
                o,
                r#"<rect x="{x:.2}" y="{:.1}" width="{:.2}" height="{:.1}" fill="{}"><title>{}: {}</title></rect>"#,
                y + 5.0,
                w.max(0.5),
                row_h - 10.0,
                bar_colour(b.keys.get(s.key).map_or(s.key, |k| k.colour)),
                esc(b.keys.get(s.key).map_or("", |k| k.name.as_str())),
                esc(&ticks::label(b.axis.unit, s.value))
            );
            x += w;
        }
        if bar.highlight {
            let _ = writeln!(
                o,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#111" stroke-width="2"/>"##,
                m.px(0.0),
                y + 4.0,
                (x - m.px(0.0)).max(2.0),
                row_h - 8.0
            );
        }
        let _ = writeln!(
            o,
            r##"<text x="{:.1}" y="{:.1}" font-size="13" font-weight="{weight}" fill="#111">{}</text>"##,
            x + 6.0,
            y + row_h * 0.62,
            esc(&bar.value_label)
        );
    }
    (o, plot_bottom - top + 48.0)
}

#[cfg(test)]
mod tests {
    use super::super::{Bar, Key, Segment, Series, Unit};
    use super::*;

    fn usd_axis(scale: Scale) -> Axis {
        Axis {
            title: "USD per month".into(),
            scale,
            unit: Unit::Usd,
        }
    }

    #[test]
    fn a_zero_bill_on_a_log_axis_sits_on_a_labelled_floor() {
        let c = LineChart {
            x: Axis {
                title: "invocations per month".into(),
                scale: Scale::Log,
                unit: Unit::Volume,
            },
            y: usd_axis(Scale::Log),
            series: vec![Series {
                name: "api <Node>".into(),
                colour: 0,
                points: vec![(1e3, 0.0), (1e6, 0.0), (1e9, 1234.5)],
                band: vec![],
            }],
            marks: vec![Mark::VLine {
                x: 5e7,
                label: "break-even 50M".into(),
            }],
        };
        let s = figure(&Figure {
            title: "Bill & volume".into(),
            caption: "How to read it.".into(),
            plot: Plot::Lines(c),
        });
        assert!(s.contains(">$0</text>"), "{s}");
        assert!(
            s.contains("stroke-dasharray=\"2 3\""),
            "the floor line: {s}"
        );
        assert!(s.contains("api &lt;Node&gt;"), "escaped direct label: {s}");
        assert!(s.contains("Bill &amp; volume"));
        assert!(s.contains("break-even 50M"));
        assert!(!s.contains("NaN") && !s.contains("inf"), "{s}");
    }

    #[test]
    fn bars_label_their_zero_and_their_totals() {
        let b = BarChart {
            keys: vec![Key::new("requests", 0), Key::new("INIT", 2)],
            bars: vec![
                Bar {
                    label: "a".into(),
                    segments: vec![
                        Segment { key: 0, value: 2.0 },
                        Segment { key: 1, value: 1.0 },
                    ],
                    value_label: "$3.00".into(),
                    highlight: true,
                },
                Bar {
                    label: "free".into(),
                    segments: vec![Segment { key: 0, value: 0.0 }],
                    value_label: "$0.00".into(),
                    highlight: false,
                },
            ],
            axis: usd_axis(Scale::Linear),
        };
        let s = figure(&Figure {
            title: "t".into(),
            caption: String::new(),
            plot: Plot::Bars(b),
        });
        assert!(s.contains(">$0</text>"), "the zero is labelled: {s}");
        assert!(
            s.contains(">$3.00</text>") && s.contains(">$0.00</text>"),
            "{s}"
        );
        assert_eq!(
            s.matches("<rect x=").count(),
            2 + 2 + 1,
            "two legend swatches, two segments, one outline: {s}"
        );
    }

    #[test]
    fn several_figures_make_one_document() {
        let f = Figure {
            title: "t".into(),
            caption: "c".into(),
            plot: Plot::Bars(BarChart {
                keys: vec![],
                bars: vec![],
                axis: usd_axis(Scale::Linear),
            }),
        };
        let d = document(&[f.clone(), f]);
        assert_eq!(d.matches("<svg ").count(), 3);
        assert!(d.starts_with("<svg xmlns") && d.ends_with("</svg>\n"));
    }

    #[test]
    fn labels_are_kept_apart() {
        let mut ys = vec![(0, 100.0), (1, 101.0), (2, 300.0)];
        spread(&mut ys, 16.0, 0.0, 400.0);
        assert!(ys[1].1 - ys[0].1 >= 16.0);
        assert_eq!(ys[2].1, 300.0);
    }
}
