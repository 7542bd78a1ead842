//! Rate curves of the shaped patterns, per minute.

use super::{DAY_S, WEEK_S};
use std::f64::consts::TAU;

/// Modified Bessel function I0 (power series; converges for every argument used here).
fn bessel_i0(x: f64) -> f64 {
    let (mut sum, mut term) = (1.0, 1.0);
    let q = x * x / 4.0;
    for k in 1..200 {
        term *= q / (k as f64 * k as f64);
        sum += term;
        if term < sum * 1e-16 {
            break;
        }
    }
    sum
}

/// The concentration κ of a von Mises daily cycle whose peak is `peak_to_mean` times its mean
/// (peak ÷ mean = e^κ ÷ I0(κ)); 0 for a flat day.
pub(crate) fn von_mises_kappa(peak_to_mean: f64) -> f64 {
    if peak_to_mean <= 1.0 {
        return 0.0;
    }
    let ratio = |k: f64| (k - bessel_i0(k).ln()).exp();
    let (mut lo, mut hi) = (0.0, 1.0);
    while ratio(hi) < peak_to_mean && hi < 700.0 {
        hi *= 2.0;
    }
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if ratio(mid) < peak_to_mean {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

/// Requests per second for each minute of a day: a von Mises cycle around `peak_hour` with the given
/// peak-to-mean ratio and mean `mean_rate`.
pub(crate) fn diurnal_minutes(mean_rate: f64, peak_to_mean: f64, peak_hour: f64) -> Vec<f64> {
    let kappa = von_mises_kappa(peak_to_mean);
    let minutes = (DAY_S / 60.0) as usize;
    let raw: Vec<f64> = (0..minutes)
        .map(|m| {
            let hour = (m as f64 + 0.5) / 60.0;
            (kappa * ((TAU * (hour - peak_hour) / 24.0).cos() - 1.0)).exp()
        })
        .collect();
    let mean = raw.iter().sum::<f64>() / minutes as f64;
    raw.into_iter().map(|x| x / mean * mean_rate).collect()
}

/// Requests per second for each minute of a week starting Monday 00:00: working hours on weekdays carry
/// `1 − off_share` of the volume evenly, the rest of the week carries `off_share` evenly.
pub(crate) fn business_minutes(mean_rate: f64, hours: (f64, f64), off_share: f64) -> Vec<f64> {
    let minutes = (WEEK_S / 60.0) as usize;
    let is_work = |m: usize| {
        let day = m / 1440;
        let hour = (m % 1440) as f64 / 60.0;
        day < 5 && hour >= hours.0 && hour < hours.1
    };
    let work_minutes = (0..minutes).filter(|&m| is_work(m)).count() as f64;
    let off_minutes = minutes as f64 - work_minutes;
    let week_volume = mean_rate * WEEK_S;
    let (work_rate, off_rate) = if work_minutes == 0.0 {
        (0.0, mean_rate)
    } else if off_minutes == 0.0 {
        (mean_rate, 0.0)
    } else {
        (
            week_volume * (1.0 - off_share) / (work_minutes * 60.0),
            week_volume * off_share / (off_minutes * 60.0),
        )
    };
    (0..minutes)
        .map(|m| if is_work(m) { work_rate } else { off_rate })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_gives_the_ratio() {
        for r in [1.5, 2.0, 4.0, 10.0] {
            let k = von_mises_kappa(r);
            let got = (k - bessel_i0(k).ln()).exp();
            assert!((got - r).abs() < 1e-9, "{r}: {got}");
        }
        assert_eq!(von_mises_kappa(1.0), 0.0);
    }
}
