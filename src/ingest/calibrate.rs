//! A profile fitted to what a function's logs show: its volume over a 730-hour month, its handler p50/p95, its
//! INIT (the runtime's baseline plus the rest as `extra_init_ms`, so the model's INIT p50 is the observed one),
//! its memory and its observed cold-start share — ready for `compare` against alternatives.

use super::aggregate::FunctionAgg;
use crate::error::Result;
use crate::init::RuntimeCatalog;
use crate::profile::{PackageType, Runtime, HOURS_PER_MONTH};
use crate::vocab::Architecture;

/// The monthly volume the observations imply: the count scaled from the hours the timestamps cover (rounded up to
/// whole hours) to 730; the count itself when there are no timestamps.
pub fn monthly_volume(a: &FunctionAgg) -> u64 {
    match a.span_hours() {
        Some(h) if h > 0.0 => (a.invocations as f64 * HOURS_PER_MONTH / h).round() as u64,
        _ => a.invocations,
    }
}

/// The profile TOML of `name`, fitted to `a`.
pub fn calibrated_profile(
    name: &str,
    a: &FunctionAgg,
    runtime: Runtime,
    architecture: Architecture,
    region: &str,
) -> Result<String> {
    let h = a.handler.summary();
    let init = a.init.summary();
    let base = RuntimeCatalog::embedded()?
        .find(runtime, architecture, PackageType::Zip)
        .map_or(0.0, |b| b.p50_ms);
    let extra = if a.cold_starts > 0 {
        (init.p50 - base).max(0.0)
    } else {
        0.0
    };
    let volume = monthly_volume(a);
    let span = a.span_hours().map_or(
        "no timestamps: the count is taken as the month".to_string(),
        |h| format!("{h:.0} h observed, scaled to 730 h"),
    );
    Ok(format!(
        "# Calibrated by `coldcost ingest --calibrate` from {n} invocations ({span}).\n\
         # INIT observed p50 {ip50:.0} ms / p95 {ip95:.0} ms / max {imax:.0} ms; handler p50 {hp50:.1} ms / p95 {hp95:.1} ms;\n\
         # {used}.\n\
         name = {name:?}\n\
         runtime = \"{runtime}\"\n\
         architecture = \"{architecture}\"\n\
         memory_mb = {mem}\n\
         region = {region:?}\n\n\
         [package]\n\
         extra_init_ms = {extra:.1}       # observed INIT p50 − the {runtime} baseline ({base:.0} ms)\n\n\
         [handler]\n\
         duration_ms = {hp50:.2}\n\
         duration_p95_ms = {hp95p:.2}\n\n\
         [traffic]\n\
         monthly_invocations = {volume}\n\
         cold_start_rate = {share:.6}      # observed\n",
        n = a.invocations,
        ip50 = init.p50,
        ip95 = init.p95,
        imax = init.max,
        hp50 = h.p50.max(0.01),
        hp95 = h.p95,
        hp95p = h.p95.max(h.p50.max(0.01)),
        used = a.max_used_mb.map_or_else(
            || format!("memory used not logged; {} MB configured", a.memory().max(128)),
            |m| format!("memory used at most {m} of {} MB", a.memory().max(128))
        ),
        mem = a.memory().max(128),
        share = if a.invocations > 0 { a.cold_starts as f64 / a.invocations as f64 } else { 0.0 },
    ))
}
