//! The analytic estimator against the simulator over a grid of rates (10⁻⁴–10³ req/s) and durations (10 ms–10 s)
//! with a 600 s keep-alive: wherever the estimator answers, it agrees within 5% relative or 10⁻⁴ absolute.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use coldcost::coldstart::analytic::steady_in_domain;
use coldcost::coldstart::dist::{ColdPath, Dist, Service};
use coldcost::coldstart::sim::{simulate_chunked, PoolConfig, Routing};
use coldcost::traffic::arrivals::PiecewisePoisson;

#[test]
fn analytic_agrees_with_the_simulator_wherever_it_answers() {
    let (mut answered, mut declined) = (Vec::new(), Vec::new());
    for &rate in &[1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1000.0] {
        for &warm in &[0.01, 0.1, 1.0, 10.0] {
            let cold = warm + 0.3;
            let Some(a) = steady_in_domain(rate, warm, cold, 600.0) else {
                declined.push((rate, warm));
                continue;
            };
            let service = Service {
                warm: Dist::Exponential { mean_s: warm },
                cold: ColdPath::Whole {
                    dist: Dist::Exponential { mean_s: cold },
                },
            };
            let mut pool = PoolConfig::unlimited(600.0);
            pool.routing = Routing::MostRecentlyIdle;
            let n = 1.6e6;
            let warmup = 1800.0 + 20.0 * cold;
            let r = simulate_chunked(
                |from, to| PiecewisePoisson::steady(rate, from, to),
                &service,
                &pool,
                warmup,
                warmup + n / rate,
                warmup,
                0.0,
                4,
                (rate * 1e4) as u64 + (warm * 1e3) as u64,
            );
            let abs = (a.cold_share - r.cold_share).abs();
            // The simulator's own error counts too (3 standard errors).
            let ok = abs <= 0.05 * r.cold_share + 3.0 * r.cold_share_se || abs <= 1e-4;
            assert!(
                ok,
                "λ = {rate}, warm {warm} s: analytic {:.3e} vs simulated {:.3e} ± {:.1e}",
                a.cold_share, r.cold_share, r.cold_share_se
            );
            answered.push((rate, warm));
        }
    }
    // The estimator covers the rare-traffic half of the grid and more; the rest goes to the simulator.
    assert!(
        answered.len() >= 20,
        "answered {answered:?}, declined {declined:?}"
    );
    assert!(answered.iter().filter(|(r, _)| *r <= 1e-2).count() == 12);
}
