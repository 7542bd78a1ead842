//! How many of a month's invocations are cold starts.

pub mod analytic;
pub mod dist;
mod envs;
mod model;
mod pool;
mod running;
pub mod sim;
mod sim_config;
mod sim_stats;
mod small;

pub use model::{pool_of, scale_for_precision, service_of, PoolModel, PILOT_REQUESTS, PRECISION};

use crate::error::Result;
use crate::init::InitEstimate;
use crate::profile::Profile;
use crate::vocab::HOURS_PER_MONTH;
use serde::Serialize;

/// Seconds in a billing month (730 hours).
pub const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// How the simulator or the analytic estimator answered, for the report and `coldcost coldstarts`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolDetail {
    /// `analytic` or `simulator`.
    pub answered_by: String,
    /// One sentence: what was computed and how.
    pub how: String,
    /// Standard error of the cold-start share (0 for the analytic answer).
    pub cold_share_se: f64,
    /// Mean concurrent executions.
    pub mean_concurrency: f64,
    /// 95th percentile of concurrency over time (simulator only).
    pub p95_concurrency: Option<u64>,
    /// 99th percentile of concurrency over time (simulator only).
    pub p99_concurrency: Option<u64>,
    /// Mean execution environments alive (running + idle).
    pub mean_environments: f64,
    /// Requests the simulator processed (0 for the analytic answer).
    pub simulated_requests: u64,
    /// A typical day, hour by hour (local time): invocations, cold starts and throttles per day.
    pub typical_day: Vec<sim::HourCounts>,
}

/// The cold-start estimate for a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColdStartEstimate {
    /// Cold starts in the month.
    pub cold_starts: u64,
    /// Cold starts ÷ on-demand invocations.
    pub rate: f64,
    /// Which model answered.
    pub method: String,
    /// Invocations throttled by the concurrency or scaling limit (not served, not billed).
    pub throttles: u64,
    /// The pool model's detail, when it answered.
    pub detail: Option<PoolDetail>,
}

impl ColdStartEstimate {
    /// `share` of `invocations`, rounded, at least one when the share is positive.
    pub fn from_share(
        invocations: u64,
        share: f64,
        method: String,
        throttles: u64,
        detail: Option<PoolDetail>,
    ) -> ColdStartEstimate {
        let cold = ((invocations as f64) * share)
            .round()
            .min(invocations as f64) as u64;
        let cold = if invocations > 0 && share > 0.0 {
            cold.max(1)
        } else {
            cold
        };
        ColdStartEstimate {
            cold_starts: cold,
            rate: if invocations > 0 {
                cold as f64 / invocations as f64
            } else {
                0.0
            },
            method,
            throttles,
            detail,
        }
    }
}

/// Estimates cold starts from a profile's traffic.
pub trait ColdStartModel {
    /// Cold starts among `invocations` on-demand invocations of `profile`, whose INIT is `init`; random draws
    /// come from `seed`.
    fn estimate(
        &self,
        profile: &Profile,
        invocations: u64,
        init: &InitEstimate,
        seed: u64,
    ) -> Result<ColdStartEstimate>;
}
