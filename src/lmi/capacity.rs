//! Instances a Managed Instances function needs, minute by minute and hour by hour, for one instance type.
//!
//! Concurrency is Little's law: arrival rate × mean handler time. An instance holds
//! `min(⌊instance vCPUs ÷ environment vCPUs⌋, ⌊instance GiB ÷ environment GiB⌋)` execution environments; at full
//! load it serves `min(environments × concurrency per environment, environments' vCPUs ÷ CPU-bound share)`
//! concurrent requests (AWS scales on both multi-concurrency saturation and CPU). Capacity is sized to the profile's
//! CPU utilisation target (default 50%: room for traffic doubling, which AWS says Managed Instances absorb within
//! five minutes), never below `min_instances` nor the three execution environments AWS starts. An hour is billed
//! at the most instances any of its minutes needs (AWS scales down slowly).

use crate::profile::Profile;
use crate::traffic::{Process, TrafficModel};
use crate::vocab::HOURS_PER_MONTH;

/// Execution environments AWS starts before a function version is active.
pub const MIN_ENVIRONMENTS: u32 = 3;

/// The sizing of one instance type for a profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizing {
    /// vCPUs of one execution environment.
    pub vcpus_per_env: u32,
    /// Concurrent requests one environment takes.
    pub concurrency_per_env: u32,
    /// Environments that fit on one instance.
    pub envs_per_instance: u32,
    /// Concurrent requests one instance serves at full load.
    pub full_concurrency_per_instance: f64,
    /// The floor: `min_instances`, and enough instances for the three environments AWS starts.
    pub floor_instances: u32,
    /// Share of capacity used at the sizing point (the CPU utilisation target).
    pub target: f64,
}

impl Sizing {
    /// Instances needed to serve `concurrency` at the utilisation target.
    pub fn instances_for(&self, concurrency: f64) -> u32 {
        let per = self.full_concurrency_per_instance * self.target;
        let need = if per > 0.0 {
            (concurrency / per - 1e-9).ceil().max(0.0)
        } else {
            0.0
        };
        (need.min(f64::from(u32::MAX)) as u32).max(self.floor_instances)
    }
}

/// Sizes `instance` (vCPUs, GiB) for the profile; `None` when one environment does not fit on it.
pub fn sizing(p: &Profile, instance_vcpus: u32, instance_memory_gib: u32) -> Option<Sizing> {
    let m = p.managed_instances.as_ref()?;
    let vcpus_per_env = m.vcpus_per_env(p.memory_mb);
    let env_gib = vcpus_per_env * m.memory_gib_per_vcpu;
    let envs_per_instance =
        (instance_vcpus / vcpus_per_env).min(instance_memory_gib / env_gib.max(1));
    if envs_per_instance == 0 {
        return None;
    }
    let concurrency_per_env = m.concurrency_per_env(p.runtime, p.memory_mb);
    let slots = f64::from(envs_per_instance * concurrency_per_env);
    let cpu_share = p.handler.cpu_bound_fraction;
    let cpu_limit = if cpu_share > 0.0 {
        f64::from(envs_per_instance * vcpus_per_env) / cpu_share
    } else {
        f64::INFINITY
    };
    Some(Sizing {
        vcpus_per_env,
        concurrency_per_env,
        envs_per_instance,
        full_concurrency_per_instance: slots.min(cpu_limit),
        floor_instances: m
            .min_instances
            .max(MIN_ENVIRONMENTS.div_ceil(envs_per_instance)),
        target: m.target_cpu_utilization,
    })
}

/// One minute of demand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Minute {
    /// Requests arriving in the minute (expected).
    pub requests: f64,
    /// Mean concurrency over the minute (Little's law: arrival rate × mean handler time).
    pub mean_concurrency: f64,
    /// The most requests in flight at once: the mean for Poisson traffic; a whole batch for batched traffic.
    pub peak_concurrency: f64,
}

/// The month's 43,800 minutes of demand for handlers of `handler_s` seconds on average.
pub fn minutes(t: &TrafficModel, handler_s: f64) -> Vec<Minute> {
    let n = (HOURS_PER_MONTH * 60.0) as usize;
    (0..n)
        .map(|m| {
            let from = m as f64 * 60.0;
            let requests = t.expected_between(from, from + 60.0);
            let mean_concurrency = requests / 60.0 * handler_s;
            let peak_concurrency = match &t.process {
                Process::Batches { interval_s, size } if requests > 0.0 => {
                    size * (handler_s / interval_s.max(1e-9)).max(1.0)
                }
                _ => mean_concurrency,
            };
            Minute {
                requests,
                mean_concurrency,
                peak_concurrency,
            }
        })
        .collect()
}
