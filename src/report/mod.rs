//! Reports: one model, one renderer per output format.

mod csv;
mod grid;
mod json;
mod markdown;
mod model;
mod table;

pub use self::csv::Csv;
pub use json::Json;
pub use markdown::Markdown;
pub use model::{
    build, Cheapest, InitMs, LineItemReport, PricingInfo, ProfileReport, RegionSource, Report,
    SCHEMA,
};
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
}

impl Format {
    /// The renderer of this format.
    pub fn renderer(self) -> Box<dyn Renderer> {
        match self {
            Format::Table => Box::new(Table),
            Format::Markdown => Box::new(Markdown),
            Format::Csv => Box::new(Csv),
            Format::Json => Box::new(Json),
        }
    }
}
