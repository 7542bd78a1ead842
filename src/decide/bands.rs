//! Uncertainty bands: a seeded Monte Carlo over the models' inputs, giving p5/p50/p95 of each profile's monthly
//! bill and of the total. Each draw perturbs, with median-one lognormal factors (so the median stays at the point
//! estimate): the monthly volume, the handler time, the mean INIT time (by the INIT model's own uncertainty), and
//! the cold-start count (the simulator's sampling error plus keep-alive and traffic-shape variation); then the
//! month is re-metered with AWS's per-invocation rounding and billed again with the free tier and tiers.

use crate::billing::{bill, BillOptions, FunctionUsage};
use crate::error::Result;
use crate::estimate::{billed_ms, Run};
use crate::money::Money;
use crate::pricing::{InitBilling, PriceBook};
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
    /// The total (per-profile scope: the sum of the alternatives).
    pub total: Band,
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

/// Runs `draws` draws over the estimates of `run`.
pub fn bands(
    run: &Run,
    book: &PriceBook,
    spreads: Spreads,
    draws: usize,
    seed: u64,
) -> Result<Bands> {
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
            let handler = e.handler_mean_ms * h;
            let warm_ms = u128::from(billed_ms(handler));
            let on_demand = (e.on_demand_invocations as f64 * v).round() as u128;
            let pc = (e.provisioned_invocations as f64 * v).round() as u128;
            let cold = ((e.cold.cold_starts as f64 * v * c).round() as u128).min(on_demand);
            let cold_ms = match e.init_billing {
                InitBilling::Billed => u128::from(billed_ms(e.init.mean * i + handler)),
                InitBilling::Free => warm_ms,
                InitBilling::SnapStartRestore => {
                    u128::from(billed_ms(e.profile.snapstart.restore_duration_ms + handler))
                }
            };
            let mem = u128::from(e.profile.memory_mb);
            let invoke = on_demand * warm_ms;
            let init = cold * cold_ms.saturating_sub(warm_ms);
            let pc_ms = pc * warm_ms;
            let storage = u128::from(e.profile.ephemeral_storage_mb.saturating_sub(512));
            u.requests = on_demand + pc;
            u.invoke_mb_ms = invoke * mem;
            u.init_mb_ms = init * mem;
            u.pc_duration_mb_ms = pc_ms * mem;
            u.storage_mb_ms = storage * (invoke + init + pc_ms);
            if e.profile.snapstart.enabled {
                u.snapstart_restored_mb = cold * mem;
            }
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
        total: band(totals),
    })
}
