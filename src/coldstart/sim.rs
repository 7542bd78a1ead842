//! The environment-pool simulator: a discrete-event model of one function's execution environments.
//!
//! A request takes the newest idle environment (the idle one created last, as SimFaaS routes); with none idle it starts a new one
//! (a cold start: the cold path, INIT then handler). An idle environment expires after the keep-alive, and optionally
//! when it reaches its lifetime (drawn for each environment). New environments are limited to 1,000 per 10 s per
//! function (a bucket refilled continuously) and concurrent
//! executions to the concurrency limit; requests over either are throttled, counted, and not served. Statistics are
//! taken over `[warmup_s, end_s)` so that the empty pool at the start does not count.
//!
//! One loop (`Run::serve`) runs over either representation of the environments (`envs.rs`): with newest-created
//! routing it starts with the small one (`small.rs`, up to 64 environments, no queue) and hands over to the general
//! one when more are needed; the two give the same results (tested).

use super::dist::Service;
use super::envs::{Envs, General, Rules};
use super::pool::{MostRecentlyIdle, NewestCreated};
use super::small::Small;
use crate::rng::Rng;
use crate::traffic::arrivals::Arrivals;

pub use super::sim_config::{KeepAlive, Lifetime, PoolConfig, Routing, Window};
use super::sim_stats::{percentile, Stats};
pub use super::sim_stats::{HourCounts, SimResult};

/// Runs the pool over `arrivals` and returns what happened in `window`.
pub fn simulate<A: Arrivals + ?Sized>(
    arrivals: &mut A,
    service: &Service,
    pool: &PoolConfig,
    window: &Window,
    rng: &mut Rng,
) -> SimResult {
    simulate_tally(arrivals, service, pool, window, rng).finish()
}

fn simulate_tally<A: Arrivals + ?Sized>(
    arrivals: &mut A,
    service: &Service,
    pool: &PoolConfig,
    window: &Window,
    rng: &mut Rng,
) -> Tally {
    run(arrivals, service, pool, window, rng, true)
}

/// The limits and rules a run applies, and its running state outside the environments.
struct Run<'a> {
    service: &'a Service,
    rules: Rules,
    end_s: f64,
    /// Start of the counted window: environments started before it (in the warm-up) stand for a pool that has run
    /// for a long time, so under a lifetime their ages are drawn uniformly over it instead of all being zero.
    warm_until: f64,
    conc_limit: usize,
    /// The scaling bucket: capacity (environments), refill per second, starts left, and when it was last topped up
    /// (no limit when the capacity is infinite).
    scale_capacity: f64,
    scale_refill_per_s: f64,
    scale_tokens: f64,
    scale_at: f64,
    events: u64,
}

/// Why [`Run::serve`] stopped.
enum Stop {
    /// The arrivals or the window ended.
    End,
    /// The environments' representation is full at request `i` of the `k` arriving at `t`.
    Full { t: f64, k: u64, i: u64 },
}

impl Run<'_> {
    /// Serves arrivals with `envs` (which has room for any number) to the end of the window, and closes it.
    fn serve_to_end<A: Arrivals + ?Sized, E: Envs>(
        &mut self,
        mut envs: E,
        arrivals: &mut A,
        pending: Option<(f64, u64, u64)>,
        st: &mut Stats,
        rng: &mut Rng,
    ) {
        self.serve(&mut envs, arrivals, pending, st, rng);
        envs.close(self.end_s, st);
    }

    /// Serves arrivals (starting with request `i` of a pending arrival `(t, k, i)`) until they or the window end,
    /// or `envs` has no room for another environment.
    fn serve<A: Arrivals + ?Sized, E: Envs>(
        &mut self,
        envs: &mut E,
        arrivals: &mut A,
        pending: Option<(f64, u64, u64)>,
        st: &mut Stats,
        rng: &mut Rng,
    ) -> Stop {
        let mut next = pending.or_else(|| arrivals.next_arrival(rng).map(|(t, k)| (t, k, 0)));
        while let Some((t, k, from)) = next {
            if t >= self.end_s {
                break;
            }
            if from == 0 {
                // Executions that finished by now become idle, or retire at their lifetime.
                envs.finish_until(t, &self.rules, st, rng);
            }
            for i in from..k {
                self.events += 1;
                if envs.running() >= self.conc_limit {
                    // Nothing finishes within one instant: the rest of the batch is throttled too.
                    st.throttled(t, k - i);
                    break;
                }
                let (env, dur, cold) = match envs.take(t, st) {
                    Some(env) => (env, self.service.warm.sample(rng), false),
                    None => {
                        if !envs.has_room() {
                            // Request i is served again by the representation taking over.
                            self.events -= 1;
                            return Stop::Full { t, k, i };
                        }
                        if self.scale_capacity.is_finite() {
                            // Refilled continuously, never above the capacity (AWS: unused scaling does not
                            // accumulate).
                            self.scale_tokens = (self.scale_tokens
                                + (t - self.scale_at) * self.scale_refill_per_s)
                                .min(self.scale_capacity);
                            self.scale_at = t;
                            if self.scale_tokens < 1.0 {
                                // No idle environment now and none can start: the rest of the batch is throttled.
                                st.throttled(t, k - i);
                                break;
                            }
                            self.scale_tokens -= 1.0;
                        }
                        // Born earlier when started in the warm-up: a pool that has served for longer than the
                        // lifetime retires environments at its steady rate (pool size ÷ lifetime) from the window's
                        // start, even when the window is shorter than the lifetime; ages all zero would postpone
                        // every retirement past a short window.
                        let born = if t < self.warm_until && self.rules.has_lifetime() {
                            t - self.rules.mean_life_s() * rng.uniform_open0()
                        } else {
                            t
                        };
                        (envs.create(born), self.service.sample_cold(rng), true)
                    }
                };
                st.arrival(t, cold, false);
                envs.start(env, t + dur);
            }
            next = arrivals.next_arrival(rng).map(|(t, k)| (t, k, 0));
        }
        Stop::End
    }
}

/// Runs the pool. With newest-created routing it starts with [`Small`] (when `small`) and hands over to the
/// general representation if more than 64 environments are needed; the results are the same either way.
fn run<A: Arrivals + ?Sized>(
    arrivals: &mut A,
    service: &Service,
    pool: &PoolConfig,
    window: &Window,
    rng: &mut Rng,
    small: bool,
) -> Tally {
    let mut st = Stats::new(window);
    let mut r = Run {
        service,
        rules: Rules::new(pool.keep_alive, pool.lifetime),
        end_s: window.end_s,
        warm_until: window.warmup_s,
        conc_limit: pool.concurrency_limit.unwrap_or(u64::MAX) as usize,
        scale_capacity: pool.scale_limit.map_or(f64::INFINITY, |l| l as f64),
        scale_refill_per_s: pool
            .scale_limit
            .map_or(0.0, |l| l as f64 / pool.scale_window_s.max(1e-9)),
        scale_tokens: pool.scale_limit.map_or(0.0, |l| l as f64),
        scale_at: f64::NEG_INFINITY,
        events: 0,
    };
    match pool.routing {
        Routing::NewestCreated if small => {
            let mut envs = Small::new();
            match r.serve(&mut envs, arrivals, None, &mut st, rng) {
                Stop::End => envs.close(window.end_s, &mut st),
                Stop::Full { t, k, i } => {
                    r.serve_to_end(envs.into_general(), arrivals, Some((t, k, i)), &mut st, rng)
                }
            }
        }
        Routing::NewestCreated => {
            let envs = General::new(NewestCreated::new());
            r.serve_to_end(envs, arrivals, None, &mut st, rng);
        }
        Routing::MostRecentlyIdle => {
            let envs = General::new(MostRecentlyIdle::default());
            r.serve_to_end(envs, arrivals, None, &mut st, rng);
        }
    }
    let events = r.events;
    st.flush();
    // Busy-seconds and the peak both follow from the time spent at each concurrency level.
    let busy_seconds = st
        .hist
        .iter()
        .enumerate()
        .map(|(level, time)| level as f64 * time)
        .sum();
    let max_concurrency = st.hist.iter().rposition(|&time| time > 0.0).unwrap_or(0) as u64;
    Tally {
        window_s: (window.end_s - window.warmup_s).max(0.0),
        hist: st.hist,
        env_seconds: st.env_seconds,
        busy_seconds,
        lifespans: st.lifespans,
        deaths: st.deaths,
        batch_arrivals: st.batch_arrivals.to_vec(),
        batch_cold: st.batch_cold.to_vec(),
        throttles: st.throttles,
        by_hour: st.by_hour.to_vec(),
        max_concurrency,
        events,
    }
}

/// Raw sums of one simulated stretch; stretches simulated apart add up.
#[derive(Debug, Clone, Default)]
struct Tally {
    window_s: f64,
    hist: Vec<f64>,
    env_seconds: f64,
    busy_seconds: f64,
    lifespans: f64,
    deaths: u64,
    batch_arrivals: Vec<u64>,
    batch_cold: Vec<u64>,
    throttles: u64,
    by_hour: Vec<HourCounts>,
    max_concurrency: u64,
    events: u64,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.window_s += o.window_s;
        if self.hist.len() < o.hist.len() {
            self.hist.resize(o.hist.len(), 0.0);
        }
        for (a, b) in self.hist.iter_mut().zip(&o.hist) {
            *a += b;
        }
        self.env_seconds += o.env_seconds;
        self.busy_seconds += o.busy_seconds;
        self.lifespans += o.lifespans;
        self.deaths += o.deaths;
        self.batch_arrivals.extend(o.batch_arrivals);
        self.batch_cold.extend(o.batch_cold);
        self.throttles += o.throttles;
        if self.by_hour.is_empty() {
            self.by_hour = vec![HourCounts::default(); 24];
        }
        for (a, b) in self.by_hour.iter_mut().zip(&o.by_hour) {
            a.invocations += b.invocations;
            a.cold_starts += b.cold_starts;
            a.throttles += b.throttles;
        }
        self.max_concurrency = self.max_concurrency.max(o.max_concurrency);
        self.events += o.events;
    }

    fn finish(self) -> SimResult {
        let window_s = self.window_s.max(f64::MIN_POSITIVE);
        let invocations: u64 = self.batch_arrivals.iter().sum();
        let cold_starts: u64 = self.batch_cold.iter().sum();
        let cold_share = if invocations > 0 {
            cold_starts as f64 / invocations as f64
        } else {
            0.0
        };
        // Batch means: the ratio estimator's standard error from the spread of the batches.
        let n = self.batch_arrivals.len();
        let abar = invocations as f64 / n.max(1) as f64;
        let cold_share_se = if abar > 0.0 && n > 1 {
            let ss: f64 = self
                .batch_arrivals
                .iter()
                .zip(&self.batch_cold)
                .map(|(&a, &c)| ((c as f64 - cold_share * a as f64) / abar).powi(2))
                .sum();
            (ss / (n * (n - 1)) as f64).sqrt()
        } else {
            0.0
        };
        let mean_environments = self.env_seconds / window_s;
        let mean_concurrency = self.busy_seconds / window_s;
        SimResult {
            window_s: self.window_s,
            invocations,
            cold_starts,
            throttles: self.throttles,
            cold_share,
            cold_share_se,
            mean_concurrency,
            p95_concurrency: percentile(&self.hist, 0.95),
            p99_concurrency: percentile(&self.hist, 0.99),
            max_concurrency: self.max_concurrency,
            mean_environments,
            mean_idle: (mean_environments - mean_concurrency).max(0.0),
            mean_lifespan_s: if self.deaths > 0 {
                self.lifespans / self.deaths as f64
            } else {
                0.0
            },
            by_hour: self.by_hour,
            events: self.events,
        }
    }
}

/// Simulates `[start_s, end_s)` as `chunks` stretches side by side on the machine's cores. Each stretch starts
/// `warmup_s` early with an empty pool (the pool's state depends only on its recent past: idle environments
/// live at most the keep-alive), and the results add up. `arrivals(from, to)` builds the arrival process of a
/// stretch. Deterministic for a given seed and chunk count, whatever the number of cores.
#[allow(clippy::too_many_arguments)]
pub fn simulate_chunked<A, F>(
    arrivals: F,
    service: &Service,
    pool: &PoolConfig,
    start_s: f64,
    end_s: f64,
    warmup_s: f64,
    hour_offset_s: f64,
    chunks: usize,
    seed: u64,
) -> SimResult
where
    A: Arrivals,
    F: Fn(f64, f64) -> A + Sync,
{
    let chunks = chunks.max(1);
    let len = (end_s - start_s) / chunks as f64;
    let run_chunk = |i: usize| {
        let from = start_s + len * i as f64;
        let to = if i + 1 == chunks { end_s } else { from + len };
        let mut arr = arrivals(from - warmup_s, to);
        let window = Window {
            warmup_s: from,
            end_s: to,
            hour_offset_s,
        };
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        simulate_tally(&mut arr, service, pool, &window, &mut rng)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks);
    // Each thread takes the next stretch not yet taken, so that a core slowed by other work does less of it.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Tally)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (run_chunk, next) = (&run_chunk, &next);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= chunks {
                            return mine;
                        }
                        mine.push((i, run_chunk(i)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // Added in the order of the stretches, whichever thread ran them: the same sums for the same seed.
    done.sort_by_key(|(i, _)| *i);
    let tallies = done.into_iter().map(|(_, t)| Some(t));
    let mut total = Tally::default();
    for t in tallies.into_iter().flatten() {
        total.add(t);
    }
    total.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coldstart::dist::{ColdPath, Dist};
    use crate::traffic::arrivals::{Batches, PiecewisePoisson};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
    }

    /// The small representation (and its hand-over to the general one past 64 environments) gives the results
    /// of the general one, over random rates, services, keep-alives, lifetimes, limits and batch arrivals.
    #[test]
    fn small_and_general_representations_agree() {
        let mut pick = Rng::new(2024);
        let mut handed_over = 0;
        for case in 0..300 {
            let u = |r: &mut Rng| r.uniform_open0();
            let rate = 10f64.powf(-2.0 + 4.5 * u(&mut pick));
            let warm_s = 10f64.powf(-2.0 + 2.5 * u(&mut pick));
            let uniform = u(&mut pick) < 0.3;
            let warm = match (pick.next_u64() % 3, uniform) {
                (0, false) => Dist::Constant { s: warm_s },
                (1, _) | (0, true) => Dist::Exponential { mean_s: warm_s },
                _ => Dist::LogNormal {
                    median_s: warm_s,
                    sigma: 0.8,
                },
            };
            let service = Service {
                warm,
                cold: if u(&mut pick) < 0.5 {
                    ColdPath::InitThenWarm {
                        init: Dist::Exponential { mean_s: 0.5 },
                    }
                } else {
                    ColdPath::Whole {
                        dist: Dist::Exponential {
                            mean_s: 2.0 * warm_s,
                        },
                    }
                },
            };
            let ka = 10f64.powf(3.0 * u(&mut pick));
            let mut pool = PoolConfig::unlimited(ka);
            if uniform {
                pool.keep_alive = KeepAlive::Uniform {
                    min_s: ka / 2.0,
                    max_s: ka * 2.0,
                };
            }
            if u(&mut pick) < 0.3 {
                pool.lifetime = Some(if u(&mut pick) < 0.5 {
                    Lifetime::fixed(ka * 3.0)
                } else {
                    Lifetime {
                        min_s: ka * 2.0,
                        max_s: ka * 4.0,
                    }
                });
            }
            if u(&mut pick) < 0.3 {
                pool.concurrency_limit = Some(1 + pick.next_u64() % 80);
            }
            if u(&mut pick) < 0.3 {
                pool.scale_limit = Some(1 + pick.next_u64() % 100);
            }
            let end = (20_000.0 / rate).min(50_000.0);
            let window = Window {
                warmup_s: end / 10.0,
                end_s: end,
                hour_offset_s: 0.0,
            };
            let batches = u(&mut pick) < 0.25;
            let size = 1.0 + 40.0 * u(&mut pick);
            let seed = pick.next_u64();
            let go = |small: bool| {
                let mut rng = Rng::new(seed);
                if batches {
                    let mut a = Batches::new(size / rate, 0.0, size, 0.0, end);
                    run(&mut a, &service, &pool, &window, &mut rng, small)
                } else {
                    let mut a = PiecewisePoisson::steady(rate, 0.0, end);
                    run(&mut a, &service, &pool, &window, &mut rng, small)
                }
            };
            let (s, g) = (go(true), go(false));
            // 65 executions at once need 65 environments: the small representation handed over.
            if g.max_concurrency > 64 {
                handed_over += 1;
            }
            let what =
                format!("case {case}: rate {rate}, {service:?}, {pool:?}, batches {batches}");
            assert_eq!(s.batch_arrivals, g.batch_arrivals, "{what}");
            assert_eq!(s.batch_cold, g.batch_cold, "{what}");
            assert_eq!(s.throttles, g.throttles, "{what}");
            assert_eq!(s.by_hour, g.by_hour, "{what}");
            assert_eq!(s.deaths, g.deaths, "{what}");
            assert_eq!(s.events, g.events, "{what}");
            assert_eq!(s.max_concurrency, g.max_concurrency, "{what}");
            assert_eq!(s.hist.len(), g.hist.len(), "{what}");
            for (a, b) in s.hist.iter().zip(&g.hist) {
                assert!(close(*a, *b), "{what}: {:?} vs {:?}", s.hist, g.hist);
            }
            for (a, b) in [
                (s.env_seconds, g.env_seconds),
                (s.busy_seconds, g.busy_seconds),
                (s.lifespans, g.lifespans),
            ] {
                assert!(close(a, b), "{what}: {a} vs {b}");
            }
        }
        // Some cases needed more than 64 environments and went through the hand-over.
        assert!(handed_over >= 10, "{handed_over} hand-overs");
    }

    /// Arrivals may start before time 0 (a window from −1,000 s): both representations agree, and no time is
    /// counted backwards.
    #[test]
    fn negative_times_count_forward_only() {
        let service = Service {
            warm: Dist::Exponential { mean_s: 1.0 },
            cold: ColdPath::Whole {
                dist: Dist::Exponential { mean_s: 2.0 },
            },
        };
        let pool = PoolConfig::unlimited(60.0);
        let window = Window {
            warmup_s: -1_000.0,
            end_s: 5_000.0,
            hour_offset_s: 0.0,
        };
        let go = |small: bool| {
            let mut a = PiecewisePoisson::steady(3.0, -2_000.0, 5_000.0);
            run(&mut a, &service, &pool, &window, &mut Rng::new(4), small)
        };
        let (s, g) = (go(true), go(false));
        assert_eq!(s.batch_arrivals, g.batch_arrivals);
        assert_eq!(s.batch_cold, g.batch_cold);
        assert!(s.hist.iter().all(|&h| h >= 0.0), "{:?}", s.hist);
        for (a, b) in s.hist.iter().zip(&g.hist) {
            assert!(close(*a, *b), "{:?} vs {:?}", s.hist, g.hist);
        }
        // The time at each level adds up to the window.
        let total: f64 = s.hist.iter().sum();
        assert!((total - 6_000.0).abs() < 1e-6, "{total}");
    }
}
