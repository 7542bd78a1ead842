//! Arrival processes the simulator consumes: a Poisson process whose rate is piecewise constant (steady, diurnal,
//! business hours, replayed counts), and batches of simultaneous requests at fixed intervals (bursts, schedules).

use crate::rng::Rng;

/// A source of arrivals in time order: each call gives the next arrival time (s) and how many requests arrive then.
pub trait Arrivals {
    /// The next arrival at or after the previous one, or `None` past the end.
    fn next_arrival(&mut self, rng: &mut Rng) -> Option<(f64, u64)>;
}

/// Poisson arrivals with a rate that is constant within each bin and repeats every `rates.len()` bins.
#[derive(Debug, Clone)]
pub struct PiecewisePoisson {
    rates_per_s: Vec<f64>,
    bin_s: f64,
    bin: u64,
    /// `bin` modulo the number of rates.
    idx: usize,
    /// End of the current bin, s.
    bin_end: f64,
    /// `1 / rate` in the current bin (infinite when the rate is 0), s.
    inv_rate: f64,
    /// The earlier of `bin_end` and `end_s`: an arrival before it needs no bin or end logic.
    fast_until: f64,
    t: f64,
    end_s: f64,
}

impl PiecewisePoisson {
    /// Arrivals from time `start_s` to `end_s`, at `rates_per_s[i]` in bin i (bins of `bin_s` from time 0, repeating
    /// cyclically).
    pub fn new(rates_per_s: Vec<f64>, bin_s: f64, start_s: f64, end_s: f64) -> PiecewisePoisson {
        let bin = (start_s / bin_s).floor().max(0.0) as u64;
        let rates_per_s = if rates_per_s.is_empty() {
            vec![0.0]
        } else {
            rates_per_s
        };
        let idx = (bin % rates_per_s.len() as u64) as usize;
        let mut p = PiecewisePoisson {
            rates_per_s,
            bin_s,
            bin,
            idx,
            bin_end: (bin + 1) as f64 * bin_s,
            inv_rate: 0.0,
            fast_until: 0.0,
            t: start_s,
            end_s,
        };
        p.enter_bin();
        p
    }

    /// Sets the fast path's constants for the current bin.
    fn enter_bin(&mut self) {
        let r = self.rates_per_s.get(self.idx).copied().unwrap_or(0.0);
        self.inv_rate = if r > 0.0 { 1.0 / r } else { f64::INFINITY };
        self.fast_until = self.bin_end.min(self.end_s);
    }

    /// The next arrival when it may lie past the current bin or the end: `mass` of unit-rate time is spent bin by
    /// bin.
    #[cold]
    fn next_slow(&mut self, mut mass: f64) -> Option<(f64, u64)> {
        loop {
            let bin_end = self.bin_end;
            let r = self.rates_per_s.get(self.idx).copied().unwrap_or(0.0);
            if r > 0.0 {
                let dt = mass / r;
                if self.t + dt < bin_end {
                    self.t += dt;
                    return (self.t < self.end_s).then_some((self.t, 1));
                }
                mass -= (bin_end - self.t) * r;
            }
            self.bin += 1;
            self.bin_end = (self.bin + 1) as f64 * self.bin_s;
            self.idx += 1;
            if self.idx == self.rates_per_s.len() {
                self.idx = 0;
            }
            self.t = bin_end;
            self.enter_bin();
            if self.t >= self.end_s {
                return None;
            }
        }
    }

    /// Constant rate `rate_per_s` from `start_s` to `end_s`.
    pub fn steady(rate_per_s: f64, start_s: f64, end_s: f64) -> PiecewisePoisson {
        PiecewisePoisson::new(vec![rate_per_s], 3600.0, start_s, end_s)
    }
}

impl Arrivals for PiecewisePoisson {
    #[inline(always)]
    fn next_arrival(&mut self, rng: &mut Rng) -> Option<(f64, u64)> {
        let mass = rng.exp1();
        // The common case: the arrival falls in the current bin, before the end. (A zero rate gives an infinite
        // or undefined step, which fails the test and takes the slow path.)
        let t = self.t + mass * self.inv_rate;
        if t < self.fast_until {
            self.t = t;
            return Some((t, 1));
        }
        self.next_slow(mass)
    }
}

/// `size` requests (on average: a fractional size alternates between its floor and ceiling) arriving together every
/// `interval_s`, the first at `phase_s`.
#[derive(Debug, Clone)]
pub struct Batches {
    interval_s: f64,
    phase_s: f64,
    size: f64,
    j: u64,
    end_s: f64,
}

impl Batches {
    /// Batches from `start_s` to `end_s`.
    pub fn new(interval_s: f64, phase_s: f64, size: f64, start_s: f64, end_s: f64) -> Batches {
        let j = ((start_s - phase_s) / interval_s).ceil().max(0.0) as u64;
        Batches {
            interval_s,
            phase_s,
            size,
            j,
            end_s,
        }
    }
}

impl Arrivals for Batches {
    fn next_arrival(&mut self, rng: &mut Rng) -> Option<(f64, u64)> {
        loop {
            let t = self.phase_s + self.j as f64 * self.interval_s;
            if t >= self.end_s {
                return None;
            }
            self.j += 1;
            let base = self.size.floor();
            let extra = u64::from(rng.uniform_open0() <= self.size - base);
            // Sizes are bounded by the profile (volume ≤ 10^18 a month): exact in a u64, never truncated.
            let k = base as u64 + extra;
            if k > 0 {
                return Some((t, k));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piecewise_poisson_counts_follow_the_rates() {
        let mut rng = Rng::new(3);
        let mut src = PiecewisePoisson::new(vec![10.0, 0.0, 1.0], 100.0, 0.0, 3000.0);
        let mut counts = [0u64; 3];
        let mut last = 0.0;
        while let Some((t, k)) = src.next_arrival(&mut rng) {
            assert!(t >= last && k == 1);
            last = t;
            counts[((t / 100.0) as usize) % 3] += 1;
        }
        // 10 bins each: 10 000, 0, 1 000 expected.
        assert!((counts[0] as f64 - 10_000.0).abs() < 400.0, "{counts:?}");
        assert_eq!(counts[1], 0);
        assert!((counts[2] as f64 - 1_000.0).abs() < 130.0, "{counts:?}");
    }

    #[test]
    fn batches_arrive_together_with_the_mean_size() {
        let mut rng = Rng::new(3);
        let mut src = Batches::new(60.0, 0.0, 2.5, 0.0, 60_000.0);
        let (mut n, mut total) = (0, 0u64);
        while let Some((t, k)) = src.next_arrival(&mut rng) {
            assert_eq!(t % 60.0, 0.0);
            n += 1;
            total += k;
        }
        assert_eq!(n, 1000);
        assert!((total as f64 / 1000.0 - 2.5).abs() < 0.1);
    }
}
