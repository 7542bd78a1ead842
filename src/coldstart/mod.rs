//! How many of a month's invocations are cold starts.

use crate::profile::{Profile, HOURS_PER_MONTH};
use serde::Serialize;

/// Seconds in a billing month (730 hours).
pub const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// The cold-start estimate for a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColdStartEstimate {
    /// Cold starts in the month.
    pub cold_starts: u64,
    /// Cold starts ÷ on-demand invocations.
    pub rate: f64,
    /// Which model answered.
    pub method: String,
}

/// Estimates cold starts from a profile's traffic.
pub trait ColdStartModel {
    /// Cold starts among `invocations` on-demand invocations of `profile` with mean handler time `handler_mean_ms`.
    fn estimate(
        &self,
        profile: &Profile,
        invocations: u64,
        handler_mean_ms: f64,
    ) -> ColdStartEstimate;
}

/// The profile's stated `traffic.cold_start_rate` when given; otherwise steady Poisson arrivals whose idle gaps
/// exceed the keep-alive `T` with probability e^(−λT).
#[derive(Debug, Clone, Copy, Default)]
pub struct StatedOrPoisson;

impl ColdStartModel for StatedOrPoisson {
    fn estimate(&self, p: &Profile, invocations: u64, _handler_mean_ms: f64) -> ColdStartEstimate {
        let (rate, method) = match p.traffic.cold_start_rate {
            Some(r) => (r, "stated in profile (traffic.cold_start_rate)".to_string()),
            None => {
                let lambda = invocations as f64 / SECONDS_PER_MONTH;
                (
                    (-lambda * p.traffic.keep_alive_s).exp(),
                    format!(
                        "steady Poisson, P(cold) = e^(-λT), T = {} s",
                        p.traffic.keep_alive_s
                    ),
                )
            }
        };
        let cold = ((invocations as f64) * rate)
            .round()
            .min(invocations as f64) as u64;
        let cold = if invocations > 0 && rate > 0.0 {
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
        }
    }
}
