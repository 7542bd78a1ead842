//! Reports: one model per command, rendered by one function per format. Each model says which formats it
//! produces ([`Document::FORMATS`]) and refuses the others; nothing here prints.

mod bars;
mod budget;
mod coldstarts;
mod csv;
mod format;
mod grid;
mod ingest;
mod ingest_csv;
mod json;
mod markdown;
mod measure;
mod measure_table;
mod model;
mod pipeline;
mod pricing;
mod pricing_render;
mod remedies;
mod simulate;
#[cfg(feature = "svg")]
mod svg;
mod sweep;
mod table;

pub use budget::BudgetReport;
pub use coldstarts::{ColdstartsReport, ProfileColdStarts};
pub use format::{check, names as format_names, truncate, Document, Format};
pub use ingest::{IngestReport, ObservedFunction, ReadFile};
pub use measure::{DependencyMs, MeasureReport, MEASURE_SCHEMA};
pub use model::{
    build, Cheapest, InitMs, LineItemReport, PricingInfo, ProfileReport, RegionSource, Report,
    SCHEMA,
};
pub use pipeline::{estimate_report, Extras};
pub use pricing::{
    ArchRow, Ec2Instance, Ec2Row, EdgeRow, FreeTierRow, PricingReport, RegionRow, TierRow,
    PRICING_SCHEMA,
};
pub use remedies::RemediesReport;
pub use simulate::{SimulateReport, SIMULATE_SCHEMA};
pub use sweep::SweepReport;

use crate::error::Result;

/// The formats of the line-chart reports (estimate, compare, sweep): all, or all but SVG when the crate is built
/// without its `svg` feature.
pub(crate) const CHART_FORMATS: &[Format] = if cfg!(feature = "svg") {
    &Format::ALL
} else {
    &[Format::Table, Format::Markdown, Format::Csv, Format::Json]
};

impl Document for Report {
    const COMMAND: &'static str = "estimate";
    const FORMATS: &'static [Format] = CHART_FORMATS;

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Table => Ok(table::render(self)),
            Format::Markdown => Ok(markdown::render(self)),
            Format::Csv => csv::render(self),
            Format::Json => json::render(self),
            #[cfg(feature = "svg")]
            Format::Svg => svg::render(self),
            #[cfg(not(feature = "svg"))]
            Format::Svg => Err(format::unsupported::<Self>(format)),
        }
    }
}
