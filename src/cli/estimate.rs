//! `coldcost estimate PROFILE...`: one account's functions, pooled.

use super::common::Common;
use clap::Args as ClapArgs;
use coldcost::report::{Format, Report};
use std::path::PathBuf;

/// Arguments of `estimate`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost estimate samples/http-api-python.toml\n  coldcost estimate samples/*-python.toml --format markdown --output budget.md\n  coldcost estimate samples/http-api-python.toml --as-of 2025-07-31   pre-INIT-billing rules\n  coldcost estimate samples/cron-node.toml --format json --draws 0     no uncertainty bands\n  coldcost estimate samples/http-api-node.toml --region eu-west-1 --arch arm64"
)]
pub struct Args {
    /// Profile TOML files (`-` = stdin). All are billed as one account.
    #[arg(required = true, value_name = "PROFILE")]
    profiles: Vec<PathBuf>,
    #[command(flatten)]
    common: Common,
}

/// Runs `estimate`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.common.out.format_for::<Report>()?;
    a.common.out.guard(&a.common.inputs(a.profiles.clone()))?;
    let profiles = a.common.adjust(a.common.load(&a.profiles)?)?;
    let report = a.common.estimate(
        "estimate",
        &profiles,
        true,
        matches!(format, Format::Svg | Format::Html),
        false,
    )?;
    a.common.out.write(&report, format)
}
