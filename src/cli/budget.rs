//! `coldcost budget FILE.toml`: many functions in one account — each a profile file with optional overrides —
//! billed with the free tier and tiers pooled, listed by cost.

use super::common::Common;
use anyhow::{bail, Context};
use clap::Args as ClapArgs;
use coldcost::report::BudgetReport;
use coldcost::Profile;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Arguments of `budget`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost budget samples/budget.toml\n  coldcost budget samples/budget.toml --format markdown --output budget.md\n  coldcost budget samples/budget.toml --format json --as-of 2025-07-31\n\nA budget file (samples/budget.toml is one):\n  name = \"payments account\"\n  [[function]]\n  profile = \"orders-api.toml\"     # relative to the budget file\n  monthly_invocations = \"12M\"     # optional overrides: name, monthly_invocations, memory_mb, region\n  [[function]]\n  profile = \"nightly-report.toml\""
)]
pub struct Args {
    /// The budget file.
    file: PathBuf,
    #[command(flatten)]
    common: Common,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BudgetFile {
    name: Option<String>,
    #[serde(rename = "function", default)]
    functions: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    profile: String,
    name: Option<String>,
    /// A volume as in a profile: an integer or a string such as "30M".
    monthly_invocations: Option<toml::Spanned<toml::Value>>,
    memory_mb: Option<u32>,
    region: Option<String>,
}

fn load(file: &Path, common: &Common) -> anyhow::Result<(String, Vec<Profile>, Vec<PathBuf>)> {
    let origin = file.display().to_string();
    let text = super::output::read_text(file)?;
    let b: BudgetFile = toml::from_str(&text).map_err(|e| coldcost::Error::Syntax {
        at: coldcost::Location {
            file: origin.clone(),
            line: e.span().map(|s| coldcost::line_of(&text, s.start)),
        },
        message: e.message().to_string(),
    })?;
    if b.functions.is_empty() {
        bail!("{origin}: no [[function]] entries");
    }
    let base = file.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    let mut files = Vec::new();
    for (i, f) in b.functions.iter().enumerate() {
        let path = base.join(&f.profile);
        files.push(path.clone());
        // A project folder or template stands for all its functions (with --traffic); a file is one profile.
        let read: Vec<Profile> = if coldcost::project::is_project(&path) {
            let all = common.load(std::slice::from_ref(&path)).with_context(|| {
                format!("{origin}: function {} (profile = \"{}\")", i + 1, f.profile)
            })?;
            if f.name.is_some() && all.len() > 1 {
                bail!(
                    "{origin}: function {}: `name` renames one function, and {} holds {}: leave `name` out",
                    i + 1,
                    f.profile,
                    all.len()
                );
            }
            all
        } else {
            let ptext = super::output::read_text(&path).with_context(|| {
                format!("{origin}: function {} (profile = \"{}\")", i + 1, f.profile)
            })?;
            vec![Profile::from_toml(&ptext, &path.display().to_string())?]
        };
        // The override's volume, read as a profile's is; an error names the budget file's line.
        let volume = f
            .monthly_invocations
            .as_ref()
            .map(|v| {
                let at = coldcost::Location {
                    file: origin.clone(),
                    line: Some(coldcost::line_of(&text, v.span().start)),
                };
                coldcost::profile::volume_from_toml(
                    v.get_ref(),
                    &at,
                    "function.monthly_invocations",
                )
            })
            .transpose()?;
        for p in read {
            out.push(apply(p, f, volume, &origin, i)?);
        }
    }
    let mut names: Vec<&str> = out.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        bail!(
            "{origin}: two functions are named `{}`: give one a `name`",
            w[0]
        );
    }
    Ok((b.name.unwrap_or_else(|| origin.clone()), out, files))
}

/// The budget entry's overrides applied to one of its profiles.
fn apply(
    mut p: Profile,
    f: &Entry,
    volume: Option<u64>,
    origin: &str,
    i: usize,
) -> anyhow::Result<Profile> {
    if let Some(n) = &f.name {
        p.name = n.clone();
    }
    if let Some(v) = volume {
        p.traffic.monthly_invocations = v;
        p.traffic.monthly_invocations_stated = true;
    }
    if let Some(m) = f.memory_mb {
        if !(128..=10_240).contains(&m) {
            bail!("{origin}: function {}: field `memory_mb` = {m}: expected an integer from 128 to 10240", i + 1);
        }
        p = coldcost::decide::sweep::at_memory(&p, m);
        if let Some(n) = &f.name {
            p.name = n.clone();
        }
    }
    if let Some(r) = &f.region {
        p.region = r.clone();
    }
    Ok(p)
}

/// Runs `budget`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let format = a.common.out.format_for::<BudgetReport>()?;
    a.common.out.guard(&a.common.inputs(vec![a.file.clone()]))?;
    let (name, profiles, files) = load(&a.file, &a.common)?;
    // The profiles the budget names are inputs too.
    a.common.out.guard(&files)?;
    let profiles = a.common.adjust(a.common.check(profiles)?)?;
    let report = a.common.estimate("budget", &profiles, true, false, false)?;
    a.common.out.write(&BudgetReport { name, report }, format)
}
