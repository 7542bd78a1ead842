//! An import the catalogue does not hold is estimated, not refused: from the catalogue itself, as the typical
//! package of its ecosystem (the median import time of the catalogue's entries), with the error that estimate
//! makes when each catalogue entry is left out in turn and estimated from the others.
//!
//! When the package is installed in the project (a virtualenv, `node_modules`), the number of code files its
//! dependency closure holds is known too, read without running anything; a line fitted on the catalogue
//! (log import time against log closure files) then estimates it — but only for an ecosystem where that line's
//! leave-one-out error beats the median's by a tenth or more (Node.js: ×2.2 against ×3.5; in Python it does
//! not: packages whose bare import loads almost nothing, such as `langchain`, break the relation).
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
    /// The line on closure files, when the catalogue has them and it predicts better than the median.
    pub by_files: Option<FilesLine>,
}

/// ln(local ms) = intercept + slope × ln(closure files), fitted by least squares on the catalogue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FilesLine {
    /// Intercept.
    pub intercept: f64,
    /// Slope.
    pub slope: f64,
    /// Standard deviation of the residuals (log).
    pub residual_sd: f64,
    /// Leave-one-out mean |log error|.
    pub loo_mean_abs_log: f64,
    /// Entries it was fitted on.
    pub entries: usize,
}

impl FilesLine {
    /// The local import time the line gives for a closure of `files` code files, ms.
    pub fn local_ms(&self, files: u64) -> f64 {
        (self.intercept + self.slope * (files.max(1) as f64).ln()).exp()
    }

    /// The leave-one-out error as a factor.
    pub fn loo_factor(&self) -> f64 {
        self.loo_mean_abs_log.exp()
    }
}

/// Least squares of `ys` on `xs`: (intercept, slope); `None` when the xs do not vary.
fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    let n = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = sxy / sxx;
    Some((my - slope * mx, slope))
}

/// The line on closure files over the entries that have them, with its leave-one-out error.
fn fit_files(catalog: &ImportCatalog) -> Option<FilesLine> {
    let (xs, ys): (Vec<f64>, Vec<f64>) = catalog
        .imports
        .iter()
        .filter_map(|e| {
            Some((
                (e.closure_files?.max(1) as f64).ln(),
                e.local_ms.max(FLOOR_MS).ln(),
            ))
        })
        .unzip();
    let n = xs.len();
    if n < 10 {
        return None;
    }
    let (intercept, slope) = least_squares(&xs, &ys)?;
    let mut loo = 0.0;
    for k in 0..n {
        let others = |v: &[f64]| -> Vec<f64> {
            v.iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, x)| *x)
                .collect()
        };
        let (a, b) = least_squares(&others(&xs), &others(&ys))?;
        loo += (a + b * xs.get(k)? - ys.get(k)?).abs();
    }
    let residual_sd = (xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (y - intercept - slope * x).powi(2))
        .sum::<f64>()
        / (n - 2) as f64)
        .sqrt();
    Some(FilesLine {
        intercept,
        slope,
        residual_sd,
        loo_mean_abs_log: loo / n as f64,
        entries: n,
    })
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
        let by_files = fit_files(catalog).filter(|l| l.loo_mean_abs_log < 0.9 * loo);
        Some(Fallback {
            median_local_ms: median(logs.clone()).exp(),
            log_sd,
            loo_mean_abs_log: loo,
            entries: n,
            by_files,
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
    fn closure_files_predict_node_imports_and_not_python_ones() {
        let imports = Imports::embedded().unwrap();
        let node = Fallback::fit(&imports.node).unwrap();
        let line = node.by_files.expect("the Node.js line beats the median");
        assert!(
            line.slope > 0.2 && line.loo_mean_abs_log < node.loo_mean_abs_log * 0.9,
            "{line:?}"
        );
        // More files, a longer import.
        assert!(line.local_ms(2_000) > line.local_ms(20));
        let python = Fallback::fit(&imports.python).unwrap();
        assert!(python.by_files.is_none(), "{:?}", python.by_files);
        // Without closure figures there is no line.
        let mut bare = imports.node.clone();
        for e in &mut bare.imports {
            e.closure_files = None;
        }
        assert!(Fallback::fit(&bare).unwrap().by_files.is_none());
    }

    #[test]
    fn too_small_a_catalogue_has_no_fallback() {
        let mut cat = Imports::embedded().unwrap().python;
        cat.imports.truncate(2);
        assert!(Fallback::fit(&cat).is_none());
    }
}
