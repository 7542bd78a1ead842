//! The SVG writer: a [`Figure`] as one self-contained `<svg>` element (its title, caption and chart; no fonts,
//! images or scripts fetched), and several figures stacked into one document.

use super::ticks::{self, Range};
use super::{Figure, Plot, Scale};
use std::fmt::Write as _;

/// The most characters of a line's name written at its end.
pub(super) const END_LABEL_CHARS: usize = 44;

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

/// Estimated width of `s` in a sans-serif font of `size` px: 0.56 em a character, coldcost's estimate of an average
/// Helvetica/Arial glyph (layout only: labels are placed with room to spare, never measured).
pub(super) fn text_w(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.56
}

/// `s` cut to `max` characters, marked with `…`.
pub(super) fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Words of `s` in lines of at most `max` characters.
pub(super) fn wrap(s: &str, max: usize) -> Vec<String> {
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
pub(super) fn halo_text(
    o: &mut String,
    x: f64,
    y: f64,
    anchor: &str,
    size: f64,
    fill: &str,
    text: &str,
) {
    let _ = writeln!(
        o,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" stroke="white" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
        esc(text)
    );
}

/// Moves `ys` (sorted by the caller's order) apart so that no two are closer than `gap`, within `lo..=hi`.
pub(super) fn spread(ys: &mut [(usize, f64)], gap: f64, lo: f64, hi: f64) {
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
        Plot::Lines(c) => super::lines::body(c, head),
        Plot::Bars(b) => super::bars::body(b, head),
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
pub(super) struct Map {
    scale: Scale,
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
}

impl Map {
    pub(super) fn new(scale: Scale, r: &Range, p0: f64, p1: f64) -> Map {
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

    pub(super) fn px(&self, v: f64) -> f64 {
        let (a, b) = (self.t(self.lo), self.t(self.hi));
        let f = if b > a {
            (self.t(v) - a) / (b - a)
        } else {
            0.0
        };
        self.p0 + f.clamp(-0.02, 1.02) * (self.p1 - self.p0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Axis, Bar, BarChart, Key, LineChart, Mark, Segment, Series, Unit};
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
