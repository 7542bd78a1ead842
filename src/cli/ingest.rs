//! `coldcost ingest FILE...`: REPORT logs, Logs Insights exports, CURs and usage CSVs in; observed cold starts and
//! INIT costs, the CUR reconciled, and a calibrated profile out.

use super::common::FormatArg;
use anyhow::bail;
use clap::Args as ClapArgs;
use coldcost::ingest::calibrate::calibrated_profile;
use coldcost::ingest::observed::{observed_costs, reconcile, PricingContext};
use coldcost::ingest::{ingest_file, Ingested, Kind, Options};
use coldcost::{
    estimate, group_thousands, report, Architecture, Date, Models, PriceBook, RunOptions, Runtime,
};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `ingest`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost ingest samples/exports/orders-api.log\n  coldcost ingest logs/*.log.gz --region eu-west-1 --arch arm64\n  coldcost ingest insights-export.csv --format json\n  coldcost ingest cur-2026-11.csv.gz                       reconciles the bill\n  coldcost ingest orders.log --calibrate orders.toml --runtime python3.12\n  coldcost compare orders.toml samples/http-api-node.toml   observed vs an alternative"
)]
pub struct Args {
    /// Files (`-` = stdin), plain or gzip; the format is told from the content.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Force the format: report, insights, cur, usage.
    #[arg(long, value_parser = ["report", "insights", "cur", "usage"])]
    kind: Option<String>,
    /// Skip rows that do not parse (counted, the first shown) instead of stopping at the first.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Function name for log lines that do not carry one (default: the file name).
    #[arg(long)]
    function: Option<String>,
    /// Region of the logged functions, for pricing.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// Architecture of the logged functions: x86_64 or arm64.
    #[arg(long, default_value = "x86_64")]
    arch: String,
    /// Apply the account's free tier to the observed usage (off: list price of what was observed).
    #[arg(long)]
    free_tier: bool,
    /// Write a profile fitted to the (single) function observed.
    #[arg(long, value_name = "OUT.toml")]
    calibrate: Option<PathBuf>,
    /// Runtime of the function, for --calibrate (logs do not say).
    #[arg(long)]
    runtime: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    format: FormatArg,
    /// Write to FILE (`-` = stdout).
    #[arg(long, short = 'o', default_value = "-")]
    output: PathBuf,
}

/// Runs `ingest`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let arch = Architecture::parse(&a.arch)
        .ok_or_else(|| anyhow::anyhow!("--arch: expected x86_64 or arm64, got `{}`", a.arch))?;
    let opts = Options {
        kind: a.kind.as_deref().and_then(Kind::parse),
        skip_bad_rows: a.skip_bad_rows,
        function: a.function.clone(),
    };
    let mut all = Ingested::default();
    let started = Instant::now();
    let show = std::io::stderr().is_terminal();
    for f in &a.files {
        let name = f.display().to_string();
        let mut progress = |bytes: u64, size: Option<u64>| {
            if show {
                let mb = bytes as f64 / 1e6;
                let rate = mb / started.elapsed().as_secs_f64().max(1e-9);
                match size {
                    Some(s) if s > 0 => eprint!(
                        "\r{name}: {mb:.0} MB ({:.0}%), {rate:.0} MB/s   ",
                        (bytes as f64 / s as f64 * 100.0).min(100.0)
                    ),
                    _ => eprint!("\r{name}: {mb:.0} MB, {rate:.0} MB/s   "),
                }
            }
        };
        ingest_file(f, &opts, &mut all, &mut progress)?;
    }
    if show && all.bytes > (64 << 20) {
        eprintln!();
    }
    let book = PriceBook::embedded()?;
    book.region(&a.region, &coldcost::Location::file("--region"))?;
    let ctx = PricingContext {
        region: a.region.clone(),
        architecture: arch,
        free_tier: a.free_tier,
    };
    let costs = observed_costs(&all.functions, &book, &ctx)?;
    let recon = all.cur.as_ref().map(|c| reconcile(c, &book)).transpose()?;
    if let Some(out) = &a.calibrate {
        if all.functions.len() != 1 {
            bail!(
                "--calibrate needs the logs of exactly one function; these hold {} ({})",
                all.functions.len(),
                all.functions.keys().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        let Some(rt) = a.runtime.as_deref() else {
            bail!("--calibrate needs --runtime (the logs do not say which runtime the function uses); known: {}", Runtime::known());
        };
        let runtime = Runtime::parse(rt).ok_or_else(|| {
            anyhow::anyhow!(
                "--runtime: unknown runtime `{rt}`; known: {}",
                Runtime::known()
            )
        })?;
        let (name, agg) = all
            .functions
            .iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("no function observed"))?;
        let toml = calibrated_profile(name, agg, runtime, arch, &a.region)?;
        super::output::write_text(out, &toml)?;
        eprintln!("wrote {}", out.display());
    }
    let summaries: Vec<_> = all.functions.iter().map(|(n, f)| f.summary(n)).collect();
    let mut text = String::new();
    match a.format {
        FormatArg::Json => {
            let v = serde_json::json!({
                "schema": "coldcost.ingest/1",
                "files": all.files.iter().map(|(n, k)| serde_json::json!({"file": n, "kind": k})).collect::<Vec<_>>(),
                "lines": all.lines,
                "other_lines": all.other_lines,
                "bytes": all.bytes,
                "bad_rows_skipped": all.bad_count,
                "bad_rows": all.bad_rows,
                "pricing": {"region": a.region, "architecture": arch.to_string(), "free_tier": a.free_tier},
                "functions": summaries.iter().zip(&costs).map(|(s, c)| serde_json::json!({"observed": s, "cost": c})).collect::<Vec<_>>(),
                "cur": recon,
            });
            text = serde_json::to_string_pretty(&v)? + "\n";
        }
        FormatArg::Csv => {
            text += "function,invocations,cold_starts,cold_start_share,init_p50_ms,init_p95_ms,init_max_ms,handler_p50_ms,handler_p95_ms,memory_mb,max_memory_used_mb,invoke_gb_s,init_gb_s,today_usd,before_change_usd,init_change_usd\n";
            for (s, c) in summaries.iter().zip(&costs) {
                let _ = writeln!(
                    text,
                    "{},{},{},{},{:.2},{:.2},{:.2},{:.2},{:.2},{},{},{:.3},{:.3},{:.2},{:.2},{:.2}",
                    report::csv_field(&s.function),
                    s.invocations,
                    s.cold_starts,
                    s.cold_start_share,
                    s.init_ms.p50,
                    s.init_ms.p95,
                    s.init_ms.max,
                    s.handler_ms.p50,
                    s.handler_ms.p95,
                    s.memory_mb,
                    s.max_memory_used_mb,
                    s.invoke_gb_s,
                    s.init_gb_s,
                    c.today_usd.usd_cents(),
                    c.before_change_usd.usd_cents(),
                    c.init_change_usd.usd_cents()
                );
            }
        }
        FormatArg::Table | FormatArg::Markdown | FormatArg::Svg => {
            let md = matches!(a.format, FormatArg::Markdown);
            let kinds: Vec<String> = all
                .files
                .iter()
                .map(|(n, k)| {
                    format!(
                        "{n} ({})",
                        serde_json::to_value(k)
                            .ok()
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default()
                    )
                })
                .collect();
            let _ = writeln!(
                text,
                "{}Read {}: {} lines, {:.1} MB in {:.2} s.",
                if md { "# Observed usage\n\n" } else { "" },
                kinds.join(", "),
                group_thousands(i128::from(all.lines)),
                all.bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            if all.bad_count > 0 {
                let _ = writeln!(
                    text,
                    "{} bad rows skipped (--skip-bad-rows); the first: {}",
                    all.bad_count,
                    all.bad_rows.first().map_or("", |b| b.error.as_str())
                );
            }
            if !summaries.is_empty() {
                let _ = writeln!(text, "Priced in {} {}, {}; today = INIT billed (since 2025-08-01), before = INIT free.\n", a.region, arch, if a.free_tier { "free tier applied" } else { "list price, no free tier" });
                let head = [
                    "function",
                    "invocations",
                    "cold starts",
                    "INIT p50/p95/max ms",
                    "handler p50/p95 ms",
                    "memory used/size",
                    "GB-s invoke/INIT",
                    "today",
                    "before",
                    "INIT change",
                ];
                let rows: Vec<Vec<String>> = summaries
                    .iter()
                    .zip(&costs)
                    .map(|(s, c)| {
                        vec![
                            s.function.clone(),
                            group_thousands(i128::from(s.invocations)),
                            format!(
                                "{} ({:.2}%)",
                                group_thousands(i128::from(s.cold_starts)),
                                s.cold_start_share * 100.0
                            ),
                            format!(
                                "{:.0} / {:.0} / {:.0}",
                                s.init_ms.p50, s.init_ms.p95, s.init_ms.max
                            ),
                            format!("{:.1} / {:.1}", s.handler_ms.p50, s.handler_ms.p95),
                            format!("{} / {} MB", s.max_memory_used_mb, s.memory_mb),
                            format!("{:.1} / {:.1}", s.invoke_gb_s, s.init_gb_s),
                            c.today_usd.to_string(),
                            c.before_change_usd.to_string(),
                            c.init_change_usd.to_string(),
                        ]
                    })
                    .collect();
                text += &super::output::grid(&head, &rows, &[0], md);
                for s in &summaries {
                    if s.billed_without_init > 0 {
                        let _ = writeln!(text, "{}: {} cold lines were billed without their INIT (logged before 2025-08-01, or INIT free for that runtime or package type).", s.function, group_thousands(i128::from(s.billed_without_init)));
                    }
                    if s.snapstart_restores > 0 {
                        let _ = writeln!(text, "{}: {} SnapStart restores (cold starts from a snapshot, not counted as INIT above); their billed restore time ({:.1} GB-s) is in the cost, SnapStart's restore-per-GB and cache charges (Python, .NET) are not.", s.function, group_thousands(i128::from(s.snapstart_restores)), s.restore_gb_s);
                    }
                    if s.billed_mismatch > 0 {
                        let _ = writeln!(
                            text,
                            "{}: {} lines log a billed duration that fits neither rule.",
                            s.function,
                            group_thousands(i128::from(s.billed_mismatch))
                        );
                    }
                }
            }
            if let Some(r) = &recon {
                let _ = writeln!(
                    text,
                    "\n{}Cost and Usage Report\n",
                    if md { "## " } else { "" }
                );
                let head = [
                    "function",
                    "region",
                    "arch",
                    "meter",
                    "quantity",
                    "unblended",
                ];
                let rows: Vec<Vec<String>> = r
                    .lines
                    .iter()
                    .map(|l| {
                        vec![
                            l.function.clone(),
                            l.region.clone(),
                            l.architecture.clone(),
                            serde_json::to_value(l.meter)
                                .ok()
                                .and_then(|v| v.as_str().map(String::from))
                                .unwrap_or_default(),
                            format!("{:.3}", l.quantity),
                            format!("${:.2}", l.cost_usd),
                        ]
                    })
                    .collect();
                text += &super::output::grid(&head, &rows, &[0], md);
                for e in &r.explanation {
                    let _ = writeln!(text, "{}{e}", if md { "- " } else { "" });
                }
            }
        }
    }
    super::output::write_text(&a.output, &text)?;
    // A usage CSV is a budget: estimate it like `budget`.
    if !all.usage.is_empty() && matches!(a.format, FormatArg::Table | FormatArg::Markdown) {
        let run = estimate::run(
            &all.usage,
            &book,
            &Models::builtin()?,
            RunOptions {
                as_of: Date::today_utc(),
                free_tier: true,
                pooled: true,
                seed: 1,
            },
        )?;
        let rep = report::build("ingest", &run, &book);
        let t = report::Format::from(a.format).renderer().render(&rep);
        super::output::write_text(&a.output, &t)?;
    }
    Ok(())
}
