//! `coldcost coldstarts PROFILE...`: how many cold starts a profile's traffic makes, and how that was worked out —
//! the simulator or the analytic estimator, concurrency, environments, throttles, and a typical day hour by hour.

use super::common::load_profiles;
use super::compare::sample_profiles;
use clap::Args as ClapArgs;
use coldcost::coldstart::{ColdStartModel, PoolModel};
use coldcost::group_thousands;
use coldcost::init::{CatalogInit, InitModel};
use coldcost::traffic::TrafficModel;
use coldcost::Profile;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `coldstarts`.
#[derive(ClapArgs, Debug)]
#[command(
    after_help = "Examples:\n  coldcost coldstarts api.toml\n  coldcost coldstarts --sample http-api --format json\n\nA profile's traffic.cold_start_rate is shown beside the model's answer, not used."
)]
pub struct Args {
    /// Profile TOML files (`-` = stdin). None: the built-in sample pair (see --sample).
    #[arg(value_name = "PROFILE")]
    profiles: Vec<PathBuf>,
    /// Built-in sample pair when no files are given: http-api, sdk-worker, data-job, cron.
    #[arg(long, default_value = "http-api")]
    sample: String,
    /// Output: `table` for people, `json` for machines (schema `coldcost.coldstarts/1`).
    #[arg(long, short = 'f', value_enum, default_value_t = Out::Table)]
    format: Out,
    /// Write to FILE (`-` = stdout), atomically; an input of the run is refused.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    output: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Seed of the simulator's random draws.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Output formats of `coldstarts`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Out {
    /// Aligned text.
    Table,
    /// JSON.
    Json,
}

/// Runs `coldstarts`.
pub fn run(a: Args) -> anyhow::Result<()> {
    super::output::guard_output(&a.output, a.force, &a.profiles, "--output")?;
    let profiles = if a.profiles.is_empty() {
        sample_profiles(&a.sample)?
    } else {
        load_profiles(&a.profiles)?
    };
    let init_model = CatalogInit::embedded()?;
    let mut rows = Vec::new();
    for p in &profiles {
        let init = init_model.init(p)?;
        let mut modelled = p.clone();
        modelled.traffic.cold_start_rate = None;
        let invocations = coldcost::traffic::monthly_invocations(p)?;
        let est = PoolModel::default().estimate(&modelled, invocations, &init, a.seed)?;
        let traffic = TrafficModel::from_profile(p)?;
        rows.push((p, traffic, est, invocations));
    }
    let text = if a.format == Out::Json {
        let v = serde_json::json!({
            "schema": "coldcost.coldstarts/1",
            "seed": a.seed,
            "profiles": rows.iter().map(|(p, t, e, n)| serde_json::json!({
                "name": p.name,
                "traffic": t.description,
                "invocations": n,
                "stated_cold_start_rate": p.traffic.cold_start_rate,
                "estimate": e,
            })).collect::<Vec<_>>(),
        });
        let mut s = serde_json::to_string_pretty(&v)?;
        s.push('\n');
        s
    } else {
        render(&rows)
    };
    super::output::write_atomic(&a.output, &text)
}

fn render(
    rows: &[(
        &Profile,
        TrafficModel,
        coldcost::coldstart::ColdStartEstimate,
        u64,
    )],
) -> String {
    let mut out = String::new();
    for (p, traffic, e, invocations) in rows {
        let _ = writeln!(out, "{}\n  traffic: {}", p.name, traffic.description);
        let _ = writeln!(out, "  {}", e.method);
        let line = |k: &str, v: String| format!("  {k:<34}{v}\n");
        out += &line(
            "invocations / month",
            group_thousands(i128::from(*invocations)),
        );
        let se = e.detail.as_ref().map_or(0.0, |d| d.cold_share_se);
        out += &line(
            "cold starts / month",
            format!(
                "{} ({:.4}%{})",
                group_thousands(i128::from(e.cold_starts)),
                e.rate * 100.0,
                if se > 0.0 {
                    format!(" ± {:.4}%", se * 100.0)
                } else {
                    String::new()
                }
            ),
        );
        out += &line(
            "throttled / month",
            group_thousands(i128::from(e.throttles)),
        );
        if let Some(d) = &e.detail {
            let pct = match (d.p95_concurrency, d.p99_concurrency) {
                (Some(a), Some(b)) => format!(" / p95 {a} / p99 {b}"),
                _ => String::new(),
            };
            out += &line(
                "concurrency (mean / p95 / p99)",
                format!("{:.2}{pct}", d.mean_concurrency),
            );
            out += &line(
                "environments alive (mean)",
                format!("{:.2}", d.mean_environments),
            );
            if let Some(r) = p.traffic.cold_start_rate {
                out += &line(
                    "stated in the profile",
                    format!(
                        "{:.4}% (traffic.cold_start_rate: estimate and compare use it)",
                        r * 100.0
                    ),
                );
            }
            let _ = writeln!(
                out,
                "\n  typical day (local time)  invocations   cold starts   throttled"
            );
            for (h, c) in d.typical_day.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  {h:02}:00                   {:>12}  {:>12}  {:>10}",
                    group_thousands(i128::from(c.invocations)),
                    group_thousands(i128::from(c.cold_starts)),
                    group_thousands(i128::from(c.throttles))
                );
            }
        }
        out.push('\n');
    }
    out
}
