//! Small statistics helpers: quantiles of samples, normal quantiles (statrs) and the one lognormal fit through a
//! median and a 95th percentile that the profile's mean, the simulator's durations and the log generator share.

use statrs::distribution::{ContinuousCDF, Normal};

/// The standard normal's `p` quantile (statrs), e.g. 1.645 for 0.95; ±∞ at 1 and 0, NaN outside [0, 1].
pub fn normal_quantile(p: f64) -> f64 {
    if (0.0..=1.0).contains(&p) {
        Normal::standard().inverse_cdf(p)
    } else {
        f64::NAN
    }
}

/// A lognormal by its median and the σ of its logarithm (μ = ln median).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    /// The median, in the caller's unit.
    pub median: f64,
    /// σ of the logarithm.
    pub sigma: f64,
}

impl LogNormal {
    /// The lognormal through a median `p50` and a 95th percentile `p95`: σ = ln(p95 / p50) / z₀.₉₅. `None` when
    /// there is no spread to fit (p95 not above p50, or p50 not positive).
    pub fn from_p50_p95(p50: f64, p95: f64) -> Option<LogNormal> {
        (p95 > p50 && p50 > 0.0).then(|| LogNormal {
            median: p50,
            sigma: (p95 / p50).ln() / normal_quantile(0.95),
        })
    }

    /// The mean, median × e^(σ²/2).
    pub fn mean(&self) -> f64 {
        self.median * (self.sigma * self.sigma / 2.0).exp()
    }

    /// The `p` quantile, median × e^(σ z_p).
    pub fn quantile(&self, p: f64) -> f64 {
        self.median * (self.sigma * normal_quantile(p)).exp()
    }

    /// One draw, median × e^(σ z) for a standard normal z.
    #[inline]
    pub fn sample(&self, rng: &mut crate::rng::Rng) -> f64 {
        self.median * (self.sigma * rng.normal()).exp()
    }
}

/// Mean of a lognormal with median `p50` and 95th percentile `p95`; `p50` itself when `p95` is unknown or not above it.
pub fn lognormal_mean(p50: f64, p95: Option<f64>) -> f64 {
    p95.and_then(|p95| LogNormal::from_p50_p95(p50, p95))
        .map_or(p50, |d| d.mean())
}

/// The median of the lognormal with mean `mean` and 95th percentile `p95`: what a usage export's mean duration and
/// p95 mean for a profile, which takes a median. `mean` itself when `p95` is unknown, not above the mean, or too far
/// above it for any lognormal (then the widest one, σ = z₀.₉₅, is used).
pub fn lognormal_median_from_mean(mean: f64, p95: Option<f64>) -> f64 {
    match p95 {
        Some(p95) if p95 > mean && mean > 0.0 => {
            // ln p95 − ln mean = zσ − σ²/2: the smaller root, which exists while 2·ln(p95/mean) ≤ z².
            let z = normal_quantile(0.95);
            let d = (z * z - 2.0 * (p95 / mean).ln()).max(0.0);
            let sigma = z - d.sqrt();
            mean * (-sigma * sigma / 2.0).exp()
        }
        _ => mean,
    }
}

/// The `q` quantile (0–1) of `sorted` samples by linear interpolation (type 7, as numpy and R default).
/// Returns `None` for no samples.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let a = *sorted.get(lo)?;
    let b = *sorted.get(hi)?;
    Some(a + (b - a) * (h - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lognormal_mean_above_median() {
        assert_eq!(lognormal_mean(35.0, None), 35.0);
        let m = lognormal_mean(35.0, Some(120.0));
        assert!((m - 46.3).abs() < 0.2, "{m}");
    }

    #[test]
    fn median_from_mean_round_trips() {
        let p50 = lognormal_median_from_mean(180.0, Some(420.0));
        assert!((p50 - 146.7).abs() < 0.2, "{p50}");
        assert!((lognormal_mean(p50, Some(420.0)) - 180.0).abs() < 1e-9);
        assert_eq!(lognormal_median_from_mean(180.0, None), 180.0);
        assert_eq!(lognormal_median_from_mean(180.0, Some(100.0)), 180.0);
    }

    #[test]
    fn normal_quantiles_are_the_tabulated_ones() {
        // z of 0.95 is 1.64485362695147271… (mpmath, 30 digits), nearest f64 1.6448536269514726; statrs gives
        // 1.6448536269514724, one unit in the last place below (the constant used before was two below).
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472_7).abs() < 5e-16);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
        assert_eq!(normal_quantile(0.5), 0.0);
        assert!(normal_quantile(1.5).is_nan());
    }

    #[test]
    fn the_fit_agrees_with_statrs_lognormal() {
        use statrs::distribution::{ContinuousCDF, LogNormal as S};
        use statrs::statistics::Distribution;
        let d = LogNormal::from_p50_p95(120.0, 400.0).unwrap();
        let s = S::new(d.median.ln(), d.sigma).unwrap();
        assert!((s.inverse_cdf(0.5) - 120.0).abs() < 1e-9);
        assert!((s.inverse_cdf(0.95) - 400.0).abs() < 1e-9);
        assert!((d.quantile(0.95) - 400.0).abs() < 1e-9);
        assert!((s.mean().unwrap() - d.mean()).abs() < 1e-9);
        assert_eq!(LogNormal::from_p50_p95(1.0, 1.0), None);
        assert_eq!(LogNormal::from_p50_p95(0.0, 1.0), None);
    }

    #[test]
    fn quantiles() {
        let s = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&s, 0.5), Some(2.5));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }
}
