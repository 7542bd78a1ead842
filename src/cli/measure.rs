//! `coldcost measure DIR --runtime R --handler MODULE`: import weight of the user's own package, measured with the
//! real interpreter, and a ready `[package]` snippet.

use clap::Args as ClapArgs;
use coldcost::init::{measure_with_reference, reference_modules, Imports, MeasureOptions};
use coldcost::Runtime;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `measure`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost measure ./build --runtime python3.12 --handler app\n  coldcost measure ./dist --runtime nodejs22.x --handler ./index.js --runs 10"
)]
pub struct Args {
    /// The package directory (what goes into the zip).
    dir: PathBuf,
    /// Lambda runtime of the function (decides python3 or node).
    #[arg(long, value_parser = parse_runtime)]
    runtime: Runtime,
    /// Handler module (Python: `app` for app.py; Node.js: `./index.js` or a package name).
    #[arg(long)]
    handler: String,
    /// Runs to take the median of, each in a fresh process (after one warm-up).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
    runs: u16,
    /// Interpreter to use instead of `python3` / `node` from PATH.
    #[arg(long)]
    interpreter: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MeasureFormat::Text)]
    format: MeasureFormat,
}

pub fn parse_runtime(s: &str) -> Result<Runtime, String> {
    Runtime::parse(s).ok_or_else(|| format!("unknown runtime `{s}`; known: {}", Runtime::known()))
}

fn dir_mb(path: &std::path::Path) -> f64 {
    fn walk(p: &std::path::Path) -> u64 {
        std::fs::read_dir(p)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| match e.file_type() {
                        Ok(t) if t.is_dir() => walk(&e.path()),
                        Ok(t) if t.is_file() => e.metadata().map(|m| m.len()).unwrap_or(0),
                        _ => 0,
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(path) as f64 / 1e6
}

/// How `measure` prints.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasureFormat {
    /// A table and a `[package]` snippet.
    Text,
    /// One JSON object (schema `coldcost.measure/1`).
    Json,
}

/// Runs `measure`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let opts = MeasureOptions {
        runs: usize::from(a.runs),
        interpreter: a.interpreter.clone(),
        warm_up: true,
    };
    let r = measure_with_reference(&a.dir, a.runtime, &a.handler, &opts)?;
    let (m, reference) = (&r.measurement, r.reference);
    let imports = Imports::embedded()?;
    let family = a.runtime.family();
    let scale = imports.machine_scale(family, reference.median_ms);
    let catalogue_reference_ms = imports.catalog(family).map_or(0.0, |c| c.reference_ms);
    // Run-for-run ratio to the reference, on the catalogue machine's scale.
    let normalised_ms = if catalogue_reference_ms > 0.0 {
        r.on_machine(catalogue_reference_ms)
    } else {
        m.total.median_ms
    };
    let size_mb = dir_mb(&a.dir);
    if a.format == MeasureFormat::Json {
        let v = serde_json::json!({
            "schema": "coldcost.measure/1",
            "dir": a.dir.display().to_string(),
            "runtime": a.runtime.as_str(),
            "handler": a.handler,
            "interpreter": m.interpreter,
            "runs": m.runs,
            "total_ms": m.total,
            "dependencies_ms": m.dependencies.iter().map(|(n, ms)| serde_json::json!({"name": n, "ms": ms})).collect::<Vec<_>>(),
            "reference_ms": reference,
            "ratio_to_reference": r.ratio,
            "catalogue_reference_ms": catalogue_reference_ms,
            "machine_scale": scale,
            "measured_import_ms": normalised_ms,
            "size_mb": size_mb,
        });
        let mut text = serde_json::to_string_pretty(&v)?;
        text.push('\n');
        return super::output::write_atomic(&PathBuf::from("-"), &text);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Import weight of `{}` in {} ({}, median of {} runs on this machine)\n",
        a.handler,
        a.dir.display(),
        m.interpreter,
        m.runs
    );
    let width = m
        .dependencies
        .iter()
        .map(|d| d.0.len())
        .max()
        .unwrap_or(10)
        .max(10);
    let _ = writeln!(out, "{:<width$}  {:>10}", "dependency", "ms");
    for (name, ms) in &m.dependencies {
        let _ = writeln!(out, "{name:<width$}  {ms:>10.1}");
    }
    let _ = writeln!(
        out,
        "{:<width$}  {:>10.1}   (min {:.1}, max {:.1})",
        "total", m.total.median_ms, m.total.min_ms, m.total.max_ms
    );
    let _ = writeln!(
        out,
        "\nMachine reference ({} synthetic modules): {:.1} ms here, {:.1} ms on the catalogue's machine (scale {:.2});\nrun for run the import takes {:.3}× the reference.",
        reference_modules(family),
        reference.median_ms,
        catalogue_reference_ms,
        scale,
        r.ratio
    );
    let _ = writeln!(
        out,
        "Import weight on the catalogue's machine: {normalised_ms:.1} ms"
    );
    let _ = writeln!(out, "\nPaste into the profile ([package]); the INIT model scales it from the catalogue's machine to Lambda:\n");
    let _ = writeln!(
        out,
        "[package]\nsize_mb = {size_mb:.1}   # the folder unpacked: put the zip's size here\nmeasured_import_ms = {normalised_ms:.1}   # {}, {} runs, on the catalogue machine's scale",
        m.interpreter,
        m.runs
    );
    super::output::write_atomic(&PathBuf::from("-"), &out)
}
