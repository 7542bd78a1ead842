//! One profile → one month of metered usage, applying AWS's per-invocation rounding: a cold invocation is billed
//! ceil(INIT + handler) ms, a warm one ceil(handler) ms.

use super::profile_estimate::ProfileEstimate;
use super::Models;
use crate::billing::MeterInput;
use crate::coldstart::{ColdStartEstimate, SECONDS_PER_MONTH};
use crate::date::Date;
use crate::error::Result;
use crate::init::InitEstimate;
use crate::pricing::{init_billing, InitBilling, PriceBook};
use crate::profile::Profile;

/// The longest INIT phase AWS allows on demand before it times out and retries, ms.
pub const INIT_TIMEOUT_MS: f64 = 10_000.0;

/// Cold starts under tenant isolation: each of `tenants` tenants' equal share of the `arriving` invocations meets
/// environments of its own, so one share is modelled and its cold starts (and throttles) counted `tenants` times.
fn tenant_cold_starts(
    models: &Models,
    p: &Profile,
    arriving: u64,
    init: &InitEstimate,
    seed: u64,
    tenants: u32,
) -> Result<ColdStartEstimate> {
    let n = u64::from(tenants);
    let share = arriving / n;
    let mut tenant = p.clone();
    tenant.traffic.monthly_invocations = share;
    let one = models.coldstart.estimate(&tenant, share, init, seed)?;
    let cold_starts = one.cold_starts.saturating_mul(n).min(arriving);
    Ok(ColdStartEstimate {
        cold_starts,
        rate: if arriving > 0 {
            cold_starts as f64 / arriving as f64
        } else {
            0.0
        },
        method: format!(
            "{} — for one of {} tenants (tenant isolation: each tenant's equal share of the traffic, {} invocations, runs in environments of its own), times {}",
            one.method,
            crate::money::group_thousands(i128::from(tenants)),
            crate::money::group_thousands(i128::from(share)),
            tenants
        ),
        throttles: one.throttles.saturating_mul(n).min(arriving),
        detail: one.detail,
    })
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
    if let Some(m) = &p.managed_instances {
        return super::managed::estimate(p, m, book, init, invocations);
    }
    let mut notes = init.notes.clone();

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
    let cold = match &p.tenant_isolation {
        Some(t) if t.tenants > 1 => {
            tenant_cold_starts(models, p, arriving_on_demand, &init, seed, t.tenants)?
        }
        _ => models
            .coldstart
            .estimate(p, arriving_on_demand, &init, seed)?,
    };
    if let Some(t) = &p.tenant_isolation {
        notes.push(format!(
            "tenant isolation: {} tenants assumed to share the traffic equally; every cold start is a new tenant-isolated environment, charged per GB of memory on top of the standard prices (AWS allows at most 2,500 such environments per 1,000 of concurrency)",
            crate::money::group_thousands(i128::from(t.tenants))
        ));
    }
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
    notes.extend(
        crate::runtime_lifecycle::RuntimeLifecycle::embedded()?.notes(
            p.runtime.as_str(),
            p.snapstart.enabled,
            as_of,
        ),
    );

    if init.mean > INIT_TIMEOUT_MS && rule == InitBilling::Billed {
        notes.push(format!(
            "mean INIT {:.0} ms exceeds the 10 s on-demand INIT limit: AWS retries INIT inside the first invocation; coldcost bills the INIT time once (whether both attempts are billed is undocumented)",
            init.mean
        ));
    }
    let meter = meter_input(
        p,
        &init,
        rule,
        handler_mean_ms,
        on_demand,
        cold.cold_starts,
        provisioned_invocations,
    );
    let billed = meter.billed();
    let usage = meter.meter();
    Ok(ProfileEstimate {
        profile: p.clone(),
        init,
        cold,
        init_billing: rule,
        invocations,
        on_demand_invocations: on_demand,
        provisioned_invocations,
        handler_mean_ms,
        billed_ms_warm: billed.warm,
        billed_ms_cold: billed.cold,
        usage,
        notes,
        managed_instances: None,
    })
}

/// The metering input of a profile's month: the one place a profile's settings meet AWS's metering, shared by
/// the point estimate and the Monte Carlo bands (which perturb the times and counts it is given).
pub fn meter_input(
    p: &Profile,
    init: &InitEstimate,
    rule: InitBilling,
    handler_ms: f64,
    on_demand_invocations: u64,
    cold_starts: u64,
    provisioned_invocations: u64,
) -> MeterInput {
    MeterInput {
        name: p.name.clone(),
        region: p.region.clone(),
        architecture: p.architecture,
        edge: p.lambda_at_edge,
        memory_mb: p.memory_mb,
        ephemeral_storage_mb: p.ephemeral_storage_mb,
        on_demand_invocations,
        cold_starts,
        provisioned_invocations,
        handler_ms,
        init_ms: init.mean,
        first_request_ms: init.first_request_ms,
        init_billing: rule,
        restore_ms: p.snapstart.restore_duration_ms,
        snapstart_cache_hours: p
            .snapstart
            .enabled
            .then_some(p.snapstart.cache_hours_per_month),
        provisioned: p
            .provisioned_concurrency
            .as_ref()
            .map(|pc| (pc.concurrency, pc.hours_per_month)),
        tenant_isolation: p.tenant_isolation.is_some(),
    }
}
