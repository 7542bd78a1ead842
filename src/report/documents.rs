//! Which formats each report model renders, and the renderer that draws each: the one place that ties the models
//! (which know nothing of their renderers) to the renderers (which read the models), so no model file and renderer
//! file depend on each other.

use super::budget::BudgetReport;
use super::format::{to_json, unsupported, Document, Format};
use super::ingest::IngestReport;
use super::model::Report;
use super::pricing::PricingReport;
use super::remedies::RemediesReport;
use super::sweep::SweepReport;
use super::{
    csv, figures, html_more, html_report, ingest_csv, json, markdown, pricing_render, table,
};
use crate::chart::svg;
use crate::error::Result;

impl Document for Report {
    const COMMAND: &'static str = "estimate";
    const FORMATS: &'static [Format] = &Format::ALL;

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Table => Ok(table::render(self)),
            Format::Markdown => Ok(markdown::render(self)),
            Format::Csv => csv::render(self),
            Format::Json => json::render(self),
            Format::Svg => Ok(svg::document(&figures::report_figures(self))),
            Format::Html => Ok(html_report::report(self)),
        }
    }
}

impl Document for BudgetReport {
    const COMMAND: &'static str = "budget";
    const FORMATS: &'static [Format] = &Format::ALL;

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Table => Ok(self.render_text(false)),
            Format::Markdown => Ok(self.render_text(true)),
            Format::Csv => csv::render(&self.report),
            Format::Json => to_json(self),
            Format::Svg => Ok(svg::figure(&figures::budget_figure(self))),
            Format::Html => Ok(html_report::budget(self)),
        }
    }
}

impl Document for SweepReport {
    const COMMAND: &'static str = "sweep";
    const FORMATS: &'static [Format] = &Format::ALL;

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Table => Ok(self.render_text(false)),
            Format::Markdown => Ok(self.render_text(true)),
            Format::Csv => self.render_csv(),
            Format::Json => to_json(self),
            Format::Svg => Ok(svg::document(&figures::sweep_figures(&self.sweep))),
            Format::Html => Ok(html_more::sweep(self)),
        }
    }
}

impl Document for RemediesReport {
    const COMMAND: &'static str = "remedies";
    const FORMATS: &'static [Format] = &Format::ALL;

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Table => Ok(self.table()),
            Format::Markdown => Ok(self.markdown()),
            Format::Csv => self.csv(),
            Format::Json => to_json(self),
            Format::Svg => Ok(svg::document(&figures::remedies_figures(self))),
            Format::Html => Ok(html_more::remedies(self)),
        }
    }
}

impl Document for IngestReport {
    const COMMAND: &'static str = "ingest";
    const FORMATS: &'static [Format] = &[
        Format::Table,
        Format::Markdown,
        Format::Csv,
        Format::Json,
        Format::Html,
    ];

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Html => Ok(html_more::ingest(self)),
            Format::Table => Ok(self.text(false)),
            Format::Markdown => Ok(self.text(true)),
            Format::Csv => ingest_csv::csv(self),
            Format::Json => to_json(self),
            Format::Svg => Err(unsupported::<Self>(format)),
        }
    }
}

impl Document for PricingReport {
    const COMMAND: &'static str = "pricing show";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Csv, Format::Json];

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Csv => pricing_render::csv(self),
            Format::Json => to_json(self),
            Format::Table => Ok(pricing_render::table(self)),
            other => Err(unsupported::<Self>(other)),
        }
    }
}
