//! `coldcost sweep PROFILE --memory 128..3008[:STEP] | --invocations LIST | --arch both`: the bill across settings
//! and the cheapest one.

use super::common::{load_profiles, Common, FormatArg};
use anyhow::bail;
use clap::Args as ClapArgs;
use coldcost::coldstart::PoolModel;
use coldcost::decide::sweep::{sweep, Axis, Sweep};
use coldcost::init::CatalogInit;
use coldcost::{group_thousands, Date, Models, RunOptions};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `sweep`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost sweep api.toml --memory 128..3008:64\n  coldcost sweep api.toml --invocations 1e5,1e6,1e7,1e8\n  coldcost sweep api.toml --arch both\n  coldcost sweep api.toml --memory 256..2048:128 --format svg --output memory.svg"
)]
pub struct Args {
    /// The profile (`-` = stdin).
    profile: PathBuf,
    /// Memory sizes: FROM..TO[:STEP] in MB (default step 64), or a comma list.
    #[arg(long, value_name = "RANGE", conflicts_with_all = ["invocations", "arch"])]
    memory: Option<String>,
    /// Monthly volumes, comma-separated (1e6 and 1_000_000 both work).
    #[arg(long, value_name = "LIST", conflicts_with = "arch")]
    invocations: Option<String>,
    /// `both`: x86_64 and arm64 side by side.
    #[arg(long, value_name = "both")]
    arch: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// Parses `128..3008:64` or `128,512,1024` into memory sizes.
pub fn parse_memory(s: &str) -> anyhow::Result<Vec<u32>> {
    let num = |x: &str| -> anyhow::Result<u32> {
        let v: u32 = x
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|_| anyhow::anyhow!("--memory: `{x}` is not a whole number of MB"))?;
        if !(128..=10_240).contains(&v) {
            bail!("--memory: {v} MB is outside 128–10,240 MB");
        }
        Ok(v)
    };
    if let Some((a, rest)) = s.split_once("..") {
        let (b, step) = match rest.split_once(':') {
            Some((b, st)) => (
                b,
                st.trim()
                    .parse::<u32>()
                    .map_err(|_| anyhow::anyhow!("--memory: step `{st}` is not a whole number"))?,
            ),
            None => (rest, 64),
        };
        let (a, b) = (num(a)?, num(b)?);
        if step == 0 || b < a {
            bail!("--memory: expected FROM..TO[:STEP] with FROM ≤ TO and STEP > 0, got `{s}`");
        }
        let v: Vec<u32> = (a..=b).step_by(step as usize).collect();
        if v.len() > 2000 {
            bail!("--memory: {} sizes is too many (at most 2,000)", v.len());
        }
        Ok(v)
    } else {
        s.split(',').map(num).collect()
    }
}

/// Parses `1e5,1_000_000` into volumes.
pub fn parse_volumes(s: &str) -> anyhow::Result<Vec<u64>> {
    s.split(',')
        .map(|x| {
            let t = x.trim().replace('_', "");
            let v: f64 = t
                .parse()
                .map_err(|_| anyhow::anyhow!("--invocations: `{x}` is not a number"))?;
            if !(v.is_finite() && (0.0..=1e13).contains(&v)) {
                bail!("--invocations: {v} is outside 0–10¹³");
            }
            Ok(v.round() as u64)
        })
        .collect()
}

fn render_table(s: &Sweep) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — monthly bill by {}\n", s.profile, s.axis);
    let _ = writeln!(
        out,
        "{:<16} {:>14} {:>12} {:>12} {:>10} {:>12}",
        s.axis, "invocations", "handler ms", "cold starts", "INIT", "total"
    );
    for (i, p) in s.points.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:<16} {:>14} {:>12.1} {:>12} {:>10} {:>12}{}",
            p.setting,
            group_thousands(i128::from(p.invocations)),
            p.handler_mean_ms,
            group_thousands(i128::from(p.cold_starts)),
            p.init_usd.to_string(),
            p.total_usd.to_string(),
            if i == s.cheapest {
                "  ← cheapest"
            } else {
                ""
            }
        );
    }
    out
}

/// Runs `sweep`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let mut profiles = load_profiles(std::slice::from_ref(&a.profile))?;
    let p = a.common.adjust(std::mem::take(&mut profiles)).remove(0);
    let axis = match (&a.memory, &a.invocations, &a.arch) {
        (Some(m), _, _) => Axis::Memory(parse_memory(m)?),
        (_, Some(v), _) => Axis::Invocations(parse_volumes(v)?),
        (_, _, Some(x)) if x == "both" => Axis::Architecture,
        (_, _, Some(x)) => bail!("--arch: expected `both`, got `{x}`"),
        _ => {
            bail!("say what to sweep: --memory FROM..TO[:STEP], --invocations LIST or --arch both")
        }
    };
    let book = a.common.price_book()?;
    // Many settings: a coarser simulation (10⁶ requests) where the traffic is simulated.
    let models = Models {
        init: Box::new(CatalogInit::embedded()?),
        coldstart: Box::new(PoolModel { sim_budget: 1e6 }),
    };
    let options = RunOptions {
        as_of: a.common.as_of.unwrap_or_else(Date::today_utc),
        free_tier: !a.common.no_free_tier,
        pooled: false,
        seed: a.common.seed,
    };
    let s = sweep(&p, &axis, &book, &models, options)?;
    let text = match a.common.format {
        FormatArg::Svg => coldcost::report::sweep_svg(&s),
        FormatArg::Json => {
            let mut t = serde_json::to_string_pretty(
                &serde_json::json!({"schema": "coldcost.sweep/1", "sweep": s}),
            )?;
            t.push('\n');
            t
        }
        FormatArg::Csv => {
            let mut t = String::from("setting,memory_mb,architecture,invocations,handler_mean_ms,cold_starts,init_usd,total_usd,cheapest\n");
            for (i, x) in s.points.iter().enumerate() {
                let _ = writeln!(
                    t,
                    "{},{},{},{},{:.3},{},{:.2},{:.2},{}",
                    coldcost::report::csv_field(&x.setting),
                    x.memory_mb,
                    x.architecture,
                    x.invocations,
                    x.handler_mean_ms,
                    x.cold_starts,
                    x.init_usd.usd_cents(),
                    x.total_usd.usd_cents(),
                    i == s.cheapest
                );
            }
            t
        }
        FormatArg::Markdown => {
            let mut t = format!("# Sweep: {} by {}\n\n| {} | invocations | handler ms | cold starts | INIT | total |\n|---|---:|---:|---:|---:|---:|\n", s.profile, s.axis, s.axis);
            for (i, x) in s.points.iter().enumerate() {
                let _ = writeln!(
                    t,
                    "| {}{} | {} | {:.1} | {} | {} | {} |",
                    x.setting,
                    if i == s.cheapest { " (cheapest)" } else { "" },
                    group_thousands(i128::from(x.invocations)),
                    x.handler_mean_ms,
                    group_thousands(i128::from(x.cold_starts)),
                    x.init_usd,
                    x.total_usd
                );
            }
            t
        }
        FormatArg::Table => render_table(&s),
    };
    super::output::write_text(&a.common.output, &text)
}
