//! An import the catalogue does not hold is estimated, not refused: from the catalogue itself, as the typical
//! package of its ecosystem (the median import time of the catalogue's entries), with the error that estimate
//! makes when each catalogue entry is left out in turn and estimated from the others.
//!
//! The figure is local (this machine's catalogue); the model scales it to Lambda with the same factor as the
//! catalogue's own entries.

use super::imports::ImportCatalog;
use statrs::statistics::{Data, Median};

/// Import times below this are read as this (a few entries load in a tenth of a millisecond; the logarithm of 0
/// is not a number).
const FLOOR_MS: f64 = 0.01;

/// The catalogue's estimate for an import it does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Fallback {
    /// Median local import time of the catalogue's entries, ms: the estimate.
    pub median_local_ms: f64,
    /// Standard deviation of the entries' log import time: how far one package may sit from the median.
    pub log_sd: f64,
    /// Leave-one-out error: the mean |log(estimate ÷ measured)| when each entry is estimated from the others.
    pub loo_mean_abs_log: f64,
    /// Entries it rests on.
    pub entries: usize,
}

impl Fallback {
    /// Fits the fallback on `catalog`; `None` when it holds fewer than three entries.
    pub fn fit(catalog: &ImportCatalog) -> Option<Fallback> {
        let logs: Vec<f64> = catalog
            .imports
            .iter()
            .map(|e| e.local_ms.max(FLOOR_MS).ln())
            .collect();
        let n = logs.len();
        if n < 3 {
            return None;
        }
        let median = |xs: Vec<f64>| Data::new(xs).median();
        let mean = logs.iter().sum::<f64>() / n as f64;
        let log_sd = (logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
        let loo = (0..n)
            .map(|k| {
                let others: Vec<f64> = logs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != k)
                    .map(|(_, l)| *l)
                    .collect();
                (median(others) - logs.get(k).copied().unwrap_or(0.0)).abs()
            })
            .sum::<f64>()
            / n as f64;
        Some(Fallback {
            median_local_ms: median(logs.clone()).exp(),
            log_sd,
            loo_mean_abs_log: loo,
            entries: n,
        })
    }

    /// The leave-one-out error as a factor (×e^error): the typical ratio between the estimate and the truth.
    pub fn loo_factor(&self) -> f64 {
        self.loo_mean_abs_log.exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::Imports;

    #[test]
    fn the_fallback_is_the_catalogues_median_with_its_leave_one_out_error() {
        let imports = Imports::embedded().unwrap();
        for cat in [&imports.python, &imports.node] {
            let f = Fallback::fit(cat).unwrap();
            assert_eq!(f.entries, cat.imports.len());
            let below = cat
                .imports
                .iter()
                .filter(|e| e.local_ms < f.median_local_ms)
                .count();
            let above = cat
                .imports
                .iter()
                .filter(|e| e.local_ms > f.median_local_ms)
                .count();
            assert!(below.abs_diff(above) <= 1, "{below} below, {above} above");
            // A constant cannot predict packages that span four orders of magnitude well: the error is large
            // and stated, and smaller than the spread itself.
            assert!(f.loo_factor() > 1.5 && f.loo_mean_abs_log < f.log_sd * 1.2);
        }
    }

    #[test]
    fn too_small_a_catalogue_has_no_fallback() {
        let mut cat = Imports::embedded().unwrap().python;
        cat.imports.truncate(2);
        assert!(Fallback::fit(&cat).is_none());
    }
}
