//! Output formats, and the contract every report model keeps: it names the formats it renders and refuses the
//! others with an error, never a silent fallback to another format.

use crate::error::{Error, Result};
use std::fmt;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Aligned text for a terminal.
    Table,
    /// Markdown for a budget review.
    Markdown,
    /// CSV: one header, data rows, amounts unrounded.
    Csv,
    /// JSON with a versioned `schema`, amounts unrounded.
    Json,
    /// The report's charts as one SVG document.
    Svg,
    /// One self-contained HTML page (inline CSS and SVG, no script, no network) to attach to a budget review.
    Html,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 6] = [
        Format::Table,
        Format::Markdown,
        Format::Csv,
        Format::Json,
        Format::Svg,
        Format::Html,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Svg => "svg",
            Format::Html => "html",
        }
    }

    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s.trim())
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `table, markdown, json`.
pub fn names(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A report model of one command: it says which formats it renders and renders to text.
pub trait Document {
    /// The command whose report this is, for messages.
    const COMMAND: &'static str;
    /// The formats it renders; any other is refused.
    const FORMATS: &'static [Format];

    /// Renders in a format of [`Document::FORMATS`] (called only with one of them).
    fn render_supported(&self, format: Format) -> Result<String>;

    /// Renders in `format`, or says which formats the command produces.
    fn render(&self, format: Format) -> Result<String> {
        check::<Self>(format)?;
        self.render_supported(format)
    }
}

/// Whether `D` renders `format`: the error a command returns before doing any work.
pub fn check<D: Document + ?Sized>(format: Format) -> Result<()> {
    if D::FORMATS.contains(&format) {
        Ok(())
    } else {
        Err(unsupported::<D>(format))
    }
}

/// The error for a `format` that `D` does not render.
pub(crate) fn unsupported<D: Document + ?Sized>(format: Format) -> Error {
    Error::UnsupportedFormat {
        command: D::COMMAND,
        format: format.as_str(),
        supported: names(D::FORMATS),
    }
}

/// Renders a report whose formats are a table and JSON.
pub(crate) fn table_or_json<D: Document + serde::Serialize>(
    doc: &D,
    format: Format,
    table: impl FnOnce() -> String,
) -> Result<String> {
    match format {
        Format::Table => Ok(table()),
        Format::Json => to_json(doc),
        other => Err(unsupported::<D>(other)),
    }
}

/// A value as pretty JSON with a final newline.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| Error::Render {
        format: "json",
        message: e.to_string(),
    })?;
    s.push('\n');
    Ok(s)
}

/// Truncates `s` to at most `max` characters for a table cell, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
