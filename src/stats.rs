//! Small statistics helpers: quantiles of samples and the lognormal through a median and a 95th percentile.

/// z-score of the 95th percentile of the standard normal distribution.
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// Mean of a lognormal with median `p50` and 95th percentile `p95`; `p50` itself when `p95` is unknown or not above it.
pub fn lognormal_mean(p50: f64, p95: Option<f64>) -> f64 {
    match p95 {
        Some(p95) if p95 > p50 && p50 > 0.0 => {
            let sigma = (p95 / p50).ln() / Z95;
            p50 * (sigma * sigma / 2.0).exp()
        }
        _ => p50,
    }
}

/// The median of the lognormal with mean `mean` and 95th percentile `p95`: what a usage export's mean duration and
/// p95 mean for a profile, which takes a median. `mean` itself when `p95` is unknown, not above the mean, or too far
/// above it for any lognormal (then the widest one, σ = z₀.₉₅, is used).
pub fn lognormal_median_from_mean(mean: f64, p95: Option<f64>) -> f64 {
    match p95 {
        Some(p95) if p95 > mean && mean > 0.0 => {
            // ln p95 − ln mean = zσ − σ²/2: the smaller root, which exists while 2·ln(p95/mean) ≤ z².
            let d = (Z95 * Z95 - 2.0 * (p95 / mean).ln()).max(0.0);
            let sigma = Z95 - d.sqrt();
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
    fn quantiles() {
        let s = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&s, 0.5), Some(2.5));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }
}
