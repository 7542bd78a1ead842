//! The `measure` report as a table for the terminal: warnings first, the dependencies, the import in wall and
//! CPU time, the machine reference, the clock the figure rests on and why, and the `[package]` snippet.

use super::format::truncate;
use super::measure::MeasureReport;
use crate::init::Clock;
use std::fmt::Write as _;

fn times(x: Option<f64>) -> String {
    x.map_or_else(|| "?".into(), |x| format!("{x:.2}"))
}

impl MeasureReport {
    /// The table.
    pub(crate) fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Import weight of `{}` in {} ({}, median of {} runs on this machine)\n",
            self.handler, self.dir, self.interpreter, self.runs
        );
        for w in &self.warnings {
            let _ = writeln!(out, "Warning: {w}\n");
        }
        let width = self
            .dependencies_ms
            .iter()
            .map(|d| d.name.len())
            .max()
            .unwrap_or(10)
            .clamp(10, 60);
        let _ = writeln!(out, "{:<width$}  {:>10}", "dependency", "wall ms");
        for d in &self.dependencies_ms {
            let _ = writeln!(out, "{:<width$}  {:>10.1}", truncate(&d.name, width), d.ms);
        }
        let (t, c) = (&self.total_ms, &self.cpu_ms);
        let _ = writeln!(
            out,
            "{:<width$}  {:>10.1}   (min {:.1}, max {:.1})",
            "total", t.median_ms, t.min_ms, t.max_ms
        );
        let _ = writeln!(
            out,
            "{:<width$}  {:>10.1}   (min {:.1}, max {:.1}; wall ÷ CPU {})",
            "CPU time",
            c.median_ms,
            c.min_ms,
            c.max_ms,
            times(self.wall_per_cpu)
        );
        let _ = writeln!(
            out,
            "\nMachine reference ({} synthetic modules): {:.1} ms wall, {:.1} ms CPU here (wall ÷ CPU {}); {:.1} ms on the \
             catalogue's machine (scale {:.2});\nrun for run the import takes {:.3}× the reference in wall time, {}× in CPU time.",
            self.reference_modules,
            self.reference_ms.median_ms,
            self.reference_cpu_ms.median_ms,
            times(self.reference_wall_per_cpu),
            self.catalogue_reference_ms,
            self.machine_scale,
            self.ratio_to_reference,
            self.cpu_ratio_to_reference
                .map_or_else(|| "?".into(), |x| format!("{x:.3}"))
        );
        let _ = writeln!(out, "Basis: {}.", self.basis.reason);
        let other = match self.basis.clock {
            Clock::Wall => self.measured_import_cpu_ms.map(|ms| ("CPU", ms)),
            Clock::Cpu => Some(("wall", self.measured_import_wall_ms)),
        };
        let _ = write!(
            out,
            "Import weight on the catalogue's machine: {:.1} ms ({} time",
            self.measured_import_ms,
            self.basis.clock.label()
        );
        let _ = match other {
            Some((clock, ms)) => writeln!(out, "; {clock} time would give {ms:.1} ms)"),
            None => writeln!(out, ")"),
        };
        let _ = writeln!(out, "\nPaste into the profile ([package]); the INIT model scales it from the catalogue's machine to Lambda:\n");
        let _ = writeln!(
            out,
            "[package]\nsize_mb = {:.1}   # the folder unpacked: put the zip's size here\nmeasured_import_ms = {:.1}   # {}, {} runs, {} time, on the catalogue machine's scale",
            self.size_mb,
            self.measured_import_ms,
            self.interpreter,
            self.runs,
            self.basis.clock.label()
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::{Basis, Spread};
    use crate::report::{DependencyMs, MEASURE_SCHEMA};

    fn report() -> MeasureReport {
        MeasureReport {
            schema: MEASURE_SCHEMA,
            dir: "build".into(),
            runtime: "python3.12",
            handler: "app".into(),
            interpreter: "python 3.11.7".into(),
            runs: 5,
            timeout_s: 60.0,
            warnings: vec!["the local interpreter is python 3.11.7 but …".into()],
            total_ms: Spread::of(vec![160.0, 200.0, 240.0]),
            cpu_ms: Spread::of(vec![128.0, 130.0, 131.0]),
            wall_per_cpu: Some(1.54),
            dependencies_ms: vec![DependencyMs {
                name: "boto3".into(),
                ms: 180.0,
            }],
            reference_ms: Spread::of(vec![170.0]),
            reference_cpu_ms: Spread::of(vec![139.0]),
            reference_wall_per_cpu: Some(1.22),
            ratio_to_reference: 1.139,
            cpu_ratio_to_reference: Some(0.938),
            catalogue_reference_ms: 215.06,
            machine_scale: 1.25,
            basis: Basis {
                clock: Clock::Cpu,
                reason: "CPU time: the machine was busy".into(),
            },
            measured_import_wall_ms: 244.9,
            measured_import_cpu_ms: Some(201.7),
            measured_import_ms: 201.7,
            size_mb: 0.1,
            reference_modules: 120,
        }
    }

    #[test]
    fn the_table_shows_both_clocks_the_basis_and_the_warnings() {
        let t = report().table();
        assert!(
            t.contains("Warning: the local interpreter is python 3.11.7"),
            "{t}"
        );
        assert!(
            t.contains("CPU time         130.0   (min 128.0, max 131.0; wall ÷ CPU 1.54)"),
            "{t}"
        );
        assert!(t.contains("Basis: CPU time: the machine was busy."), "{t}");
        assert!(
            t.contains("201.7 ms (CPU time; wall time would give 244.9 ms)"),
            "{t}"
        );
        assert!(
            t.contains("measured_import_ms = 201.7   # python 3.11.7, 5 runs, CPU time"),
            "{t}"
        );
    }

    #[test]
    fn the_json_carries_both_figures_the_basis_and_the_warnings() {
        let v: serde_json::Value = serde_json::to_value(report()).unwrap();
        assert_eq!(v["basis"]["clock"], "cpu");
        assert_eq!(v["measured_import_ms"], 201.7);
        assert_eq!(v["measured_import_wall_ms"], 244.9);
        assert_eq!(v["cpu_ms"]["median_ms"], 130.0);
        assert_eq!(v["warnings"].as_array().map(Vec::len), Some(1));
    }
}
