//! `coldcost profiles PATH --output DIR`: a repository's (or one template's) functions written as commented
//! profiles, one file each, every value with where it came from.

use super::common::project_defaults;
use super::output::{guard_output, write_atomic};
use clap::Args as ClapArgs;
use coldcost::project::read_project;
use std::path::PathBuf;

/// Arguments of `profiles`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost profiles . --output profiles/\n  coldcost profiles backend/template.yaml -o profiles/ --invocations 5e6\n  coldcost profiles . -o profiles/ --traffic traffic.toml   per-function volumes, handler times\n  coldcost profiles . -o profiles/ --measure-installed     also time installed packages (runs them)\n  coldcost estimate profiles/*.toml          then edit the assumptions and estimate\n\nRead today: AWS SAM and CloudFormation templates (YAML or JSON), CDK's cdk.out/*.template.json, and Serverless Framework services (serverless.yml, serverless-compose.yml)."
)]
pub struct Args {
    /// A project folder, or one template file.
    path: PathBuf,
    /// The folder to write one `<function>.toml` per function into (created if missing).
    #[arg(long, short = 'o', value_name = "DIR")]
    output: PathBuf,
    /// Invocations a month to write for every function (templates carry no traffic).
    #[arg(long, value_name = "N", value_parser = super::volume::parse_volume)]
    invocations: Option<u64>,
    /// Per-function traffic and handler time: a TOML overlay (`[default]`, `[function.NAME]` with
    /// monthly_invocations, pattern, duration_ms, duration_p95_ms).
    #[arg(long, value_name = "FILE")]
    traffic: Option<PathBuf>,
    /// Region for every function (overrides samconfig.toml).
    #[arg(long)]
    region: Option<String>,
    /// Replace existing profile files.
    #[arg(long)]
    force: bool,
    /// Also time the import of each installed package (a virtualenv, node_modules) that the import catalogue
    /// lacks, with the real interpreter, 5 runs beside a reference package. THIS EXECUTES THOSE PACKAGES' IMPORT
    /// CODE, contained as `coldcost measure` contains it (process group, 60 s limit, scratch folder). Without it
    /// they are only read, never run.
    #[arg(long)]
    measure_installed: bool,
}

/// A file name for a function: its name with anything but letters, digits, `-` and `_` replaced.
fn file_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    if s.is_empty() {
        s.push_str("function");
    }
    s + ".toml"
}

/// Runs `profiles`.
pub fn run(a: Args) -> anyhow::Result<()> {
    let project = read_project(&a.path, a.region.as_deref())?;
    let mut defaults = project_defaults(a.traffic.as_deref())?;
    if let Some(n) = a.invocations {
        defaults.monthly_invocations = n;
        defaults.invocations_source = "--invocations".into();
    }
    if a.measure_installed {
        coldcost::init::kill_children_on_interrupt()?;
        defaults.measure_installed = true;
    }
    let profiles = project.profiles(&defaults)?;
    std::fs::create_dir_all(&a.output).map_err(|source| coldcost::Error::Io {
        path: a.output.clone(),
        source,
    })?;
    let targets: Vec<(PathBuf, &String)> = profiles
        .iter()
        .map(|(p, text)| (a.output.join(file_name(&p.name)), text))
        .collect();
    // Check every target before writing any.
    for (path, _) in &targets {
        let inputs: Vec<PathBuf> = std::iter::once(a.path.clone())
            .chain(a.traffic.clone())
            .collect();
        guard_output(path, a.force, &inputs, "--output")?;
    }
    for (path, text) in &targets {
        write_atomic(path, text)?;
    }
    for (name, why) in &project.skipped {
        eprintln!("left out {name}: {why}");
    }
    for n in &project.notes {
        eprintln!("note: {n}");
    }
    eprintln!(
        "wrote {} profiles to {} (from {})",
        targets.len(),
        a.output.display(),
        project.files.join(", ")
    );
    Ok(())
}
