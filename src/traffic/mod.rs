//! Traffic shapes: how a month's invocations spread over time. A shape turns the profile's `[traffic]` into an
//! arrival process for the simulator (Poisson with a rate per minute, or batches that arrive together) and into
//! rates per minute for the analytic estimator. The month is 730 hours and starts on a Monday, 00:00 local time.

pub mod arrivals;
mod replay;
mod shapes;

pub use replay::{parse_replay, read_replay, Replay};

use crate::error::Result;
use crate::profile::{Pattern, Profile};
use crate::rng::Rng;
use crate::vocab::HOURS_PER_MONTH;
use arrivals::{Arrivals, Batches, PiecewisePoisson};
use serde::Serialize;

/// Seconds in the 730-hour billing month.
pub const MONTH_S: f64 = HOURS_PER_MONTH * 3600.0;
/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;
/// Seconds in a week.
pub const WEEK_S: f64 = 7.0 * DAY_S;

/// How arrivals come.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Process {
    /// Poisson arrivals whose rate is constant within each bin of `bin_s` seconds; the bins repeat cyclically.
    Poisson {
        /// Requests per second in each bin.
        rates_per_s: Vec<f64>,
        /// Bin length, s.
        bin_s: f64,
    },
    /// `size` requests arriving together every `interval_s` (a fractional size alternates floor and ceiling).
    Batches {
        /// Seconds between batches.
        interval_s: f64,
        /// Mean requests per batch.
        size: f64,
    },
}

/// A month of traffic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrafficModel {
    /// The pattern it came from.
    pub pattern: Pattern,
    /// Invocations in the month.
    pub monthly_invocations: f64,
    /// How they arrive.
    pub process: Process,
    /// The shape repeats after this many seconds (the month, when it does not).
    pub period_s: f64,
    /// Local time = simulation time; this is local − UTC, s (for labelling).
    pub utc_offset_s: f64,
    /// One line saying what the shape is.
    pub description: String,
}

/// The arrival process of a [`TrafficModel`] over a stretch of time.
#[derive(Debug, Clone)]
pub enum ArrivalSource {
    /// Poisson arrivals.
    Poisson(PiecewisePoisson),
    /// Batches.
    Batches(Batches),
}

impl Arrivals for ArrivalSource {
    #[inline]
    fn next_arrival(&mut self, rng: &mut Rng) -> Option<(f64, u64)> {
        match self {
            ArrivalSource::Poisson(p) => p.next_arrival(rng),
            ArrivalSource::Batches(b) => b.next_arrival(rng),
        }
    }
}

/// The month's invocations of a profile: `traffic.monthly_invocations`, or for a replay without a stated volume, the
/// replayed file's volume extended to the month.
pub fn monthly_invocations(p: &Profile) -> Result<u64> {
    if p.traffic.pattern == Pattern::Replay && !p.traffic.monthly_invocations_stated {
        Ok(TrafficModel::from_profile(p)?.monthly_invocations.round() as u64)
    } else {
        Ok(p.traffic.monthly_invocations)
    }
}

impl TrafficModel {
    /// The traffic of a profile (reads the replay file for `pattern = "replay"`).
    pub fn from_profile(p: &Profile) -> Result<TrafficModel> {
        let t = &p.traffic;
        let volume = t.monthly_invocations as f64;
        let mean_rate = volume / MONTH_S;
        let utc_offset_s = t.utc_offset_h * 3600.0;
        Ok(match t.pattern {
            Pattern::Steady => TrafficModel {
                pattern: t.pattern,
                monthly_invocations: volume,
                process: Process::Poisson {
                    rates_per_s: vec![mean_rate],
                    bin_s: 3600.0,
                },
                period_s: 3600.0,
                utc_offset_s,
                description: format!("steady Poisson arrivals, {mean_rate:.4} req/s"),
            },
            Pattern::Diurnal => {
                let rates = shapes::diurnal_minutes(mean_rate, t.peak_to_mean, t.peak_hour);
                TrafficModel {
                    pattern: t.pattern,
                    monthly_invocations: volume,
                    process: Process::Poisson {
                        rates_per_s: rates,
                        bin_s: 60.0,
                    },
                    period_s: DAY_S,
                    utc_offset_s,
                    description: format!(
                        "diurnal: peak {:.1}× the mean at {:02}:{:02} local (von Mises daily cycle), Poisson within each minute",
                        t.peak_to_mean,
                        t.peak_hour.floor() as u32,
                        ((t.peak_hour.fract()) * 60.0).round() as u32
                    ),
                }
            }
            Pattern::BusinessHours => {
                let rates =
                    shapes::business_minutes(mean_rate, t.business_hours, t.off_hours_share);
                TrafficModel {
                    pattern: t.pattern,
                    monthly_invocations: volume,
                    process: Process::Poisson {
                        rates_per_s: rates,
                        bin_s: 60.0,
                    },
                    period_s: WEEK_S,
                    utc_offset_s,
                    description: format!(
                        "business hours: Mon–Fri {:.0}:00–{:.0}:00 local carry {:.0}% of the volume, nights and weekends {:.0}%",
                        t.business_hours.0,
                        t.business_hours.1,
                        (1.0 - t.off_hours_share) * 100.0,
                        t.off_hours_share * 100.0
                    ),
                }
            }
            Pattern::Bursty => {
                let (interval_s, size) = match (t.burst_interval_s, t.burst_size) {
                    (Some(i), _) => (i, volume * i / MONTH_S),
                    (None, Some(n)) => (MONTH_S * n / volume.max(1.0), n),
                    (None, None) => (3600.0, volume * 3600.0 / MONTH_S),
                };
                // A spread as long as the interval is arrivals spread evenly (steady Poisson at the mean rate): a
                // longer one cannot spread further. Nearby spreads give nearby answers on both sides of it.
                let spread = t.burst_spread_s.round().min(interval_s.round());
                if spread >= 1.0 {
                    // On/off: Poisson at size ÷ spread during the first `spread` seconds of each interval.
                    let bins = interval_s.round() as usize;
                    let rates = (0..bins)
                        .map(|i| {
                            if (i as f64) < spread {
                                size / spread
                            } else {
                                0.0
                            }
                        })
                        .collect();
                    TrafficModel {
                        pattern: t.pattern,
                        monthly_invocations: volume,
                        process: Process::Poisson {
                            rates_per_s: rates,
                            bin_s: 1.0,
                        },
                        period_s: bins as f64,
                        utc_offset_s,
                        description: format!(
                            "bursts of {size:.1} requests over {spread:.0} s every {:.0} s (Poisson within a burst)",
                            interval_s.round()
                        ),
                    }
                } else {
                    TrafficModel {
                        pattern: t.pattern,
                        monthly_invocations: volume,
                        process: Process::Batches { interval_s, size },
                        period_s: interval_s,
                        utc_offset_s,
                        description: format!("bursts of {size:.1} requests arriving together every {interval_s:.0} s"),
                    }
                }
            }
            Pattern::Schedule => {
                let every = t.schedule_every_s;
                let size = volume * every / MONTH_S;
                TrafficModel {
                    pattern: t.pattern,
                    monthly_invocations: volume,
                    process: Process::Batches {
                        interval_s: every,
                        size,
                    },
                    period_s: every,
                    utc_offset_s,
                    description: format!(
                        "schedule: every {every:.0} s, {size:.2} invocations per run"
                    ),
                }
            }
            Pattern::Replay => {
                let path = t.replay_file.clone().unwrap_or_default();
                let r = read_replay(&path)?;
                let file_volume: f64 = r.counts.iter().sum();
                let span_s = r.counts.len() as f64 * r.bin_s;
                let month_volume = if t.monthly_invocations_stated {
                    volume
                } else {
                    file_volume * MONTH_S / span_s.max(1.0)
                };
                let scale = if file_volume > 0.0 {
                    month_volume * span_s / (MONTH_S * file_volume)
                } else {
                    0.0
                };
                let rates: Vec<f64> = r.counts.iter().map(|c| c * scale / r.bin_s).collect();
                TrafficModel {
                    pattern: t.pattern,
                    monthly_invocations: month_volume,
                    process: Process::Poisson {
                        rates_per_s: rates,
                        bin_s: r.bin_s,
                    },
                    period_s: span_s.min(MONTH_S),
                    utc_offset_s,
                    description: format!(
                        "replay of {} ({} bins of {:.0} s, {:.0} invocations{}), repeated over the month, Poisson within each bin",
                        path.display(),
                        r.counts.len(),
                        r.bin_s,
                        file_volume,
                        if t.monthly_invocations_stated { ", scaled to traffic.monthly_invocations" } else { "" }
                    ),
                }
            }
        })
    }

    /// Arrivals from `from_s` to `to_s`.
    pub fn arrivals(&self, from_s: f64, to_s: f64) -> ArrivalSource {
        match &self.process {
            Process::Poisson { rates_per_s, bin_s } => ArrivalSource::Poisson(
                PiecewisePoisson::new(rates_per_s.clone(), *bin_s, from_s.max(0.0), to_s),
            ),
            Process::Batches { interval_s, size } => {
                ArrivalSource::Batches(Batches::new(*interval_s, 0.0, *size, from_s.max(0.0), to_s))
            }
        }
    }

    /// Expected arrivals in `[from_s, to_s)`.
    pub fn expected_between(&self, from_s: f64, to_s: f64) -> f64 {
        match &self.process {
            Process::Poisson { rates_per_s, bin_s } => {
                let n = rates_per_s.len();
                let period = n as f64 * bin_s;
                let per_period: f64 = rates_per_s.iter().sum::<f64>() * bin_s;
                let whole = ((to_s - from_s) / period).floor();
                let mut total = whole * per_period;
                let mut t = from_s + whole * period;
                while t < to_s {
                    let bin = ((t / bin_s).floor() as u64 % n as u64) as usize;
                    let bin_end = ((t / bin_s).floor() + 1.0) * bin_s;
                    let end = bin_end.min(to_s);
                    total += rates_per_s[bin] * (end - t);
                    t = end;
                }
                total
            }
            Process::Batches { interval_s, size } => {
                let first = (from_s / interval_s).ceil();
                let last = ((to_s / interval_s).ceil() - 1.0).max(first - 1.0);
                (last - first + 1.0) * size
            }
        }
    }

    /// Requests per second in each minute of one period (for the analytic estimator and the per-hour view);
    /// `None` for batch arrivals.
    pub fn minute_rates(&self) -> Option<Vec<f64>> {
        match &self.process {
            Process::Poisson { rates_per_s, bin_s } => {
                let minutes = (self.period_s / 60.0).round().max(1.0) as usize;
                Some(
                    (0..minutes)
                        .map(|m| {
                            let t = m as f64 * 60.0 + 30.0;
                            let bin = ((t / bin_s).floor() as usize) % rates_per_s.len();
                            rates_per_s[bin]
                        })
                        .collect(),
                )
            }
            Process::Batches { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(traffic: &str) -> TrafficModel {
        let text = format!("name = \"t\"\nruntime = \"python3.12\"\n[traffic]\n{traffic}\n");
        TrafficModel::from_profile(&Profile::from_toml(&text, "t.toml").unwrap()).unwrap()
    }

    #[test]
    fn every_shape_spreads_the_monthly_volume() {
        for pattern in ["steady", "diurnal", "business-hours", "bursty", "schedule"] {
            let m = model(&format!(
                "monthly_invocations = 2_000_000\npattern = \"{pattern}\""
            ));
            let per_period = m.expected_between(0.0, m.period_s);
            let month = per_period * MONTH_S / m.period_s;
            assert!((month - 2e6).abs() / 2e6 < 0.01, "{pattern}: {month}");
        }
    }

    #[test]
    fn business_hours_are_quiet_at_night_and_at_weekends() {
        let m = model("monthly_invocations = 1_000_000\npattern = \"business-hours\"");
        let r = m.minute_rates().unwrap();
        let at = |day: usize, hour: usize| r[day * 1440 + hour * 60];
        assert!(at(0, 10) > 10.0 * at(0, 3), "Monday 10:00 vs 03:00");
        assert!(at(2, 10) > 10.0 * at(5, 10), "Wednesday vs Saturday");
        assert_eq!(r.len(), 7 * 1440);
    }

    #[test]
    fn diurnal_peaks_where_asked_with_the_asked_ratio() {
        let m = model("monthly_invocations = 1_000_000\npattern = \"diurnal\"\npeak_to_mean = 3\npeak_hour = 20");
        let r = m.minute_rates().unwrap();
        let mean = r.iter().sum::<f64>() / r.len() as f64;
        let (imax, max) = r
            .iter()
            .enumerate()
            .fold((0, 0.0), |a, (i, &x)| if x > a.1 { (i, x) } else { a });
        assert!((max / mean - 3.0).abs() < 0.01, "{}", max / mean);
        assert!(imax.abs_diff(20 * 60) <= 1, "{imax}");
    }
}
