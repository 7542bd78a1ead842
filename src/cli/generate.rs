//! `coldcost generate`: synthetic exports with known parameters (samples, tests, benchmark files).

use super::output::{guard_output, AtomicFile};
use clap::Args as ClapArgs;
use coldcost::ingest::generate::{generate, Spec, Style};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `generate`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost generate --invocations 2000 --output orders-api.log\n  coldcost generate --style json --invocations 1000 --output orders.json.log\n  coldcost generate --style insights --invocations 5k --output insights.csv\n  coldcost generate --invocations 7M --output big.log      about 1 GB, for benchmarks"
)]
pub struct Args {
    /// text (REPORT lines with START lines), json (platform.report records) or insights (a Logs Insights CSV).
    #[arg(long, value_parser = ["text", "json", "insights"], default_value = "text")]
    style: String,
    /// Function name.
    #[arg(long, default_value = "orders-api")]
    function: String,
    /// Invocations: 10000, 10_000, 10,000, 1e4, 10k.
    #[arg(long, default_value = "10000", value_parser = super::volume::parse_volume)]
    invocations: u64,
    /// Share of them cold.
    #[arg(long, default_value_t = 0.02)]
    cold_share: f64,
    /// Handler p50 and p95, ms.
    #[arg(long, num_args = 2, default_values_t = [120.0, 400.0])]
    handler_ms: Vec<f64>,
    /// INIT p50 and p95, ms.
    #[arg(long, num_args = 2, default_values_t = [900.0, 1400.0])]
    init_ms: Vec<f64>,
    /// Memory, MB.
    #[arg(long, default_value_t = 1024)]
    memory_mb: u32,
    /// Hours the invocations spread over (730 = a month).
    #[arg(long, default_value_t = 730.0)]
    hours: f64,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write here (`-` = stdout), atomically; a name ending in .gz is gzip-compressed.
    #[arg(long, short = 'o', default_value = "-")]
    output: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

/// Runs `generate`.
pub fn run(a: Args) -> anyhow::Result<()> {
    guard_output(&a.output, a.force, &[], "--output")?;
    if !(0.0..=1.0).contains(&a.cold_share)
        || a.hours <= 0.0
        || a.handler_ms
            .iter()
            .chain(&a.init_ms)
            .any(|x| !(x.is_finite() && *x > 0.0))
    {
        usage_bail!("generate: --cold-share must be 0–1, --hours and the durations positive");
    }
    let spec = Spec {
        function: a.function,
        invocations: a.invocations,
        cold_share: a.cold_share,
        handler_ms: (a.handler_ms[0], a.handler_ms[1]),
        init_ms: (a.init_ms[0], a.init_ms[1]),
        memory_mb: a.memory_mb,
        hours: a.hours,
        seed: a.seed,
    };
    let style = match a.style.as_str() {
        "json" => Style::Json,
        "insights" => Style::Insights,
        _ => Style::Text,
    };
    if a.output.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        generate(&spec, style, &mut w)?;
        w.flush()?;
        return Ok(());
    }
    let mut out = AtomicFile::create(&a.output)?;
    let file = out.file()?;
    if a.output.extension().is_some_and(|e| e == "gz") {
        let mut w = flate2::write::GzEncoder::new(
            std::io::BufWriter::new(file),
            flate2::Compression::fast(),
        );
        generate(&spec, style, &mut w)?;
        w.finish()?.flush()?;
    } else {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        generate(&spec, style, &mut w)?;
        w.flush()?;
    }
    out.commit()
}
