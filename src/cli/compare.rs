//! `coldcost compare [PROFILE...]`: alternatives side by side; with no files, a built-in Node.js/Python pair.

use super::common::Common;
use clap::Args as ClapArgs;
use coldcost::report::{Format, Report};
use coldcost::{samples, Profile};
use std::path::PathBuf;

/// Arguments of `compare`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost compare                                  the built-in Node.js vs Python pair\n  coldcost compare --sample data-job                pandas job vs its Node.js counterpart\n  coldcost compare samples/io-service-node.toml samples/io-service-python.toml --invocations 30M\n  coldcost compare samples/cron-node.toml samples/cron-python.toml -f svg -o compare.svg"
)]
pub struct Args {
    /// Profile TOML files (`-` = stdin). None: the built-in sample pair (see --sample). A profile with
    /// `[managed_instances]` is shown twice: on demand and on Lambda Managed Instances.
    #[arg(value_name = "PROFILE")]
    profiles: Vec<PathBuf>,
    /// Built-in sample pair to compare when no files are given: http-api, sdk-worker, data-job, cron, io-service.
    #[arg(long, default_value = "http-api")]
    sample: String,
    /// Bill all profiles as one account (pooled free tier and tiers) instead of as alternatives.
    #[arg(long)]
    pooled: bool,
    /// Restate every profile at this many invocations a month (shapes and rates kept): 30000000, 30,000,000,
    /// 3e7, 30M, 1.5B.
    #[arg(long, value_name = "N", value_parser = super::volume::parse_volume)]
    invocations: Option<u64>,
    #[command(flatten)]
    common: Common,
}

/// The built-in sample pair `name` (Node.js first).
pub fn sample_profiles(name: &str) -> anyhow::Result<Vec<Profile>> {
    let Some(pair) = samples::pair(name) else {
        let known: Vec<&str> = samples::PAIRS.iter().map(|p| p.name).collect();
        usage_bail!(
            "unknown sample `{name}`; known samples: {}",
            known.join(", ")
        );
    };
    Ok(vec![
        Profile::from_toml(pair.node.1, pair.node.0)?,
        Profile::from_toml(pair.python.1, pair.python.0)?,
    ])
}

/// Runs `compare`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.common.out.format_for::<Report>()?;
    a.common.out.guard(&a.common.inputs(a.profiles.clone()))?;
    let profiles = if a.profiles.is_empty() {
        sample_profiles(&a.sample)?
    } else {
        a.common.load(&a.profiles)?
    };
    let profiles = a.common.adjust(profiles)?;
    // A Managed Instances profile is shown beside the same function on demand (and their break-even).
    let profiles = coldcost::decide::managed::with_on_demand(&profiles);
    let profiles = match a.invocations {
        Some(n) => coldcost::decide::restate(&profiles, n),
        None => profiles,
    };
    let report = a.common.estimate(
        "compare",
        &profiles,
        a.pooled,
        matches!(format, Format::Svg | Format::Html),
        profiles.len() >= 2,
    )?;
    a.common.out.write(&report, format)
}
