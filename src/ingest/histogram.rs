//! A bounded-memory histogram of positive durations: logarithmic buckets 1% wide from 0.01 ms to ~10⁷ ms, so any
//! number of values takes at most a few tens of kilobytes and quantiles come back within 1%. A histogram with few
//! occupied buckets stores only those (sorted), so a function seen a few times costs a few bytes, not 17 KB; one
//! with many ([`SPARSE_MAX`]) keeps a count per bucket, so adding a value is an index, not a search. Histograms
//! merge, and the merge of two equals one histogram fed both halves (the sum is kept in fixed point, so the order
//! of additions cannot change the mean).

use serde::Serialize;
use std::sync::OnceLock;

const MIN_MS: f64 = 0.01;
const BUCKETS: usize = 2100; // 1.01^2100 × 0.01 ms ≈ 1.2 × 10⁷ ms
const LN_STEP: f64 = 0.009_950_330_853_168_083; // ln(1.01)
/// 2⁶⁴: one ms in the sum's fixed-point unit.
const FIXED_ONE: f64 = 18_446_744_073_709_551_616.0;
/// Above this many occupied buckets a histogram keeps one count per bucket.
const SPARSE_MAX: usize = 96;
/// What a histogram with one count per bucket costs, in the entries of the caller's memory budget (about 32
/// bytes each: see [`crate::ingest::MAX_STATE_ENTRIES`]).
const DENSE_ENTRIES: u64 = ((BUCKETS + 1) * 8 / 32) as u64;

/// `v` ms in units of 2⁻⁶⁴ ms, truncated (exact for any value of 2⁻¹¹ ms or more).
#[inline]
fn fixed(v: f64) -> u128 {
    (v * FIXED_ONE) as u128
}

/// The bucket of `v` by its definition: 0 up to [`MIN_MS`], then `⌊ln(v / MIN_MS) / ln 1.01⌋ + 1`, at most
/// [`BUCKETS`].
fn bucket_by_log(v: f64) -> u16 {
    if v <= MIN_MS {
        0
    } else {
        (((v / MIN_MS).ln() / LN_STEP) as usize)
            .saturating_add(1)
            .min(BUCKETS) as u16
    }
}

/// The bits of a positive `f64` that pick its cell of the lookup table: exponent and the mantissa's top 8 bits, so a
/// cell is at most 1/256 (0.39%) wide and holds at most one bucket boundary (buckets are 1% wide).
const CELL_SHIFT: u32 = 44;

/// The lookup that gives [`bucket_by_log`]'s answer without a logarithm: per cell, the bucket of the cell's
/// smallest value, and per bucket, the smallest value in it.
struct Lookup {
    /// The cell of [`MIN_MS`] (cells below it are bucket 0).
    first_cell: u64,
    /// The bucket of each cell's smallest value, from `first_cell` to the cell of the last bucket's start.
    cell_bucket: Vec<u16>,
    /// `start[k]`: the smallest `f64` whose bucket is `k` or more (`start[0]` = 0).
    start: Vec<f64>,
}

impl Lookup {
    fn get() -> &'static Lookup {
        static LOOKUP: OnceLock<Lookup> = OnceLock::new();
        LOOKUP.get_or_init(Lookup::build)
    }

    fn build() -> Lookup {
        // Each bucket's smallest value: from the closed form, stepped by ulps until the definition agrees (the
        // definition is monotone in v, so this is the exact boundary).
        let mut start = vec![0.0; BUCKETS + 1];
        for (k, s) in start.iter_mut().enumerate().skip(1) {
            let want = k as u16;
            let mut v = MIN_MS * ((k as f64 - 1.0) * LN_STEP).exp();
            while bucket_by_log(v) >= want {
                v = f64::from_bits(v.to_bits() - 1);
            }
            while bucket_by_log(v) < want {
                v = f64::from_bits(v.to_bits() + 1);
            }
            *s = v;
        }
        let first_cell = MIN_MS.to_bits() >> CELL_SHIFT;
        let last_cell = start
            .last()
            .map_or(first_cell, |s| s.to_bits() >> CELL_SHIFT);
        let cell_bucket = (first_cell..=last_cell)
            .map(|c| bucket_by_log(f64::from_bits(c << CELL_SHIFT)))
            .collect();
        Lookup {
            first_cell,
            cell_bucket,
            start,
        }
    }

    /// The bucket of `v` (positive, finite), equal to [`bucket_by_log`]'s.
    #[inline]
    fn bucket(&self, v: f64) -> u16 {
        if v <= MIN_MS {
            return 0;
        }
        let cell = (v.to_bits() >> CELL_SHIFT).saturating_sub(self.first_cell);
        let Some(&b) = self.cell_bucket.get(cell as usize) else {
            return BUCKETS as u16;
        };
        // At most one boundary lies inside a cell: the next bucket's start.
        match self.start.get(usize::from(b) + 1) {
            Some(&next) if v >= next => b + 1,
            _ => b,
        }
    }
}

/// The counts of the occupied buckets.
#[derive(Debug, Clone)]
enum Counts {
    /// (bucket, count) of the buckets that hold values, sorted by bucket.
    Sparse(Vec<(u16, u64)>),
    /// A count per bucket, and how many are not zero.
    Dense(Box<[u64]>, usize),
}

impl Counts {
    /// Occupied buckets.
    fn occupied(&self) -> usize {
        match self {
            Counts::Sparse(v) => v.len(),
            Counts::Dense(_, n) => *n,
        }
    }

    /// What the counts cost in the caller's memory budget's entries.
    fn entries(&self) -> u64 {
        match self {
            Counts::Sparse(v) => v.len() as u64,
            Counts::Dense(..) => DENSE_ENTRIES,
        }
    }

    /// The occupied buckets in order, with their counts.
    fn iter(&self) -> Box<dyn Iterator<Item = (u16, u64)> + '_> {
        match self {
            Counts::Sparse(v) => Box::new(v.iter().copied()),
            Counts::Dense(c, _) => Box::new(
                c.iter()
                    .enumerate()
                    .filter(|(_, &n)| n > 0)
                    .map(|(i, &n)| (i as u16, n)),
            ),
        }
    }

    /// Adds `n` to bucket `i`, turning dense past [`SPARSE_MAX`] occupied buckets.
    #[inline]
    fn add(&mut self, i: u16, n: u64) {
        match self {
            Counts::Dense(c, occupied) => {
                if let Some(slot) = c.get_mut(usize::from(i)) {
                    *occupied += usize::from(*slot == 0);
                    *slot += n;
                }
            }
            Counts::Sparse(v) => {
                match v.binary_search_by_key(&i, |&(b, _)| b) {
                    Ok(k) => {
                        if let Some((_, c)) = v.get_mut(k) {
                            *c += n;
                        }
                    }
                    Err(k) => v.insert(k, (i, n)),
                }
                if v.len() > SPARSE_MAX {
                    let mut dense = vec![0u64; BUCKETS + 1].into_boxed_slice();
                    for &(b, c) in v.iter() {
                        if let Some(slot) = dense.get_mut(usize::from(b)) {
                            *slot = c;
                        }
                    }
                    *self = Counts::Dense(dense, v.len());
                }
            }
        }
    }
}

/// Counts of values per 1%-wide bucket, plus exact count, sum, min and max.
#[derive(Debug, Clone)]
pub struct Histogram {
    counts: Counts,
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

impl PartialEq for Histogram {
    /// The same values counted, whichever way the counts are stored.
    fn eq(&self, other: &Histogram) -> bool {
        self.count == other.count
            && self.sum == other.sum
            && self.min == other.min
            && self.max == other.max
            && self.counts.occupied() == other.counts.occupied()
            && self.counts.iter().eq(other.counts.iter())
    }
}

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram {
            counts: Counts::Sparse(Vec::new()),
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
    /// Adds a value (ms); non-finite or negative values are the caller's to reject. Returns how many entries of
    /// the caller's memory budget the histogram grew by (a bucket taken that held nothing before, or the change to
    /// a count per bucket).
    #[inline]
    pub fn add(&mut self, v: f64) -> u64 {
        let before = self.counts.entries();
        self.counts.add(Lookup::get().bucket(v), 1);
        self.count += 1;
        self.sum = self.sum.saturating_add(fixed(v));
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        self.counts.entries() - before
    }

    /// The `q` quantile (0–1), the geometric middle of its bucket, clamped to the exact min and max.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let target = ((self.count as f64 * q).ceil() as u64).clamp(1, self.count);
        let mut acc = 0;
        for (i, c) in self.counts.iter() {
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

    /// What the histogram costs in the entries of the caller's memory budget (the occupied buckets, or a fixed
    /// cost once it keeps a count per bucket), as [`Histogram::add`] and [`Histogram::merge`] count growth.
    pub fn entries(&self) -> u64 {
        self.counts.entries()
    }

    /// The sum of the values, ms.
    pub fn sum(&self) -> f64 {
        self.sum as f64 / FIXED_ONE
    }

    /// Adds `other`'s values; returns how many entries of the caller's memory budget the histogram grew by, as
    /// [`Histogram::add`] counts them.
    pub fn merge(&mut self, other: &Histogram) -> u64 {
        let before = self.counts.entries();
        match (&mut self.counts, &other.counts) {
            (Counts::Sparse(mine), Counts::Sparse(theirs)) => {
                let mut merged = Vec::with_capacity(mine.len() + theirs.len());
                let (mut a, mut b) = (mine.iter().peekable(), theirs.iter().peekable());
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
                if merged.len() > SPARSE_MAX {
                    // As many adds would have left it: a count per bucket.
                    let mut counts = Counts::Sparse(Vec::new());
                    for (i, c) in merged {
                        counts.add(i, c);
                    }
                    self.counts = counts;
                } else {
                    *mine = merged;
                }
            }
            (counts, theirs) => {
                for (i, c) in theirs.iter() {
                    counts.add(i, c);
                }
            }
        }
        self.count += other.count;
        self.sum = self.sum.saturating_add(other.sum);
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.counts.entries() - before
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
                grown_whole += whole.add(v);
                if k < cut {
                    a.add(v);
                } else {
                    b.add(v);
                }
            }
            let grown_a = a.entries();
            let grown = a.merge(&b);
            assert_eq!(a, whole, "cut {cut}");
            assert_eq!(grown_a + grown, grown_whole, "cut {cut}");
        }
    }

    #[test]
    fn the_lookup_gives_the_logarithms_bucket() {
        let lookup = Lookup::get();
        // Every boundary, a few ulps either side.
        for (k, &b) in lookup.start.iter().enumerate().skip(1) {
            for d in -3i64..=3 {
                let v = f64::from_bits((b.to_bits() as i64 + d) as u64);
                assert_eq!(lookup.bucket(v), bucket_by_log(v), "{v} near bucket {k}");
            }
        }
        // Values across the whole range and beyond it.
        let mut rng = crate::rng::Rng::new(11);
        for _ in 0..200_000 {
            let v = 10f64.powf(-4.0 + 13.0 * rng.uniform_open0());
            assert_eq!(lookup.bucket(v), bucket_by_log(v), "{v}");
        }
        for v in [0.0, 1e-300, MIN_MS, 1.0, 1e7, 1.2e7, 1e9, 1e300, f64::MAX] {
            assert_eq!(lookup.bucket(v), bucket_by_log(v), "{v}");
        }
    }

    #[test]
    fn a_busy_histogram_counts_per_bucket_and_says_what_it_costs() {
        let mut h = Histogram::default();
        let mut grown = 0;
        for i in 0..SPARSE_MAX {
            grown += h.add(1.02f64.powi(i as i32));
        }
        assert_eq!((grown, h.entries()), (SPARSE_MAX as u64, SPARSE_MAX as u64));
        assert!(matches!(h.counts, Counts::Sparse(_)));
        grown += h.add(1_000.0);
        assert!(matches!(h.counts, Counts::Dense(_, n) if n == SPARSE_MAX + 1));
        assert_eq!((grown, h.entries()), (DENSE_ENTRIES, DENSE_ENTRIES));
        assert_eq!(h.add(1_000.0), 0);
        assert_eq!(h.summary().max, 1_000.0);
        assert_eq!(h.quantile(1.0), 1_000.0);
    }

    #[test]
    fn merges_across_both_forms_equal_one_histogram() {
        let mut rng = crate::rng::Rng::new(5);
        // Few distinct values on one side, many on the other, in every combination of the two forms.
        let narrow: Vec<f64> = (0..300)
            .map(|_| 100.0 + (rng.next_u64() % 40) as f64 * 0.5)
            .collect();
        let wide: Vec<f64> = (0..3_000)
            .map(|_| (rng.next_u64() % 9_000_000) as f64 / 10.0 + 0.5)
            .collect();
        for (x, y) in [
            (&narrow, &wide),
            (&wide, &narrow),
            (&wide, &wide),
            (&narrow, &narrow),
        ] {
            let (mut whole, mut a, mut b) = (
                Histogram::default(),
                Histogram::default(),
                Histogram::default(),
            );
            let mut grown_whole = 0;
            for &v in x.iter() {
                grown_whole += whole.add(v);
                a.add(v);
            }
            for &v in y.iter() {
                grown_whole += whole.add(v);
                b.add(v);
            }
            let grown_a = a.entries();
            let grown = a.merge(&b);
            assert_eq!(a, whole);
            assert_eq!(grown_a + grown, grown_whole);
            assert_eq!(a.summary(), whole.summary());
        }
    }
}
