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
}

/// Runs a catalogue command.
pub fn run(c: Command) -> anyhow::Result<()> {
    match c {
        Command::Runtimes { file } => {
            let text = super::output::read_text(&file)?;
            let toml = coldcost::init::derive_from_lambda_perf(&text, &file.display().to_string())?;
            super::output::write_text(&PathBuf::from("-"), &toml)
        }
    }
}
