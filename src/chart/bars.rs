//! A bar chart's body: categories as horizontal stacked bars, the legend above them, the zero labelled and each
//! bar's total at its end.

use super::svg::{bar_colour, cut, esc, text_w, wrap, Map, WIDTH_PX};
use super::ticks;
use super::{BarChart, Scale};
use std::fmt::Write as _;

/// A bar chart's body under a header of `top` px; returns the elements and their height.
pub(super) fn body(b: &BarChart, top: f64) -> (String, f64) {
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
