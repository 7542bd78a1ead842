//! The local-to-Lambda calibration, laid open: every package measured both on Lambda (published) and locally (the
//! catalogue), the factor they give overall and per family, and how well the factor predicts a package it was not
//! fitted on (leave-one-out).

use super::imports::Imports;
use serde::Serialize;

/// One package measured both ways.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationPair {
    /// `python` or `node`.
    pub family: String,
    /// Import name.
    pub name: String,
    /// Published on-Lambda import time, ms.
    pub lambda_ms: f64,
    /// Memory of the on-Lambda measurement, MB, when the source says.
    pub memory_mb: Option<u32>,
    /// The catalogue's local import time, ms.
    pub local_ms: f64,
    /// On-Lambda ÷ local.
    pub ratio: f64,
    /// The factor fitted on every other pair.
    pub loo_factor: f64,
    /// ln(predicted ÷ published) when predicted by `loo_factor`.
    pub loo_log_error: f64,
}

/// A factor: the geometric mean of the pairs' ratios and the σ of their logarithm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Factor {
    /// Pairs it rests on.
    pub pairs: usize,
    /// Geometric mean of on-Lambda ÷ local.
    pub factor: f64,
    /// σ of ln(ratio).
    pub log_sd: f64,
    /// Mean |ln(predicted ÷ published)| leaving each pair out in turn.
    pub loo_mean_abs_log_error: f64,
}

/// The calibration: every pair, and the factor overall and per family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Published on-Lambda measurements in the catalogue file.
    pub measurements: usize,
    /// Those that pair with a local catalogue entry.
    pub pairs: Vec<CalibrationPair>,
    /// Over all pairs (what the INIT model uses).
    pub overall: Factor,
    /// Python pairs only.
    pub python: Factor,
    /// Node.js pairs only.
    pub node: Factor,
    /// Per memory size the sources state (`None`: not stated), each with its pairs' factor.
    pub by_memory: Vec<(Option<u32>, Factor)>,
    /// Packages published at two memory sizes: (name, smaller MB, larger MB, time at the smaller ÷ at the larger).
    pub memory_pairs: Vec<(String, u32, u32, f64)>,
    /// Whether the data support a factor by memory size: at least two sizes with five pairs or more each. When
    /// they do not, the model keeps one factor.
    pub by_memory_supported: bool,
}

fn fit(logs: &[f64]) -> (f64, f64) {
    if logs.is_empty() {
        return (0.0, 0.0);
    }
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let var = if logs.len() > 1 {
        logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

/// The factor of `logs` and its leave-one-out error.
fn factor(logs: &[f64]) -> Factor {
    let (mean, sd) = fit(logs);
    let loo: Vec<f64> = (0..logs.len())
        .filter(|_| logs.len() > 1)
        .map(|i| {
            let rest: Vec<f64> = logs
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, x)| *x)
                .collect();
            (fit(&rest).0 - logs.get(i).copied().unwrap_or(0.0)).abs()
        })
        .collect();
    Factor {
        pairs: logs.len(),
        factor: mean.exp(),
        log_sd: sd,
        loo_mean_abs_log_error: if loo.is_empty() {
            0.0
        } else {
            loo.iter().sum::<f64>() / loo.len() as f64
        },
    }
}

impl Imports {
    /// The calibration behind [`Imports::lambda_factor`], with leave-one-out errors.
    pub fn calibration(&self) -> Calibration {
        let pairs_raw: Vec<(String, String, f64, Option<u32>, f64)> = self
            .calibration_pairs()
            .into_iter()
            .filter(|(_, local)| *local > 0.0)
            .map(|(m, local)| {
                (
                    m.family.clone(),
                    m.name.clone(),
                    m.lambda_ms,
                    m.memory_mb,
                    local,
                )
            })
            .collect();
        let logs: Vec<f64> = pairs_raw.iter().map(|p| (p.2 / p.4).ln()).collect();
        let pairs = pairs_raw
            .iter()
            .enumerate()
            .map(|(i, (family, name, lambda_ms, memory_mb, local_ms))| {
                let rest: Vec<f64> = logs
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, x)| *x)
                    .collect();
                let loo = fit(&rest).0;
                CalibrationPair {
                    family: family.clone(),
                    name: name.clone(),
                    lambda_ms: *lambda_ms,
                    memory_mb: *memory_mb,
                    local_ms: *local_ms,
                    ratio: lambda_ms / local_ms,
                    loo_factor: loo.exp(),
                    loo_log_error: loo - (lambda_ms / local_ms).ln(),
                }
            })
            .collect();
        let of = |f: &str| -> Vec<f64> {
            pairs_raw
                .iter()
                .zip(&logs)
                .filter(|(p, _)| p.0 == f)
                .map(|(_, l)| *l)
                .collect()
        };
        let mut sizes: Vec<Option<u32>> = pairs_raw.iter().map(|p| p.3).collect();
        sizes.sort_unstable();
        sizes.dedup();
        let by_memory: Vec<(Option<u32>, Factor)> = sizes
            .into_iter()
            .map(|m| {
                let l: Vec<f64> = pairs_raw
                    .iter()
                    .zip(&logs)
                    .filter(|(p, _)| p.3 == m)
                    .map(|(_, l)| *l)
                    .collect();
                (m, factor(&l))
            })
            .collect();
        let mut memory_pairs = Vec::new();
        for a in &pairs_raw {
            for b in &pairs_raw {
                if let (Some(ma), Some(mb)) = (a.3, b.3) {
                    if a.0 == b.0 && a.1 == b.1 && ma < mb {
                        memory_pairs.push((a.1.clone(), ma, mb, a.2 / b.2));
                    }
                }
            }
        }
        let by_memory_supported = by_memory
            .iter()
            .filter(|(m, f)| m.is_some() && f.pairs >= 5)
            .count()
            >= 2;
        Calibration {
            measurements: self.lambda.len(),
            pairs,
            overall: factor(&logs),
            python: factor(&of("python")),
            node: factor(&of("node")),
            by_memory,
            memory_pairs,
            by_memory_supported,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leave_one_out_is_zero_for_equal_ratios_and_grows_with_spread() {
        let same = factor(&[1.0, 1.0, 1.0]);
        assert!((same.factor - 1f64.exp()).abs() < 1e-12 && same.loo_mean_abs_log_error == 0.0);
        let spread = factor(&[0.0, 2.0]);
        assert!((spread.loo_mean_abs_log_error - 2.0).abs() < 1e-12);
    }

    #[test]
    fn the_embedded_calibration_matches_the_model_factor() {
        let i = Imports::embedded();
        assert!(i.is_ok(), "the embedded catalogues load");
        let Ok(i) = i else { return };
        let c = i.calibration();
        let (f, sd) = i.lambda_factor();
        assert!((c.overall.factor - f).abs() < 1e-9 && (c.overall.log_sd - sd).abs() < 1e-9);
        assert!(c.measurements >= 20, "{}", c.measurements);
        // Every pair sits in one memory group.
        assert_eq!(
            c.by_memory.iter().map(|(_, f)| f.pairs).sum::<usize>(),
            c.pairs.len()
        );
        // The published data hold two packages measured at 512 and 1,024 MB, both slower at 512 MB.
        assert!(
            c.memory_pairs
                .iter()
                .all(|(_, lo, hi, r)| lo < hi && *r > 1.0),
            "{:?}",
            c.memory_pairs
        );
    }
}
