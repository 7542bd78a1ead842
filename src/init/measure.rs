//! Measuring import weight with the real interpreters: `python3 -X importtime` in a fresh interpreter per run, and a
//! Node.js preload hook that times every `require`/`import`. The scripts live in `src/init/scripts/` and are embedded.

use crate::error::{Error, Location, Result};
use crate::stats::quantile_sorted;
use crate::vocab::{Family, Runtime};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PY_SCRIPT: &str = include_str!("scripts/py_import_times.py");
const NODE_HOOK: &str = include_str!("scripts/node_import_hook.cjs");
const NODE_RUN: &str = include_str!("scripts/node_run.cjs");
const NODE_ESM_LOADER: &str = include_str!("scripts/node_esm_loader.mjs");

static SCRATCH_SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

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
    /// Total import time of the module.
    pub total: Spread,
    /// Per top-level dependency of the module (median ms over the runs), largest first.
    pub dependencies: Vec<(String, f64)>,
    /// Each run's total, ms, in the order run.
    pub totals_ms: Vec<f64>,
}

impl Measurement {
    /// One measurement of several (of the same module), as if their runs had been taken in one go.
    pub fn merge(parts: Vec<Measurement>) -> Option<Measurement> {
        let first = parts.first()?;
        let (module, interpreter) = (first.module.clone(), first.interpreter.clone());
        let totals_ms: Vec<f64> = parts
            .iter()
            .flat_map(|m| m.totals_ms.iter().copied())
            .collect();
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
            dependencies,
            totals_ms,
        })
    }
}

/// How to run a measurement.
#[derive(Debug, Clone)]
pub struct MeasureOptions {
    /// Runs to take the median of (each in a fresh process).
    pub runs: usize,
    /// The interpreter to use; default `python3` or `node` from PATH.
    pub interpreter: Option<PathBuf>,
    /// Run once, unmeasured, first (fills the page cache, writes `.pyc` files).
    pub warm_up: bool,
}

impl MeasureOptions {
    /// `runs` measured runs after one warm-up, with the interpreter from PATH.
    pub fn new(runs: usize) -> MeasureOptions {
        MeasureOptions {
            runs,
            interpreter: None,
            warm_up: true,
        }
    }
}

/// Measures how long importing `module` takes in `dir` with the interpreter of `runtime`'s family.
pub fn measure(
    dir: &Path,
    runtime: Runtime,
    module: &str,
    opts: &MeasureOptions,
) -> Result<Measurement> {
    let at = Location::file(dir.display().to_string());
    if !dir.is_dir() {
        return Err(Error::Measure {
            at,
            message: "not a directory".into(),
        });
    }
    // A relative interpreter path is the user's, from where they are: the interpreter runs in `dir`.
    let mut opts = opts.clone();
    if let Some(p) = &opts.interpreter {
        if p.is_relative() && p.components().count() > 1 {
            if let Ok(cwd) = std::env::current_dir() {
                opts.interpreter = Some(cwd.join(p));
            }
        }
    }
    let opts = &opts;
    let scratch = std::env::temp_dir().join(format!(
        "coldcost-measure-{}-{}",
        std::process::id(),
        SCRATCH_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&scratch).map_err(|source| Error::Io {
        path: scratch.clone(),
        source,
    })?;
    let result = match runtime.family() {
        Family::Python => measure_python(dir, module, opts, &scratch, &at),
        Family::Node => measure_node(dir, module, opts, &scratch, &at),
        Family::Custom => Err(Error::Measure {
            at: at.clone(),
            message: format!("{runtime} is a custom runtime: measure its bootstrap yourself and set package.extra_init_ms"),
        }),
    };
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn spawn_error(program: &Path, e: std::io::Error, at: &Location) -> Error {
    let message = if e.kind() == std::io::ErrorKind::NotFound {
        format!(
            "interpreter `{}` not found: install it or pass --interpreter PATH",
            program.display()
        )
    } else {
        format!("could not run `{}`: {e}", program.display())
    };
    Error::Measure {
        at: at.clone(),
        message,
    }
}

fn failure(code: Option<i32>, stderr: &[u8], module: &str, at: &Location) -> Error {
    let text = String::from_utf8_lossy(stderr);
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string();
    let message = match code {
        Some(3) => format!("module `{module}` not found: {last}"),
        Some(4) => format!("importing `{module}` failed: {last}"),
        _ => format!("measuring `{module}` failed (exit {code:?}): {last}"),
    };
    Error::Measure {
        at: at.clone(),
        message,
    }
}

/// One run's total (µs) and per-dependency times (µs) from the scripts' JSON.
fn parse_run(v: &Value, module: &str) -> (f64, BTreeMap<String, f64>) {
    let total = v.get("total_us").and_then(Value::as_f64).unwrap_or(0.0);
    let mut deps = BTreeMap::new();
    let tops = v
        .get("top_level")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let root = module
        .trim_start_matches("./")
        .split(['.', '/'])
        .next()
        .unwrap_or(module);
    for t in &tops {
        let name = t.get("name").and_then(Value::as_str).unwrap_or("?");
        let cum = t
            .get("cumulative_us")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        let is_handler =
            name == module || name.trim_start_matches("./").split(['.', '/']).next() == Some(root);
        let children = t.get("children").and_then(Value::as_array);
        match (is_handler, children) {
            (true, Some(ch)) if !ch.is_empty() => {
                for c in ch {
                    let n = c
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_string();
                    if n == root {
                        continue;
                    }
                    *deps.entry(n).or_insert(0.0) += c
                        .get("cumulative_us")
                        .and_then(Value::as_f64)
                        .unwrap_or(0.0);
                }
            }
            _ => *deps.entry(name.to_string()).or_insert(0.0) += cum,
        }
    }
    (total, deps)
}

fn summarise(
    module: &str,
    interpreter: String,
    runs: Vec<(f64, BTreeMap<String, f64>)>,
) -> Measurement {
    let n = runs.len();
    let totals_ms: Vec<f64> = runs.iter().map(|r| r.0 / 1000.0).collect();
    let total = Spread::of(totals_ms.clone());
    let mut names: Vec<String> = runs.iter().flat_map(|r| r.1.keys().cloned()).collect();
    names.sort();
    names.dedup();
    let mut dependencies: Vec<(String, f64)> = names
        .into_iter()
        .map(|name| {
            let xs = runs
                .iter()
                .map(|r| r.1.get(&name).copied().unwrap_or(0.0) / 1000.0)
                .collect();
            (name, Spread::of(xs).median_ms)
        })
        .collect();
    dependencies.sort_by(|a, b| b.1.total_cmp(&a.1));
    Measurement {
        module: module.to_string(),
        interpreter,
        runs: n,
        total,
        dependencies,
        totals_ms,
    }
}

fn measure_python(
    dir: &Path,
    module: &str,
    opts: &MeasureOptions,
    scratch: &Path,
    at: &Location,
) -> Result<Measurement> {
    let script = scratch.join("py_import_times.py");
    write(&script, PY_SCRIPT)?;
    let py = opts
        .interpreter
        .clone()
        .unwrap_or_else(|| PathBuf::from("python3"));
    let path = match std::env::var_os("PYTHONPATH") {
        Some(p) => {
            let mut v = vec![dir.to_path_buf()];
            v.extend(std::env::split_paths(&p));
            std::env::join_paths(v).unwrap_or_default()
        }
        None => dir.as_os_str().to_os_string(),
    };
    repeat(module, opts, || {
        let out = Command::new(&py)
            .arg(&script)
            .arg(module)
            .current_dir(dir)
            .env("PYTHONPATH", &path)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| spawn_error(&py, e, at))?;
        if !out.status.success() {
            return Err(failure(out.status.code(), &out.stderr, module, at));
        }
        let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| Error::Measure {
            at: at.clone(),
            message: format!("unexpected output from the Python timing script: {e}"),
        })?;
        let label = format!(
            "python {}",
            v.get("interpreter").and_then(Value::as_str).unwrap_or("?")
        );
        Ok((v, label))
    })
}

/// Runs `once` (one fresh interpreter process, returning the timing JSON and the interpreter's name) after one
/// warm-up run when asked — which fills the page cache and writes `.pyc` files — then `opts.runs` times.
fn repeat(
    module: &str,
    opts: &MeasureOptions,
    mut once: impl FnMut() -> Result<(Value, String)>,
) -> Result<Measurement> {
    let mut runs = Vec::new();
    let mut interpreter = String::new();
    for i in usize::from(!opts.warm_up)..=opts.runs.max(1) {
        let (v, label) = once()?;
        interpreter = label;
        if i > 0 {
            runs.push(parse_run(&v, module));
        }
    }
    Ok(summarise(module, interpreter, runs))
}

fn measure_node(
    dir: &Path,
    module: &str,
    opts: &MeasureOptions,
    scratch: &Path,
    at: &Location,
) -> Result<Measurement> {
    let hook = scratch.join("node_import_hook.cjs");
    let run = scratch.join("node_run.cjs");
    write(&hook, NODE_HOOK)?;
    write(&run, NODE_RUN)?;
    write(&scratch.join("node_esm_loader.mjs"), NODE_ESM_LOADER)?;
    let node = opts
        .interpreter
        .clone()
        .unwrap_or_else(|| PathBuf::from("node"));
    let timings = scratch.join("timings.json");
    repeat(module, opts, || {
        let _ = std::fs::remove_file(&timings);
        let out = Command::new(&node)
            .arg("--require")
            .arg(&hook)
            .arg(&run)
            .arg(module)
            .current_dir(dir)
            .env("COLDCOST_TIMINGS_OUT", &timings)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| spawn_error(&node, e, at))?;
        if !out.status.success() {
            return Err(failure(out.status.code(), &out.stderr, module, at));
        }
        let text = std::fs::read_to_string(&timings).map_err(|source| Error::Io {
            path: timings.clone(),
            source,
        })?;
        let v: Value = serde_json::from_str(&text).map_err(|e| Error::Measure {
            at: at.clone(),
            message: format!("unexpected output from the Node.js hook: {e}"),
        })?;
        let label = format!(
            "node {}",
            v.get("node").and_then(Value::as_str).unwrap_or("?")
        );
        Ok((v, label))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handler_children_become_dependencies() {
        let v: Value = serde_json::from_str(
            r#"{"total_us": 150000, "top_level": [{"name": "app", "cumulative_us": 150000,
                "children": [{"name": "boto3", "cumulative_us": 100000}, {"name": "json", "cumulative_us": 5000}]}]}"#,
        )
        .unwrap();
        let (total, deps) = parse_run(&v, "app");
        assert_eq!(total, 150000.0);
        assert_eq!(deps.get("boto3"), Some(&100000.0));
        let m = summarise(
            "app",
            "python".into(),
            vec![(total, deps.clone()), (total * 2.0, deps)],
        );
        assert_eq!(m.total.median_ms, 225.0);
        assert_eq!(m.dependencies[0], ("boto3".to_string(), 100.0));
    }

    #[test]
    fn a_package_measured_alone_is_its_own_dependency() {
        let v: Value = serde_json::from_str(
            r#"{"total_us": 9000, "top_level": [{"name": "lodash", "cumulative_us": 9000}]}"#,
        )
        .unwrap();
        let (_, deps) = parse_run(&v, "lodash");
        assert_eq!(deps.get("lodash"), Some(&9000.0));
    }
}
