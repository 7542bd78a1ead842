//! What the simulator measures over its window: the running statistics (concurrency over time, cold starts,
//! throttles, lifespans, batch means for the standard error, counts by hour of day) and the result they give.

use super::sim_config::Window;
use serde::Serialize;

/// Invocations and cold starts in one hour of the day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct HourCounts {
    /// Requests arriving in this hour of the day (summed over the days simulated).
    pub invocations: u64,
    /// Of which cold.
    pub cold_starts: u64,
    /// Of which throttled.
    pub throttles: u64,
}

/// What a simulation measured over its window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimResult {
    /// Length of the measured window, s.
    pub window_s: f64,
    /// Requests that arrived in the window (served + throttled).
    pub invocations: u64,
    /// Cold starts among them.
    pub cold_starts: u64,
    /// Requests throttled (by the concurrency limit or the scaling limit).
    pub throttles: u64,
    /// Cold starts ÷ invocations.
    pub cold_share: f64,
    /// Standard error of `cold_share` (batch means over 32 batches).
    pub cold_share_se: f64,
    /// Time-average concurrent executions (running environments).
    pub mean_concurrency: f64,
    /// 95th percentile of concurrency over time.
    pub p95_concurrency: u64,
    /// 99th percentile of concurrency over time.
    pub p99_concurrency: u64,
    /// Highest concurrency seen.
    pub max_concurrency: u64,
    /// Time-average environments alive (running + idle).
    pub mean_environments: f64,
    /// Time-average idle environments.
    pub mean_idle: f64,
    /// Mean lifespan of the environments that ended in the window, s.
    pub mean_lifespan_s: f64,
    /// Per hour of the day (0–23, in the shape's time zone).
    pub by_hour: Vec<HourCounts>,
    /// Requests processed one by one, warm-up included (the work done; the rest of a batch throttled at once is
    /// not counted).
    pub events: u64,
}

const BATCHES: usize = 32;

pub(super) struct Stats {
    pub(super) w0: f64,
    pub(super) w1: f64,
    pub(super) last_t: f64,
    pub(super) hist: Vec<f64>,
    pub(super) env_seconds: f64,
    pub(super) lifespans: f64,
    pub(super) deaths: u64,
    pub(super) per_batch: f64,
    pub(super) batch_arrivals: [u64; BATCHES],
    pub(super) batch_cold: [u64; BATCHES],
    pub(super) throttles: u64,
    pub(super) by_hour: [HourCounts; 24],
    pub(super) hour_offset_s: f64,
    /// Current hour of the day and batch, valid until `next_boundary` (arrivals come in time order).
    pub(super) hour: usize,
    pub(super) batch: usize,
    pub(super) next_boundary: f64,
    /// Whether the window has started (before it, counts are dropped).
    pub(super) counting: bool,
    pub(super) run_arrivals: u64,
    pub(super) run_cold: u64,
    pub(super) run_throttles: u64,
}

impl Stats {
    /// Empty statistics over `window`.
    pub(super) fn new(window: &Window) -> Stats {
        Stats {
            w0: window.warmup_s,
            w1: window.end_s,
            // Before any event: the first one's time passes from the window's start (or not at all).
            last_t: f64::NEG_INFINITY,
            hist: vec![0.0; 16],
            env_seconds: 0.0,
            lifespans: 0.0,
            deaths: 0,
            per_batch: BATCHES as f64 / (window.end_s - window.warmup_s).max(f64::MIN_POSITIVE),
            batch_arrivals: [0; BATCHES],
            batch_cold: [0; BATCHES],
            throttles: 0,
            by_hour: [HourCounts::default(); 24],
            hour_offset_s: window.hour_offset_s,
            hour: 0,
            batch: 0,
            next_boundary: window.warmup_s,
            counting: false,
            run_arrivals: 0,
            run_cold: 0,
            run_throttles: 0,
        }
    }

    #[inline]
    pub(super) fn overlap(&self, a: f64, b: f64) -> f64 {
        let hi = if b < self.w1 { b } else { self.w1 };
        let lo = if a > self.w0 { a } else { self.w0 };
        if hi > lo {
            hi - lo
        } else {
            0.0
        }
    }

    /// The time the statistics have reached, s.
    #[inline]
    pub(super) fn last_t(&self) -> f64 {
        self.last_t
    }

    /// Time passes through `times` (non-decreasing, from where the statistics stand): `top` executions run until
    /// `times[0]`, one fewer until each next time.
    #[inline]
    pub(super) fn advance_steps(&mut self, times: [f64; 4], top: usize) {
        // Inside the window with the levels already in the histogram (the usual case): four adds.
        if self.last_t >= self.w0 && times[3] <= self.w1 && top < self.hist.len() && top >= 3 {
            let mut from = self.last_t;
            for (j, &to) in times.iter().enumerate() {
                self.hist[top - j] += to - from;
                from = to;
            }
            self.last_t = from;
        } else {
            for (j, &to) in times.iter().enumerate() {
                self.advance(to, top.saturating_sub(j));
            }
        }
    }

    /// Time passes to `t` with `busy` executions running.
    #[inline]
    pub(super) fn advance(&mut self, t: f64, busy: usize) {
        // Inside the window (the usual case) no clipping is needed. (Events come in time order; before the
        // first one `last_t` is −∞, which takes the clipping path.)
        let dt = if self.last_t >= self.w0 && t <= self.w1 {
            t - self.last_t
        } else {
            self.overlap(self.last_t, t)
        };
        self.last_t = t;
        if let Some(h) = self.hist.get_mut(busy) {
            *h += dt;
        } else if dt > 0.0 {
            self.hist.resize(busy + 1, 0.0);
            self.hist[busy] += dt;
        }
    }

    #[inline]
    pub(super) fn death(&mut self, born: f64, died: f64) {
        self.env_seconds += self.overlap(born, died);
        if died >= self.w0 && died < self.w1 {
            self.lifespans += died - born;
            self.deaths += 1;
        }
    }

    /// An environment idle when the simulation ends at `end`: dead at its expiry if that came first, else alive to
    /// the end.
    pub(super) fn idle_at_end(&mut self, born: f64, expires: f64, end: f64) {
        if expires < end {
            self.death(born, expires);
        } else {
            self.env_seconds += self.overlap(born, end);
        }
    }

    /// `n` requests at `t` throttled at once.
    pub(super) fn throttled(&mut self, t: f64, n: u64) {
        if n == 0 {
            return;
        }
        self.arrival(t, false, true);
        self.run_arrivals += n - 1;
        self.run_throttles += n - 1;
    }

    /// Counts one request. Counts pile up in `run_*` and are filed under their batch and hour of the day when time
    /// crosses the next boundary (an hour, a batch, or the start of the window), so the common case is three adds.
    #[inline]
    pub(super) fn arrival(&mut self, t: f64, cold: bool, throttled: bool) {
        if t >= self.next_boundary {
            self.cross(t);
        }
        self.run_arrivals += 1;
        self.run_cold += u64::from(cold);
        self.run_throttles += u64::from(throttled);
    }

    /// Files the running counts and moves to the batch and hour of `t`.
    pub(super) fn cross(&mut self, t: f64) {
        if self.counting {
            self.flush();
        } else {
            // Warm-up arrivals were counted into `run_*` only to be dropped here.
            self.counting = true;
            self.run_arrivals = 0;
            self.run_cold = 0;
            self.run_throttles = 0;
        }
        self.batch = (((t - self.w0) * self.per_batch) as usize).min(BATCHES - 1);
        // Shifted by a whole number of days so that the value is positive and truncation is the floor.
        let hours = (t + self.hour_offset_s) * (1.0 / 3600.0) + 24.0 * 365.0 * 100.0;
        let whole = hours as u64;
        self.hour = (whole % 24) as usize;
        // (Integer truncation, not f64::floor: LLVM hoists floor out of this branch into every arrival.)
        let next_hour = t + (whole as f64 + 1.0 - hours) * 3600.0;
        let next_batch = self.w0 + (self.batch + 1) as f64 / self.per_batch;
        self.next_boundary = next_hour.min(if self.batch + 1 < BATCHES {
            next_batch
        } else {
            f64::INFINITY
        });
    }

    pub(super) fn flush(&mut self) {
        if !self.counting {
            return;
        }
        self.batch_arrivals[self.batch] += self.run_arrivals;
        self.batch_cold[self.batch] += self.run_cold;
        self.throttles += self.run_throttles;
        let hc = &mut self.by_hour[self.hour];
        hc.invocations += self.run_arrivals;
        hc.cold_starts += self.run_cold;
        hc.throttles += self.run_throttles;
        self.run_arrivals = 0;
        self.run_cold = 0;
        self.run_throttles = 0;
    }
}

pub(super) fn percentile(hist: &[f64], q: f64) -> u64 {
    let total: f64 = hist.iter().sum();
    if total <= 0.0 {
        return 0;
    }
    let mut acc = 0.0;
    for (level, t) in hist.iter().enumerate() {
        acc += t;
        if acc >= q * total {
            return level as u64;
        }
    }
    hist.len().saturating_sub(1) as u64
}
