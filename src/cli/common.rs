//! Flags shared by the commands that produce a report, loading of profiles and prices, and the one way a report
//! is rendered and written.

use super::output::{guard_output, write_atomic, UsageError};
use super::progress::counted_estimates;
use clap::{Args as ClapArgs, ValueEnum};
use coldcost::decide::bands::{Spreads, MAX_DRAWS};
use coldcost::project::{Overlay, ProjectDefaults};
use coldcost::report::{check, estimate_report, Document, Extras, Format, Report};
use coldcost::{Date, PriceBook, Profile, RunOptions};
use std::path::PathBuf;

/// Output format names.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Aligned table for the terminal.
    Table,
    /// Markdown for a budget review.
    Markdown,
    /// CSV with a header and data rows, amounts unrounded.
    Csv,
    /// JSON (versioned schema, see README), amounts unrounded.
    Json,
    /// SVG charts (estimate, compare: each bill by line item and against volume; budget: a bar per function;
    /// sweep: bill by setting; remedies: the remedies side by side).
    Svg,
    /// One self-contained HTML page for a budget review: summary, charts, line items, assumptions, prices with
    /// their sources and dates (estimate, compare, budget, sweep, remedies, ingest).
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Svg => Format::Svg,
            FormatArg::Html => Format::Html,
        }
    }
}

/// Where and how a report is written.
#[derive(ClapArgs, Debug)]
pub struct OutputArgs {
    /// Output format (each command lists the ones it produces; others are refused).
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: FormatArg,
    /// Write the report to FILE (`-` = stdout), atomically; an input of the run is refused.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// Replace an existing output file (without it, an existing file is refused).
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// The format, if the report `D` produces it; a usage error (exit 2) naming the formats it does produce.
    pub fn format_for<D: Document>(&self) -> anyhow::Result<Format> {
        let f = Format::from(self.format);
        check::<D>(f).map_err(|e| UsageError(format!("--format {f}: {e}")))?;
        Ok(f)
    }

    /// Checks before any work that the output loses nothing (`inputs` are the run's input files).
    pub fn guard(&self, inputs: &[PathBuf]) -> anyhow::Result<()> {
        guard_output(&self.output, self.force, inputs, "--output")
    }

    /// Renders `doc` in `format` and writes it.
    pub fn write<D: Document>(&self, doc: &D, format: Format) -> anyhow::Result<()> {
        let text = doc.render(format)?;
        write_atomic(&self.output, &text)
    }
}

/// What `--arch` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchChoice {
    /// Every profile on this architecture.
    One(coldcost::Architecture),
    /// Both architectures side by side (`sweep` only).
    Both,
}

/// `x86_64` or `arm64` (and their usual other names), or `both`.
fn parse_arch(s: &str) -> Result<ArchChoice, String> {
    if s.trim().eq_ignore_ascii_case("both") {
        return Ok(ArchChoice::Both);
    }
    coldcost::Architecture::parse(s)
        .map(ArchChoice::One)
        .ok_or_else(|| format!("`{s}`: expected x86_64 or arm64 (sweep: or both)"))
}

/// Flags of the commands that estimate profiles.
#[derive(ClapArgs, Debug)]
pub struct Common {
    #[command(flatten)]
    pub out: OutputArgs,
    /// Put every profile in this region (overrides the profiles' `region`).
    #[arg(long)]
    pub region: Option<String>,
    /// Put every profile on this architecture, x86_64 or arm64 (overrides the profiles' `architecture`); `sweep`
    /// also takes `both`, to bill the profile on each.
    #[arg(long, value_name = "x86_64|arm64", value_parser = parse_arch)]
    pub arch: Option<ArchChoice>,
    /// Bill under the rules and prices in force on this day, YYYY-MM-DD (default: today). INIT of ZIP functions on
    /// managed runtimes is free before 2025-08-01.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Leave the monthly free tier out.
    #[arg(long)]
    pub no_free_tier: bool,
    /// Use this price book instead of the built-in one (same TOML layout as pricing/aws-lambda.toml).
    #[arg(long, value_name = "FILE")]
    pub pricing: Option<PathBuf>,
    /// For a project folder or template given as PROFILE: per-function traffic and handler time (a TOML overlay:
    /// `[default]` and `[function.NAME]` with monthly_invocations, pattern, duration_ms, duration_p95_ms).
    #[arg(long, value_name = "FILE")]
    pub traffic: Option<PathBuf>,
    /// Refuse an import the catalogue does not hold (by default it is estimated as the catalogue's typical
    /// package, with a note).
    #[arg(long)]
    pub strict: bool,
    /// Seed for every random draw (reproducible results).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Monte Carlo draws for the p5/p50/p95 bands of each bill (0 = none; at most 100,000).
    #[arg(long, default_value_t = 2000, value_parser = parse_draws)]
    pub draws: usize,
    /// Bands: σ of the monthly volume's lognormal factor (forecast error), 0–3.
    #[arg(long, default_value_t = 0.10, value_name = "SIGMA", value_parser = parse_sigma)]
    pub volume_sd: f64,
    /// Bands: σ of the handler time's lognormal factor, 0–3.
    #[arg(long, default_value_t = 0.10, value_name = "SIGMA", value_parser = parse_sigma)]
    pub handler_sd: f64,
    /// Bands: σ of the cold-start count's factor beyond the model's own error (keep-alive, traffic shape), 0–3.
    #[arg(long, default_value_t = 0.25, value_name = "SIGMA", value_parser = parse_sigma)]
    pub cold_sd: f64,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
}

fn parse_draws(s: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("`{s}` is not a whole number of draws"))?;
    if n > MAX_DRAWS {
        return Err(format!("{n} draws is more than the ceiling of {MAX_DRAWS}"));
    }
    Ok(n)
}

fn parse_sigma(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    if !(v.is_finite() && (0.0..=3.0).contains(&v)) {
        return Err(format!("{v}: expected a σ from 0 to 3"));
    }
    Ok(v)
}

impl Common {
    /// The price book to use.
    /// The price book to use. A `--region` it has no prices for is the flag's error (a usage error), and an
    /// `--as-of` before the dates of its prices, or more than a year after them (coldcost's threshold for prices
    /// likely to be stale), is warned about on stderr.
    pub fn price_book(&self) -> anyhow::Result<PriceBook> {
        let book = match &self.pricing {
            None => PriceBook::embedded()?,
            Some(path) => {
                let text = super::output::read_text(path)?;
                PriceBook::from_toml(&text, &path.display().to_string())?
            }
        };
        if let Some(r) = &self.region {
            book.region(r, &coldcost::Location::file("--region"))
                .map_err(|e| UsageError(e.to_string()))?;
        }
        if let Some(as_of) = self.as_of {
            let oldest = book
                .regions
                .values()
                .map(|r| r.as_of)
                .min()
                .unwrap_or(book.as_of);
            if as_of < oldest {
                eprintln!(
                    "warning: --as-of {as_of} is before the dates of {}'s prices ({oldest} to {}): the prices used are those of those dates, not of {as_of}",
                    book.origin, book.as_of
                );
            } else if as_of > book.as_of
                && as_of.days_since_epoch() - book.as_of.days_since_epoch() > 365
            {
                eprintln!(
                    "warning: --as-of {as_of} is more than a year after {}'s prices ({}): refresh them with `coldcost pricing import` or --pricing",
                    book.origin, book.as_of
                );
            }
        }
        Ok(book)
    }

    /// The input files the run reads besides its profiles (the price book, the traffic overlay).
    pub fn inputs(&self, mut files: Vec<PathBuf>) -> Vec<PathBuf> {
        files.extend(self.pricing.iter().cloned());
        files.extend(self.traffic.iter().cloned());
        files
    }

    /// What project folders and templates assume for traffic and handler time (`--traffic`).
    pub fn project_defaults(&self) -> anyhow::Result<ProjectDefaults> {
        project_defaults(self.traffic.as_deref())
    }

    /// Loads profiles, reading project folders and templates with `--traffic`.
    pub fn load(&self, paths: &[PathBuf]) -> anyhow::Result<Vec<Profile>> {
        self.check(load_profiles_with(paths, &self.project_defaults()?)?)
    }

    /// With `--strict`, refuses profiles that list an import the catalogue does not hold.
    pub fn check(&self, profiles: Vec<Profile>) -> anyhow::Result<Vec<Profile>> {
        if self.strict {
            let model = coldcost::init::CatalogInit::embedded()?;
            for p in &profiles {
                model.check_known(p)?;
            }
        }
        Ok(profiles)
    }

    /// Loads the one profile of `path` (see [`load_one`]) with `--traffic`.
    pub fn load_one(&self, path: &std::path::Path) -> anyhow::Result<Profile> {
        one(path, self.load(&[path.to_path_buf()])?)
    }

    /// Applies `--region` and `--arch` to loaded profiles; `--arch both` is a usage error (only `sweep` takes it).
    pub fn adjust(&self, profiles: Vec<Profile>) -> anyhow::Result<Vec<Profile>> {
        self.adjust_with(profiles, false)
    }

    /// [`Common::adjust`]; with `both_allowed`, `--arch both` leaves the profiles' architecture as written (the
    /// caller sweeps both).
    pub fn adjust_with(
        &self,
        mut profiles: Vec<Profile>,
        both_allowed: bool,
    ) -> anyhow::Result<Vec<Profile>> {
        if let Some(r) = &self.region {
            for p in &mut profiles {
                p.region = r.clone();
            }
        }
        match self.arch {
            None => {}
            Some(ArchChoice::Both) if both_allowed => {}
            Some(ArchChoice::Both) => {
                return Err(UsageError(
                    "--arch both: only `sweep` bills a profile on both architectures; here give x86_64 or arm64"
                        .into(),
                )
                .into())
            }
            Some(ArchChoice::One(a)) => {
                for p in &mut profiles {
                    p.architecture = a;
                    // A profile the new architecture does not suit (an LMI instance family, Lambda@Edge on arm64)
                    // says so, as if it had been written that way.
                    p.check_supported()?;
                }
            }
        }
        Ok(profiles)
    }

    /// The run's options.
    pub fn options(&self, pooled: bool) -> RunOptions {
        RunOptions {
            as_of: self.as_of.unwrap_or_else(Date::today_utc),
            free_tier: !self.no_free_tier,
            pooled,
            seed: self.seed,
        }
    }

    /// Runs the estimate pipeline of `command` over `profiles` with the flags' prices, options and bands.
    pub fn estimate(
        &self,
        command: &str,
        profiles: &[Profile],
        pooled: bool,
        curve: bool,
        break_even: bool,
    ) -> anyhow::Result<Report> {
        let book = self.price_book()?;
        let (progress, models) = counted_estimates(command)?;
        let report = estimate_report(
            command,
            profiles,
            &book,
            &models,
            self.options(pooled),
            Extras {
                bands: self.bands(),
                curve,
                break_even,
            },
        )?;
        drop(progress);
        Ok(report)
    }

    /// The bands asked for.
    pub fn bands(&self) -> Option<(Spreads, usize)> {
        (self.draws > 0).then_some((
            Spreads {
                volume_log_sd: self.volume_sd,
                handler_log_sd: self.handler_sd,
                cold_log_sd: self.cold_sd,
            },
            self.draws,
        ))
    }
}

/// The project defaults, with the traffic overlay at `traffic` if one is given.
pub fn project_defaults(traffic: Option<&std::path::Path>) -> anyhow::Result<ProjectDefaults> {
    let mut d = ProjectDefaults::default();
    if let Some(t) = traffic {
        let text = super::output::read_text(t)?;
        d.overlay = Some(Overlay::parse(&text, &t.display().to_string())?);
        d.invocations_source = format!(
            "assumption: not in {} ([default] or [function.NAME] sets it)",
            t.display()
        );
    }
    Ok(d)
}

/// The single profile of `all`, read from `path`.
fn one(path: &std::path::Path, mut all: Vec<Profile>) -> anyhow::Result<Profile> {
    match all.len() {
        1 => Ok(all.remove(0)),
        n => anyhow::bail!(
            "{} holds {n} functions and this command takes one: write them with `coldcost profiles {} -o DIR` and pass one file",
            path.display(),
            path.display()
        ),
    }
}

/// Loads profiles from files (`-` = stdin), or from a project folder or infrastructure template, whose functions
/// each become a profile (their notes go to stderr).
pub fn load_profiles(paths: &[PathBuf]) -> anyhow::Result<Vec<Profile>> {
    load_profiles_with(paths, &ProjectDefaults::default())
}

/// [`load_profiles`], with `defaults` for what templates do not say.
pub fn load_profiles_with(
    paths: &[PathBuf],
    defaults: &ProjectDefaults,
) -> anyhow::Result<Vec<Profile>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() != "-" && coldcost::project::is_project(p) {
            let project = coldcost::project::read_project(p, None)?;
            for (name, why) in &project.skipped {
                eprintln!("note: {}: {name} left out: {why}", p.display());
            }
            for n in &project.notes {
                eprintln!("note: {n}");
            }
            eprintln!(
                "note: {}: {} functions read; traffic and handler time are assumptions ({} invocations a month, {} ms) — write the profiles with `coldcost profiles {} -o DIR` to edit them",
                p.display(),
                project.functions.len(),
                coldcost::group_thousands(i128::from(defaults.monthly_invocations)),
                defaults.handler_ms,
                p.display()
            );
            out.extend(project.profiles(defaults)?.into_iter().map(|(p, _)| p));
            continue;
        }
        let name = if p.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            p.display().to_string()
        };
        let text = super::output::read_text(p)?;
        out.push(Profile::from_toml(&text, &name)?);
    }
    Ok(out)
}
