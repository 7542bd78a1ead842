//! The `measure` report: the import weight of the user's own package, measured with the real interpreter beside
//! the machine reference, and a ready `[package]` snippet.

use super::format::{table_or_json, Document, Format};
use crate::error::Result;
use crate::init::{measure_with_reference, reference_modules, Imports, MeasureOptions, Spread};
use crate::vocab::Runtime;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// Version of the measure's JSON schema.
pub const MEASURE_SCHEMA: &str = "coldcost.measure/1";

/// One dependency's import time.
#[derive(Debug, Clone, Serialize)]
pub struct DependencyMs {
    /// The top-level dependency.
    pub name: String,
    /// Median ms over the runs.
    pub ms: f64,
}

/// What `measure` found.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureReport {
    /// Schema version.
    pub schema: &'static str,
    /// The package directory.
    pub dir: String,
    /// The runtime.
    pub runtime: &'static str,
    /// The handler module.
    pub handler: String,
    /// Interpreter and version.
    pub interpreter: String,
    /// Runs (fresh processes).
    pub runs: usize,
    /// The handler's total import time here.
    pub total_ms: Spread,
    /// Per top-level dependency, largest first.
    pub dependencies_ms: Vec<DependencyMs>,
    /// The machine reference here.
    pub reference_ms: Spread,
    /// Run-for-run ratio of the import to the reference.
    pub ratio_to_reference: f64,
    /// The reference on the catalogue's machine, ms.
    pub catalogue_reference_ms: f64,
    /// This machine against the catalogue's machine.
    pub machine_scale: f64,
    /// The import on the catalogue machine's scale: the profile's `package.measured_import_ms`.
    pub measured_import_ms: f64,
    /// The directory's size, MB.
    pub size_mb: f64,
    /// Modules in the synthetic reference package.
    #[serde(skip)]
    reference_modules: usize,
}

/// Bytes under `path`, MB (what the folder weighs unpacked).
fn dir_mb(path: &Path) -> f64 {
    fn walk(p: &Path) -> u64 {
        std::fs::read_dir(p)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| match e.file_type() {
                        Ok(t) if t.is_dir() => walk(&e.path()),
                        Ok(t) if t.is_file() => e.metadata().map(|m| m.len()).unwrap_or(0),
                        _ => 0,
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(path) as f64 / 1e6
}

impl MeasureReport {
    /// Measures `handler` in `dir` with `runtime`'s interpreter, beside the machine reference.
    pub fn measure(
        dir: &Path,
        runtime: Runtime,
        handler: &str,
        opts: &MeasureOptions,
    ) -> Result<MeasureReport> {
        let r = measure_with_reference(dir, runtime, handler, opts)?;
        let (m, reference) = (&r.measurement, r.reference);
        let imports = Imports::embedded()?;
        let family = runtime.family();
        let scale = imports.machine_scale(family, reference.median_ms);
        let catalogue_reference_ms = imports.catalog(family).map_or(0.0, |c| c.reference_ms);
        // Run-for-run ratio to the reference, on the catalogue machine's scale.
        let measured_import_ms = if catalogue_reference_ms > 0.0 {
            r.on_machine(catalogue_reference_ms)
        } else {
            m.total.median_ms
        };
        Ok(MeasureReport {
            schema: MEASURE_SCHEMA,
            dir: dir.display().to_string(),
            runtime: runtime.as_str(),
            handler: handler.to_string(),
            interpreter: m.interpreter.clone(),
            runs: m.runs,
            total_ms: m.total,
            dependencies_ms: m
                .dependencies
                .iter()
                .map(|(name, ms)| DependencyMs {
                    name: name.clone(),
                    ms: *ms,
                })
                .collect(),
            reference_ms: reference,
            ratio_to_reference: r.ratio,
            catalogue_reference_ms,
            machine_scale: scale,
            measured_import_ms,
            size_mb: dir_mb(dir),
            reference_modules: reference_modules(family),
        })
    }

    fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Import weight of `{}` in {} ({}, median of {} runs on this machine)\n",
            self.handler, self.dir, self.interpreter, self.runs
        );
        let width = self
            .dependencies_ms
            .iter()
            .map(|d| d.name.len())
            .max()
            .unwrap_or(10)
            .clamp(10, 60);
        let _ = writeln!(out, "{:<width$}  {:>10}", "dependency", "ms");
        for d in &self.dependencies_ms {
            let _ = writeln!(
                out,
                "{:<width$}  {:>10.1}",
                super::format::truncate(&d.name, width),
                d.ms
            );
        }
        let t = &self.total_ms;
        let _ = writeln!(
            out,
            "{:<width$}  {:>10.1}   (min {:.1}, max {:.1})",
            "total", t.median_ms, t.min_ms, t.max_ms
        );
        let _ = writeln!(
            out,
            "\nMachine reference ({} synthetic modules): {:.1} ms here, {:.1} ms on the catalogue's machine (scale {:.2});\nrun for run the import takes {:.3}× the reference.",
            self.reference_modules,
            self.reference_ms.median_ms,
            self.catalogue_reference_ms,
            self.machine_scale,
            self.ratio_to_reference
        );
        let _ = writeln!(
            out,
            "Import weight on the catalogue's machine: {:.1} ms",
            self.measured_import_ms
        );
        let _ = writeln!(out, "\nPaste into the profile ([package]); the INIT model scales it from the catalogue's machine to Lambda:\n");
        let _ = writeln!(
            out,
            "[package]\nsize_mb = {:.1}   # the folder unpacked: put the zip's size here\nmeasured_import_ms = {:.1}   # {}, {} runs, on the catalogue machine's scale",
            self.size_mb, self.measured_import_ms, self.interpreter, self.runs
        );
        out
    }
}

impl Document for MeasureReport {
    const COMMAND: &'static str = "measure";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn render_supported(&self, format: Format) -> Result<String> {
        table_or_json(self, format, || self.table())
    }
}
