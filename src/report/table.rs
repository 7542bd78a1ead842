//! Plain-text table for the terminal.

use super::grid::{grouped_notes, side_by_side, summary};
use super::model::Report;

/// The report as table.
pub(crate) fn render(r: &Report) -> String {
    let rows = side_by_side(r);
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let w = widths.get(c).copied().unwrap_or(0);
                if c == 0 {
                    format!("{s:<w$}")
                } else {
                    format!("{s:>w$}")
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * ncols.saturating_sub(1)));
            out.push('\n');
        }
    }
    out.push('\n');
    for l in summary(r) {
        out.push_str(&l);
        out.push('\n');
    }
    let notes = grouped_notes(r);
    if !notes.is_empty() {
        out.push_str("Notes:\n");
        for n in notes {
            out.push_str(&format!("- {n}\n"));
        }
    }
    out
}
