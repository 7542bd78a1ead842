//! The `ingest` report: every file of one run in one document — functions observed in logs and Insights exports
//! with their cost under today's and the old INIT rule, the Cost and Usage Report reconciled, and the usage CSV's
//! functions estimated as a budget.

use super::grid::{columns, pct};
use super::model::{build, Report};
use crate::error::Result;
use crate::estimate::{self, Models, RunOptions};
use crate::ingest::aggregate::FunctionSummary;
use crate::ingest::observed::{
    display_quantity, display_usd, observed_costs, reconcile, ObservedCost, PricingContext,
    Reconciliation,
};
use crate::ingest::{Ingested, Kind};
use crate::money::group_thousands;
use crate::pricing::PriceBook;
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the ingest's JSON schema.
pub const INGEST_SCHEMA: &str = "coldcost.ingest/1";

/// A file read and the format it was told to be.
#[derive(Debug, Clone, Serialize)]
pub struct ReadFile {
    /// The file's name as given.
    pub file: String,
    /// Its format.
    pub kind: Kind,
}

/// One function observed in logs or an Insights export.
#[derive(Debug, Clone, Serialize)]
pub struct ObservedFunction {
    /// What its lines say.
    pub observed: FunctionSummary,
    /// What they cost.
    pub cost: ObservedCost,
}

/// How the observed usage was priced.
#[derive(Debug, Clone, Serialize)]
pub struct IngestPricing {
    /// Region.
    pub region: String,
    /// Architecture.
    pub architecture: String,
    /// Whether the free tier was applied.
    pub free_tier: bool,
}

/// Everything one `ingest` run read and found.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    /// Schema version.
    pub schema: &'static str,
    /// The files, in the order read.
    pub files: Vec<ReadFile>,
    /// Lines read.
    pub lines: u64,
    /// Log lines that were not REPORTs.
    pub other_lines: u64,
    /// Bytes of text read (after decompression).
    pub bytes: u64,
    /// Rows skipped with `--skip-bad-rows`.
    pub bad_rows_skipped: u64,
    /// The first skipped rows' errors.
    pub bad_rows: Vec<crate::ingest::BadRow>,
    /// What was assumed where an input does not say.
    pub assumptions: Vec<String>,
    /// How observed usage was priced.
    pub pricing: IngestPricing,
    /// Functions observed in logs and Insights exports.
    pub functions: Vec<ObservedFunction>,
    /// The Cost and Usage Report, reconciled.
    pub cur: Option<Reconciliation>,
    /// The usage CSV's functions, estimated as one account (pooled).
    pub usage: Option<Report>,
    /// The price book the observed usage was priced with: its sources and dates.
    pub price_book: super::model::PricingInfo,
    /// Today's billing rules are those of this date.
    pub rules_as_of: crate::date::Date,
}

impl IngestReport {
    /// Prices and reconciles what `all` holds: logs priced in `ctx`, the CUR reconciled against `book`, usage
    /// CSV rows estimated with `models` under `options` (pooled, the free tier as `ctx` says).
    pub fn build(
        all: &Ingested,
        book: &PriceBook,
        ctx: &PricingContext,
        models: &Models,
        options: RunOptions,
    ) -> Result<IngestReport> {
        let costs = observed_costs(&all.functions, book, ctx)?;
        let functions = all
            .functions
            .iter()
            .zip(costs)
            .map(|((n, f), cost)| ObservedFunction {
                observed: f.summary(n),
                cost,
            })
            .collect();
        let cur = all.cur.as_ref().map(|c| reconcile(c, book)).transpose()?;
        let usage = if all.usage.is_empty() {
            None
        } else {
            let options = RunOptions {
                pooled: true,
                free_tier: ctx.free_tier,
                ..options
            };
            let run = estimate::run(&all.usage, book, models, options)?;
            Some(build("ingest", &run, book))
        };
        Ok(IngestReport {
            schema: INGEST_SCHEMA,
            files: all
                .files
                .iter()
                .map(|(file, kind)| ReadFile {
                    file: file.clone(),
                    kind: *kind,
                })
                .collect(),
            lines: all.lines,
            other_lines: all.other_lines,
            bytes: all.bytes,
            bad_rows_skipped: all.bad_count,
            bad_rows: all.bad_rows.clone(),
            assumptions: all.assumptions.clone(),
            pricing: IngestPricing {
                region: ctx.region.clone(),
                architecture: ctx.architecture.to_string(),
                free_tier: ctx.free_tier,
            },
            functions,
            cur,
            usage,
            price_book: super::model::PricingInfo::new(book, [ctx.region.as_str()]),
            rules_as_of: options.as_of,
        })
    }

    /// The table of the functions in the logs: its header and one row per function.
    pub(crate) fn function_rows(&self) -> ([&'static str; 13], Vec<Vec<String>>) {
        let head: [&'static str; 13] = [
            "function",
            "invocations",
            "cold starts",
            "INIT p50/p95/max ms",
            "handler p50/p95 ms",
            "memory used/size",
            "GB-s invoke/INIT",
            "billed",
            "rule",
            "today",
            "before",
            "INIT change",
            "month (projected)",
        ];
        let rows: Vec<Vec<String>> = self
            .functions
            .iter()
            .map(|f| {
                let (s, c) = (&f.observed, &f.cost);
                vec![
                    s.function.clone(),
                    group_thousands(i128::from(s.invocations)),
                    format!(
                        "{} ({})",
                        group_thousands(i128::from(s.cold_starts)),
                        pct(s.cold_start_share)
                    ),
                    format!(
                        "{:.0} / {:.0} / {:.0}",
                        s.init_ms.p50, s.init_ms.p95, s.init_ms.max
                    ),
                    format!("{:.1} / {:.1}", s.handler_ms.p50, s.handler_ms.p95),
                    format!(
                        "{} / {} MB",
                        s.max_memory_used_mb
                            .map_or_else(|| "—".to_string(), |m| m.to_string()),
                        s.memory_mb
                    ),
                    format!("{:.1} / {:.1}", s.invoke_gb_s, s.init_gb_s),
                    c.billed_usd.to_string(),
                    c.rule_usd.to_string(),
                    c.today_usd.to_string(),
                    c.before_change_usd.to_string(),
                    c.init_change_usd.to_string(),
                    c.monthly_projection.as_ref().map_or_else(
                        || "–".to_string(),
                        |m| format!("{} ({:.0} h)", m.today_usd, m.hours_observed),
                    ),
                ]
            })
            .collect();
        (head, rows)
    }

    pub(super) fn text(&self, md: bool) -> String {
        let mut text = String::new();
        let h2 = if md { "## " } else { "" };
        let kinds: Vec<String> = self
            .files
            .iter()
            .map(|f| format!("{} ({})", f.file, f.kind.as_str()))
            .collect();
        let _ = writeln!(
            text,
            "{}Read {}: {} lines, {:.1} MB.",
            if md { "# Observed usage\n\n" } else { "" },
            kinds.join(", "),
            group_thousands(i128::from(self.lines)),
            self.bytes as f64 / 1e6,
        );
        if self.bad_rows_skipped > 0 {
            let _ = writeln!(
                text,
                "{} bad rows skipped (--skip-bad-rows); the first: {}",
                self.bad_rows_skipped,
                self.bad_rows.first().map_or("", |b| b.error.as_str())
            );
        }
        for a in &self.assumptions {
            let _ = writeln!(text, "Assumed: {a}");
        }
        if !self.functions.is_empty() {
            let _ = writeln!(
                text,
                "\n{h2}Functions in the logs\n\nPriced in {} {}, {}; billed = each line's logged Billed Duration (the rule where a line logs none), rule = ceil(Duration + Init Duration) from 2025-08-01 and ceil(Duration) before (+ Billed Restore Duration for SnapStart); today = every line with INIT billed, before = INIT free.\n",
                self.pricing.region,
                self.pricing.architecture,
                if self.pricing.free_tier {
                    "free tier applied"
                } else {
                    "list price, no free tier"
                }
            );
            let (head, rows) = self.function_rows();
            text += &columns(&head, &rows, &[0], md);
            if self
                .functions
                .iter()
                .any(|f| f.cost.monthly_projection.is_some())
            {
                let _ = writeln!(
                    text,
                    "{}month (projected), from logs covering (h) hours: {}.",
                    if md { "\n" } else { "" },
                    crate::ingest::observed::PROJECTION_METHOD
                );
            }
            let bullet = if md { "- " } else { "" };
            for f in &self.functions {
                text += &billed_notes(&f.observed, bullet);
            }
        }
        if let Some(r) = &self.cur {
            self.bill_export(r, md, &mut text);
        }
        if let Some(u) = &self.usage {
            let _ = writeln!(
                text,
                "\n{h2}Usage CSV: the functions estimated as one account\n"
            );
            let body = if md {
                super::markdown::render(u)
            } else {
                super::table::render(u)
            };
            // The estimate's own title would be a second top-level heading.
            let body = body
                .strip_prefix("# Lambda cost estimate (ingest)\n\n")
                .unwrap_or(&body);
            text += body;
        }
        text
    }

    /// The CUR / FOCUS section: usage per function, per meter, the charge types, regions and the account.
    fn bill_export(&self, r: &Reconciliation, md: bool, text: &mut String) {
        let h2 = if md { "## " } else { "" };
        let cur = self
            .files
            .iter()
            .any(|f| matches!(f.kind, Kind::Cur | Kind::CurAthena | Kind::CurParquet));
        let focus = self
            .files
            .iter()
            .any(|f| matches!(f.kind, Kind::Focus | Kind::FocusParquet));
        let title = match (cur, focus) {
            (true, true) => "Cost and Usage Report and FOCUS export",
            (false, true) => "FOCUS export",
            _ => "Cost and Usage Report",
        };
        let _ = writeln!(text, "\n{h2}{title}\n");
        for (k, (heading, head, rows, left)) in bill_export_tables(r).into_iter().enumerate() {
            match heading {
                Some(h) => {
                    let _ = writeln!(text, "\n{h2}{h}\n");
                }
                None if k > 0 => text.push('\n'),
                None => {}
            }
            *text += &columns(&head, &rows, left, md);
        }
        for e in &r.explanation {
            let _ = writeln!(text, "{}{e}", if md { "- " } else { "" });
        }
    }
}

/// The notes under the functions' table: SnapStart restores, and where the logged bill and the rule differ.
/// A titled table of a bill export section: (heading, header, rows, left-aligned columns).
pub(crate) type ExportTable = (
    Option<&'static str>,
    Vec<&'static str>,
    Vec<Vec<String>>,
    &'static [usize],
);

/// The tables of the CUR / FOCUS section: usage per function, per meter, by charge type, by region and the account.
pub(crate) fn bill_export_tables(r: &Reconciliation) -> Vec<ExportTable> {
    let mut out: Vec<ExportTable> = Vec::new();
    let usd = |x: f64| format!("${}", display_usd(x));
    let head = [
        "function",
        "region",
        "arch",
        "requests",
        "GB-s",
        "usage cost",
    ];
    let rows: Vec<Vec<String>> = r
        .functions
        .iter()
        .map(|f| {
            vec![
                f.function.clone(),
                f.region.clone(),
                f.architecture.clone(),
                group_thousands(f.requests.round() as i128),
                display_quantity(f.gb_s),
                usd(f.usd),
            ]
        })
        .collect();
    out.push((None, head.to_vec(), rows, &[0, 1, 2]));
    let head = ["function", "region", "arch", "meter", "quantity", "cost"];
    let rows: Vec<Vec<String>> = r
        .lines
        .iter()
        .map(|l| {
            vec![
                l.function.clone(),
                l.region.clone(),
                l.architecture.clone(),
                l.meter.as_str().to_string(),
                display_quantity(l.quantity),
                usd(l.cost_usd),
            ]
        })
        .collect();
    out.push((Some("Usage by meter"), head.to_vec(), rows, &[0, 1, 2, 3]));
    let head = ["charge type", "rows", "cost"];
    let rows: Vec<Vec<String>> = r
        .charge_types
        .iter()
        .map(|c| {
            vec![
                c.name.to_string(),
                group_thousands(i128::from(c.rows)),
                usd(c.usd),
            ]
        })
        .collect();
    out.push((
        Some("By charge type, region and architecture"),
        head.to_vec(),
        rows,
        &[0],
    ));
    if !r.regions.is_empty() {
        let head = ["region", "arch", "requests", "GB-s", "usage cost"];
        let mut rows: Vec<Vec<String>> = r
            .regions
            .iter()
            .map(|g| {
                vec![
                    g.region.clone(),
                    g.architecture.clone(),
                    group_thousands(g.requests.round() as i128),
                    display_quantity(g.gb_s),
                    usd(g.usd),
                ]
            })
            .collect();
        rows.push(vec![
            "account".into(),
            String::new(),
            group_thousands(r.account.requests.round() as i128),
            display_quantity(r.account.gb_s),
            usd(r.account.usd),
        ]);
        out.push((None, head.to_vec(), rows, &[0, 1]));
    }
    out
}

pub(crate) fn billed_notes(s: &FunctionSummary, bullet: &str) -> String {
    let mut text = String::new();
    let n = |x: u64| group_thousands(i128::from(x));
    let f = &s.function;
    let b = &s.billed;
    if s.snapstart_restores > 0 {
        let _ = writeln!(text, "{bullet}{f}: {} SnapStart restores (cold starts from a snapshot, not counted as INIT above); their billed restore time ({:.1} GB-s) is in the cost, and {} of them log a Billed Duration of ceil(Duration) + Billed Restore Duration, the SnapStart rule; SnapStart's restore-per-GB and cache charges (Python, .NET) are not.", n(s.snapstart_restores), s.restore_gb_s, n(b.snapstart_restore));
    }
    if b.logged < s.invocations {
        let _ = writeln!(
            text,
            "{bullet}{f}: {} of {} lines log no Billed Duration: billed by the rule.",
            n(s.invocations - b.logged),
            n(s.invocations)
        );
    }
    if b.differing() == 0 {
        return text;
    }
    let _ = writeln!(
        text,
        "{bullet}{f}: {} of {} lines log a billed duration unlike the rule; billed as logged: {:.3} GB-s, by the rule {:.3} GB-s.",
        n(b.differing()),
        n(b.logged),
        s.billed_gb_s,
        s.rule_gb_s
    );
    for (count, what) in [
        (b.init_left_out_after_change, "cold lines dated 2025-08-01 or later bill without their INIT"),
        (b.init_left_out_undated, "cold lines without a date bill without their INIT (the rule took them as billed after 2025-08-01)"),
        (b.init_billed_before_change, "cold lines before 2025-08-01 bill their INIT (a custom runtime or a container image)"),
        (b.plus_one_ms, "lines with an integral Duration (X.00 ms) bill X + 1 ms"),
        (b.unexplained, "lines bill a duration that fits no rule"),
    ] {
        if count > 0 {
            let _ = writeln!(text, "{bullet}  {}: {what}.", n(count));
        }
    }
    text
}
