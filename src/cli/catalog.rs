//! `coldcost catalog …`: regenerate the model catalogues from their data.

use clap::Subcommand;
use std::path::PathBuf;

/// Catalogue maintenance commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print catalog/runtimes.toml derived from a lambda-perf `last.json`.
    Runtimes {
        /// The lambda-perf file, e.g. catalog/lambda-perf/last.json.
        file: PathBuf,
    },
    /// Measure packages installed in DIR and print an import catalogue (catalog/imports-python.toml or -node.toml).
    /// This executes the packages' import code, contained as `measure` contains it (see `measure --help`).
    Imports {
        /// Runtime whose interpreter measures (python3.x → python3, nodejs → node).
        #[arg(long, value_parser = super::measure::parse_runtime)]
        runtime: coldcost::Runtime,
        /// Where the packages are installed (a site-packages folder, or a folder with node_modules).
        #[arg(long)]
        dir: PathBuf,
        /// Runs per package (median), each in a fresh process after one warm-up.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Interpreter instead of python3 / node from PATH (e.g. a venv's python).
        #[arg(long)]
        interpreter: Option<PathBuf>,
        /// Import names to measure.
        #[arg(required = true)]
        packages: Vec<String>,
    },
}

/// Runs a catalogue command.
pub fn run(c: Command) -> anyhow::Result<()> {
    match c {
        Command::Runtimes { file } => {
            let text = super::output::read_text(&file)?;
            let toml = coldcost::init::derive_from_lambda_perf(&text, &file.display().to_string())?;
            super::output::write_atomic(&PathBuf::from("-"), &toml)
        }
        Command::Imports {
            runtime,
            dir,
            runs,
            interpreter,
            packages,
        } => {
            coldcost::init::kill_children_on_interrupt()?;
            let opts = coldcost::init::MeasureOptions {
                runs: runs.max(1),
                interpreter,
                ..coldcost::init::MeasureOptions::new(runs.max(1))
            };
            let toml = coldcost::init::build_import_catalog(
                &dir,
                runtime,
                &packages,
                &opts,
                coldcost::Date::today_utc(),
            );
            coldcost::init::end_if_interrupted();
            super::output::write_atomic(&PathBuf::from("-"), &toml?)
        }
    }
}
