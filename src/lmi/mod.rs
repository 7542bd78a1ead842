//! Lambda Managed Instances (LMI): a function runs on EC2 instances of a capacity provider that AWS operates. Its
//! month is billed as requests, EC2 instance-hours and a management fee — no duration charge, no INIT charge
//! (Lambda pricing page). This module plans the instances: for each allowed instance type with a price, the
//! instances every hour of the month needs ([`capacity`]) and what scaling lag throttles ([`scaling`]); the
//! cheapest type for the month is picked.

pub mod capacity;
pub mod scaling;

use crate::error::{Error, Result};
use crate::money::Money;
use crate::pricing::PriceBook;
use crate::profile::Profile;
use crate::traffic::TrafficModel;
use serde::Serialize;

/// The instance plan of a Managed Instances profile for the month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LmiPlan {
    /// The instance type picked.
    pub instance_type: String,
    /// Its vCPUs.
    pub instance_vcpus: u32,
    /// Its memory, GiB.
    pub instance_memory_gib: u32,
    /// Its on-demand price per instance-hour.
    pub usd_per_hour: f64,
    /// vCPUs of one execution environment.
    pub vcpus_per_env: u32,
    /// Concurrent requests one environment takes.
    pub concurrency_per_env: u32,
    /// Environments per instance.
    pub envs_per_instance: u32,
    /// Instance-hours in the month.
    pub instance_hours: u64,
    /// Instances that run whatever the traffic (`min_instances`, or enough for AWS's three environments).
    pub floor_instances: u32,
    /// Fewest instances running in an hour.
    pub instances_min: u32,
    /// Mean instances running.
    pub instances_mean: f64,
    /// Most instances running in an hour.
    pub instances_max: u32,
    /// Most requests in flight at once.
    pub peak_concurrency: f64,
    /// Requests throttled by scaling lag in the month (not billed).
    pub throttles: u64,
    /// Each allowed type considered, with its month's EC2 and fee at on-demand prices, USD (cheapest first); types
    /// an environment does not fit on are left out.
    pub considered: Vec<(String, Money)>,
}

/// Plans `p`'s month on Managed Instances; an error when no allowed type has a price or fits an environment.
pub fn plan(p: &Profile, book: &PriceBook) -> Result<LmiPlan> {
    let Some(m) = p.managed_instances.as_ref() else {
        return Err(Error::Unsupported {
            at: p.location(),
            message: "the profile has no [managed_instances] table".into(),
        });
    };
    let fee = book.management_fee(&p.region, &p.location())?;
    let traffic = TrafficModel::from_profile(p)?;
    let minutes = capacity::minutes(&traffic, p.handler_mean_ms() / 1000.0);
    let mut best: Option<(Money, LmiPlan)> = None;
    let mut considered = Vec::new();
    let mut first_error = None;
    for t in &m.instance_types {
        let instance = match book.ec2_instance(&p.region, t, &p.location()) {
            Ok(i) => i,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        if instance.architecture != p.architecture {
            first_error.get_or_insert(Error::Unsupported {
                at: p.location(),
                message: format!(
                    "instance type {t} is {} and the function is {}: Managed Instances run a function on instances of its architecture",
                    instance.architecture, p.architecture
                ),
            });
            continue;
        }
        let Some(s) = capacity::sizing(p, instance.vcpus, instance.memory_gib) else {
            continue;
        };
        let scaled = scaling::scale(&minutes, &s);
        let hours: u64 = scaled.hourly_instances.iter().map(|&h| u64::from(h)).sum();
        let on_demand = instance.usd_per_hour.times_units(u128::from(hours));
        let cost = on_demand
            + on_demand.share((fee.management_fee_share * 1e6).round() as u128, 1_000_000);
        considered.push((t.clone(), cost));
        let n = scaled.hourly_instances.len().max(1) as f64;
        let candidate = LmiPlan {
            instance_type: t.clone(),
            instance_vcpus: instance.vcpus,
            instance_memory_gib: instance.memory_gib,
            usd_per_hour: instance.usd_per_hour.usd(),
            vcpus_per_env: s.vcpus_per_env,
            concurrency_per_env: s.concurrency_per_env,
            envs_per_instance: s.envs_per_instance,
            instance_hours: hours,
            floor_instances: s.floor_instances,
            instances_min: scaled.hourly_instances.iter().copied().min().unwrap_or(0),
            instances_mean: hours as f64 / n,
            instances_max: scaled.hourly_instances.iter().copied().max().unwrap_or(0),
            peak_concurrency: scaled.peak_concurrency,
            throttles: scaled.throttles.round() as u64,
            considered: Vec::new(),
        };
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, candidate));
        }
    }
    considered.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    match best {
        Some((_, mut plan)) => {
            plan.considered = considered;
            Ok(plan)
        }
        None => Err(first_error.unwrap_or_else(|| Error::Unsupported {
            at: p.location(),
            message: format!(
                "no allowed instance type ({}) holds one execution environment of {} MB",
                m.instance_types.join(", "),
                p.memory_mb
            ),
        })),
    }
}
