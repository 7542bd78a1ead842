//! Flags shared by the commands that produce a report, and loading of profiles and prices.

use clap::{Args as ClapArgs, ValueEnum};
use coldcost::coldstart::PoolModel;
use coldcost::decide::bands::{bands, Spreads};
use coldcost::decide::breakeven::{break_even, curve};
use coldcost::init::CatalogInit;
use coldcost::report::{self, Format};
use coldcost::{estimate, Date, Models, PriceBook, Profile, RunOptions};
use std::path::PathBuf;

/// Output format names.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Aligned table for the terminal.
    Table,
    /// Markdown for a budget review.
    Markdown,
    /// CSV, one row per profile and line item.
    Csv,
    /// JSON (versioned schema, see README).
    Json,
    /// SVG chart: the bill against monthly invocations, break-even marked (open it in a browser).
    Svg,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Svg => Format::Svg,
        }
    }
}

/// Flags common to `estimate` and `compare`.
#[derive(ClapArgs, Debug)]
pub struct Common {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "table")]
    pub format: FormatArg,
    /// Write the report to FILE (`-` = stdout).
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// Put every profile in this region (overrides the profiles' `region`).
    #[arg(long)]
    pub region: Option<String>,
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
    /// Seed for every random draw (reproducible results).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Monte Carlo draws for the p5/p50/p95 bands of each bill (0 = none).
    #[arg(long, default_value_t = 2000)]
    pub draws: usize,
    /// Bands: σ of the monthly volume's lognormal factor (forecast error).
    #[arg(long, default_value_t = 0.10, value_name = "SIGMA")]
    pub volume_sd: f64,
    /// Bands: σ of the handler time's lognormal factor.
    #[arg(long, default_value_t = 0.10, value_name = "SIGMA")]
    pub handler_sd: f64,
    /// Bands: σ of the cold-start count's factor beyond the model's own error (keep-alive, traffic shape).
    #[arg(long, default_value_t = 0.25, value_name = "SIGMA")]
    pub cold_sd: f64,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
}

impl Common {
    /// The price book to use.
    pub fn price_book(&self) -> anyhow::Result<PriceBook> {
        match &self.pricing {
            None => Ok(PriceBook::embedded()?),
            Some(path) => {
                let text = super::output::read_text(path)?;
                Ok(PriceBook::from_toml(&text, &path.display().to_string())?)
            }
        }
    }

    /// Applies `--region` to loaded profiles.
    pub fn adjust(&self, mut profiles: Vec<Profile>) -> Vec<Profile> {
        if let Some(r) = &self.region {
            for p in &mut profiles {
                p.region = r.clone();
            }
        }
        profiles
    }

    /// Runs the models and renders the report to the output; `compare` adds the break-even volume.
    pub fn report(&self, command: &str, profiles: &[Profile], pooled: bool) -> anyhow::Result<()> {
        for (name, v) in [
            ("--volume-sd", self.volume_sd),
            ("--handler-sd", self.handler_sd),
            ("--cold-sd", self.cold_sd),
        ] {
            if !(v.is_finite() && (0.0..=3.0).contains(&v)) {
                anyhow::bail!("{name} = {v}: expected a σ from 0 to 3");
            }
        }
        let book = self.price_book()?;
        let models = Models::builtin()?;
        let options = RunOptions {
            as_of: self.as_of.unwrap_or_else(Date::today_utc),
            free_tier: !self.no_free_tier,
            pooled,
            seed: self.seed,
        };
        let run = estimate::run(profiles, &book, &models, options)?;
        let mut rep = report::build(command, &run, &book);
        if self.draws > 0 {
            let spreads = Spreads {
                volume_log_sd: self.volume_sd,
                handler_log_sd: self.handler_sd,
                cold_log_sd: self.cold_sd,
            };
            rep.bands = Some(bands(&run, &book, spreads, self.draws, self.seed)?);
        }
        let svg = matches!(self.format, FormatArg::Svg);
        if (command == "compare" && profiles.len() >= 2) || svg {
            // Curves need many estimates: a coarser simulation (2·10⁵ requests) where traffic is simulated.
            let fast = Models {
                init: Box::new(CatalogInit::embedded()?),
                coldstart: Box::new(PoolModel { sim_budget: 2e5 }),
            };
            rep.curve = curve(profiles, &book, &fast, options)?;
            if let (Some(c), true) = (&rep.cheapest, command == "compare") {
                let ia = profiles.iter().position(|p| p.name == c.name);
                let ib = profiles.iter().position(|p| p.name == c.next);
                if let (Some(ia), Some(ib)) = (ia, ib) {
                    let ab: Vec<_> = rep
                        .curve
                        .iter()
                        .map(|p| (p.invocations, p.usd[ia], p.usd[ib]))
                        .collect();
                    let around = run.estimates[ia].invocations;
                    rep.break_even = Some(break_even(
                        &profiles[ia],
                        &profiles[ib],
                        around,
                        &ab,
                        &book,
                        &fast,
                        &models,
                        options,
                    )?);
                }
            }
        }
        let text = Format::from(self.format).renderer().render(&rep);
        super::output::write_text(&self.output, &text)
    }
}

/// Loads profiles from files (`-` = stdin).
pub fn load_profiles(paths: &[PathBuf]) -> anyhow::Result<Vec<Profile>> {
    paths
        .iter()
        .map(|p| {
            let name = if p.as_os_str() == "-" {
                "<stdin>".to_string()
            } else {
                p.display().to_string()
            };
            let text = super::output::read_text(p)?;
            Ok(Profile::from_toml(&text, &name)?)
        })
        .collect()
}
