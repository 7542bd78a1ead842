//! What measuring a module's import gives: its total per run in wall time and in CPU time, and the time of each
//! top-level dependency.

use crate::stats::quantile_sorted;
use serde::Serialize;

/// Median, minimum and maximum of repeated runs, ms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Median.
    pub median_ms: f64,
    /// Fastest run.
    pub min_ms: f64,
    /// Slowest run.
    pub max_ms: f64,
}

impl Spread {
    /// Median, minimum and maximum of `xs` (zeros when empty).
    pub fn of(mut xs: Vec<f64>) -> Spread {
        xs.sort_by(f64::total_cmp);
        Spread {
            median_ms: quantile_sorted(&xs, 0.5).unwrap_or(0.0),
            min_ms: xs.first().copied().unwrap_or(0.0),
            max_ms: xs.last().copied().unwrap_or(0.0),
        }
    }
}

/// The import weight of a module measured on this machine.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    /// The module or entry measured.
    pub module: String,
    /// Interpreter and version, e.g. `python 3.11.7` or `node v20.20.2`.
    pub interpreter: String,
    /// Number of runs.
    pub runs: usize,
    /// Total import time of the module (the sum of its timed top-level loads, wall clock).
    pub total: Spread,
    /// CPU time (user + system, all threads of the process) over the import: unlike wall time, it does not count
    /// the time the process waited for a CPU on a busy machine. Zeros when the interpreter's script did not say.
    pub cpu: Spread,
    /// Per top-level dependency of the module (median ms over the runs), largest first.
    pub dependencies: Vec<(String, f64)>,
    /// Each run's total, ms, in the order run.
    pub totals_ms: Vec<f64>,
    /// Each run's wall time around the import, ms (the interval its CPU time covers).
    pub wall_ms: Vec<f64>,
    /// Each run's CPU time over the import, ms.
    pub cpu_ms: Vec<f64>,
}

impl Measurement {
    /// One measurement of several (of the same module), as if their runs had been taken in one go.
    pub fn merge(parts: Vec<Measurement>) -> Option<Measurement> {
        let first = parts.first()?;
        let (module, interpreter) = (first.module.clone(), first.interpreter.clone());
        let all = |f: fn(&Measurement) -> &Vec<f64>| -> Vec<f64> {
            parts.iter().flat_map(|m| f(m).iter().copied()).collect()
        };
        let (totals_ms, wall_ms, cpu_ms) = (
            all(|m| &m.totals_ms),
            all(|m| &m.wall_ms),
            all(|m| &m.cpu_ms),
        );
        let mut names: Vec<String> = parts
            .iter()
            .flat_map(|m| m.dependencies.iter().map(|d| d.0.clone()))
            .collect();
        names.sort();
        names.dedup();
        let mut dependencies: Vec<(String, f64)> = names
            .into_iter()
            .map(|name| {
                let xs = parts
                    .iter()
                    .map(|m| {
                        m.dependencies
                            .iter()
                            .find(|d| d.0 == name)
                            .map_or(0.0, |d| d.1)
                    })
                    .collect();
                (name, Spread::of(xs).median_ms)
            })
            .collect();
        dependencies.sort_by(|a, b| b.1.total_cmp(&a.1));
        Some(Measurement {
            module,
            interpreter,
            runs: totals_ms.len(),
            total: Spread::of(totals_ms.clone()),
            cpu: Spread::of(cpu_ms.clone()),
            dependencies,
            totals_ms,
            wall_ms,
            cpu_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(total: f64, cpu: f64) -> Measurement {
        Measurement {
            module: "app".into(),
            interpreter: "python 3.12.1".into(),
            runs: 1,
            total: Spread::of(vec![total]),
            cpu: Spread::of(vec![cpu]),
            dependencies: vec![("boto3".into(), total * 0.9)],
            totals_ms: vec![total],
            wall_ms: vec![total],
            cpu_ms: vec![cpu],
        }
    }

    #[test]
    fn merged_runs_keep_wall_and_cpu_side_by_side() {
        let m =
            Measurement::merge(vec![one(100.0, 90.0), one(300.0, 95.0), one(200.0, 92.0)]).unwrap();
        assert_eq!(m.runs, 3);
        assert_eq!(m.totals_ms, vec![100.0, 300.0, 200.0]);
        assert_eq!(m.cpu_ms, vec![90.0, 95.0, 92.0]);
        assert_eq!(m.total.median_ms, 200.0);
        assert_eq!(m.cpu.median_ms, 92.0);
        assert_eq!(m.dependencies, vec![("boto3".to_string(), 180.0)]);
        assert!(Measurement::merge(Vec::new()).is_none());
    }
}
