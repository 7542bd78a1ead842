//! The cold-start model of a profile: the stated share when the profile gives one; otherwise the analytic
//! estimator for steady traffic where it is accurate, and the environment-pool simulator everywhere else — the
//! whole month when that is affordable, whole periods of the traffic's shape scaled to the month when not.

use super::analytic;
use super::dist::{ColdPath, Dist, Service};
use super::sim::{simulate_chunked, HourCounts, KeepAlive, PoolConfig, SimResult};
use super::{ColdStartEstimate, ColdStartModel, PoolDetail};
use crate::error::Result;
use crate::init::InitEstimate;
use crate::profile::{Pattern, Profile};
use crate::traffic::{Process, TrafficModel, DAY_S, MONTH_S};

/// Requests simulated at most for one profile (≈ 0.5–1 s on a 2-core machine).
pub const SIM_BUDGET: f64 = 1.2e7;
/// Stretches a simulation is split into (run side by side on the machine's cores).
pub const CHUNKS: usize = 4;

/// The built-in cold-start model.
#[derive(Debug, Clone, Copy)]
pub struct PoolModel {
    /// Requests simulated at most per estimate (`SIM_BUDGET`, 12 million, by default; less for curves that need many).
    pub sim_budget: f64,
}

impl Default for PoolModel {
    fn default() -> PoolModel {
        PoolModel {
            sim_budget: SIM_BUDGET,
        }
    }
}

/// Requests a pilot simulation takes (whole periods of the traffic's shape) before deciding how many more the
/// cold share's precision needs.
pub const PILOT_REQUESTS: f64 = 2e5;
/// The relative standard error of the simulated cold share that is enough (5%: the cold-start count's own
/// uncertainty, the bands' ±25% at 1σ, is five times larger); the budget caps the work where it is not reached.
pub const PRECISION: f64 = 0.05;

/// How many times longer than a pilot `r` a simulation must run for the cold share's relative standard error to
/// reach `target` (with 10% to spare), or `None` when the pilot already does. A pilot without a cold start needs
/// more of everything (infinite).
pub fn scale_for_precision(r: &SimResult, target: f64) -> Option<f64> {
    let rel_se = if r.cold_share > 0.0 {
        r.cold_share_se / r.cold_share
    } else {
        f64::INFINITY
    };
    (rel_se > target).then(|| (rel_se / target).powi(2) * 1.1)
}

/// Fewest simulated requests a cold-start share may rest on when the month has more than this to give.
const MIN_SIMULATED_REQUESTS: u64 = 1000;
/// Most months simulated to gather them (low volumes: one request a month needs many months of draws).
const MAX_EXTRA_MONTHS: u64 = 400;

/// Service-time distributions of a profile: handler (lognormal through p50/p95 when p95 is given, else
/// constant) and cold path (INIT lognormal through its p50/p95, plus the work deferred to the first request such
/// as lazy imports, then the handler): a cold environment is busy for all of it.
pub fn service_of(p: &Profile, init: &InitEstimate) -> Service {
    let p50 = p.handler.duration_ms / 1000.0;
    let warm = Dist::from_p50_p95(p50, p.handler.duration_p95_ms.map_or(p50, |x| x / 1000.0));
    Service {
        warm,
        cold: ColdPath::InitThenWarm {
            init: Dist::from_p50_p95(
                (init.p50 + init.first_request_ms) / 1000.0,
                (init.p95 + init.first_request_ms) / 1000.0,
            ),
        },
    }
}

/// The pool rules of a profile.
pub fn pool_of(p: &Profile) -> Result<PoolConfig> {
    let t = &p.traffic;
    let scaling = &crate::lifecycle::LifecycleCatalog::embedded()?.scaling;
    Ok(PoolConfig {
        routing: t.routing,
        keep_alive: match t.keep_alive_max_s {
            Some(max) if max > t.keep_alive_s => KeepAlive::Uniform {
                min_s: t.keep_alive_s,
                max_s: max,
            },
            _ => KeepAlive::Fixed { s: t.keep_alive_s },
        },
        lifetime: t.lifetime,
        concurrency_limit: Some(t.concurrency_limit),
        scale_limit: Some(scaling.new_environments),
        scale_window_s: scaling.per_s,
    })
}

fn hours_per_day(by_hour: &[HourCounts], days: f64) -> Vec<HourCounts> {
    by_hour
        .iter()
        .map(|h| HourCounts {
            invocations: (h.invocations as f64 / days).round() as u64,
            cold_starts: (h.cold_starts as f64 / days).round() as u64,
            throttles: (h.throttles as f64 / days).round() as u64,
        })
        .collect()
}

/// The analytic answer for steady traffic, when it is inside the domain where it matches the simulator.
fn analytic_steady(rate: f64, service: &Service, p: &Profile) -> Option<analytic::SteadyEstimate> {
    let t = &p.traffic;
    if t.keep_alive_max_s.is_some_and(|m| m > t.keep_alive_s) || t.lifetime.is_some() {
        return None;
    }
    let e = analytic::steady_in_domain(
        rate,
        service.warm.mean_s(),
        service.cold_mean_s(),
        t.keep_alive_s,
    )?;
    // Limits must not bind: peak concurrency (mean + 5σ of the Poisson busy count) well under the limit.
    let peak = e.mean_concurrency + 5.0 * e.mean_concurrency.sqrt() + 1.0;
    (peak <= t.concurrency_limit as f64 * 0.8).then_some(e)
}

impl ColdStartModel for PoolModel {
    fn estimate(
        &self,
        p: &Profile,
        invocations: u64,
        init: &InitEstimate,
        seed: u64,
    ) -> Result<ColdStartEstimate> {
        if let Some(r) = p.traffic.cold_start_rate {
            return Ok(ColdStartEstimate::from_share(
                invocations,
                r,
                "stated in profile (traffic.cold_start_rate)".into(),
                0,
                None,
            ));
        }
        let mut traffic = TrafficModel::from_profile(p)?;
        // Provisioned concurrency takes its share first; the rest arrives with the same shape.
        if traffic.monthly_invocations > 0.0 && (invocations as f64) < traffic.monthly_invocations {
            let f = invocations as f64 / traffic.monthly_invocations;
            traffic.monthly_invocations = invocations as f64;
            match &mut traffic.process {
                Process::Poisson { rates_per_s, .. } => {
                    rates_per_s.iter_mut().for_each(|r| *r *= f)
                }
                Process::Batches { size, .. } => *size *= f,
            }
        }
        let service = service_of(p, init);
        let pool = pool_of(p)?;
        let volume = traffic.monthly_invocations;
        if volume <= 0.0 {
            return Ok(ColdStartEstimate::from_share(
                0,
                0.0,
                "no invocations".into(),
                0,
                None,
            ));
        }

        if p.traffic.pattern == Pattern::Steady {
            let rate = volume / MONTH_S;
            if let Some(e) = analytic_steady(rate, &service, p) {
                let by_hour = (0..24)
                    .map(|_| HourCounts {
                        invocations: (rate * 3600.0).round() as u64,
                        cold_starts: (rate * 3600.0 * e.cold_share).round() as u64,
                        throttles: 0,
                    })
                    .collect();
                let detail = PoolDetail {
                    answered_by: "analytic".into(),
                    how: format!(
                        "analytic ({}): Erlang-B ranks with Poisson overflow, checked against the simulator over 10⁻⁴–10³ req/s",
                        traffic.description
                    ),
                    cold_share_se: 0.0,
                    mean_concurrency: e.mean_concurrency,
                    p95_concurrency: None,
                    p99_concurrency: None,
                    mean_environments: e.mean_environments,
                    simulated_requests: 0,
                    typical_day: by_hour,
                };
                return Ok(ColdStartEstimate::from_share(
                    invocations,
                    e.cold_share,
                    detail.how.clone(),
                    0,
                    Some(detail),
                ));
            }
        }

        // Simulate: warm up for the keep-alive plus a long cold request, shifting time by whole periods so the
        // warm-up sees the shape's own traffic.
        let warmup = pool_warmup_s(&pool, &service);
        let period = traffic.period_s.max(1.0);
        let shift = (warmup / period).ceil() * period;
        let per_period = traffic.expected_between(shift, shift + period).max(1e-12);
        let budget = self.sim_budget.max(1e4);
        if per_period > budget {
            // Even one period is too many requests to simulate: piecewise-steady analytic answer per minute.
            if let Some(est) = piecewise_analytic(&traffic, &service, p, invocations, budget) {
                return Ok(est);
            }
        }
        let run = |span: f64, seed: u64| -> SimResult {
            simulate_chunked(
                |from, to| traffic.arrivals(from, to),
                &service,
                &pool,
                shift,
                shift + span,
                warmup,
                -shift,
                CHUNKS,
                seed,
            )
        };
        let periods_of = |requests: f64| (requests / per_period).floor().max(1.0);
        let scaled = |periods: f64| {
            let span = (periods * period).min(MONTH_S);
            (
                span,
                format!(
                    "{periods:.0} period(s) of {} ({:.1} h) out of the month's {:.1}, scaled to the month",
                    period_name(period),
                    span / 3600.0,
                    MONTH_S / 3600.0
                ),
            )
        };
        // Whole periods, as few as give the cold share to PRECISION (1 s.e.): a pilot of about PILOT_REQUESTS
        // requests, then as many periods as its standard error says are needed, up to the budget. A month small
        // enough for the pilot is simulated whole.
        let (r, how_span) = if volume <= PILOT_REQUESTS.min(budget) {
            (run(MONTH_S, seed), "the whole month".to_string())
        } else {
            let pilot = periods_of(PILOT_REQUESTS.min(budget));
            let most = periods_of(budget);
            let (span, how) = scaled(pilot);
            let r = run(span, seed);
            match scale_for_precision(&r, PRECISION) {
                Some(f) if pilot < most && span < MONTH_S => {
                    let need = (pilot * f).ceil();
                    let (span, how) = scaled(need.min(most));
                    if span >= MONTH_S && volume <= budget {
                        (run(MONTH_S, seed), "the whole month".to_string())
                    } else {
                        (run(span, seed), how)
                    }
                }
                _ => (r, how),
            }
        };
        // A month of very little traffic is one draw of a few requests (at one a month, often none): simulate
        // more months with the next seeds until the share rests on enough requests, and bill the share.
        let (mut sim_invocations, mut sim_cold, mut sim_throttles, mut months) =
            (r.invocations, r.cold_starts, r.throttles, 1u64);
        while sim_invocations < MIN_SIMULATED_REQUESTS && months < MAX_EXTRA_MONTHS {
            let more = run(MONTH_S, seed.wrapping_add(months));
            sim_invocations += more.invocations;
            sim_cold += more.cold_starts;
            sim_throttles += more.throttles;
            months += 1;
        }
        // Throttled requests are never served: the throttled share applies to the month's requests, and the cold
        // share to the requests served (a cold start is a served request).
        let throttles = if sim_invocations > 0 {
            (sim_throttles as f64 / sim_invocations as f64 * invocations as f64).round() as u64
        } else {
            0
        };
        let sim_served = sim_invocations.saturating_sub(sim_throttles);
        let share = if sim_served > 0 {
            sim_cold as f64 / sim_served as f64
        } else if sim_invocations > 0 {
            0.0
        } else {
            // Not one request in all those months: at this volume every request finds no warm environment.
            1.0
        };
        let served = invocations.saturating_sub(throttles.min(invocations));
        let cold = (share * served as f64).round();
        let how_span = if months > 1 {
            format!(
                "{how_span}, {months} months of draws ({} requests in all)",
                group(sim_invocations)
            )
        } else {
            how_span
        };
        let how = format!(
            "simulated {how_span} of {} ({} requests, seed {seed}): cold share {:.4}% ± {:.4}% (1 s.e.)",
            traffic.description,
            group(r.events),
            share * 100.0,
            r.cold_share_se * 100.0
        );
        let detail = PoolDetail {
            answered_by: "simulator".into(),
            how: how.clone(),
            cold_share_se: r.cold_share_se,
            mean_concurrency: r.mean_concurrency,
            p95_concurrency: Some(r.p95_concurrency),
            p99_concurrency: Some(r.p99_concurrency),
            mean_environments: r.mean_environments,
            simulated_requests: r.events,
            typical_day: hours_per_day(&r.by_hour, (r.window_s / DAY_S).max(1e-9)),
        };
        let cold_starts = (cold as u64).min(served);
        Ok(ColdStartEstimate {
            cold_starts,
            rate: if invocations > 0 {
                cold_starts as f64 / invocations as f64
            } else {
                0.0
            },
            method: how,
            throttles: throttles.min(invocations),
            detail: Some(detail),
        })
    }
}

/// Piecewise-steady analytic estimate for Poisson shapes too large to simulate: each minute at its own rate, plus
/// the environments that rising traffic must add beyond what the last keep-alive's pool holds.
fn piecewise_analytic(
    traffic: &TrafficModel,
    service: &Service,
    p: &Profile,
    invocations: u64,
    budget: f64,
) -> Option<ColdStartEstimate> {
    let rates = traffic.minute_rates()?;
    let mut cache: Vec<(u64, analytic::SteadyEstimate)> = Vec::new();
    let mut steady_at = |r: f64| -> Option<analytic::SteadyEstimate> {
        let key = r.to_bits();
        if let Some((_, e)) = cache.iter().find(|(k, _)| *k == key) {
            return Some(*e);
        }
        let e = analytic_steady(r, service, p).or_else(|| {
            // Outside the validated domain: still the best cheap answer, flagged below.
            Some(analytic::steady(
                r,
                service.warm.mean_s(),
                service.cold_mean_s(),
                mean_keep_alive_s(p),
            ))
        })?;
        cache.push((key, e));
        Some(e)
    };
    let keep_minutes = (mean_keep_alive_s(p) / 60.0).ceil().max(1.0) as usize;
    let n = rates.len();
    let (mut cold, mut arrivals, mut conc, mut envs_sum, mut throttled) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut envs = Vec::with_capacity(n);
    // The concurrency limit caps what a minute can serve (λ × mean service ≤ limit); the rest is throttled.
    let mean_s = service.warm.mean_s().max(1e-9);
    let cap = p.traffic.concurrency_limit as f64 / mean_s;
    // A lifetime retires each environment of a busy pool once per lifetime, and its replacement starts cold: at
    // this volume environments are never idle long enough to expire first.
    let retire_per_minute = p.traffic.lifetime.map_or(0.0, |l| 60.0 / l.mean_s());
    for &r0 in &rates {
        let r = r0.min(cap);
        throttled += (r0 - r) * 60.0;
        let e = steady_at(r)?;
        cold += r * 60.0 * e.cold_share + e.mean_environments * retire_per_minute;
        arrivals += r0 * 60.0;
        conc += e.mean_concurrency;
        envs_sum += e.mean_environments;
        envs.push(e.mean_environments);
    }
    // Growth: a minute needing more environments than any minute of the last keep-alive left alive.
    for m in 0..n {
        let recent = (1..=keep_minutes.min(n - 1))
            .map(|k| envs[(m + n - k) % n])
            .fold(0.0, f64::max);
        cold += (envs[m] - recent).max(0.0);
    }
    let share = if arrivals > 0.0 {
        (cold / arrivals).min(1.0)
    } else {
        0.0
    };
    let mut typical_day = vec![HourCounts::default(); 24];
    let days = (n as f64 / 1440.0).max(1.0 / 1440.0);
    for (m, &r) in rates.iter().enumerate() {
        let h = &mut typical_day[(m / 60) % 24];
        h.invocations += (r * 60.0 / days).round() as u64;
    }
    let how = format!(
        "analytic, piecewise steady per minute (one period of {} is more than {} requests to simulate)",
        traffic.description,
        group(budget as u64)
    );
    let detail = PoolDetail {
        answered_by: "analytic".into(),
        how: how.clone(),
        cold_share_se: 0.0,
        mean_concurrency: conc / n as f64,
        p95_concurrency: None,
        p99_concurrency: None,
        mean_environments: envs_sum / n as f64,
        simulated_requests: 0,
        typical_day,
    };
    let throttles = if arrivals > 0.0 {
        ((throttled / arrivals) * invocations as f64).round() as u64
    } else {
        0
    };
    Some(ColdStartEstimate::from_share(
        invocations,
        share,
        how,
        throttles.min(invocations),
        Some(detail),
    ))
}

/// The mean keep-alive of a profile (the middle of its range when it has one), s.
fn mean_keep_alive_s(p: &Profile) -> f64 {
    let t = &p.traffic;
    (t.keep_alive_s
        + t.keep_alive_max_s
            .unwrap_or(t.keep_alive_s)
            .max(t.keep_alive_s))
        / 2.0
}

fn pool_warmup_s(pool: &PoolConfig, service: &Service) -> f64 {
    let ka = match pool.keep_alive {
        KeepAlive::Fixed { s } => s,
        KeepAlive::Uniform { max_s, .. } => max_s,
    };
    ka + 10.0 * service.cold_mean_s() + 60.0
}

fn period_name(period_s: f64) -> String {
    match period_s {
        x if (x - 604_800.0).abs() < 1.0 => "a week".into(),
        x if (x - 86_400.0).abs() < 1.0 => "a day".into(),
        x if (x - 3600.0).abs() < 1.0 => "an hour".into(),
        x => format!("{x:.0} s"),
    }
}

fn group(n: u64) -> String {
    crate::money::group_thousands(i128::from(n))
}
