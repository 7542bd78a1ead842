//! Duration distributions of the simulator: the warm handler time and the cold path (INIT + handler).

use crate::rng::Rng;
use crate::stats::LogNormal;
use serde::Serialize;

/// A distribution of durations in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Dist {
    /// Always the same.
    Constant {
        /// The value, s.
        s: f64,
    },
    /// Exponential (SimFaaS and pacsltk use it for service times).
    Exponential {
        /// Mean, s.
        mean_s: f64,
    },
    /// Lognormal with the given median and log-standard-deviation.
    LogNormal {
        /// Median, s.
        median_s: f64,
        /// σ of the logarithm.
        sigma: f64,
    },
}

impl Dist {
    /// A lognormal through a median and a 95th percentile (constant when p95 ≤ p50).
    pub fn from_p50_p95(p50_s: f64, p95_s: f64) -> Dist {
        match LogNormal::from_p50_p95(p50_s, p95_s) {
            Some(d) => Dist::LogNormal {
                median_s: d.median,
                sigma: d.sigma,
            },
            None => Dist::Constant { s: p50_s.max(0.0) },
        }
    }

    /// The mean, s.
    pub fn mean_s(&self) -> f64 {
        match *self {
            Dist::Constant { s } => s,
            Dist::Exponential { mean_s } => mean_s,
            Dist::LogNormal { median_s, sigma } => LogNormal {
                median: median_s,
                sigma,
            }
            .mean(),
        }
    }

    /// One draw, s.
    #[inline(always)]
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match *self {
            Dist::Constant { s } => s,
            Dist::Exponential { mean_s } => mean_s * rng.exp1(),
            Dist::LogNormal { median_s, sigma } => median_s * (sigma * rng.normal()).exp(),
        }
    }
}

/// What a cold request takes: its own distribution (SimFaaS's "cold service time"), or INIT followed by a warm
/// handler run (coldcost's profiles).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ColdPath {
    /// The cold request's whole time.
    Whole {
        /// Its distribution.
        dist: Dist,
    },
    /// INIT, then the warm handler.
    InitThenWarm {
        /// INIT's distribution.
        init: Dist,
    },
}

/// Service times of warm and cold requests.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Service {
    /// A warm request's handler time.
    pub warm: Dist,
    /// A cold request's time.
    pub cold: ColdPath,
}

impl Service {
    /// One cold request's time, s.
    #[inline]
    pub fn sample_cold(&self, rng: &mut Rng) -> f64 {
        match self.cold {
            ColdPath::Whole { dist } => dist.sample(rng),
            ColdPath::InitThenWarm { init } => init.sample(rng) + self.warm.sample(rng),
        }
    }

    /// Mean cold request time, s.
    pub fn cold_mean_s(&self) -> f64 {
        match self.cold {
            ColdPath::Whole { dist } => dist.mean_s(),
            ColdPath::InitThenWarm { init } => init.mean_s() + self.warm.mean_s(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lognormal_through_p50_p95_has_that_median_and_mean() {
        let d = Dist::from_p50_p95(1.0, 3.0);
        let mut rng = Rng::new(1);
        let mut xs: Vec<f64> = (0..100_000).map(|_| d.sample(&mut rng)).collect();
        xs.sort_by(f64::total_cmp);
        assert!((xs[50_000] - 1.0).abs() < 0.02, "{}", xs[50_000]);
        assert!((xs[95_000] - 3.0).abs() < 0.1, "{}", xs[95_000]);
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((mean - d.mean_s()).abs() / d.mean_s() < 0.02, "{mean}");
        assert_eq!(Dist::from_p50_p95(0.2, 0.2), Dist::Constant { s: 0.2 });
    }
}
