//! Metered usage of one function for one month: the integers AWS bills, before any price is applied.

use crate::vocab::Architecture;
use serde::Serialize;

/// One function's monthly usage, in the units AWS meters (requests, MB-ms, MB).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FunctionUsage {
    /// Function or profile name.
    pub name: String,
    /// Region code.
    pub region: String,
    /// Architecture (x86_64 when unset).
    pub architecture: Option<Architecture>,
    /// Runs as Lambda@Edge (edge prices, no free tier).
    pub edge: bool,
    /// Whether the account's free tier may cover this function's requests and on-demand duration.
    pub free_tier_eligible: bool,
    /// Requests.
    pub requests: u128,
    /// On-demand duration of the handler (warm part of every invocation), MB-ms.
    pub invoke_mb_ms: u128,
    /// On-demand duration of billed INIT phases (cold part), MB-ms.
    pub init_mb_ms: u128,
    /// Ephemeral storage above 512 MB × billed duration, MB-ms.
    pub storage_mb_ms: u128,
    /// Provisioned concurrency configured (environments × memory × time), MB-ms.
    pub pc_configured_mb_ms: u128,
    /// Duration of invocations served by provisioned concurrency, MB-ms.
    pub pc_duration_mb_ms: u128,
    /// SnapStart cache (memory × time active), MB-ms.
    pub snapstart_cache_mb_ms: u128,
    /// SnapStart restores × memory, MB.
    pub snapstart_restored_mb: u128,
    /// Tenant isolation: new tenant-isolated execution environments × memory, MB.
    pub tenant_environments_mb: u128,
    /// Lambda Managed Instances: the instance-hours of the month, when the function runs on them.
    pub managed_instances: Option<ManagedInstancesUsage>,
}

/// A month of Lambda Managed Instances: instance-hours of one instance type, and the discount its EC2 part gets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ManagedInstancesUsage {
    /// EC2 instance type, e.g. `c7g.xlarge`.
    pub instance_type: String,
    /// Instance-hours in the month.
    pub instance_hours: u128,
    /// Savings Plan / Reserved Instance share off the EC2 part, parts per million (the fee is not discounted).
    pub ec2_discount_ppm: u32,
}

impl FunctionUsage {
    /// The architecture, x86_64 by default as on AWS.
    pub fn arch(&self) -> Architecture {
        self.architecture.unwrap_or(Architecture::X86_64)
    }

    /// On-demand duration subject to tiers and the free tier: invoke + INIT.
    pub fn on_demand_mb_ms(&self) -> u128 {
        self.invoke_mb_ms.saturating_add(self.init_mb_ms)
    }
}
