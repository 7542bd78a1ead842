//! `coldcost catalog …`: regenerate the model catalogues from their data.

use clap::Subcommand;
use std::path::PathBuf;

/// Catalogue maintenance commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print catalog/runtimes.toml derived from a lambda-perf `last.json`.
    #[command(
        after_help = "Examples:\n  coldcost catalog runtimes catalog/lambda-perf/last.json > catalog/runtimes.toml"
    )]
    Runtimes {
        /// The lambda-perf file, e.g. catalog/lambda-perf/last.json.
        file: PathBuf,
    },
    /// The local-to-Lambda calibration: every package measured both on Lambda (published, catalog/lambda-imports.toml)
    /// and locally (the import catalogues), the factor overall and per family, and its leave-one-out error.
    #[command(
        after_help = "Examples:\n  coldcost catalog calibration\n  coldcost catalog calibration --format json"
    )]
    Calibration {
        /// Output format: table or json.
        #[arg(long, short = 'f', default_value = "table", value_parser = ["table", "json"])]
        format: String,
    },
    /// Measure packages installed in DIR and print an import catalogue (catalog/imports-python.toml or -node.toml).
    /// This executes the packages' import code, contained as `measure` contains it (see `measure --help`).
    #[command(
        after_help = "Examples:\n  coldcost catalog imports --runtime python3.12 --dir .venv/lib/python3.12/site-packages boto3\n  coldcost catalog imports --runtime nodejs22.x --dir . --runs 10 @aws-sdk/client-s3"
    )]
    Imports {
        /// Runtime whose interpreter measures (python3.x → python3, nodejs → node).
        #[arg(long, value_parser = super::measure::parse_runtime)]
        runtime: coldcost::Runtime,
        /// Where the packages are installed (a site-packages folder, or a folder with node_modules).
        #[arg(long)]
        dir: PathBuf,
        /// Runs per package (median), each in a fresh process after one warm-up, 1–1000.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
        runs: u16,
        /// Interpreter instead of python3 / node from PATH (e.g. a venv's python).
        #[arg(long)]
        interpreter: Option<PathBuf>,
        /// Time limit of each run (one fresh process), seconds; past it the run's whole process group is killed and
        /// the catalogue is not written.
        #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=86_400))]
        timeout: u32,
        /// Import names to measure.
        #[arg(required = true)]
        packages: Vec<String>,
    },
    /// Read each package's dependency closure statically from DIR (nothing is run): its size in MB and its code
    /// files. With --into, write them as `closure_mb` and `closure_files` into that import catalogue's entries
    /// instead, changing nothing else in it.
    #[command(
        after_help = "Examples:\n  coldcost catalog footprint --runtime python3.12 --dir .venv/lib/python3.12/site-packages pandas\n  coldcost catalog footprint --runtime nodejs22.x --dir . --into catalog/imports-node.toml"
    )]
    Footprint {
        /// python3.x or nodejs…: which kind of environment DIR is.
        #[arg(long, value_parser = super::measure::parse_runtime)]
        runtime: coldcost::Runtime,
        /// A site-packages folder, or a node_modules folder or the folder that holds one.
        #[arg(long)]
        dir: PathBuf,
        /// An import catalogue (catalog/imports-*.toml) to annotate in place, every entry.
        #[arg(long, conflicts_with = "packages")]
        into: Option<PathBuf>,
        /// Distribution or import names (Python), package names (Node.js).
        #[arg(required_unless_present = "into")]
        packages: Vec<String>,
    },
}

/// Runs a catalogue command.
pub fn run(c: Command) -> anyhow::Result<()> {
    use std::fmt::Write as _;
    match c {
        Command::Calibration { format } => {
            let c = coldcost::init::Imports::embedded()?.calibration();
            let text = if format == "json" {
                serde_json::to_string_pretty(&c)? + "\n"
            } else {
                calibration_table(&c)
            };
            super::output::write_atomic(&PathBuf::from("-"), &text)
        }
        Command::Runtimes { file } => {
            let text = super::output::read_text(&file)?;
            let toml = coldcost::init::derive_from_lambda_perf(&text, &file.display().to_string())?;
            super::output::write_atomic(&PathBuf::from("-"), &toml)
        }
        Command::Footprint {
            runtime,
            dir,
            into,
            packages,
        } => {
            let env = coldcost::init::Environment::open(&dir, runtime.family())?;
            if let Some(file) = into {
                let text = super::output::read_text(&file)?;
                let out =
                    coldcost::init::annotate_catalog(&text, &file.display().to_string(), |n| {
                        env.footprint(n)
                    })?;
                for n in &out.notes {
                    eprintln!("note: {n}");
                }
                return super::output::write_atomic(&file, &out.text);
            }
            let mut t = format!(
                "{:<40} {:>12} {:>13} {:>6}  {}\n",
                "package", "closure MB", "closure files", "dists", "not installed"
            );
            for name in &packages {
                let _ = match env.footprint(name)? {
                    Some(f) => writeln!(
                        t,
                        "{:<40} {:>12.3} {:>13} {:>6}  {}",
                        name,
                        f.closure_mb,
                        f.closure_files,
                        f.dists.len(),
                        f.missing.join(", ")
                    ),
                    None => writeln!(
                        t,
                        "{name:<40} {:>12} {:>13} {:>6}  (not installed)",
                        "-", "-", "-"
                    ),
                };
            }
            super::output::write_atomic(&PathBuf::from("-"), &t)
        }
        Command::Imports {
            runtime,
            dir,
            runs,
            interpreter,
            timeout,
            packages,
        } => {
            coldcost::init::kill_children_on_interrupt()?;
            let opts = coldcost::init::MeasureOptions {
                interpreter,
                timeout: std::time::Duration::from_secs(u64::from(timeout)),
                ..coldcost::init::MeasureOptions::new(usize::from(runs))
            };
            let toml = coldcost::init::build_import_catalog(
                &dir,
                runtime,
                &packages,
                &opts,
                coldcost::Date::today_utc(),
            );
            coldcost::init::end_if_interrupted();
            super::output::write_atomic(&PathBuf::from("-"), &toml?)
        }
    }
}

/// The calibration as a table for people.
fn calibration_table(c: &coldcost::init::Calibration) -> String {
    use std::fmt::Write as _;
    let mut t = format!(
        "{} published on-Lambda measurements; {} pair with a local catalogue entry\n\n{:<8} {:<32} {:>9} {:>7} {:>9} {:>7} {:>9} {:>8}\n",
        c.measurements, c.pairs.len(), "family", "import", "Lambda ms", "MB", "local ms", "ratio", "LOO fac.", "LOO err"
    );
    for p in &c.pairs {
        let _ = writeln!(
            t,
            "{:<8} {:<32} {:>9.1} {:>7} {:>9.1} {:>7.2} {:>9.2} {:>7.2}×",
            p.family,
            coldcost::report::truncate(&p.name, 32),
            p.lambda_ms,
            p.memory_mb.map_or("-".to_string(), |m| m.to_string()),
            p.local_ms,
            p.ratio,
            p.loo_factor,
            p.loo_log_error.abs().exp()
        );
    }
    t.push('\n');
    for (name, f) in [
        ("all", &c.overall),
        ("python", &c.python),
        ("node", &c.node),
    ] {
        let _ = writeln!(
            t,
            "{name}: factor {:.2} over {} pairs, log-sd {:.2}; leave-one-out mean |log error| {:.2} (×{:.2})",
            f.factor,
            f.pairs,
            f.log_sd,
            f.loo_mean_abs_log_error,
            f.loo_mean_abs_log_error.exp()
        );
    }
    t.push_str("\nby memory size:");
    for (m, f) in &c.by_memory {
        let _ = write!(
            t,
            " {}: factor {:.2} over {} pairs;",
            m.map_or("not stated".to_string(), |m| format!("{m} MB")),
            f.factor,
            f.pairs
        );
    }
    for (name, lo, hi, r) in &c.memory_pairs {
        let _ = write!(t, " {name} took {r:.2}× as long at {lo} MB as at {hi} MB;");
    }
    t.push_str(if c.by_memory_supported {
        "\nenough pairs at two or more sizes to fit a factor by memory size.\n"
    } else {
        "\ntoo few pairs at any size but one to fit a factor by memory size (five or more at two sizes are needed): the model uses one factor.\n"
    });
    t
}
