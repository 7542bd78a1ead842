//! The command line: argument parsing and one file per subcommand. Only this module knows about clap.

/// Returns a usage error (exit 2, "error: …" and a pointer to `--help`) with a formatted message: what a flag's
/// value or a missing choice of flags is, as against what a file holds (exit 1).
macro_rules! usage_bail {
    ($($t:tt)*) => {
        return Err($crate::cli::UsageError(format!($($t)*)).into())
    };
}

mod budget;
mod catalog;
mod coldstarts;
mod common;
mod compare;
mod estimate;
mod generate;
mod ingest;
mod measure;
mod output;
mod pricing;
mod profiles;
mod progress;
mod query;
mod remedies;
mod shell;
mod simulate;
mod sweep;
mod volume;

use clap::{Parser, Subcommand};

pub use output::{is_broken_pipe, UsageError};

/// What an AWS Lambda function costs per month, including its cold starts.
#[derive(Parser, Debug)]
#[command(name = "coldcost", version, about, long_about = None, after_help = "Examples:\n  coldcost compare                     the built-in Node.js vs Python sample pair\n  coldcost compare --sample data-job   a pandas job vs its Node.js counterpart\n  coldcost estimate samples/*-python.toml --format markdown --output estimate.md\n  coldcost estimate samples/http-api-node.toml --as-of 2025-07-31   before INIT was billed\n  coldcost budget samples/budget.toml  an account of functions, listed by cost\n  coldcost help sweep                  every command's help ends with examples")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Estimate the monthly bill of one account's functions (free tier and tiers pooled across them).
    Estimate(estimate::Args),
    /// Compare deployment profiles side by side (each billed as an alternative); no files: a built-in pair.
    Compare(compare::Args),
    /// Many functions in one account (a budget file of profiles), pooled, listed by cost.
    Budget(budget::Args),
    /// One profile's bill across memory sizes, volumes or architectures, and the cheapest setting.
    Sweep(sweep::Args),
    /// What provisioned concurrency, SnapStart or a lighter package would cost against the INIT they remove.
    Remedies(remedies::Args),
    /// Cold starts of a profile's traffic in detail: simulator or analytic answer, concurrency, a typical day.
    Coldstarts(coldstarts::Args),
    /// Simulate one steady scenario of the environment pool (research cases, side-by-side runs with SimFaaS).
    Simulate(simulate::Args),
    /// Measure the import weight of a package directory with the real interpreter (python3 or node).
    Measure(measure::Args),
    /// Read REPORT logs, Logs Insights exports, Cost and Usage Reports or usage CSVs: observed costs, reconciliation, calibration.
    Ingest(ingest::Args),
    /// Write a repository's functions (SAM, CloudFormation, CDK output) as commented profiles, one file each.
    Profiles(profiles::Args),
    /// Write synthetic exports with known parameters (samples, tests, benchmark files).
    Generate(generate::Args),
    /// Print the query to run where the data lives (Logs Insights; Athena over a CUR 2.0 or FOCUS table); `ingest` reads its CSV result.
    #[command(
        subcommand,
        after_help = "Examples:\n  coldcost query insights\n  coldcost query athena --table cid_data_export.cur2 --period 2026-11"
    )]
    Query(query::Command),
    /// Maintain the model catalogues.
    #[command(
        subcommand,
        after_help = "Examples:\n  coldcost catalog calibration\n  coldcost catalog runtimes catalog/lambda-perf/last.json"
    )]
    Catalog(catalog::Command),
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command with --dir.
    Man(shell::ManArgs),
    /// The price book: show the one in use, or build one from the AWS Price List bulk offer files.
    #[command(
        subcommand,
        after_help = "Examples:\n  coldcost pricing show --region eu-west-1\n  coldcost pricing import AWSLambda.json.gz -o lambda-prices.toml"
    )]
    Pricing(pricing::Command),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Estimate(a) => estimate::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Measure(a) => measure::run(a),
        Command::Coldstarts(a) => coldstarts::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Budget(a) => budget::run(a),
        Command::Remedies(a) => remedies::run(a),
        Command::Simulate(a) => simulate::run(a),
        Command::Catalog(c) => catalog::run(c),
        Command::Ingest(a) => ingest::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Profiles(a) => profiles::run(a),
        Command::Query(c) => query::run(c),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
        Command::Pricing(c) => pricing::run(c),
    }
}
