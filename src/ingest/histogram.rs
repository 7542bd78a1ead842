//! A bounded-memory histogram of positive durations: logarithmic buckets 1% wide from 0.01 ms to ~10⁷ ms, so any
//! number of values takes at most a few tens of kilobytes and quantiles come back within 1%. Only the buckets that
//! hold values are stored (sorted), so a function seen a few times costs a few bytes, not 17 KB.

use serde::Serialize;

const MIN_MS: f64 = 0.01;
const BUCKETS: usize = 2100; // 1.01^2100 × 0.01 ms ≈ 1.2 × 10⁷ ms
const LN_STEP: f64 = 0.009_950_330_853_168_083; // ln(1.01)

/// Counts of values per 1%-wide bucket, plus exact count, sum, min and max.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// (bucket, count) of the buckets that hold values, sorted by bucket.
    counts: Vec<(u16, u64)>,
    /// Values added.
    pub count: u64,
    /// Their sum.
    pub sum: f64,
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
            sum: 0.0,
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
        self.sum += v;
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

    /// Count, mean, p50, p95, max.
    pub fn summary(&self) -> Summary {
        Summary {
            count: self.count,
            mean: if self.count > 0 {
                self.sum / self.count as f64
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
}
