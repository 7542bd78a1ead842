//! The `coldstarts` report: how many cold starts each profile's traffic makes and how that was worked out — the
//! simulator or the analytic estimator, concurrency, environments, throttles, and a typical day hour by hour.

use super::format::{table_or_json, Document, Format};
use crate::coldstart::{ColdStartEstimate, ColdStartModel, PoolModel};
use crate::error::Result;
use crate::init::{CatalogInit, InitModel};
use crate::money::group_thousands;
use crate::profile::Profile;
use crate::traffic::{monthly_invocations, TrafficModel};
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the coldstarts' JSON schema.
pub const COLDSTARTS_SCHEMA: &str = "coldcost.coldstarts/1";

/// One profile's cold starts from the model (a stated `cold_start_rate` is shown beside it, not used).
#[derive(Debug, Clone, Serialize)]
pub struct ProfileColdStarts {
    /// The profile's name.
    pub name: String,
    /// Its traffic shape, described.
    pub traffic: String,
    /// Invocations a month.
    pub invocations: u64,
    /// The profile's stated cold-start share, if any.
    pub stated_cold_start_rate: Option<f64>,
    /// The model's answer.
    pub estimate: ColdStartEstimate,
}

/// The cold-start model's answer for each profile.
#[derive(Debug, Clone, Serialize)]
pub struct ColdstartsReport {
    /// Schema version.
    pub schema: &'static str,
    /// Seed of the simulator's draws.
    pub seed: u64,
    /// One per profile, in input order.
    pub profiles: Vec<ProfileColdStarts>,
}

impl ColdstartsReport {
    /// Runs the built-in cold-start model over `profiles`, ignoring any stated rate.
    pub fn build(profiles: &[Profile], seed: u64) -> Result<ColdstartsReport> {
        let init_model = CatalogInit::embedded()?;
        let mut rows = Vec::with_capacity(profiles.len());
        for p in profiles {
            let init = init_model.init(p)?;
            let mut modelled = p.clone();
            modelled.traffic.cold_start_rate = None;
            let invocations = monthly_invocations(p)?;
            let estimate = PoolModel::default().estimate(&modelled, invocations, &init, seed)?;
            rows.push(ProfileColdStarts {
                name: p.name.clone(),
                traffic: TrafficModel::from_profile(p)?.description,
                invocations,
                stated_cold_start_rate: p.traffic.cold_start_rate,
                estimate,
            });
        }
        Ok(ColdstartsReport {
            schema: COLDSTARTS_SCHEMA,
            seed,
            profiles: rows,
        })
    }

    fn table(&self) -> String {
        let mut out = String::new();
        for r in &self.profiles {
            let (e, invocations) = (&r.estimate, &r.invocations);
            let _ = writeln!(out, "{}\n  traffic: {}", r.name, r.traffic);
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
                if let Some(rate) = r.stated_cold_start_rate {
                    out += &line(
                        "stated in the profile",
                        format!(
                            "{:.4}% (traffic.cold_start_rate: estimate and compare use it)",
                            rate * 100.0
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
}

impl Document for ColdstartsReport {
    const COMMAND: &'static str = "coldstarts";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn render_supported(&self, format: Format) -> Result<String> {
        table_or_json(self, format, || self.table())
    }
}
