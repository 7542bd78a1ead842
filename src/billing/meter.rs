//! Metering: one month of a function's invocations, cold starts and times turned into the integers AWS bills,
//! with AWS's rounding — every invocation to the next 1 ms, INIT added before rounding when INIT is billed,
//! provisioned concurrency in 5-minute steps. Estimates, decisions and the Monte Carlo bands all meter here.

use super::FunctionUsage;
use crate::pricing::InitBilling;
use crate::vocab::Architecture;

/// Milliseconds rounded up to the next whole ms, as AWS bills; sub-microsecond float noise is ignored.
pub fn billed_ms(ms: f64) -> u64 {
    let us = (ms * 1000.0).round();
    (us / 1000.0).ceil().max(0.0) as u64
}

/// Hours of provisioned concurrency billed in 5-minute steps (rounded up), in ms.
pub fn pc_billed_ms(hours: f64) -> u128 {
    let minutes = (hours * 60.0 - 1e-9).ceil().max(0.0) as u128;
    minutes.div_ceil(5) * 5 * 60_000
}

/// Everything metering needs to know about one function's month.
#[derive(Debug, Clone, PartialEq)]
pub struct MeterInput {
    /// Function or profile name.
    pub name: String,
    /// Region code.
    pub region: String,
    /// Architecture.
    pub architecture: Architecture,
    /// Runs as Lambda@Edge (edge prices, no free tier).
    pub edge: bool,
    /// Configured memory, MB.
    pub memory_mb: u32,
    /// Configured ephemeral storage, MB (above 512 MB is billed).
    pub ephemeral_storage_mb: u32,
    /// Invocations served on demand (throttled ones excluded: they are never billed).
    pub on_demand_invocations: u64,
    /// Cold starts among them.
    pub cold_starts: u64,
    /// Invocations served by provisioned concurrency.
    pub provisioned_invocations: u64,
    /// Mean warm handler time, ms.
    pub handler_ms: f64,
    /// Mean INIT time of one cold start, ms.
    pub init_ms: f64,
    /// Work deferred from INIT to the first request of each environment (lazy imports), ms: billed in that
    /// request's duration whatever the INIT rule.
    pub first_request_ms: f64,
    /// How INIT is billed under the run's rules.
    pub init_billing: InitBilling,
    /// SnapStart: billed restore time of one restore, ms (used when `init_billing` is `SnapStartRestore`).
    pub restore_ms: f64,
    /// SnapStart: hours the snapshot cache is billed this month, when SnapStart is on.
    pub snapstart_cache_hours: Option<f64>,
    /// Provisioned concurrency: environments and hours configured this month.
    pub provisioned: Option<(u32, f64)>,
    /// Tenant isolation mode: every cold start is a new tenant-isolated environment, charged per GB of memory.
    pub tenant_isolation: bool,
}

/// What one invocation of each kind is billed, ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BilledMs {
    /// A warm invocation.
    pub warm: u64,
    /// A cold invocation: the billed INIT or restore and the first request's deferred work added before rounding.
    pub cold: u64,
    /// A cold invocation without the first request's deferred work: what the INIT or restore phase adds.
    pub cold_phase_only: u64,
}

impl MeterInput {
    /// Billed ms of a warm and of a cold invocation.
    pub fn billed(&self) -> BilledMs {
        let warm = billed_ms(self.handler_ms);
        let phase_ms = match self.init_billing {
            InitBilling::Billed => self.init_ms,
            InitBilling::Free => 0.0,
            InitBilling::SnapStartRestore => self.restore_ms,
        };
        let cold_phase_only = billed_ms(phase_ms + self.handler_ms).max(warm);
        let cold =
            billed_ms(phase_ms + self.handler_ms + self.first_request_ms).max(cold_phase_only);
        BilledMs {
            warm,
            cold,
            cold_phase_only,
        }
    }

    /// The month's metered usage.
    pub fn meter(&self) -> FunctionUsage {
        let b = self.billed();
        let mem = u128::from(self.memory_mb);
        let n_cold = u128::from(self.cold_starts.min(self.on_demand_invocations));
        // The billed INIT (or SnapStart restore) phase is metered as INIT; the first request's deferred work
        // stays in the invocation's own duration.
        let init_ms = n_cold * u128::from(b.cold_phase_only - b.warm);
        let invoke_ms = u128::from(self.on_demand_invocations) * u128::from(b.warm)
            + n_cold * u128::from(b.cold - b.cold_phase_only);
        let pc_ms = u128::from(self.provisioned_invocations) * u128::from(b.warm);
        let storage_mb = u128::from(self.ephemeral_storage_mb.saturating_sub(512));
        let pc_configured_mb_ms = self
            .provisioned
            .map(|(n, hours)| u128::from(n) * mem * pc_billed_ms(hours))
            .unwrap_or(0);
        let (snapstart_cache_mb_ms, snapstart_restored_mb) = match self.snapstart_cache_hours {
            // AWS bills the cache for at least 3 hours.
            Some(hours) => (
                mem * (hours.max(3.0) * 3_600_000.0).round() as u128,
                n_cold * mem,
            ),
            None => (0, 0),
        };
        FunctionUsage {
            name: self.name.clone(),
            region: self.region.clone(),
            architecture: Some(self.architecture),
            edge: self.edge,
            free_tier_eligible: !self.edge,
            requests: u128::from(self.on_demand_invocations)
                + u128::from(self.provisioned_invocations),
            invoke_mb_ms: invoke_ms * mem,
            init_mb_ms: init_ms * mem,
            storage_mb_ms: storage_mb * (invoke_ms + init_ms + pc_ms),
            pc_configured_mb_ms,
            pc_duration_mb_ms: pc_ms * mem,
            snapstart_cache_mb_ms,
            snapstart_restored_mb,
            tenant_environments_mb: if self.tenant_isolation {
                n_cold * mem
            } else {
                0
            },
            managed_instances: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MeterInput {
        MeterInput {
            name: "f".into(),
            region: "us-east-1".into(),
            architecture: Architecture::X86_64,
            edge: false,
            memory_mb: 1024,
            ephemeral_storage_mb: 512,
            on_demand_invocations: 1000,
            cold_starts: 10,
            provisioned_invocations: 0,
            handler_ms: 250.06,
            init_ms: 100.77,
            first_request_ms: 0.0,
            init_billing: InitBilling::Billed,
            restore_ms: 0.0,
            snapstart_cache_hours: None,
            provisioned: None,
            tenant_isolation: false,
        }
    }

    #[test]
    fn the_351_ms_report_example() {
        // REPORT Duration: 250.06 ms, Init Duration: 100.77 ms → billed 351 ms since 2025-08-01, 251 ms before.
        assert_eq!(billed_ms(100.77 + 250.06), 351);
        assert_eq!(billed_ms(250.06), 251);
        assert_eq!(billed_ms(120.0), 120);
        assert_eq!(billed_ms(0.1 + 0.2), 1);
        let b = input().billed();
        assert_eq!((b.warm, b.cold, b.cold_phase_only), (251, 351, 351));
        let free = MeterInput {
            init_billing: InitBilling::Free,
            ..input()
        };
        assert_eq!(free.billed().cold, 251);
    }

    #[test]
    fn pc_is_billed_in_five_minute_steps() {
        assert_eq!(pc_billed_ms(8.0), 8 * 3_600_000);
        assert_eq!(pc_billed_ms(1.0 / 60.0), 5 * 60_000);
    }

    #[test]
    fn init_is_metered_apart_from_the_handler() {
        let u = input().meter();
        assert_eq!(u.requests, 1000);
        assert_eq!(u.invoke_mb_ms, 1000 * 251 * 1024);
        assert_eq!(u.init_mb_ms, 10 * 100 * 1024);
    }

    #[test]
    fn a_lazy_import_moves_to_the_first_request_and_is_still_billed() {
        // 80 ms of imports out of INIT and into each environment's first request.
        let eager = MeterInput {
            init_ms: 180.77,
            ..input()
        };
        let lazy = MeterInput {
            init_ms: 100.77,
            first_request_ms: 80.0,
            ..input()
        };
        let (e, l) = (eager.meter(), lazy.meter());
        assert_eq!(
            e.on_demand_mb_ms(),
            l.on_demand_mb_ms(),
            "under the INIT rule the time is billed either way"
        );
        // Before INIT was billed, deferring the import made the first request pay for it.
        let free = |m: MeterInput| MeterInput {
            init_billing: InitBilling::Free,
            ..m
        };
        assert_eq!(free(eager).meter().on_demand_mb_ms(), 1000 * 251 * 1024);
        assert_eq!(
            free(lazy).meter().on_demand_mb_ms(),
            (990 * 251 + 10 * 331) * 1024
        );
    }
}
