//! `coldcost remedies PROFILE`: what provisioned concurrency, SnapStart or a lighter package would cost against the
//! INIT they remove, each with its monthly bill and break-even volume.

use super::common::{load_profiles, Common, FormatArg};
use clap::Args as ClapArgs;
use coldcost::decide::remedies::remedies;
use coldcost::{group_thousands, Date, Models, RunOptions};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `remedies`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost remedies api.toml\n  coldcost remedies samples/data-job-python.toml --format json"
)]
pub struct Args {
    /// The profile (`-` = stdin).
    profile: PathBuf,
    #[command(flatten)]
    common: Common,
}

/// Runs `remedies`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let p = a
        .common
        .adjust(load_profiles(std::slice::from_ref(&a.profile))?)
        .remove(0);
    let book = a.common.price_book()?;
    let models = Models::builtin()?;
    let options = RunOptions {
        as_of: a.common.as_of.unwrap_or_else(Date::today_utc),
        free_tier: !a.common.no_free_tier,
        pooled: false,
        seed: a.common.seed,
    };
    let rows = remedies(&p, &book, &models, options)?;
    let text = match a.common.format {
        FormatArg::Json => {
            let mut t = serde_json::to_string_pretty(
                &serde_json::json!({"schema": "coldcost.remedies/1", "profile": p.name, "remedies": rows}),
            )?;
            t.push('\n');
            t
        }
        _ => {
            let mut t = String::new();
            let md = matches!(a.common.format, FormatArg::Markdown);
            if md {
                let _ = writeln!(t, "# Remedies: {}\n\n| remedy | cold starts | INIT | remedy cost | total | vs as is | break-even |\n|---|---:|---:|---:|---:|---:|---|", p.name);
            }
            for r in &rows {
                let be = match (&r.not_applicable, &r.break_even) {
                    (Some(why), _) => format!("not available: {why}"),
                    (None, Some(b)) => b.summary.clone(),
                    (None, None) => String::new(),
                };
                let delta = if r.delta_usd.atto() < 0 {
                    format!("-{}", coldcost::Money::ZERO - r.delta_usd)
                } else {
                    format!("+{}", r.delta_usd)
                };
                if md {
                    let _ = writeln!(
                        t,
                        "| {} | {} | {} | {} | {} | {} | {} |",
                        r.name,
                        group_thousands(i128::from(r.cold_starts)),
                        r.init_usd,
                        r.remedy_usd,
                        r.total_usd,
                        delta,
                        be.replace('|', "\\|")
                    );
                } else {
                    let _ = writeln!(t, "{}", r.name);
                    if r.not_applicable.is_some() {
                        let _ = writeln!(t, "  {be}\n");
                        continue;
                    }
                    let _ = writeln!(
                        t,
                        "  cold starts {}, INIT {}, remedy {}, total {} ({delta} vs as is){}",
                        group_thousands(i128::from(r.cold_starts)),
                        r.init_usd,
                        r.remedy_usd,
                        r.total_usd,
                        if r.saves { " — saves money" } else { "" }
                    );
                    if !be.is_empty() {
                        let _ = writeln!(t, "  {be}");
                    }
                    t.push('\n');
                }
            }
            t
        }
    };
    super::output::write_text(&a.common.output, &text)
}
