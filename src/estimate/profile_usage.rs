//! One profile → one month of metered usage, applying AWS's per-invocation rounding: a cold invocation is billed
//! ceil(INIT + handler) ms, a warm one ceil(handler) ms.

use super::Models;
use crate::billing::FunctionUsage;
use crate::coldstart::{ColdStartEstimate, SECONDS_PER_MONTH};
use crate::date::Date;
use crate::error::Result;
use crate::init::InitEstimate;
use crate::pricing::{init_billing, InitBilling, PriceBook};
use crate::profile::Profile;
use serde::Serialize;

/// The longest INIT phase AWS allows on demand before it times out and retries, ms.
pub const INIT_TIMEOUT_MS: f64 = 10_000.0;

/// Everything the models say about one profile for one month.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileEstimate {
    /// The profile.
    pub profile: Profile,
    /// INIT per cold start.
    pub init: InitEstimate,
    /// Cold starts among on-demand invocations.
    pub cold: ColdStartEstimate,
    /// How INIT is billed under the rules of the run's date.
    pub init_billing: InitBilling,
    /// Invocations in the month.
    pub invocations: u64,
    /// Invocations served on demand.
    pub on_demand_invocations: u64,
    /// Invocations served by provisioned concurrency.
    pub provisioned_invocations: u64,
    /// Mean warm handler time, ms.
    pub handler_mean_ms: f64,
    /// Billed ms of a warm invocation.
    pub billed_ms_warm: u64,
    /// Billed ms of a cold invocation (INIT added before rounding when INIT is billed).
    pub billed_ms_cold: u64,
    /// The metered usage.
    pub usage: FunctionUsage,
    /// Notes on assumptions that matter for this profile.
    pub notes: Vec<String>,
}

/// Milliseconds rounded up to the next whole ms, as AWS bills; sub-microsecond float noise is ignored.
pub fn billed_ms(ms: f64) -> u64 {
    let us = (ms * 1000.0).round();
    (us / 1000.0).ceil().max(0.0) as u64
}

/// Minutes rounded up to a multiple of 5, as provisioned concurrency is billed, in ms.
fn pc_billed_ms(hours: f64) -> u128 {
    let minutes = (hours * 60.0 - 1e-9).ceil().max(0.0) as u128;
    minutes.div_ceil(5) * 5 * 60_000
}

/// Estimates one profile's month under the rules in force on `as_of`.
pub fn estimate_profile(
    p: &Profile,
    book: &PriceBook,
    models: &Models,
    as_of: Date,
    seed: u64,
) -> Result<ProfileEstimate> {
    book.region(&p.region, &p.location())?;
    let init = models.init.init(p)?;
    let handler_mean_ms = p.handler_mean_ms();
    let invocations = crate::traffic::monthly_invocations(p)?;
    let mut notes = Vec::new();

    // Provisioned concurrency serves the invocations that fall in its hours, up to its capacity.
    let provisioned_invocations = match &p.provisioned_concurrency {
        None => 0,
        Some(pc) => {
            let share = pc.served_share.unwrap_or_else(|| {
                let mean_concurrency = invocations as f64 / SECONDS_PER_MONTH * handler_mean_ms / 1000.0;
                let capacity = if mean_concurrency > 0.0 { (pc.concurrency as f64 / mean_concurrency).min(1.0) } else { 1.0 };
                notes.push("provisioned concurrency serves its hours' share of traffic up to its capacity (uniform traffic assumed; set provisioned_concurrency.served_share to override)".into());
                (pc.hours_per_month / crate::profile::HOURS_PER_MONTH).min(1.0) * capacity
            });
            ((invocations as f64) * share)
                .round()
                .min(invocations as f64) as u64
        }
    };
    let arriving_on_demand = invocations - provisioned_invocations;
    let cold = models
        .coldstart
        .estimate(p, arriving_on_demand, &init, seed)?;
    // Throttled requests are rejected before they run: neither requests nor duration are billed.
    let on_demand = arriving_on_demand - cold.throttles.min(arriving_on_demand);
    if cold.throttles > 0 {
        notes.push(format!(
            "{} invocations a month throttled by the concurrency limit ({}) or the scaling limit (1,000 new environments per 10 s); they are not billed",
            crate::money::group_thousands(i128::from(cold.throttles)),
            p.traffic.concurrency_limit
        ));
    }
    let rule = init_billing(as_of, p.runtime, p.package_type, p.snapstart.enabled);

    let warm_ms = billed_ms(handler_mean_ms);
    let cold_ms = match rule {
        InitBilling::Billed => billed_ms(init.mean + handler_mean_ms),
        InitBilling::Free => warm_ms,
        InitBilling::SnapStartRestore => {
            billed_ms(p.snapstart.restore_duration_ms + handler_mean_ms)
        }
    };
    if init.mean > INIT_TIMEOUT_MS && rule == InitBilling::Billed {
        notes.push(format!(
            "mean INIT {:.0} ms exceeds the 10 s on-demand INIT limit: AWS retries INIT inside the first invocation; coldcost bills the INIT time once (whether both attempts are billed is undocumented)",
            init.mean
        ));
    }

    let mem = u128::from(p.memory_mb);
    let n_od = u128::from(on_demand);
    let n_cold = u128::from(cold.cold_starts);
    let n_pc = u128::from(provisioned_invocations);
    let invoke_ms_total = n_od * u128::from(warm_ms);
    let init_ms_total = n_cold * u128::from(cold_ms - warm_ms.min(cold_ms));
    let pc_ms_total = n_pc * u128::from(warm_ms);
    let storage_mb = u128::from(p.ephemeral_storage_mb.saturating_sub(512));

    let pc_configured_mb_ms = p
        .provisioned_concurrency
        .as_ref()
        .map(|pc| u128::from(pc.concurrency) * mem * pc_billed_ms(pc.hours_per_month))
        .unwrap_or(0);
    let (snapstart_cache_mb_ms, snapstart_restored_mb) = if p.snapstart.enabled {
        let hours = p.snapstart.cache_hours_per_month.max(3.0);
        (mem * (hours * 3_600_000.0).round() as u128, n_cold * mem)
    } else {
        (0, 0)
    };

    let usage = FunctionUsage {
        name: p.name.clone(),
        region: p.region.clone(),
        architecture: Some(p.architecture),
        edge: p.lambda_at_edge,
        free_tier_eligible: !p.lambda_at_edge,
        requests: u128::from(on_demand + provisioned_invocations),
        invoke_mb_ms: invoke_ms_total * mem,
        init_mb_ms: init_ms_total * mem,
        storage_mb_ms: storage_mb * (invoke_ms_total + init_ms_total + pc_ms_total),
        pc_configured_mb_ms,
        pc_duration_mb_ms: pc_ms_total * mem,
        snapstart_cache_mb_ms,
        snapstart_restored_mb,
    };
    Ok(ProfileEstimate {
        profile: p.clone(),
        init,
        cold,
        init_billing: rule,
        invocations,
        on_demand_invocations: on_demand,
        provisioned_invocations,
        handler_mean_ms,
        billed_ms_warm: warm_ms,
        billed_ms_cold: cold_ms,
        usage,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_351_ms_report_example() {
        // REPORT Duration: 250.06 ms, Init Duration: 100.77 ms → billed 351 ms since 2025-08-01, 251 ms before.
        assert_eq!(billed_ms(100.77 + 250.06), 351);
        assert_eq!(billed_ms(250.06), 251);
        assert_eq!(billed_ms(120.0), 120);
        assert_eq!(billed_ms(0.1 + 0.2), 1);
    }

    #[test]
    fn pc_is_billed_in_five_minute_steps() {
        assert_eq!(pc_billed_ms(8.0), 8 * 3_600_000);
        assert_eq!(pc_billed_ms(1.0 / 60.0), 5 * 60_000);
    }
}
