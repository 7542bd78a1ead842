//! Axis ticks and their labels: decades on a log scale, 1-2-5 steps on a linear one.

use super::{Scale, Unit};
use crate::money::group_thousands;

/// The axis range `lo..hi` that holds `values` (positive values only on a log scale), with its ticks.
pub(crate) struct Range {
    /// Low end.
    pub lo: f64,
    /// High end.
    pub hi: f64,
    /// Tick positions, inside `lo..=hi`.
    pub ticks: Vec<f64>,
}

/// The range and ticks of an axis over `values`. A linear axis always starts at zero; a log axis spans whole
/// decades of the positive values (zeros are drawn on a floor of their own).
pub(crate) fn range(scale: Scale, values: impl Iterator<Item = f64>) -> Range {
    let vals: Vec<f64> = values.filter(|v| v.is_finite()).collect();
    match scale {
        Scale::Linear => {
            let max = vals.iter().copied().fold(0.0f64, f64::max);
            let min = vals.iter().copied().fold(0.0f64, f64::min);
            let span = max - min;
            let step = nice_step(if span > 0.0 { span } else { 1.0 } / 5.0);
            let k1 = ((max / step).ceil().max(if min < 0.0 { 0.0 } else { 1.0 })) as i64;
            let k0 = (min / step).floor() as i64;
            Range {
                lo: k0 as f64 * step,
                hi: k1 as f64 * step,
                ticks: (k0..=k1).map(|k| k as f64 * step).collect(),
            }
        }
        Scale::Log => {
            let pos = vals.iter().copied().filter(|v| *v > 0.0);
            let (mn, mx) = pos.fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
            let (lo_e, hi_e) = if mx > 0.0 {
                let lo = mn.log10().floor();
                let hi = mx.log10().ceil().max(lo + 1.0);
                (lo, hi)
            } else {
                (-2.0, 0.0)
            };
            let decades = (hi_e - lo_e) as usize;
            let every = decades.div_ceil(8).max(1);
            let ticks = (0..=decades)
                .filter(|k| k % every == 0)
                .map(|k| 10f64.powf(lo_e + k as f64))
                .collect();
            Range {
                lo: 10f64.powf(lo_e),
                hi: 10f64.powf(hi_e),
                ticks,
            }
        }
    }
}

/// The 1-2-5 × 10ⁿ step at or above `raw`.
fn nice_step(raw: f64) -> f64 {
    let e = raw.log10().floor();
    let base = 10f64.powf(e);
    let f = raw / base;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * base
}

/// A tick label.
pub(crate) fn label(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Usd => usd(v),
        Unit::Volume => volume(v),
        Unit::Number => number(v),
        Unit::Percent => percent(v),
    }
}

/// `$0`, `$0.01`, `$2.50`, `$15`, `$1,000`.
pub(crate) fn usd(v: f64) -> String {
    if v == 0.0 {
        "$0".into()
    } else if v.abs() >= 10.0 || (v - v.round()).abs() < 1e-9 {
        format!("${}", group_thousands(v.round() as i128))
    } else if v.abs() >= 0.01 {
        format!("${v:.2}")
    } else {
        format!("${v}")
    }
}

/// `1k`, `250k`, `10M`, `1.5B`.
pub(crate) fn volume(v: f64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")];
    for (size, suffix) in UNITS {
        if v.abs() >= size {
            let x = v / size;
            return if (x - x.round()).abs() < 1e-9 {
                format!("{}{suffix}", x.round())
            } else {
                format!("{}{suffix}", (x * 10.0).round() / 10.0)
            };
        }
    }
    number(v)
}

/// `-5%`, `0%`, `+12.5%`.
fn percent(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0%".into()
    } else if (r - r.round()).abs() < 1e-9 {
        format!("{:+}%", r.round())
    } else {
        format!("{r:+.1}%")
    }
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        group_thousands(v.round() as i128)
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linear_axis_starts_at_zero_and_holds_the_largest_value() {
        let r = range(Scale::Linear, [3.2, 17.9, 0.0].into_iter());
        assert_eq!(r.lo, 0.0);
        assert!(r.hi >= 17.9 && r.hi <= 25.0, "{}", r.hi);
        assert_eq!(r.ticks.first(), Some(&0.0));
        assert!(r.ticks.len() >= 3 && r.ticks.len() <= 11);
    }

    #[test]
    fn a_linear_axis_holds_negative_values_and_zero() {
        let r = range(Scale::Linear, [-12.0, 40.0].into_iter());
        assert!(r.lo <= -12.0 && r.hi >= 40.0, "{} {}", r.lo, r.hi);
        assert!(r.ticks.contains(&0.0), "{:?}", r.ticks);
    }

    #[test]
    fn a_log_axis_spans_whole_decades_of_the_positive_values() {
        let r = range(Scale::Log, [0.0, 0.04, 1234.0].into_iter());
        assert_eq!((r.lo, r.hi), (0.01, 10_000.0));
        assert_eq!(r.ticks.len(), 7);
        let wide = range(Scale::Log, [1e3, 1e10].into_iter());
        assert!(wide.ticks.len() <= 9, "{:?}", wide.ticks);
    }

    #[test]
    fn labels_read_like_people_write() {
        assert_eq!(usd(0.0), "$0");
        assert_eq!(usd(0.01), "$0.01");
        assert_eq!(usd(2.5), "$2.50");
        assert_eq!(usd(1000.0), "$1,000");
        assert_eq!(volume(1e3), "1k");
        assert_eq!(volume(3e7), "30M");
        assert_eq!(volume(1.5e9), "1.5B");
        assert_eq!(volume(500.0), "500");
        assert_eq!(percent(-5.0), "-5%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(12.5), "+12.5%");
    }
}
