//! `coldcost sweep PROFILE --memory 128..3008[:STEP] | --invocations LIST | --arch both`: the bill across settings
//! and the cheapest one.

use super::common::{ArchChoice, Common};
use super::output::UsageError;
use super::progress::{CountingModel, Progress};
use clap::Args as ClapArgs;
use coldcost::coldstart::PoolModel;
use coldcost::decide::sweep::{sweep, Axis};
use coldcost::init::CatalogInit;
use coldcost::report::{Basis, SweepReport};
use coldcost::Models;
use std::path::PathBuf;

/// Arguments of `sweep`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost sweep samples/http-api-python.toml --memory 128..3008:64\n  coldcost sweep samples/http-api-python.toml --invocations 1e5,1e6,10M,1B\n  coldcost sweep samples/data-job-python.toml --arch both\n  coldcost sweep samples/http-api-node.toml --memory 256..2048:128 -f svg -o memory.svg"
)]
pub struct Args {
    /// The profile (`-` = stdin).
    profile: PathBuf,
    /// Memory sizes: FROM..TO[:STEP] in MB (default step 64), or a comma list.
    #[arg(long, value_name = "RANGE", conflicts_with = "invocations")]
    memory: Option<String>,
    /// Monthly volumes, comma-separated: 1e6, 1_000_000, 1M, 1.5B (one number grouped in thousands, 2,000,000, is
    /// one volume).
    #[arg(long, value_name = "LIST", value_parser = super::volume::parse_volumes)]
    invocations: Option<super::volume::Volumes>,
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
            usage_bail!("--memory: {v} MB is outside 128–10,240 MB");
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
            usage_bail!(
                "--memory: expected FROM..TO[:STEP] with FROM ≤ TO and STEP > 0, got `{s}`"
            );
        }
        let v: Vec<u32> = (a..=b).step_by(step as usize).collect();
        if v.len() > 2000 {
            usage_bail!("--memory: {} sizes is too many (at most 2,000)", v.len());
        }
        Ok(v)
    } else {
        s.split(',').map(num).collect()
    }
}

/// Runs `sweep`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.common.out.format_for::<SweepReport>()?;
    a.common
        .out
        .guard(&a.common.inputs(vec![a.profile.clone()]))?;
    let p = a.common.load_one(&a.profile)?;
    // `--arch both` is itself a sweep; one architecture puts the profile on it, as in every command.
    let both = a.common.arch == Some(ArchChoice::Both);
    let p = a.common.adjust_with(vec![p], both)?.remove(0);
    let axis = match (&a.memory, &a.invocations, both) {
        (Some(_), _, true) | (_, Some(_), true) => {
            return Err(UsageError(
                "--arch both is a sweep of its own: give it alone, or --arch x86_64|arm64 with --memory or --invocations".into(),
            )
            .into())
        }
        (Some(m), _, _) => Axis::Memory(parse_memory(m)?),
        (_, Some(v), _) => Axis::Invocations(v.0.clone()),
        (None, None, true) => Axis::Architecture,
        (None, None, false) => {
            usage_bail!("say what to sweep: --memory FROM..TO[:STEP], --invocations LIST or --arch both")
        }
    };
    let book = a.common.price_book()?;
    let settings = match &axis {
        Axis::Memory(m) => m.len(),
        Axis::Invocations(v) => v.len(),
        _ => coldcost::Architecture::ALL.len(),
    };
    let progress = Progress::new(
        Some(settings as u64),
        "sweep [{wide_bar}] {pos}/{len} settings ({eta} left)",
    );
    // Many settings: a coarser simulation (10⁶ requests) where the traffic is simulated.
    let models = Models {
        init: Box::new(CatalogInit::embedded()?),
        coldstart: Box::new(CountingModel::new(
            Box::new(PoolModel { sim_budget: 1e6 }),
            progress.bar().clone(),
        )),
    };
    let options = a.common.options(false);
    let s = sweep(&p, &axis, &book, &models, options)?;
    drop(progress);
    let mut assumptions = vec![
        "each setting is billed as its own account, with its own free tier",
        "cold starts come from a coarser simulation (10⁶ requests) where traffic is simulated",
    ];
    if matches!(axis, Axis::Memory(_)) {
        assumptions.push("at another memory size the handler time scales by the profile's CPU-bound share (one vCPU per 1,769 MB); INIT stays as measured");
    }
    let basis = Basis::new(&book, &p.region, options.as_of, &assumptions);
    a.common.out.write(&SweepReport::new(s, basis), format)
}
