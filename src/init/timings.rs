//! The timing scripts' JSON read into runs, and runs summarised into a [`Measurement`]: per run the import's total
//! (the sum of its timed top-level loads), its wall time and its CPU time (user + system, all threads) over the
//! same interval, and the time of each top-level dependency.

use super::measurement::{Measurement, Spread};
use serde_json::Value;
use std::collections::BTreeMap;

/// One fresh-process run of a module, µs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    /// Sum of the top-level loads' cumulative times.
    pub total_us: f64,
    /// Wall time around the import.
    pub wall_us: f64,
    /// CPU time (user + system) of the process around the same import; 0 when the script did not report it.
    pub cpu_us: f64,
    /// Cumulative time per top-level dependency.
    pub deps: BTreeMap<String, f64>,
}

fn num(v: &Value, key: &str) -> f64 {
    v.get(key).and_then(Value::as_f64).unwrap_or(0.0)
}

/// One run from the scripts' JSON: the handler's own children become the dependencies.
pub(crate) fn parse_run(v: &Value, module: &str) -> Run {
    let mut deps = BTreeMap::new();
    let tops = v
        .get("top_level")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let root = module
        .trim_start_matches("./")
        .split(['.', '/'])
        .next()
        .unwrap_or(module);
    for t in tops {
        let name = t.get("name").and_then(Value::as_str).unwrap_or("?");
        let is_handler =
            name == module || name.trim_start_matches("./").split(['.', '/']).next() == Some(root);
        let children = t.get("children").and_then(Value::as_array);
        match (is_handler, children) {
            (true, Some(ch)) if !ch.is_empty() => {
                for c in ch {
                    let n = c.get("name").and_then(Value::as_str).unwrap_or("?");
                    if n != root {
                        *deps.entry(n.to_string()).or_insert(0.0) += num(c, "cumulative_us");
                    }
                }
            }
            _ => *deps.entry(name.to_string()).or_insert(0.0) += num(t, "cumulative_us"),
        }
    }
    let total_us = num(v, "total_us");
    let wall_us = match num(v, "wall_us") {
        w if w > 0.0 => w,
        _ => total_us,
    };
    Run {
        total_us,
        wall_us,
        cpu_us: num(v, "cpu_us"),
        deps,
    }
}

/// The runs of `module` summarised: medians over the runs, dependencies largest first.
pub(crate) fn summarise(module: &str, interpreter: String, runs: Vec<Run>) -> Measurement {
    let ms = |f: fn(&Run) -> f64| runs.iter().map(|r| f(r) / 1000.0).collect::<Vec<f64>>();
    let (totals_ms, wall_ms, cpu_ms) = (ms(|r| r.total_us), ms(|r| r.wall_us), ms(|r| r.cpu_us));
    let mut names: Vec<&String> = runs.iter().flat_map(|r| r.deps.keys()).collect();
    names.sort();
    names.dedup();
    let mut dependencies: Vec<(String, f64)> = names
        .into_iter()
        .map(|name| {
            let xs = runs
                .iter()
                .map(|r| r.deps.get(name).copied().unwrap_or(0.0) / 1000.0)
                .collect();
            (name.clone(), Spread::of(xs).median_ms)
        })
        .collect();
    dependencies.sort_by(|a, b| b.1.total_cmp(&a.1));
    Measurement {
        module: module.to_string(),
        interpreter,
        runs: runs.len(),
        total: Spread::of(totals_ms.clone()),
        cpu: Spread::of(cpu_ms.clone()),
        dependencies,
        totals_ms,
        wall_ms,
        cpu_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handler_children_become_dependencies() {
        let v: Value = serde_json::from_str(
            r#"{"total_us": 150000, "wall_us": 151000, "cpu_us": 120000,
                "top_level": [{"name": "app", "cumulative_us": 150000,
                "children": [{"name": "boto3", "cumulative_us": 100000}, {"name": "json", "cumulative_us": 5000}]}]}"#,
        )
        .unwrap();
        let run = parse_run(&v, "app");
        assert_eq!(run.total_us, 150000.0);
        assert_eq!(run.wall_us, 151000.0);
        assert_eq!(run.cpu_us, 120000.0);
        assert_eq!(run.deps.get("boto3"), Some(&100000.0));
        let twice = Run {
            total_us: run.total_us * 2.0,
            cpu_us: run.cpu_us * 2.0,
            ..run.clone()
        };
        let m = summarise("app", "python".into(), vec![run, twice]);
        assert_eq!(m.total.median_ms, 225.0);
        assert_eq!(m.cpu.median_ms, 180.0);
        assert_eq!(m.cpu_ms, vec![120.0, 240.0]);
        assert_eq!(m.dependencies[0], ("boto3".to_string(), 100.0));
    }

    #[test]
    fn a_package_measured_alone_is_its_own_dependency() {
        let v: Value = serde_json::from_str(
            r#"{"total_us": 9000, "top_level": [{"name": "lodash", "cumulative_us": 9000}]}"#,
        )
        .unwrap();
        let run = parse_run(&v, "lodash");
        assert_eq!(run.deps.get("lodash"), Some(&9000.0));
        // No wall time reported: the total stands in; no CPU time: zero.
        assert_eq!((run.wall_us, run.cpu_us), (9000.0, 0.0));
    }
}
