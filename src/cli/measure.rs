//! `coldcost measure DIR --runtime R --handler MODULE`: import weight of the user's own package, measured with the
//! real interpreter, and a ready `[package]` snippet.

use super::common::OutputArgs;
use clap::Args as ClapArgs;
use coldcost::init::MeasureOptions;
use coldcost::report::MeasureReport;
use coldcost::Runtime;
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
    /// Formats: table (a table and a `[package]` snippet), json (schema `coldcost.measure/1`).
    #[command(flatten)]
    out: OutputArgs,
}

pub fn parse_runtime(s: &str) -> Result<Runtime, String> {
    Runtime::parse(s).ok_or_else(|| format!("unknown runtime `{s}`; known: {}", Runtime::known()))
}

/// Runs `measure`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.out.format_for::<MeasureReport>()?;
    a.out.guard(&[])?;
    let opts = MeasureOptions {
        runs: usize::from(a.runs),
        interpreter: a.interpreter.clone(),
        warm_up: true,
    };
    a.out.write(
        &MeasureReport::measure(&a.dir, a.runtime, &a.handler, &opts)?,
        format,
    )
}
