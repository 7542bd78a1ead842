//! The analytic estimator for steady Poisson traffic: a cold start happens when an arrival finds every live
//! environment busy. Environments are ranked by routing priority; rank k is offered the traffic that ranks 1…k−1
//! could not take (Erlang B overflow, λ·B(k−1, ρ)), and lives through cycles of service and idle gaps until a gap
//! exceeds the keep-alive. Each rank's cold starts per second are 1 ÷ (its mean alive time + mean dead time); the
//! overflow is taken as Poisson, which is exact for rank 1 and an approximation above it.

use serde::Serialize;

/// The estimate for one steady rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SteadyEstimate {
    /// Cold starts ÷ arrivals.
    pub cold_share: f64,
    /// Mean environments alive.
    pub mean_environments: f64,
    /// Mean running executions (λ × mean service time).
    pub mean_concurrency: f64,
    /// Share of the cold starts that come from ranks above 1 (where the Poisson-overflow approximation is used).
    pub upper_rank_share: f64,
}

/// Erlang B blocking probabilities B(0…n) for offered load `rho`, up to where they fall below `eps`.
fn erlang_b(rho: f64, eps: f64, max_n: usize) -> Vec<f64> {
    let mut b = vec![1.0];
    let mut prev = 1.0;
    for k in 1..=max_n {
        let next = rho * prev / (k as f64 + rho * prev);
        b.push(next);
        prev = next;
        if next < eps && k as f64 > rho {
            break;
        }
    }
    b
}

/// One rank offered Poisson arrivals at `a` per second: (cold starts per second, probability it is alive).
fn rank_cycle(a: f64, warm_s: f64, cold_s: f64, keep_alive_s: f64) -> (f64, f64) {
    if a <= 0.0 {
        return (0.0, 0.0);
    }
    let at = a * keep_alive_s;
    let p_expire = (-at).exp();
    // Mean idle gap that ends with an arrival (gap < T).
    let gap_short = if at < 1e-8 {
        keep_alive_s / 2.0
    } else {
        1.0 / a - keep_alive_s * p_expire / (1.0 - p_expire)
    };
    // Services per alive period: geometric with P(end) = p_expire; the first is cold.
    let (alive, cycle) = if p_expire <= 0.0 {
        (f64::INFINITY, f64::INFINITY)
    } else {
        let n = 1.0 / p_expire;
        let alive = cold_s + (n - 1.0) * (warm_s + gap_short) + keep_alive_s;
        (alive, alive + 1.0 / a)
    };
    if !cycle.is_finite() {
        return (0.0, 1.0);
    }
    (1.0 / cycle, alive / cycle)
}

/// Cold-start share of steady Poisson traffic at `rate_per_s` with mean warm and cold service times and a fixed
/// keep-alive.
pub fn steady(rate_per_s: f64, warm_s: f64, cold_s: f64, keep_alive_s: f64) -> SteadyEstimate {
    if rate_per_s <= 0.0 {
        return SteadyEstimate {
            cold_share: 0.0,
            mean_environments: 0.0,
            mean_concurrency: 0.0,
            upper_rank_share: 0.0,
        };
    }
    let mut share = 0.0;
    let mut est = SteadyEstimate {
        cold_share: 0.0,
        mean_environments: 0.0,
        mean_concurrency: 0.0,
        upper_rank_share: 0.0,
    };
    // Two passes: the mean service time depends on the cold share.
    for _ in 0..2 {
        let mean_s = warm_s + share * (cold_s - warm_s);
        let rho = rate_per_s * mean_s;
        let b = erlang_b(rho, 1e-12, 1_000_000);
        let (mut cold_rate, mut upper, mut envs) = (0.0, 0.0, 0.0);
        for k in 1..b.len() {
            let a = rate_per_s * b[k - 1];
            let (c, alive) = rank_cycle(a, warm_s, cold_s, keep_alive_s);
            cold_rate += c;
            envs += alive;
            if k > 1 {
                upper += c;
            }
        }
        share = (cold_rate / rate_per_s).min(1.0);
        est = SteadyEstimate {
            cold_share: share,
            mean_environments: envs,
            mean_concurrency: rho,
            upper_rank_share: if cold_rate > 0.0 {
                upper / cold_rate
            } else {
                0.0
            },
        };
    }
    est
}

/// [`steady`], but only inside the domain where it was checked against the simulator (`tests/coldstart_grid.rs`):
/// rank 1 dominates the cold starts, or the load is light (under 0.5 busy on average), or the share is so small
/// (under 3·10⁻⁵) that its absolute error stays under 10⁻⁴. Outside it, simulate.
pub fn steady_in_domain(
    rate_per_s: f64,
    warm_s: f64,
    cold_s: f64,
    keep_alive_s: f64,
) -> Option<SteadyEstimate> {
    let e = steady(rate_per_s, warm_s, cold_s, keep_alive_s);
    (e.upper_rank_share < 0.2 || e.mean_concurrency < 0.5 || e.cold_share < 3e-5).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_traffic_is_e_to_the_minus_lambda_t() {
        for lambda in [1e-4, 1e-3, 3e-3] {
            let e = steady(lambda, 0.01, 0.2, 600.0);
            let closed = (-lambda * 600.0_f64).exp();
            assert!(
                (e.cold_share - closed).abs() / closed < 0.02,
                "{lambda}: {e:?} vs {closed}"
            );
        }
    }
}
