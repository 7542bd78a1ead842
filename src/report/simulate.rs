//! The `simulate` report: one steady scenario of the environment pool and how fast it was simulated.

use super::format::{table_or_json, Document, Format};
use crate::coldstart::sim::SimResult;
use crate::error::Result;
use serde::Serialize;
use std::fmt::Write as _;

/// Version of the simulate's JSON schema.
pub const SIMULATE_SCHEMA: &str = "coldcost.simulate/1";

/// A simulation's result and its speed.
#[derive(Debug, Clone, Serialize)]
pub struct SimulateReport {
    /// Schema version.
    pub schema: &'static str,
    /// What the pool did.
    pub result: SimResult,
    /// Wall-clock seconds the simulation took.
    pub wall_s: f64,
    /// Requests simulated per second of wall time.
    pub requests_per_wall_s: f64,
}

impl SimulateReport {
    fn table(&self) -> String {
        let r = &self.result;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "requests simulated      {} in {:.3} s ({:.1} million per second)",
            r.events,
            self.wall_s,
            self.requests_per_wall_s / 1e6
        );
        let _ = writeln!(
            s,
            "P(cold)                 {:.6} ± {:.6}",
            r.cold_share, r.cold_share_se
        );
        let _ = writeln!(s, "instances (mean)        {:.3}", r.mean_environments);
        let _ = writeln!(s, "running (mean)          {:.3}", r.mean_concurrency);
        let _ = writeln!(s, "idle (mean)             {:.3}", r.mean_idle);
        let _ = writeln!(s, "instance lifespan (s)   {:.0}", r.mean_lifespan_s);
        let _ = writeln!(
            s,
            "concurrency p95 / p99   {} / {}",
            r.p95_concurrency, r.p99_concurrency
        );
        s
    }
}

impl Document for SimulateReport {
    const COMMAND: &'static str = "simulate";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn render_supported(&self, format: Format) -> Result<String> {
        table_or_json(self, format, || self.table())
    }
}
