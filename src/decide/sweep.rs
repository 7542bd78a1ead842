//! Sweeps: one profile's monthly bill across memory sizes, volumes or architectures, and the cheapest setting.
//! Handler time follows the CPU share memory buys — a single-threaded handler gets memory ÷ 1,769 MB of a vCPU,
//! at most one — for its `cpu_bound_fraction`; the rest (waiting on I/O) does not move. INIT time does not move
//! with memory (flat in the lambda-perf data), so INIT *cost* grows with memory.

use super::restate;
use crate::error::Result;
use crate::estimate::{self, Models, RunOptions};
use crate::money::Money;
use crate::pricing::{Architecture, PriceBook};
use crate::profile::Profile;
use serde::Serialize;

/// Memory that buys one full vCPU, MB.
pub const MB_PER_VCPU: f64 = 1769.0;

/// What is swept.
#[derive(Debug, Clone, PartialEq)]
pub enum Axis {
    /// Memory sizes, MB.
    Memory(Vec<u32>),
    /// Monthly volumes.
    Invocations(Vec<u64>),
    /// Both architectures.
    Architecture,
}

/// One setting's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepPoint {
    /// The setting, as shown (`1024 MB`, `2,000,000`, `arm64`).
    pub setting: String,
    /// Memory, MB.
    pub memory_mb: u32,
    /// Architecture.
    pub architecture: String,
    /// Invocations per month.
    pub invocations: u64,
    /// Mean handler time at this setting, ms.
    pub handler_mean_ms: f64,
    /// Cold starts per month.
    pub cold_starts: u64,
    /// Invocations the concurrency limit throttles a month (reported, never billed).
    pub throttles: u64,
    /// INIT's cost, USD.
    pub init_usd: Money,
    /// The monthly bill, USD (the profile billed as its own account).
    pub total_usd: Money,
}

/// A sweep's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    /// The profile swept.
    pub profile: String,
    /// `memory`, `invocations` or `architecture`.
    pub axis: &'static str,
    /// One per setting.
    pub points: Vec<SweepPoint>,
    /// Index of the cheapest point.
    pub cheapest: usize,
}

/// Handler time at `memory_mb` of a profile whose `duration_ms` was measured at its own memory size.
pub fn handler_ms_at(p: &Profile, ms: f64, memory_mb: u32) -> f64 {
    let cpu = |m: u32| (f64::from(m) / MB_PER_VCPU).min(1.0);
    let f = p.handler.cpu_bound_fraction;
    ms * (f * cpu(p.memory_mb) / cpu(memory_mb) + (1.0 - f))
}

/// The profile at another memory size (handler times scaled, INIT unchanged).
pub fn at_memory(p: &Profile, memory_mb: u32) -> Profile {
    let mut q = p.clone();
    q.handler.duration_ms = handler_ms_at(p, p.handler.duration_ms, memory_mb);
    q.handler.duration_p95_ms = p
        .handler
        .duration_p95_ms
        .map(|x| handler_ms_at(p, x, memory_mb));
    q.memory_mb = memory_mb;
    q.name = format!("{} @ {memory_mb} MB", p.name);
    q
}

/// Sweeps `p` along `axis`.
pub fn sweep(
    p: &Profile,
    axis: &Axis,
    book: &PriceBook,
    models: &Models,
    options: RunOptions,
) -> Result<Sweep> {
    let (name, variants): (&'static str, Vec<(String, Profile)>) = match axis {
        Axis::Memory(ms) => (
            "memory",
            ms.iter()
                .map(|&m| (format!("{m} MB"), at_memory(p, m)))
                .collect(),
        ),
        Axis::Invocations(vs) => (
            "invocations",
            vs.iter()
                .flat_map(|&v| {
                    let label = crate::money::group_thousands(i128::from(v));
                    // A Managed Instances profile is swept on demand and on LMI at each volume.
                    let both = super::managed::with_on_demand(&restate(std::slice::from_ref(p), v));
                    let twins = both.len() == 2;
                    both.into_iter().enumerate().map(move |(k, q)| {
                        let setting = match (twins, k) {
                            (false, _) => label.clone(),
                            (true, 0) => format!("{label} {}", super::managed::ON_DEMAND),
                            (true, _) => format!("{label} {}", super::managed::ON_LMI),
                        };
                        (setting, q)
                    })
                })
                .collect(),
        ),
        Axis::Architecture => (
            "architecture",
            Architecture::ALL
                .iter()
                .map(|&a| {
                    let mut q = p.clone();
                    q.architecture = a;
                    (a.to_string(), q)
                })
                .collect(),
        ),
    };
    let profiles: Vec<Profile> = variants.iter().map(|(_, q)| q.clone()).collect();
    let run = estimate::run_each(&profiles, book, models, options)?;
    let mut points = Vec::with_capacity(profiles.len());
    for (i, ((setting, q), e)) in variants.iter().zip(&run.estimates).enumerate() {
        let fb = run.function_bill(i);
        let init_usd = fb.map_or(Money::ZERO, |b| {
            b.net(crate::billing::LineItem::DurationInit)
                + b.net(crate::billing::LineItem::SnapStartRestore)
        });
        points.push(SweepPoint {
            setting: setting.clone(),
            memory_mb: q.memory_mb,
            architecture: q.architecture.to_string(),
            invocations: e.invocations,
            handler_mean_ms: e.handler_mean_ms,
            cold_starts: e.cold.cold_starts,
            throttles: e.cold.throttles,
            init_usd,
            total_usd: run.bills.get(i).map_or(Money::ZERO, |b| b.total),
        });
    }
    let cheapest = points
        .iter()
        .enumerate()
        .min_by_key(|(_, x)| x.total_usd)
        .map_or(0, |(i, _)| i);
    Ok(Sweep {
        profile: p.name.clone(),
        axis: name,
        points,
        cheapest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_bound_time_halves_when_memory_doubles_below_one_vcpu() {
        let p = Profile::from_toml(
            "name = \"t\"\nruntime = \"nodejs22.x\"\nmemory_mb = 512\n[handler]\nduration_ms = 200\ncpu_bound_fraction = 1.0\n",
            "t.toml",
        )
        .unwrap();
        assert!((handler_ms_at(&p, 200.0, 1024) - 100.0).abs() < 1e-9);
        // Beyond one vCPU a single thread gets no faster.
        assert!((handler_ms_at(&p, 200.0, 4096) - handler_ms_at(&p, 200.0, 1769)).abs() < 1e-9);
        let mut io = p.clone();
        io.handler.cpu_bound_fraction = 0.0;
        assert_eq!(handler_ms_at(&io, 200.0, 2048), 200.0);
    }
}
