//! Horizontal stacked bars as SVG, for categories (functions of a budget): one bar per function, one segment per
//! line item, the total written at the end of each bar and a zero line labelled `$0`.

use super::format::truncate;
use super::model::ProfileReport;
use crate::billing::LineItem;
use crate::money::Money;
use std::fmt::Write as _;

/// One bar: a label and its segments in USD.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    /// The category (a function's name).
    pub label: String,
    /// (line item, USD) segments, left to right.
    pub segments: Vec<(LineItem, f64)>,
    /// The bar's total, written beside it.
    pub total: Money,
}

impl Bar {
    /// A profile's bill as a bar of its line items.
    pub fn of_profile(p: &ProfileReport) -> Bar {
        Bar {
            label: p.name.clone(),
            segments: p
                .line_items
                .iter()
                .map(|l| (l.item, l.usd.usd().max(0.0)))
                .collect(),
            total: p.total_usd,
        }
    }
}

const COLORS: [&str; 10] = [
    "#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
];

fn color(item: LineItem) -> &'static str {
    let i = LineItem::ALL.iter().position(|x| *x == item).unwrap_or(0);
    COLORS.get(i).copied().unwrap_or("#7f7f7f")
}

/// XML-escapes text.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart.
pub(crate) fn svg(title: &str, bars: &[Bar]) -> String {
    const LABEL_W: f64 = 300.0;
    const PLOT_W: f64 = 520.0;
    const ROW_H: f64 = 28.0;
    const TOP: f64 = 56.0;
    let width = LABEL_W + PLOT_W + 140.0;
    let legend_items: Vec<LineItem> = LineItem::ALL
        .into_iter()
        .filter(|i| {
            bars.iter()
                .any(|b| b.segments.iter().any(|s| s.0 == *i && s.1 > 0.0))
        })
        .collect();
    let height =
        TOP + ROW_H * bars.len() as f64 + 60.0 + 22.0 * legend_items.len().div_ceil(3) as f64;
    let max = bars
        .iter()
        .map(|b| b.segments.iter().map(|s| s.1).sum::<f64>())
        .fold(0.0f64, f64::max);
    let scale = if max > 0.0 { PLOT_W / max } else { 0.0 };
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif">"#
    );
    let _ = writeln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        o,
        r#"<text x="16" y="28" font-size="18">{}</text>"#,
        esc(&truncate(title, 90))
    );
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let _ = writeln!(
            o,
            r#"<text x="{}" y="{}" font-size="13" text-anchor="end">{}</text>"#,
            LABEL_W - 8.0,
            y + ROW_H * 0.62,
            esc(&truncate(&b.label, 40))
        );
        let mut x = LABEL_W;
        for (item, usd) in &b.segments {
            let w = usd * scale;
            if w > 0.0 {
                let _ = writeln!(
                    o,
                    r#"<rect x="{x:.2}" y="{:.2}" width="{w:.2}" height="{:.2}" fill="{}"><title>{}: ${usd:.2}</title></rect>"#,
                    y + 4.0,
                    ROW_H - 8.0,
                    color(*item),
                    esc(item.label()),
                );
            }
            x += w;
        }
        let _ = writeln!(
            o,
            r#"<text x="{:.2}" y="{}" font-size="13">{}</text>"#,
            x + 6.0,
            y + ROW_H * 0.62,
            b.total
        );
    }
    // The zero line, labelled.
    let bottom = TOP + ROW_H * bars.len() as f64;
    let _ = writeln!(
        o,
        r##"<line x1="{LABEL_W}" y1="{}" x2="{LABEL_W}" y2="{bottom}" stroke="#333"/><text x="{LABEL_W}" y="{}" font-size="12" text-anchor="middle">$0</text>"##,
        TOP - 4.0,
        bottom + 16.0
    );
    for (k, item) in legend_items.iter().enumerate() {
        let lx = 16.0 + 300.0 * (k % 3) as f64;
        let ly = bottom + 40.0 + 22.0 * (k / 3) as f64;
        let _ = writeln!(
            o,
            r#"<rect x="{lx}" y="{}" width="14" height="14" fill="{}"/><text x="{}" y="{ly}" font-size="13">{}</text>"#,
            ly - 11.0,
            color(*item),
            lx + 20.0,
            esc(item.label())
        );
    }
    o.push_str("</svg>\n");
    o
}
