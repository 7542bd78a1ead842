//! Reports: one model per command, rendered by one function per format. Each model says which formats it
//! produces ([`Document::FORMATS`]) and refuses the others; nothing here prints.

mod budget;
mod coldstarts;
mod csv;
mod documents;
mod figures;
mod format;
mod grid;
mod html;
mod html_more;
mod html_report;
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
mod sweep;
mod table;

pub use budget::BudgetReport;
pub use coldstarts::{ColdstartsReport, ProfileColdStarts};
pub use format::{check, names as format_names, truncate, Document, Format};
pub use ingest::{IngestReport, ObservedFunction, ReadFile};
pub use measure::{DependencyMs, MeasureReport, MEASURE_SCHEMA};
pub use model::{
    billing_assumptions, build, Basis, Cheapest, InitMs, LineItemReport, PricingInfo,
    ProfileReport, RegionSource, Report, SCHEMA,
};
pub use pipeline::{estimate_report, Extras, CURVE_DRAWS};
pub use pricing::{
    ArchRow, Ec2Instance, Ec2Row, EdgeRow, FreeTierRow, PricingReport, RegionRow, TierRow,
    PRICING_SCHEMA,
};
pub use remedies::RemediesReport;
pub use simulate::{SimulateReport, SIMULATE_SCHEMA};
pub use sweep::SweepReport;
