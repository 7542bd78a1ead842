//! One Managed Instances profile → one month of usage: the instance plan from [`crate::lmi`], the requests it
//! serves (throttled ones are not billed), no duration and no INIT charge.

use super::profile_estimate::ProfileEstimate;
use crate::billing::{billed_ms, FunctionUsage, ManagedInstancesUsage};
use crate::coldstart::ColdStartEstimate;
use crate::error::Result;
use crate::init::InitEstimate;
use crate::lmi::LmiPlan;
use crate::money::group_thousands;
use crate::pricing::{InitBilling, PriceBook};
use crate::profile::{ManagedInstances, Profile};

/// Estimates `p`'s month on Managed Instances; `invocations` arrive, `init` is reported but not billed.
pub(super) fn estimate(
    p: &Profile,
    m: &ManagedInstances,
    book: &PriceBook,
    init: InitEstimate,
    invocations: u64,
) -> Result<ProfileEstimate> {
    let plan = crate::lmi::plan(p, book)?;
    let throttles = plan.throttles.min(invocations);
    let served = invocations - throttles;
    let mut notes = init.notes.clone();
    notes.extend(plan_notes(p, m, &plan));
    if throttles > 0 {
        notes.push(format!(
            "{} invocations a month throttled while Managed Instances scale up (traffic more than doubling within 5 minutes, AWS's scaling page); they are not billed",
            group_thousands(i128::from(throttles))
        ));
    }
    let handler_mean_ms = p.handler_mean_ms();
    let warm = billed_ms(handler_mean_ms);
    let usage = FunctionUsage {
        name: p.name.clone(),
        region: p.region.clone(),
        architecture: Some(p.architecture),
        edge: false,
        // The free tier is Lambda's on-demand allowance; AWS's LMI calculator bills every request.
        free_tier_eligible: false,
        requests: u128::from(served),
        managed_instances: Some(ManagedInstancesUsage {
            instance_type: plan.instance_type.clone(),
            instance_hours: u128::from(plan.instance_hours),
            ec2_discount_ppm: (m.ec2_discount * 1e6).round() as u32,
        }),
        ..FunctionUsage::default()
    };
    Ok(ProfileEstimate {
        profile: p.clone(),
        init,
        cold: ColdStartEstimate {
            cold_starts: 0,
            rate: 0.0,
            method: "managed instances (no cold start on a request: environments start ahead of traffic)".into(),
            throttles,
            detail: None,
        },
        init_billing: InitBilling::Free,
        invocations,
        on_demand_invocations: 0,
        provisioned_invocations: 0,
        handler_mean_ms,
        billed_ms_warm: warm,
        billed_ms_cold: warm,
        usage,
        notes,
        managed_instances: Some(plan),
    })
}

/// What the plan rests on, in sentences for the report.
fn plan_notes(p: &Profile, m: &ManagedInstances, plan: &LmiPlan) -> Vec<String> {
    let mut notes = vec![format!(
        "Managed Instances: {} ({} vCPU, {} GiB, ${}/h on demand) × {}–{} instances (mean {:.1}), {} instance-hours; {} environment(s) per instance of {} vCPU / {} GiB taking {} concurrent requests each; peak {:.0} requests in flight; sized at {:.0}% CPU/concurrency utilisation",
        plan.instance_type,
        plan.instance_vcpus,
        plan.instance_memory_gib,
        plan.usd_per_hour,
        plan.instances_min,
        plan.instances_max,
        plan.instances_mean,
        group_thousands(i128::from(plan.instance_hours)),
        plan.envs_per_instance,
        plan.vcpus_per_env,
        plan.vcpus_per_env * m.memory_gib_per_vcpu,
        plan.concurrency_per_env,
        plan.peak_concurrency,
        m.target_cpu_utilization * 100.0,
    )];
    if plan.considered.len() > 1 {
        notes.push(format!(
            "Managed Instances: picked {} as the cheapest allowed type for the month at on-demand prices (EC2 + fee): {}",
            plan.instance_type,
            plan.considered
                .iter()
                .map(|(t, c)| format!("{t} {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if m.ec2_discount > 0.0 {
        notes.push(format!(
            "Managed Instances: EC2 part {}% off (Savings Plan / Reserved Instances, the profile's ec2_discount); the management fee stays on the on-demand price",
            m.ec2_discount * 100.0
        ));
    }
    notes.push(format!(
        "Managed Instances: no duration or INIT charge; requests at {}'s request price without the free tier",
        p.region
    ));
    notes
}

/// The usage of a Managed Instances estimate with its volume scaled by `volume` and its handler time by `handler`
/// (the Monte Carlo bands' draws): requests scale with the volume; instance-hours above the floor scale with the
/// load (volume × handler time), never below the floor's hours. `None` for an on-demand estimate.
pub fn scaled_usage(e: &ProfileEstimate, volume: f64, handler: f64) -> Option<FunctionUsage> {
    let plan = e.managed_instances.as_ref()?;
    let m = e.usage.managed_instances.as_ref()?;
    let served = e.invocations.saturating_sub(e.cold.throttles) as f64 * volume;
    let floor_hours = f64::from(plan.floor_instances) * crate::vocab::HOURS_PER_MONTH;
    let hours = (plan.instance_hours as f64 * volume * handler).max(floor_hours);
    Some(FunctionUsage {
        requests: served.round().max(0.0) as u128,
        managed_instances: Some(ManagedInstancesUsage {
            instance_hours: hours.round().max(0.0) as u128,
            ..m.clone()
        }),
        ..e.usage.clone()
    })
}
