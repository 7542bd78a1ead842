//! Uncertainty bands: a seeded Monte Carlo over the models' inputs, giving p5/p50/p95 of each profile's monthly
//! bill and of the total. Each draw perturbs, with median-one lognormal factors (so the median stays at the point
//! estimate): the monthly volume, the handler time, the mean INIT time (by the INIT model's own uncertainty), and
//! the cold-start count (the simulator's sampling error plus keep-alive and traffic-shape variation); then the
//! month is metered by the same function as the point estimate (`estimate::meter_input` → `MeterInput::meter`)
//! and billed again with the free tier and tiers.

use crate::billing::{bill, BillOptions, FunctionUsage};
use crate::error::Result;
use crate::estimate::{meter_input, Run};
use crate::money::Money;
use crate::pricing::PriceBook;
use crate::rng::Rng;
use serde::Serialize;

/// The spreads drawn, each the σ of a lognormal factor with median 1. All are assumptions the user can change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spreads {
    /// Monthly volume (forecast error).
    pub volume_log_sd: f64,
    /// Handler duration (the profile's p50 as a point value).
    pub handler_log_sd: f64,
    /// Cold-start count beyond the model's own sampling error (keep-alive and shape variation).
    pub cold_log_sd: f64,
}

impl Default for Spreads {
    fn default() -> Spreads {
        Spreads {
            volume_log_sd: 0.10,
            handler_log_sd: 0.10,
            cold_log_sd: 0.25,
        }
    }
}

/// p5, p50 and p95 of a monthly bill, USD.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// 5th percentile.
    pub p5: Money,
    /// Median.
    pub p50: Money,
    /// 95th percentile.
    pub p95: Money,
}

/// Bands for every profile and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    /// Draws made.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// The spreads used.
    pub spreads: Spreads,
    /// Per profile, input order.
    pub profiles: Vec<Band>,
    /// The account's total when the profiles share one account (pooled, or a single profile); absent for
    /// alternatives, which nobody runs together.
    pub total: Option<Band>,
}

fn band(mut xs: Vec<i128>) -> Band {
    xs.sort_unstable();
    let q = |p: f64| -> Money {
        let i = ((xs.len().saturating_sub(1)) as f64 * p).round() as usize;
        Money::from_atto(xs.get(i).copied().unwrap_or(0).max(0) as u128)
    };
    Band {
        p5: q(0.05),
        p50: q(0.50),
        p95: q(0.95),
    }
}

/// The most draws a run makes: a ceiling that keeps memory (16 bytes a draw per profile) and time bounded — 50 times
/// the default of 2,000. It is a limit chosen for resources, not an accuracy target.
pub const MAX_DRAWS: usize = 100_000;

/// Runs `draws` draws (at most [`MAX_DRAWS`]) over the estimates of `run`.
pub fn bands(
    run: &Run,
    book: &PriceBook,
    spreads: Spreads,
    draws: usize,
    seed: u64,
) -> Result<Bands> {
    if draws > MAX_DRAWS {
        return Err(crate::error::Error::invalid(
            &crate::error::Location::file("bands"),
            "draws",
            draws,
            format!("at most {MAX_DRAWS}"),
        ));
    }
    let mut rng = Rng::new(seed);
    let n = run.estimates.len();
    let mut per: Vec<Vec<i128>> = vec![Vec::with_capacity(draws); n];
    let mut totals: Vec<i128> = Vec::with_capacity(draws);
    let opts = BillOptions {
        free_tier: run.options.free_tier,
    };
    let mut usages: Vec<FunctionUsage> = run.estimates.iter().map(|e| e.usage.clone()).collect();
    for _ in 0..draws {
        for (e, u) in run.estimates.iter().zip(usages.iter_mut()) {
            let v = (spreads.volume_log_sd * rng.normal()).exp();
            let h = (spreads.handler_log_sd * rng.normal()).exp();
            let i = (e.init.model_log_sd * rng.normal()).exp();
            let sampling = e.cold.detail.as_ref().map_or(0.0, |d| {
                if e.cold.rate > 0.0 {
                    d.cold_share_se / e.cold.rate
                } else {
                    0.0
                }
            });
            let c = ((spreads.cold_log_sd.powi(2) + sampling.powi(2)).sqrt() * rng.normal()).exp();
            if let Some(scaled) = crate::estimate::scaled_usage(e, v, h) {
                *u = scaled; // Managed Instances: no cold starts, no INIT to draw
                continue;
            }
            let on_demand = (e.on_demand_invocations as f64 * v).round() as u64;
            let pc = (e.provisioned_invocations as f64 * v).round() as u64;
            let cold = ((e.cold.cold_starts as f64 * v * c).round() as u64).min(on_demand);
            let mut m = meter_input(
                &e.profile,
                &e.init,
                e.init_billing,
                e.handler_mean_ms * h,
                on_demand,
                cold,
                pc,
            );
            m.init_ms *= i;
            m.first_request_ms *= i;
            *u = m.meter();
        }
        if run.options.pooled {
            let b = bill(&usages, book, opts)?;
            for (k, f) in b.functions.iter().enumerate() {
                per[k].push(f.total.atto());
            }
            totals.push(b.total.atto());
        } else {
            let mut total = 0i128;
            for (k, u) in usages.iter().enumerate() {
                let b = bill(std::slice::from_ref(u), book, opts)?;
                per[k].push(b.total.atto());
                total += b.total.atto();
            }
            totals.push(total);
        }
    }
    Ok(Bands {
        draws,
        seed,
        spreads,
        profiles: per.into_iter().map(band).collect(),
        total: (run.options.pooled || n == 1).then(|| band(totals)),
    })
}
