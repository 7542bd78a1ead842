//! `coldcost remedies PROFILE`: what provisioned concurrency, SnapStart or a lighter package would cost against the
//! INIT they remove, each with its monthly bill and break-even volume.

use super::common::Common;
use super::progress::counted_estimates;
use clap::Args as ClapArgs;
use coldcost::decide::remedies::remedies;
use coldcost::report::{Basis, RemediesReport};
use std::path::PathBuf;

/// Arguments of `remedies`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost remedies samples/http-api-python.toml\n  coldcost remedies samples/data-job-python.toml --format json\n  coldcost remedies samples/breakeven/on-demand.toml --format markdown --output remedies.md\n\nFormats: table, markdown, csv, json."
)]
pub struct Args {
    /// The profile (`-` = stdin).
    profile: PathBuf,
    #[command(flatten)]
    common: Common,
}

/// Runs `remedies`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.common.out.format_for::<RemediesReport>()?;
    a.common
        .out
        .guard(&a.common.inputs(vec![a.profile.clone()]))?;
    let p = a.common.load_one(&a.profile)?;
    let p = a.common.adjust(vec![p])?.remove(0);
    let book = a.common.price_book()?;
    let options = a.common.options(false);
    let (progress, models) = counted_estimates("remedies")?;
    let rows = remedies(&p, &book, &models, options)?;
    drop(progress);
    let basis = Basis::new(
        &book,
        &p.region,
        options.as_of,
        &["the profile and each remedy are billed as their own account, with its own free tier"],
    );
    a.common
        .out
        .write(&RemediesReport::new(&p.name, rows, basis), format)
}
