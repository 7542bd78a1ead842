//! `coldcost coldstarts PROFILE...`: how many cold starts a profile's traffic makes, and how that was worked out —
//! the simulator or the analytic estimator, concurrency, environments, throttles, and a typical day hour by hour.

use super::common::{load_profiles, OutputArgs};
use super::compare::sample_profiles;
use clap::Args as ClapArgs;
use coldcost::report::ColdstartsReport;
use std::path::PathBuf;

/// Arguments of `coldstarts`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost coldstarts samples/shapes/bursty.toml\n  coldcost coldstarts samples/shapes/*.toml      steady, business hours and bursts side by side\n  coldcost coldstarts --sample http-api --format json\n\nA profile's traffic.cold_start_rate is shown beside the model's answer, not used."
)]
pub struct Args {
    /// Profile TOML files (`-` = stdin). None: the built-in sample pair (see --sample).
    #[arg(value_name = "PROFILE")]
    profiles: Vec<PathBuf>,
    /// Built-in sample pair when no files are given: http-api, sdk-worker, data-job, cron, io-service.
    #[arg(long, default_value = "http-api")]
    sample: String,
    /// Formats: table, json (schema `coldcost.coldstarts/1`).
    #[command(flatten)]
    out: OutputArgs,
    /// Seed of the simulator's random draws.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Runs `coldstarts`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.out.format_for::<ColdstartsReport>()?;
    a.out.guard(&a.profiles)?;
    let profiles = if a.profiles.is_empty() {
        sample_profiles(&a.sample)?
    } else {
        load_profiles(&a.profiles)?
    };
    // On Lambda Managed Instances requests see no cold start: show the same function on demand, named so.
    let profiles: Vec<_> = profiles
        .into_iter()
        .map(|mut p| {
            if p.managed_instances.take().is_some() {
                p.name = format!(
                    "{} {} (on Lambda Managed Instances: no cold starts)",
                    p.name,
                    coldcost::decide::managed::ON_DEMAND
                );
            }
            p
        })
        .collect();
    a.out
        .write(&ColdstartsReport::build(&profiles, a.seed)?, format)
}
