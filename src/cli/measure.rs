//! `coldcost measure DIR --runtime R --handler MODULE`: import weight of the user's own package, measured with the
//! real interpreter, and a ready `[package]` snippet.

use super::common::OutputArgs;
use clap::Args as ClapArgs;
use coldcost::init::MeasureOptions;
use coldcost::report::MeasureReport;
use coldcost::Runtime;
use std::path::PathBuf;

const AFTER_HELP: &str = concat!(
    "This executes the package's import code (the handler module and everything it imports) on this machine, ",
    "as you: measure only code you would run. Each run is contained: it leads its own process group, killed ",
    "whole when the run ends, passes --timeout, or coldcost is interrupted (so a daemon the import starts does ",
    "not survive); it gets no stdin; 1 MiB of its stdout and of its stderr is kept; and it runs in an empty ",
    "scratch working directory, removed afterwards (an import that opens files relative to the working directory ",
    "fails here, whereas on Lambda that directory is the package).\n\n",
    "Each run's wall time and CPU time are reported. The figure (measured_import_ms) rests on wall time when the ",
    "machine is quiet, and on CPU time when it is busy: when the synthetic reference, which only computes, takes ",
    "over 1.10x its CPU time in wall time. The report says which, and why.\n\n",
    "Examples:\n",
    "  coldcost measure ./build --runtime python3.12 --handler app\n",
    "  coldcost measure ./dist --runtime nodejs22.x --handler ./index.js --runs 10 --timeout 120",
);

/// Arguments of `measure`.
#[derive(ClapArgs, Debug)]
#[command(after_help = AFTER_HELP)]
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
    /// Time limit of each run (one fresh process), seconds; past it the run's whole process group is killed and
    /// measure fails.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=86_400))]
    timeout: u32,
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
    coldcost::init::kill_children_on_interrupt()?;
    let opts = MeasureOptions {
        runs: usize::from(a.runs),
        interpreter: a.interpreter.clone(),
        warm_up: true,
        timeout: std::time::Duration::from_secs(u64::from(a.timeout)),
    };
    let report = MeasureReport::measure(&a.dir, a.runtime, &a.handler, &opts);
    // Interrupted: the runs stopped and cleaned up; end as the signal would have.
    coldcost::init::end_if_interrupted();
    a.out.write(&report?, format)
}
