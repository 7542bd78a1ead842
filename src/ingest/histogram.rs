//! A bounded-memory histogram of positive durations: logarithmic buckets 1% wide from 0.01 ms to ~10⁷ ms, so any
//! number of values takes at most a few tens of kilobytes and quantiles come back within 1%. Only the buckets that
//! hold values are stored (sorted), so a function seen a few times costs a few bytes, not 17 KB. Histograms merge,
//! and the merge of two equals one histogram fed both halves (the sum is kept in fixed point, so the order of
//! additions cannot change the mean).

use serde::Serialize;

const MIN_MS: f64 = 0.01;
const BUCKETS: usize = 2100; // 1.01^2100 × 0.01 ms ≈ 1.2 × 10⁷ ms
const LN_STEP: f64 = 0.009_950_330_853_168_083; // ln(1.01)
/// 2⁶⁴: one ms in the sum's fixed-point unit.
const FIXED_ONE: f64 = 18_446_744_073_709_551_616.0;

/// `v` ms in units of 2⁻⁶⁴ ms, truncated (exact for any value of 2⁻¹¹ ms or more).
#[inline]
fn fixed(v: f64) -> u128 {
    (v * FIXED_ONE) as u128
}

/// Counts of values per 1%-wide bucket, plus exact count, sum, min and max.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// (bucket, count) of the buckets that hold values, sorted by bucket.
    counts: Vec<(u16, u64)>,
    /// Values added.
    pub count: u64,
    /// Their sum in units of 2⁻⁶⁴ ms (each value truncated to that unit): integer addition, so the sum is the same
    /// in any order and after any merge.
    sum: u128,
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
}

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram {
            counts: Vec::new(),
            count: 0,
            sum: 0,
            min: f64::INFINITY,
            max: 0.0,
        }
    }
}

/// Quantile summary, ms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Values.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Median (within 1%).
    pub p50: f64,
    /// 95th percentile (within 1%).
    pub p95: f64,
    /// Largest (exact).
    pub max: f64,
}

impl Histogram {
    /// Adds a value (ms); non-finite or negative values are the caller's to reject. Returns whether a bucket was
    /// taken that held nothing before (the histogram grew by one entry).
    #[inline]
    pub fn add(&mut self, v: f64) -> bool {
        let i = if v <= MIN_MS {
            0
        } else {
            (((v / MIN_MS).ln() / LN_STEP) as usize + 1).min(BUCKETS) as u16
        };
        let grew = match self.counts.binary_search_by_key(&i, |&(b, _)| b) {
            Ok(k) => {
                if let Some((_, c)) = self.counts.get_mut(k) {
                    *c += 1;
                }
                false
            }
            Err(k) => {
                self.counts.insert(k, (i, 1));
                true
            }
        };
        self.count += 1;
        self.sum = self.sum.saturating_add(fixed(v));
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        grew
    }

    /// The `q` quantile (0–1), the geometric middle of its bucket, clamped to the exact min and max.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let target = ((self.count as f64 * q).ceil() as u64).clamp(1, self.count);
        let mut acc = 0;
        for &(i, c) in &self.counts {
            acc += c;
            if acc >= target {
                let v = if i == 0 {
                    MIN_MS
                } else {
                    MIN_MS * ((f64::from(i) - 0.5) * LN_STEP).exp()
                };
                return v.clamp(self.min, self.max);
            }
        }
        self.max
    }

    /// Buckets that hold values.
    pub fn buckets(&self) -> u64 {
        self.counts.len() as u64
    }

    /// The sum of the values, ms.
    pub fn sum(&self) -> f64 {
        self.sum as f64 / FIXED_ONE
    }

    /// Adds `other`'s values; returns how many buckets were taken that held nothing before.
    pub fn merge(&mut self, other: &Histogram) -> u64 {
        let mut merged = Vec::with_capacity(self.counts.len() + other.counts.len());
        let (mut a, mut b) = (
            self.counts.iter().peekable(),
            other.counts.iter().peekable(),
        );
        let mut grown = 0;
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&&(i, c)), Some(&&(j, d))) if i == j => {
                    a.next();
                    b.next();
                    (i, c + d)
                }
                (Some(&&x), Some(&&y)) if x.0 < y.0 => {
                    a.next();
                    x
                }
                (_, Some(&&y)) => {
                    b.next();
                    grown += 1;
                    y
                }
                (Some(&&x), None) => {
                    a.next();
                    x
                }
                (None, None) => break,
            };
            merged.push(next);
        }
        self.counts = merged;
        self.count += other.count;
        self.sum = self.sum.saturating_add(other.sum);
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        grown
    }

    /// Count, mean, p50, p95, max.
    pub fn summary(&self) -> Summary {
        Summary {
            count: self.count,
            mean: if self.count > 0 {
                self.sum() / self.count as f64
            } else {
                0.0
            },
            p50: self.quantile(0.5),
            p95: self.quantile(0.95),
            max: if self.count > 0 { self.max } else { 0.0 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_within_one_percent() {
        let mut h = Histogram::default();
        for i in 1..=10_000 {
            h.add(i as f64 * 0.37);
        }
        let exact50 = 5000.0 * 0.37;
        let exact95 = 9500.0 * 0.37;
        assert!(
            (h.quantile(0.5) - exact50).abs() / exact50 < 0.01,
            "{}",
            h.quantile(0.5)
        );
        assert!(
            (h.quantile(0.95) - exact95).abs() / exact95 < 0.01,
            "{}",
            h.quantile(0.95)
        );
        assert_eq!(h.summary().max, 3700.0);
        assert_eq!(Histogram::default().summary().p50, 0.0);
    }

    #[test]
    fn a_merge_equals_one_histogram_fed_both_halves() {
        let mut rng = crate::rng::Rng::new(3);
        let values: Vec<f64> = (0..5_000)
            .map(|_| (rng.next_u64() % 90_000_000) as f64 / 100.0)
            .collect();
        for cut in [0, 1, 17, 2_500, 4_999, 5_000] {
            let (mut whole, mut a, mut b) = (
                Histogram::default(),
                Histogram::default(),
                Histogram::default(),
            );
            let mut grown_whole = 0;
            for (k, &v) in values.iter().enumerate() {
                grown_whole += u64::from(whole.add(v));
                if k < cut {
                    a.add(v);
                } else {
                    b.add(v);
                }
            }
            let grown_a = a.counts.len() as u64;
            let grown = a.merge(&b);
            assert_eq!(a, whole, "cut {cut}");
            assert_eq!(grown_a + grown, grown_whole, "cut {cut}");
        }
    }
}
