//! `coldcost ingest FILE...`: REPORT logs, Logs Insights exports, CURs and usage CSVs in; observed cold starts and
//! INIT costs, the CUR reconciled, and a calibrated profile out.

use super::common::OutputArgs;
use super::output::{guard_output, write_atomic, UsageError};
use super::progress::Progress;
use anyhow::bail;
use clap::Args as ClapArgs;
use coldcost::ingest::calibrate::calibrated_profile;
use coldcost::ingest::observed::PricingContext;
use coldcost::ingest::{ingest_file_with, Ingested, Kind, Options, SPLIT_MIN_BYTES};
use coldcost::report::IngestReport;
use coldcost::{Architecture, Date, Models, PriceBook, RunOptions, Runtime};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `ingest`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost ingest samples/exports/orders-api.log\n  coldcost ingest samples/exports/orders-api-json.log --region eu-west-1 --arch arm64\n  coldcost ingest samples/exports/insights-export.csv --format json\n  coldcost ingest samples/exports/usage.csv       a usage CSV, estimated as one account\n  coldcost ingest samples/exports/orders-api.log --no-free-tier   observed usage at list price\n  coldcost ingest samples/exports/cur2.parquet    reconciles the bill (CUR 2.0, CSV or Parquet)\n  coldcost ingest samples/exports/orders-api.log samples/exports/cur2.csv -o report.md -f markdown\n  coldcost ingest samples/exports/orders-api.log --calibrate orders.toml --runtime python3.12\n  coldcost compare orders.toml samples/http-api-node.toml   observed vs an alternative\n  coldcost ingest logs/*.log.gz                   your own logs, plain or gzip"
)]
pub struct Args {
    /// Files (`-` = stdin), plain or gzip; the format is told from the content.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Force the format: report, insights, insights-json, insights-markdown, live-tail, telemetry, cur, cur-athena,
    /// focus, usage (a Parquet file is told by its first bytes; `cur` or `focus` there say which columns to read).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Kind::NAMES))]
    kind: Option<String>,
    /// Skip rows that do not parse (counted, the first shown) instead of stopping at the first.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Function name for log lines that do not carry one (default: the file name).
    #[arg(long)]
    function: Option<String>,
    /// Memory of the functions, MB, for a Logs Insights export without `@memorySize` (stated in the report).
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u32).range(128..=10240))]
    memory_mb: Option<u32>,
    /// Region of the logged functions, for pricing.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// Architecture of the logged functions: x86_64 or arm64.
    #[arg(long, default_value = "x86_64")]
    arch: String,
    /// Bill the observed usage without the account's free tier (list price of what was observed). By default the
    /// free tier applies, as in `estimate`.
    #[arg(long)]
    no_free_tier: bool,
    /// Write a profile fitted to the (single) function observed (an existing file needs --force).
    #[arg(long, value_name = "OUT.toml")]
    calibrate: Option<PathBuf>,
    /// Estimate a usage CSV under the rules and prices in force on this day, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = |s: &str| s.parse::<Date>())]
    as_of: Option<Date>,
    /// Runtime of the function, for --calibrate (logs do not say).
    #[arg(long)]
    runtime: Option<String>,
    #[command(flatten)]
    out: OutputArgs,
}

/// The size of a plain regular file (not stdin, not gzip, whose text is larger than the file).
fn file_size(f: &Path) -> Option<u64> {
    if f.as_os_str() == "-" {
        return None;
    }
    let meta = std::fs::metadata(f).ok().filter(|m| m.is_file())?;
    let mut magic = [0u8; 2];
    let gzip = std::fs::File::open(f)
        .and_then(|mut file| file.read_exact(&mut magic))
        .is_ok_and(|()| magic == [0x1f, 0x8b]);
    (!gzip).then_some(meta.len())
}

/// Runs `ingest`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.out.format_for::<IngestReport>()?;
    let arch = Architecture::parse(&a.arch).ok_or_else(|| {
        UsageError(format!(
            "--arch: expected x86_64 or arm64, got `{}`",
            a.arch
        ))
    })?;
    let book = PriceBook::embedded()?;
    book.region(&a.region, &coldcost::Location::file("--region"))
        .map_err(|e| UsageError(e.to_string()))?;
    // Nothing the user has is lost: check every output before reading anything.
    a.out.guard(&a.files)?;
    if let Some(out) = &a.calibrate {
        guard_output(out, a.out.force, &a.files, "--calibrate")?;
        // One document per destination: the profile and the report never share a file or stdout.
        if out == &a.out.output {
            return Err(UsageError(format!(
                "--calibrate and --output both name {}; give the report or the profile another destination",
                if out.as_os_str() == "-" { "stdout (-)".to_string() } else { out.display().to_string() }
            ))
            .into());
        }
    }
    let runtime = match (&a.calibrate, a.runtime.as_deref()) {
        (Some(_), None) => {
            return Err(UsageError(format!("--calibrate needs --runtime (the logs do not say which runtime the function uses); known: {}", Runtime::known())).into())
        }
        (_, Some(rt)) => Some(Runtime::parse(rt).ok_or_else(|| {
            UsageError(format!(
                "--runtime: unknown runtime `{rt}`; known: {}",
                Runtime::known()
            ))
        })?),
        (None, None) => None,
    };
    let opts = Options {
        kind: a.kind.as_deref().and_then(Kind::parse),
        skip_bad_rows: a.skip_bad_rows,
        function: a.function.clone(),
        memory_mb: a.memory_mb,
    };
    // Hidden, for the tests that compare a reading on two threads with one on one thread: the smallest plain REPORT
    // log read on two threads (0: every one).
    let split_min_bytes = std::env::var("COLDCOST_SPLIT_MIN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SPLIT_MIN_BYTES);
    let mut all = Ingested::default();
    let started = Instant::now();
    let sizes: Vec<Option<u64>> = a.files.iter().map(|f| file_size(f)).collect();
    // By bytes of the files' total when every one is a plain file, else a count of bytes of text.
    let total = sizes.iter().copied().sum::<Option<u64>>();
    let progress = Progress::reading(&a.files, total, "{msg:.bold}");
    for (f, &size) in a.files.iter().zip(&sizes) {
        progress.bar().set_message(if f.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            f.display().to_string()
        });
        // Bytes of the files before this one; this file's own bytes never pass its size (text read = file bytes
        // for plain files, which are the only ones a known total counts).
        let (before, start) = (progress.bar().position(), all.bytes);
        let bar = progress.bar().clone();
        let mut report = |bytes: u64, _: Option<u64>| {
            let own = bytes.saturating_sub(start);
            bar.set_position(before + size.map_or(own, |s| own.min(s)));
        };
        ingest_file_with(f, &opts, &mut all, &mut report, split_min_bytes)?;
        let own = all.bytes.saturating_sub(start);
        progress.bar().set_position(before + size.unwrap_or(own));
    }
    drop(progress);
    if std::io::stderr().is_terminal() {
        // Timing is for the person watching, not part of the report (which is the same every run).
        eprintln!(
            "read {:.1} MB in {:.2} s",
            all.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
        );
    }
    let ctx = PricingContext {
        region: a.region.clone(),
        architecture: arch,
        free_tier: !a.no_free_tier,
    };
    let options = RunOptions {
        as_of: a.as_of.unwrap_or_else(Date::today_utc),
        free_tier: !a.no_free_tier,
        pooled: true,
        seed: 1,
    };
    let report = IngestReport::build(&all, &book, &ctx, &Models::builtin()?, options)?;
    if let (Some(out), Some(runtime)) = (&a.calibrate, runtime) {
        let (name, agg) = match all.functions.len() {
            1 => all
                .functions
                .iter()
                .next()
                .ok_or_else(|| anyhow::anyhow!("no function observed"))?,
            n => bail!(
                "--calibrate needs the logs of exactly one function; these hold {n} ({})",
                all.functions
                    .keys()
                    .map(|k| coldcost::report::truncate(k, 60))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let toml = calibrated_profile(name, agg, runtime, arch, &a.region)?;
        write_atomic(out, &toml)?;
        eprintln!("wrote {}", out.display());
    }
    a.out.write(&report, format)
}
