//! Reports: one model, one renderer per output format.

mod csv;
mod grid;
mod json;
mod markdown;
mod model;
mod svg;
mod table;

pub use self::csv::{field as csv_field, Csv};
pub use json::Json;
pub use markdown::Markdown;
pub use model::{
    build, Cheapest, InitMs, LineItemReport, PricingInfo, ProfileReport, RegionSource, Report,
    SCHEMA,
};
pub use svg::{sweep_svg, Svg};
pub use table::Table;

/// Renders a report into text. Pure: no printing, easy to test.
pub trait Renderer {
    /// The rendered report.
    fn render(&self, report: &Report) -> String;
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terminal table.
    Table,
    /// Markdown.
    Markdown,
    /// CSV.
    Csv,
    /// JSON.
    Json,
    /// An SVG chart of the bill against monthly invocations.
    Svg,
}

impl Format {
    /// The renderer of this format.
    pub fn renderer(self) -> Box<dyn Renderer> {
        match self {
            Format::Table => Box::new(Table),
            Format::Markdown => Box::new(Markdown),
            Format::Csv => Box::new(Csv),
            Format::Json => Box::new(Json),
            Format::Svg => Box::new(Svg),
        }
    }
}
