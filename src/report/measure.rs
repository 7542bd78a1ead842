//! The `measure` report: the import weight of the user's own package, measured with the real interpreter beside
//! the machine reference, in wall time and CPU time, with the clock the figure rests on, warnings, and a ready
//! `[package]` snippet. The table is drawn in `measure_table.rs`.

use super::format::{table_or_json, Document, Format};
use crate::error::Result;
use crate::init::{
    measure_with_reference, reference_modules, version_warning, Basis, Clock, Imports,
    MeasureOptions, Spread,
};
use crate::vocab::Runtime;
use serde::Serialize;
use std::path::Path;

/// Version of the measure's JSON schema (fields are only ever added within a version).
pub const MEASURE_SCHEMA: &str = "coldcost.measure/1";

/// One dependency's import time.
#[derive(Debug, Clone, Serialize)]
pub struct DependencyMs {
    /// The top-level dependency.
    pub name: String,
    /// Median ms over the runs (wall time).
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
    /// Time limit of each run, seconds.
    pub timeout_s: f64,
    /// What the reader should know before using the figure (e.g. another interpreter version than the runtime's).
    pub warnings: Vec<String>,
    /// The handler's total import time here (wall time).
    pub total_ms: Spread,
    /// The handler's CPU time (user + system) over its import here.
    pub cpu_ms: Spread,
    /// Median over the runs of the import's wall time ÷ its CPU time.
    pub wall_per_cpu: Option<f64>,
    /// Per top-level dependency, largest first (wall time).
    pub dependencies_ms: Vec<DependencyMs>,
    /// The machine reference here (wall time).
    pub reference_ms: Spread,
    /// The machine reference's CPU time here.
    pub reference_cpu_ms: Spread,
    /// Median over the runs of the reference's wall time ÷ its CPU time: above 1.10 the machine counts as busy.
    pub reference_wall_per_cpu: Option<f64>,
    /// Run-for-run ratio of the import to the reference, wall time.
    pub ratio_to_reference: f64,
    /// Run-for-run ratio of the import to the reference, CPU time.
    pub cpu_ratio_to_reference: Option<f64>,
    /// The reference on the catalogue's machine, ms.
    pub catalogue_reference_ms: f64,
    /// This machine against the catalogue's machine.
    pub machine_scale: f64,
    /// The clock `measured_import_ms` rests on, and why.
    pub basis: Basis,
    /// The import on the catalogue machine's scale from the wall-time ratio, ms.
    pub measured_import_wall_ms: f64,
    /// The import on the catalogue machine's scale from the CPU-time ratio, ms.
    pub measured_import_cpu_ms: Option<f64>,
    /// The import on the catalogue machine's scale, on the `basis` clock: the profile's
    /// `package.measured_import_ms`.
    pub measured_import_ms: f64,
    /// The directory's size, MB.
    pub size_mb: f64,
    /// Modules in the synthetic reference package.
    #[serde(skip)]
    pub(crate) reference_modules: usize,
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
    /// Measures `handler` in `dir` with `runtime`'s interpreter, beside the machine reference. Executes the
    /// package's import code (contained: see [`crate::init::measure`]).
    pub fn measure(
        dir: &Path,
        runtime: Runtime,
        handler: &str,
        opts: &MeasureOptions,
    ) -> Result<MeasureReport> {
        let r = measure_with_reference(dir, runtime, handler, opts)?;
        let m = &r.measurement;
        let imports = Imports::embedded()?;
        let family = runtime.family();
        let scale = imports.machine_scale(family, r.reference.median_ms);
        let catalogue_reference_ms = imports.catalog(family).map_or(0.0, |c| c.reference_ms);
        // Run-for-run ratio to the reference, on the catalogue machine's scale (without a catalogue: here).
        let on_catalogue = |clock: Clock| {
            r.ratio_on(clock).map(|ratio| {
                if catalogue_reference_ms > 0.0 {
                    ratio * catalogue_reference_ms
                } else {
                    match clock {
                        Clock::Wall => m.total.median_ms,
                        Clock::Cpu => m.cpu.median_ms,
                    }
                }
            })
        };
        let basis = r.basis();
        let measured_import_wall_ms = on_catalogue(Clock::Wall).unwrap_or(m.total.median_ms);
        let measured_import_ms = on_catalogue(basis.clock).unwrap_or(measured_import_wall_ms);
        Ok(MeasureReport {
            schema: MEASURE_SCHEMA,
            dir: dir.display().to_string(),
            runtime: runtime.as_str(),
            handler: handler.to_string(),
            interpreter: m.interpreter.clone(),
            runs: m.runs,
            timeout_s: opts.timeout.as_secs_f64(),
            warnings: version_warning(runtime, &m.interpreter)
                .into_iter()
                .collect(),
            total_ms: m.total,
            cpu_ms: m.cpu,
            wall_per_cpu: r.wall_per_cpu,
            dependencies_ms: m
                .dependencies
                .iter()
                .map(|(name, ms)| DependencyMs {
                    name: name.clone(),
                    ms: *ms,
                })
                .collect(),
            reference_ms: r.reference,
            reference_cpu_ms: r.cpu_reference,
            reference_wall_per_cpu: r.reference_wall_per_cpu,
            ratio_to_reference: r.ratio,
            cpu_ratio_to_reference: r.cpu_ratio,
            catalogue_reference_ms,
            machine_scale: scale,
            measured_import_wall_ms,
            measured_import_cpu_ms: on_catalogue(Clock::Cpu),
            measured_import_ms,
            basis,
            size_mb: dir_mb(dir),
            reference_modules: reference_modules(family),
        })
    }
}

impl Document for MeasureReport {
    const COMMAND: &'static str = "measure";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Json];

    fn render_supported(&self, format: Format) -> Result<String> {
        table_or_json(self, format, || self.table())
    }
}
