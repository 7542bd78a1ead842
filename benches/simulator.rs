//! Benchmarks of the hot paths: the environment-pool simulator (requests per second, the figure compared with
//! SimFaaS by `scripts/simfaas-side-by-side.sh`) and a whole cold-start estimate per traffic shape, which must
//! answer any monthly volume in under 2 s. Run: `cargo bench --bench simulator`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coldcost::coldstart::dist::{ColdPath, Dist, Service};
use coldcost::coldstart::sim::{simulate, simulate_chunked, PoolConfig, Routing, Window};
use coldcost::coldstart::{ColdStartModel, PoolModel};
use coldcost::init::{CatalogInit, InitModel};
use coldcost::rng::Rng;
use coldcost::traffic::arrivals::PiecewisePoisson;
use coldcost::Profile;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;

/// The SimFaaS README case: λ 0.9/s, exponential warm 1.991 s and cold 2.244 s, 600 s expiry.
fn simfaas_case(c: &mut Criterion) {
    let service = Service {
        warm: Dist::Exponential { mean_s: 1.991 },
        cold: ColdPath::Whole {
            dist: Dist::Exponential { mean_s: 2.244 },
        },
    };
    let seconds = 1e6;
    let mut g = c.benchmark_group("simulator/simfaas-case-1e6s");
    g.throughput(Throughput::Elements((0.9 * seconds) as u64));
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    for (name, routing) in [
        ("newest-created", Routing::NewestCreated),
        ("most-recently-idle", Routing::MostRecentlyIdle),
    ] {
        let mut pool = PoolConfig::unlimited(600.0);
        pool.routing = routing;
        g.bench_function(BenchmarkId::new("one-thread", name), |b| {
            b.iter(|| {
                let mut arrivals = PiecewisePoisson::steady(0.9, 0.0, 2000.0 + seconds);
                let window = Window {
                    warmup_s: 2000.0,
                    end_s: 2000.0 + seconds,
                    hour_offset_s: 0.0,
                };
                simulate(&mut arrivals, &service, &pool, &window, &mut Rng::new(1))
            })
        });
        g.bench_function(BenchmarkId::new("4-stretches", name), |b| {
            b.iter(|| {
                simulate_chunked(
                    |f, t| PiecewisePoisson::steady(0.9, f, t),
                    &service,
                    &pool,
                    2000.0,
                    2000.0 + seconds,
                    2000.0,
                    0.0,
                    4,
                    1,
                )
            })
        });
    }
    g.finish();
}

fn profile(traffic: &str) -> Profile {
    let text = format!(
        "name = \"bench\"\nruntime = \"python3.12\"\nmemory_mb = 1024\n[package]\nimports = [\"boto3\"]\n[handler]\nduration_ms = 120\nduration_p95_ms = 400\n[traffic]\n{traffic}\nconcurrency_limit = 10_000_000\n"
    );
    Profile::from_toml(&text, "bench.toml").unwrap()
}

/// A whole month's cold-start estimate, per shape and volume (the `coldstarts` command's work).
fn month_estimates(c: &mut Criterion) {
    let init_model = CatalogInit::embedded().unwrap();
    let mut g = c.benchmark_group("coldstarts/month");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for pattern in ["steady", "diurnal", "business-hours", "bursty", "schedule"] {
        for volume in [1_000_000u64, 30_000_000, 10_000_000_000] {
            let p = profile(&format!(
                "monthly_invocations = {volume}\npattern = \"{pattern}\""
            ));
            let init = init_model.init(&p).unwrap();
            g.bench_function(BenchmarkId::new(pattern, volume), |b| {
                b.iter(|| PoolModel::default().estimate(&p, volume, &init, 1).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, simfaas_case, month_estimates);
criterion_main!(benches);
