//! The input formats `ingest` reads, their `--kind` names, and how a text format is told from its first line.

use super::insights_markdown;
use serde::Serialize;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Lambda log lines (REPORT plain text or JSON `platform.report`, one per line).
    Report,
    /// CloudWatch Logs Insights CSV export: a query's `@duration`… columns, or the default query's `@message`.
    Insights,
    /// Logs Insights results as JSON (`aws logs get-query-results`, or flattened by PowerShell).
    InsightsJson,
    /// The Logs Insights console's "Copy as Markdown" (a header, then the results as a Markdown table).
    InsightsMarkdown,
    /// CloudWatch Logs Live Tail CSV export (`Event Time,Message,Log group,Log stream`).
    LiveTail,
    /// A Telemetry API batch: a JSON array of `platform.*` events.
    Telemetry,
    /// Cost and Usage Report CSV.
    Cur,
    /// Cost and Usage Report as Athena/Hive text (Ctrl-A separated, `\N` nulls).
    CurAthena,
    /// Cost and Usage Report in Parquet.
    CurParquet,
    /// FOCUS export, CSV.
    Focus,
    /// FOCUS export in Parquet.
    FocusParquet,
    /// The per-function usage CSV documented in the README.
    Usage,
}

impl Kind {
    /// The name used by `--kind` and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Insights => "insights",
            Kind::InsightsJson => "insights-json",
            Kind::InsightsMarkdown => "insights-markdown",
            Kind::LiveTail => "live-tail",
            Kind::Telemetry => "telemetry",
            Kind::Cur => "cur",
            Kind::CurAthena => "cur-athena",
            Kind::CurParquet => "cur-parquet",
            Kind::Focus => "focus",
            Kind::FocusParquet => "focus-parquet",
            Kind::Usage => "usage",
        }
    }

    /// The names `--kind` takes (a Parquet file is always read as Parquet: `cur` or `focus` there say which).
    pub const NAMES: &'static [&'static str] = &[
        "report",
        "insights",
        "insights-json",
        "insights-markdown",
        "live-tail",
        "telemetry",
        "cur",
        "cur-athena",
        "focus",
        "usage",
    ];

    /// Parses one of [`Kind::NAMES`].
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "report" => Kind::Report,
            "insights" => Kind::Insights,
            "insights-json" => Kind::InsightsJson,
            "insights-markdown" => Kind::InsightsMarkdown,
            "live-tail" => Kind::LiveTail,
            "telemetry" => Kind::Telemetry,
            "cur" => Kind::Cur,
            "cur-athena" => Kind::CurAthena,
            "focus" => Kind::Focus,
            "usage" => Kind::Usage,
            _ => return None,
        })
    }
}

/// Tells a text format from its first non-empty line (Parquet and binary files are told from their first bytes
/// before: [`sniff`]):
/// - Ctrl-A (`\x01`) separators → a CUR as Athena/Hive text;
/// - `lineItem/…` or `line_item_…` columns → a CUR CSV;
/// - `ChargeCategory` and `BilledCost` columns, in any case (Athena lower-cases them) → FOCUS;
/// - `@duration`, `@initDuration`, `@timestamp`, `@message` or `@log` → a Logs Insights export;
/// - `Event Time`, `Message` and `Log group` → a Live Tail export;
/// - `[` first → a Telemetry API batch (a JSON array of events);
/// - `{` alone on the first line → a pretty-printed JSON document: Logs Insights results;
/// - a Markdown heading (`# …`) or `**CloudWatch Logs Insights**` → the Insights console's "Copy as Markdown";
/// - `function` and `invocations` columns → the usage CSV;
/// - anything else → a Lambda log (REPORT lines, plain or JSON).
pub fn detect(first: &str) -> Kind {
    let l = first.trim_start_matches('\u{feff}');
    if l.contains('\x01') {
        Kind::CurAthena
    } else if l.contains("lineItem/") || l.contains("line_item_") {
        Kind::Cur
    } else if l.to_ascii_lowercase().contains("chargecategory")
        && l.to_ascii_lowercase().contains("billedcost")
    {
        Kind::Focus
    } else if l.contains("@duration")
        || l.contains("@initDuration")
        || l.contains("@timestamp")
        || l.contains("@message")
        || l.contains("@log")
    {
        Kind::Insights
    } else if l.contains("Event Time") && l.contains("Message") && l.contains("Log group") {
        Kind::LiveTail
    } else if l.trim_start().starts_with('[') {
        Kind::Telemetry
    } else if l.trim() == "{" {
        Kind::InsightsJson
    } else if insights_markdown::is_markdown_start(l) {
        Kind::InsightsMarkdown
    } else if l.to_ascii_lowercase().contains("invocations")
        && l.to_ascii_lowercase().contains("function")
        && l.contains(',')
    {
        Kind::Usage
    } else {
        Kind::Report
    }
}
