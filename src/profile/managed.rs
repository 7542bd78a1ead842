//! The profile's `[managed_instances]` table: the function runs on Lambda Managed Instances (LMI), EC2 instances of a
//! capacity provider that AWS operates, instead of on demand. Validated here; defaults are AWS's where AWS states
//! one, each listed in [`ManagedInstances::defaults_used`] with its source for the report.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{Error, Location, Result};
use crate::pricing::architecture_of;
use crate::vocab::{Architecture, Family, Runtime};
use serde::{Deserialize, Serialize};

/// Source of the supported runtimes and the per-vCPU concurrency defaults.
pub const RUNTIMES_SOURCE: &str = "AWS Lambda Developer Guide, \"Lambda Managed Instances runtimes\" (Node.js 22 and later, Python 3.13 and later) and the Node.js / Python runtime pages (PerExecutionEnvironmentMaxConcurrency default 64 / 16 per vCPU), read 2026-12-03";
/// Source of the three-instance default.
pub const MIN_INSTANCES_SOURCE: &str = "AWS Lambda Developer Guide, \"Scaling Lambda Managed Instances\": Lambda launches three instances by default for AZ resiliency and starts three execution environments, read 2026-12-03";
/// Source of the memory-to-vCPU ratio and the 2 GB minimum.
pub const RATIO_SOURCE: &str = "AWS Lambda API reference, LambdaManagedInstancesCapacityProviderConfig.ExecutionEnvironmentMemoryGiBPerVCpu (2.0–8.0), and \"Scaling Lambda Managed Instances\" (minimum function size 2 GB and 1 vCPU, the c-family 2:1 ratio), read 2026-12-03";
/// Source of the CPU utilisation target default.
pub const TARGET_SOURCE: &str = "derived, not published: AWS says Managed Instances \"scale to handle traffic doubling within five minutes by default\" (Lambda Managed Instances overview), so the default keeps capacity for twice the load (50% utilisation); AWS does not publish the Auto scaling mode's target, read 2026-12-03";

/// Lambda Managed Instances settings of a profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManagedInstances {
    /// The instance types the capacity provider may use (one: `instance_type`; several: the allowed list, of which
    /// the cheapest for the month is picked).
    pub instance_types: Vec<String>,
    /// Instances kept running whatever the traffic (AWS default 3, one per Availability Zone).
    pub min_instances: u32,
    /// Concurrent requests one execution environment takes (AWS's `PerExecutionEnvironmentMaxConcurrency`);
    /// default: 64 per vCPU for Node.js, 16 per vCPU for Python, times the environment's vCPUs.
    pub max_concurrency_per_env: Option<u32>,
    /// Memory per vCPU of an execution environment, GiB: 2, 4 or 8 (default 2).
    pub memory_gib_per_vcpu: u32,
    /// Share taken off the EC2 part by a Savings Plan or Reserved Instances (0 to below 1; default 0). The
    /// management fee stays on the on-demand price.
    pub ec2_discount: f64,
    /// CPU utilisation the capacity is sized to (0.1–1; default 0.5: headroom for traffic doubling).
    pub target_cpu_utilization: f64,
    /// The defaults this profile took, by key, for the report's assumptions.
    pub defaults_used: Vec<&'static str>,
}

/// The table as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawManagedInstances {
    instance_type: Option<String>,
    instance_types: Option<Vec<String>>,
    min_instances: Option<i64>,
    max_concurrency_per_env: Option<i64>,
    memory_gib_per_vcpu: Option<i64>,
    ec2_discount: Option<f64>,
    target_cpu_utilization: Option<f64>,
}

/// Default concurrent requests per vCPU of a runtime family on Managed Instances (AWS's defaults).
pub fn default_concurrency_per_vcpu(family: Family) -> Option<u32> {
    match family {
        Family::Node => Some(64),
        Family::Python => Some(16),
        Family::Custom => None,
    }
}

/// Whether Managed Instances supports `runtime` (Node.js 22+, Python 3.13+ among the runtimes coldcost knows).
pub fn supports(runtime: Runtime) -> bool {
    matches!(
        runtime,
        Runtime::Node22 | Runtime::Node24 | Runtime::Python313 | Runtime::Python314
    )
}

/// Validates `[managed_instances]` of a profile with `runtime`, `architecture` and `memory_mb`; `at(field)` points
/// at a field's line.
pub(super) fn validate(
    raw: RawManagedInstances,
    runtime: Runtime,
    architecture: Architecture,
    memory_mb: u32,
    at: &dyn Fn(&str) -> Location,
) -> Result<ManagedInstances> {
    let f = |k: &str| format!("managed_instances.{k}");
    let mut defaults_used = Vec::new();
    if !supports(runtime) {
        return Err(Error::invalid(
            &at("runtime"),
            "runtime",
            format!("\"{runtime}\" (with [managed_instances])"),
            "Lambda Managed Instances supports nodejs22.x, nodejs24.x, python3.13 and python3.14 (Node.js 22+, Python 3.13+)",
        ));
    }
    let instance_types = match (raw.instance_type, raw.instance_types) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                &at(&f("instance_types")),
                f("instance_types"),
                "(both instance_type and instance_types)",
                "give one instance_type or a list instance_types, not both",
            ))
        }
        (Some(t), None) => vec![t],
        (None, Some(list)) if !list.is_empty() => list,
        (None, Some(_)) => {
            return Err(Error::invalid(
                &at(&f("instance_types")),
                f("instance_types"),
                "[]",
                "at least one instance type",
            ))
        }
        (None, None) => {
            return Err(Error::MissingField {
                at: at("managed_instances"),
                field: f("instance_type (or instance_types)"),
            })
        }
    };
    for t in &instance_types {
        let field = if instance_types.len() == 1 {
            f("instance_type")
        } else {
            f("instance_types")
        };
        let Some(arch) = architecture_of(t.trim()) else {
            return Err(Error::invalid(
                &at(&field),
                field,
                format!("\"{t}\""),
                "an EC2 instance type such as c7g.xlarge",
            ));
        };
        if arch != architecture {
            return Err(Error::invalid(
                &at(&field),
                field,
                format!("\"{t}\""),
                format!(
                    "an {architecture} instance type: the function's architecture is {architecture} and {t} is {arch} (a `g` family is Graviton, arm64)"
                ),
            ));
        }
    }
    let int = |k: &str, v: Option<i64>, lo: i64, hi: i64| -> Result<Option<u32>> {
        match v {
            None => Ok(None),
            Some(x) if (lo..=hi).contains(&x) => Ok(u32::try_from(x).ok()),
            Some(x) => Err(Error::invalid(
                &at(&f(k)),
                f(k),
                x,
                format!("expected an integer from {lo} to {hi}"),
            )),
        }
    };
    let min_instances = int("min_instances", raw.min_instances, 0, 10_000)?.unwrap_or_else(|| {
        defaults_used.push("min_instances");
        3
    });
    let max_concurrency_per_env = int(
        "max_concurrency_per_env",
        raw.max_concurrency_per_env,
        1,
        1600,
    )?;
    if max_concurrency_per_env.is_none() {
        defaults_used.push("max_concurrency_per_env");
    }
    let memory_gib_per_vcpu = match raw.memory_gib_per_vcpu {
        None => {
            defaults_used.push("memory_gib_per_vcpu");
            2
        }
        Some(r @ (2 | 4 | 8)) => r as u32,
        Some(r) => {
            return Err(Error::invalid(
                &at(&f("memory_gib_per_vcpu")),
                f("memory_gib_per_vcpu"),
                r,
                "expected 2, 4 or 8 (GiB of memory per vCPU)",
            ))
        }
    };
    let ec2_discount = raw.ec2_discount.unwrap_or(0.0);
    if !(ec2_discount.is_finite() && (0.0..1.0).contains(&ec2_discount)) {
        return Err(Error::invalid(
            &at(&f("ec2_discount")),
            f("ec2_discount"),
            ec2_discount,
            "expected a share from 0 to below 1 (0.3 = 30% off the EC2 on-demand price)",
        ));
    }
    let target_cpu_utilization = raw.target_cpu_utilization.unwrap_or_else(|| {
        defaults_used.push("target_cpu_utilization");
        0.5
    });
    if !(target_cpu_utilization.is_finite() && (0.1..=1.0).contains(&target_cpu_utilization)) {
        return Err(Error::invalid(
            &at(&f("target_cpu_utilization")),
            f("target_cpu_utilization"),
            target_cpu_utilization,
            "expected a share from 0.1 to 1",
        ));
    }
    let ratio_mb = memory_gib_per_vcpu * 1024;
    if memory_mb < 2048 || memory_mb % ratio_mb != 0 {
        return Err(Error::invalid(
            &at("memory_mb"),
            "memory_mb",
            memory_mb,
            format!(
                "with [managed_instances], a whole number of vCPUs at {memory_gib_per_vcpu} GiB each: a multiple of {ratio_mb} MB, at least 2048 (AWS's minimum function size is 2 GB and 1 vCPU)"
            ),
        ));
    }
    Ok(ManagedInstances {
        instance_types: instance_types
            .into_iter()
            .map(|t| t.trim().to_string())
            .collect(),
        min_instances,
        max_concurrency_per_env,
        memory_gib_per_vcpu,
        ec2_discount,
        target_cpu_utilization,
        defaults_used,
    })
}

impl ManagedInstances {
    /// vCPUs of one execution environment: the function's memory over the memory per vCPU.
    pub fn vcpus_per_env(&self, memory_mb: u32) -> u32 {
        (memory_mb / (self.memory_gib_per_vcpu * 1024)).max(1)
    }

    /// Concurrent requests one environment takes: the profile's value, or the runtime's default per vCPU times
    /// the environment's vCPUs.
    pub fn concurrency_per_env(&self, runtime: Runtime, memory_mb: u32) -> u32 {
        self.max_concurrency_per_env.unwrap_or_else(|| {
            default_concurrency_per_vcpu(runtime.family()).unwrap_or(1)
                * self.vcpus_per_env(memory_mb)
        })
    }
}

impl ManagedInstances {
    /// One line per default this profile took, with its value and source, for the report's assumptions.
    pub fn assumption_lines(&self, name: &str, runtime: Runtime, memory_mb: u32) -> Vec<String> {
        let mut out = vec![format!(
            "{name}: Managed Instances supports Node.js 22+ and Python 3.13+ ({RUNTIMES_SOURCE})"
        )];
        for d in &self.defaults_used {
            let (value, source) = match *d {
                "min_instances" => (self.min_instances.to_string(), MIN_INSTANCES_SOURCE),
                "max_concurrency_per_env" => (
                    format!(
                        "{} ({} per vCPU for {} × {} vCPU)",
                        self.concurrency_per_env(runtime, memory_mb),
                        default_concurrency_per_vcpu(runtime.family()).unwrap_or(1),
                        runtime.family(),
                        self.vcpus_per_env(memory_mb)
                    ),
                    RUNTIMES_SOURCE,
                ),
                "memory_gib_per_vcpu" => (self.memory_gib_per_vcpu.to_string(), RATIO_SOURCE),
                "target_cpu_utilization" => {
                    (self.target_cpu_utilization.to_string(), TARGET_SOURCE)
                }
                _ => continue,
            };
            out.push(format!(
                "{name}: managed_instances.{d} = {value} (default; {source})"
            ));
        }
        out
    }
}
