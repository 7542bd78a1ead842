//! The machine reference: a synthetic package of fixed content whose import time is measured with the same
//! interpreter beside every measurement. Import times measured on two machines are compared through it: a catalogue
//! records the reference time of the machine that measured it, and `measure` scales the user's figures by
//! `catalogue reference ÷ this machine's reference`, so a laptop twice as fast as the catalogue machine does not
//! halve the INIT estimate.

use super::measure::{measure, MeasureOptions};
use super::measurement::{Measurement, Spread};
use crate::error::{Error, Result};
use crate::vocab::{Family, Runtime};
use std::fmt::Write as _;
use std::path::Path;

/// Modules in the synthetic package, per family (Node.js loads a small module faster than Python does; both
/// references take roughly 100–250 ms on a 2-core server).
pub fn reference_modules(family: Family) -> usize {
    match family {
        Family::Python => 120,
        _ => 300,
    }
}
/// Functions per module.
const FUNCTIONS: usize = 25;
/// Top-level table entries per module (work done when the module runs, like real packages' registries).
const TABLE: usize = 150;

/// Name of the synthetic package.
pub const REFERENCE_PACKAGE: &str = "coldcost_reference";

fn python_module(i: usize) -> String {
    let mut s = format!("\"\"\"coldcost reference module {i}.\"\"\"\nimport re as _re\n\n");
    for f in 0..FUNCTIONS {
        let _ = write!(
            s,
            "def f{f}(x, y=1):\n    z = [x * k + y for k in range({f} + 3)]\n    return sum(z) if z else {f}\n\n"
        );
    }
    let _ = writeln!(s, "class C{i}:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\n");
    let _ = writeln!(
        s,
        "TABLE = {{('k%d' % k): (k * {i}) % 97 for k in range({TABLE})}}"
    );
    let _ = writeln!(s, "PATTERN = _re.compile(r'm{i}_[a-z]+_(\\d+)')");
    s
}

fn node_module(i: usize) -> String {
    let mut s = format!("'use strict';\n// coldcost reference module {i}.\n");
    for f in 0..FUNCTIONS {
        let _ = writeln!(
            s,
            "function f{f}(x, y = 1) {{ const z = []; for (let k = 0; k < {f} + 3; k++) z.push(x * k + y); return z.reduce((a, b) => a + b, 0); }}"
        );
    }
    let _ = writeln!(
        s,
        "class C{i} {{ constructor(v) {{ this.v = v; }} get() {{ return this.v; }} }}"
    );
    let _ = writeln!(
        s,
        "const TABLE = {{}}; for (let k = 0; k < {TABLE}; k++) TABLE['k' + k] = (k * {i}) % 97;"
    );
    let _ = writeln!(s, "const PATTERN = new RegExp('m{i}_[a-z]+_(\\\\d+)');");
    let fs: Vec<String> = (0..FUNCTIONS).map(|f| format!("f{f}")).collect();
    let _ = writeln!(
        s,
        "module.exports = {{ {}, C{i}, TABLE, PATTERN }};",
        fs.join(", ")
    );
    s
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes the synthetic package for `family` under `dir` (as `dir/coldcost_reference/`).
pub fn write_reference_package(dir: &Path, family: Family) -> Result<()> {
    let pkg = dir.join(REFERENCE_PACKAGE);
    std::fs::create_dir_all(&pkg).map_err(|source| Error::Io {
        path: pkg.clone(),
        source,
    })?;
    match family {
        Family::Python => {
            let mut init = String::new();
            for i in 0..reference_modules(family) {
                write(&pkg.join(format!("m{i}.py")), &python_module(i))?;
                let _ = writeln!(init, "from . import m{i}");
            }
            write(&pkg.join("__init__.py"), &init)
        }
        _ => {
            let mut index = String::from("'use strict';\n");
            for i in 0..reference_modules(family) {
                write(&pkg.join(format!("m{i}.js")), &node_module(i))?;
                let _ = writeln!(index, "exports.m{i} = require('./m{i}.js');");
            }
            write(
                &pkg.join("package.json"),
                "{\"name\": \"coldcost_reference\", \"main\": \"index.js\"}\n",
            )?;
            write(&pkg.join("index.js"), &index)
        }
    }
}

/// A measurement taken beside the machine reference, run for run.
#[derive(Debug, Clone, PartialEq)]
pub struct Referenced {
    /// The module's measurement on this machine.
    pub measurement: Measurement,
    /// The synthetic reference package on this machine (wall time).
    pub reference: Spread,
    /// Median over the runs of (module ÷ reference) in wall time — the module's weight in reference units, which
    /// cancels what the machine's speed does to both, and what its load does when the load is steady.
    pub ratio: f64,
    /// The reference's CPU time on this machine.
    pub cpu_reference: Spread,
    /// Median over the runs of (module ÷ reference) in CPU time; `None` when a run reported no CPU time.
    pub cpu_ratio: Option<f64>,
    /// Median over the module's runs of wall time ÷ CPU time over its import (above 1: it waited, for a CPU or
    /// for I/O); `None` without CPU times.
    pub wall_per_cpu: Option<f64>,
    /// The same for the reference, which only computes: above 1 it waited for a CPU — the machine was busy.
    pub reference_wall_per_cpu: Option<f64>,
}

impl Referenced {
    /// The module's import time on a machine whose reference takes `reference_ms`, from the wall-time ratio.
    pub fn on_machine(&self, reference_ms: f64) -> f64 {
        self.ratio * reference_ms
    }
}

/// Median over paired runs of `module[i] ÷ reference[i]`, leaving out pairs whose reference is 0 (not reported);
/// `None` when no pair is left.
pub(crate) fn paired_ratio(module: &[f64], reference: &[f64]) -> Option<f64> {
    let ratios: Vec<f64> = module
        .iter()
        .zip(reference)
        .filter(|(_, r)| **r > 0.0)
        .map(|(m, r)| m / r)
        .collect();
    (!ratios.is_empty()).then(|| Spread::of(ratios).median_ms)
}

/// Measures `module` in `dir` and the synthetic reference package alternately, one run of each at a time, so that
/// both see the same machine load.
pub fn measure_with_reference(
    dir: &Path,
    runtime: Runtime,
    module: &str,
    opts: &MeasureOptions,
) -> Result<Referenced> {
    let family = runtime.family();
    let ref_dir = std::env::temp_dir().join(format!("coldcost-reference-{}", std::process::id()));
    let result = write_reference_package(&ref_dir, family).and_then(|()| {
        let ref_module = match family {
            Family::Python => REFERENCE_PACKAGE.to_string(),
            _ => format!("./{REFERENCE_PACKAGE}"),
        };
        let mut parts = Vec::new();
        let mut refs = Vec::new();
        for i in 0..opts.runs.max(1) {
            let one = MeasureOptions {
                runs: 1,
                warm_up: i == 0 && opts.warm_up,
                ..opts.clone()
            };
            parts.push(measure(dir, runtime, module, &one)?);
            refs.push(measure(&ref_dir, runtime, &ref_module, &one)?);
        }
        Ok((parts, refs))
    });
    let _ = std::fs::remove_dir_all(&ref_dir);
    let (parts, refs) = result?;
    let no_runs = || Error::Measure {
        at: crate::error::Location::file(dir.display().to_string()),
        message: "no runs".into(),
    };
    let measurement = Measurement::merge(parts).ok_or_else(no_runs)?;
    let reference = Measurement::merge(refs).ok_or_else(no_runs)?;
    let m = &measurement;
    Ok(Referenced {
        ratio: paired_ratio(&m.totals_ms, &reference.totals_ms).unwrap_or(0.0),
        cpu_ratio: paired_ratio(&m.cpu_ms, &reference.cpu_ms),
        wall_per_cpu: paired_ratio(&m.wall_ms, &m.cpu_ms),
        reference_wall_per_cpu: paired_ratio(&reference.wall_ms, &reference.cpu_ms),
        reference: reference.total,
        cpu_reference: reference.cpu,
        measurement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_deterministic_and_distinct() {
        assert_eq!(python_module(3), python_module(3));
        assert_ne!(python_module(3), python_module(4));
        assert!(node_module(7).contains("module.exports"));
    }

    #[test]
    fn ratios_pair_runs_and_leave_out_missing_references() {
        // Load that doubles a run's module and reference alike cancels in the paired ratio.
        assert_eq!(
            paired_ratio(&[100.0, 200.0, 100.0], &[50.0, 100.0, 50.0]),
            Some(2.0)
        );
        assert_eq!(paired_ratio(&[100.0, 90.0], &[50.0, 0.0]), Some(2.0));
        // No CPU times reported (zeros): no ratio.
        assert_eq!(paired_ratio(&[0.0, 0.0], &[0.0, 0.0]), None);
        assert_eq!(paired_ratio(&[], &[]), None);
    }
}
