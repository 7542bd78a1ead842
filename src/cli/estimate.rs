//! `coldcost estimate PROFILE...`: one account's functions, pooled.

use super::common::{load_profiles, Common};
use clap::Args as ClapArgs;
use std::path::PathBuf;

/// Arguments of `estimate`.
#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Profile TOML files (`-` = stdin). All are billed as one account.
    #[arg(required = true, value_name = "PROFILE")]
    profiles: Vec<PathBuf>,
    #[command(flatten)]
    common: Common,
}

/// Runs `estimate`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let profiles = a.common.adjust(load_profiles(&a.profiles)?);
    a.common.report("estimate", &profiles, true)
}
