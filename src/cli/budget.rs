//! `coldcost budget FILE.toml`: many functions in one account — each a profile file with optional overrides —
//! billed with the free tier and tiers pooled, listed by cost.

use super::common::{Common, FormatArg};
use anyhow::{bail, Context};
use clap::Args as ClapArgs;
use coldcost::report::{self, Format, Report};
use coldcost::{estimate, group_thousands, Date, Models, Profile, RunOptions};
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `budget`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Example budget file:\n  name = \"payments account\"\n  [[function]]\n  profile = \"orders-api.toml\"      # relative to the budget file\n  monthly_invocations = 12_000_000  # optional overrides: name, monthly_invocations, memory_mb, region\n  [[function]]\n  profile = \"nightly-report.toml\"\n\nRun: coldcost budget account.toml --format markdown --output budget.md"
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
    monthly_invocations: Option<u64>,
    memory_mb: Option<u32>,
    region: Option<String>,
}

fn load(file: &Path) -> anyhow::Result<(String, Vec<Profile>)> {
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
    for (i, f) in b.functions.iter().enumerate() {
        let path = base.join(&f.profile);
        let ptext = super::output::read_text(&path).with_context(|| {
            format!("{origin}: function {} (profile = \"{}\")", i + 1, f.profile)
        })?;
        let mut p = Profile::from_toml(&ptext, &path.display().to_string())?;
        if let Some(n) = &f.name {
            p.name = n.clone();
        }
        if let Some(v) = f.monthly_invocations {
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
        out.push(p);
    }
    let mut names: Vec<&str> = out.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        bail!(
            "{origin}: two functions are named `{}`: give one a `name`",
            w[0]
        );
    }
    Ok((b.name.unwrap_or_else(|| origin.clone()), out))
}

fn by_cost(r: &Report) -> Vec<&report::ProfileReport> {
    let mut v: Vec<&report::ProfileReport> = r.profiles.iter().collect();
    v.sort_by(|a, b| b.total_usd.cmp(&a.total_usd).then(a.name.cmp(&b.name)));
    v
}

/// Left-aligned columns of the budget table: function, runtime, region.
const LEFT: &[usize] = &[0, 1, 3];

fn render(name: &str, r: &Report, md: bool) -> String {
    let mut t = String::new();
    let head = [
        "function",
        "runtime",
        "memory",
        "region",
        "invocations",
        "cold starts",
        "INIT",
        "total",
    ];
    let rows: Vec<Vec<String>> = by_cost(r)
        .into_iter()
        .map(|p| {
            vec![
                p.name.clone(),
                format!("{} {}", p.runtime, p.architecture),
                format!("{} MB", p.memory_mb),
                p.region.clone(),
                group_thousands(i128::from(p.invocations)),
                group_thousands(i128::from(p.cold_starts)),
                p.init_usd.to_string(),
                p.total_usd.to_string(),
            ]
        })
        .collect();
    if md {
        let _ = writeln!(t, "# Budget: {name}\n");
        t += &super::output::grid(&head, &rows, LEFT, true);
        let _ = writeln!(t, "| **total** | | | | | | | **{}** |\n", r.total_usd);
        let _ = writeln!(
            t,
            "## Account lines\n\n| item | quantity | unit | cost |\n|---|---:|---:|---:|"
        );
        for l in &r.account_lines {
            let _ = writeln!(
                t,
                "| {} | {:.2} | {} | {} |",
                l.item, l.quantity, l.unit, l.cost
            );
        }
        let _ = writeln!(t, "\n## Assumptions\n");
        for a in &r.assumptions {
            let _ = writeln!(t, "- {a}");
        }
        let _ = writeln!(
            t,
            "- prices: {} ({}, as of {}); billing rules as of {}",
            r.pricing.origin, r.pricing.source, r.pricing.as_of, r.rules_as_of
        );
    } else {
        let _ = writeln!(t, "Budget: {name}\n");
        t += &super::output::grid(&head, &rows, LEFT, false);
        let _ = writeln!(
            t,
            "\nAccount total: {} / month (free tier and tiers pooled across the {} functions).",
            r.total_usd,
            r.profiles.len()
        );
        let _ = writeln!(
            t,
            "Prices: {} (as of {}); billing rules as of {}.",
            r.pricing.origin, r.pricing.as_of, r.rules_as_of
        );
    }
    t
}

/// Runs `budget`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let (name, profiles) = load(&a.file)?;
    let profiles = a.common.adjust(profiles);
    let book = a.common.price_book()?;
    let models = Models::builtin()?;
    let options = RunOptions {
        as_of: a.common.as_of.unwrap_or_else(Date::today_utc),
        free_tier: !a.common.no_free_tier,
        pooled: true,
        seed: a.common.seed,
    };
    let run = estimate::run(&profiles, &book, &models, options)?;
    let rep = report::build("budget", &run, &book);
    let text = match a.common.format {
        FormatArg::Table => render(&name, &rep, false),
        FormatArg::Markdown => render(&name, &rep, true),
        other => Format::from(other).renderer().render(&rep),
    };
    super::output::write_text(&a.common.output, &text)
}
