//! Realistic synthetic exports for samples, tests and benchmarks: REPORT lines (plain or JSON) or a Logs Insights
//! CSV of one function over a span of hours, with lognormal handler and INIT durations and a given cold-start share —
//! the true parameters are known, so calibration can be checked against them.

use crate::billing::billed_ms;
use crate::rng::Rng;
use crate::stats::LogNormal;
use std::io::Write;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Function name (the log group `/aws/lambda/NAME`).
    pub function: String,
    /// Invocations.
    pub invocations: u64,
    /// Share of them cold.
    pub cold_share: f64,
    /// Handler p50 and p95, ms.
    pub handler_ms: (f64, f64),
    /// INIT p50 and p95, ms.
    pub init_ms: (f64, f64),
    /// Memory, MB.
    pub memory_mb: u32,
    /// Hours the invocations spread over, from 2026-11-01T00:00:00Z.
    pub hours: f64,
    /// Seed.
    pub seed: u64,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain REPORT lines with timestamp and log-group prefix, START/END lines around them.
    Text,
    /// JSON log format `platform.report` records.
    Json,
    /// A Logs Insights CSV export.
    Insights,
}

/// The lognormal through `(p50, p95)`; without spread, σ = 0 (every draw the median, a normal still drawn so that
/// the stream does not depend on it).
fn fit((p50, p95): (f64, f64)) -> LogNormal {
    LogNormal::from_p50_p95(p50, p95).unwrap_or(LogNormal {
        median: p50,
        sigma: 0.0,
    })
}

fn iso(epoch_s: f64) -> String {
    let days = (epoch_s / 86_400.0).floor() as i64;
    let secs = epoch_s - days as f64 * 86_400.0;
    let d = crate::Date::from_days_since_epoch(days);
    let (h, m) = ((secs / 3600.0) as u32, ((secs % 3600.0) / 60.0) as u32);
    let s = secs % 60.0;
    format!("{d}T{h:02}:{m:02}:{s:06.3}Z")
}

/// One generated invocation.
struct Draw {
    /// `2026-11-01T00:07:18.000Z`.
    ts: String,
    /// Request id.
    id: String,
    /// Handler duration, ms (to 0.01).
    duration_ms: f64,
    /// INIT duration of a cold start, ms (to 0.01).
    init_ms: Option<f64>,
    billed_ms: u64,
    used_mb: u32,
}

/// The invocations, in time order.
fn draws(spec: &Spec) -> impl Iterator<Item = Draw> + '_ {
    let mut rng = Rng::new(spec.seed);
    let start = 1_793_491_200.0; // 2026-11-01T00:00:00Z
    let step = spec.hours * 3600.0 / spec.invocations.max(1) as f64;
    let cold_every = if spec.cold_share > 0.0 {
        1.0 / spec.cold_share
    } else {
        f64::INFINITY
    };
    let mut next_cold = 0.0;
    let (handler, init) = (fit(spec.handler_ms), fit(spec.init_ms));
    (0..spec.invocations).map(move |i| {
        let t = start + (i as f64 + 0.5) * step;
        // Exactly round(N × share) cold starts, spread evenly.
        let cold = (i as f64) >= next_cold;
        if cold {
            next_cold += cold_every;
        }
        let d = (handler.sample(&mut rng) * 100.0).round() / 100.0;
        let init = cold.then(|| (init.sample(&mut rng) * 100.0).round() / 100.0);
        let billed = billed_ms(d + init.unwrap_or(0.0));
        let used = (spec.memory_mb as f64 * (0.3 + 0.2 * rng.uniform_open0())) as u32;
        let id = format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            rng.next_u64() as u32,
            rng.next_u64() as u16,
            rng.next_u64() as u16 & 0xfff,
            rng.next_u64() as u16 & 0xfff,
            rng.next_u64() & 0xffff_ffff_ffff
        );
        Draw {
            ts: iso(t),
            id,
            duration_ms: d,
            init_ms: init,
            billed_ms: billed,
            used_mb: used,
        }
    })
}

/// Writes the export to `out`.
pub fn generate(spec: &Spec, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    let memory_mb = spec.memory_mb;
    match style {
        Style::Text => {
            for Draw {
                ts,
                id,
                duration_ms: d,
                init_ms,
                billed_ms: billed,
                used_mb: used,
            } in draws(spec)
            {
                writeln!(out, "{ts} START RequestId: {id} Version: $LATEST")?;
                write!(out, "{ts} REPORT RequestId: {id}\tDuration: {d:.2} ms\tBilled Duration: {billed} ms\tMemory Size: {memory_mb} MB\tMax Memory Used: {used} MB")?;
                match init_ms {
                    Some(x) => writeln!(out, "\tInit Duration: {x:.2} ms\t")?,
                    None => writeln!(out, "\t")?,
                }
            }
        }
        Style::Json => {
            for Draw {
                ts,
                id,
                duration_ms: d,
                init_ms,
                billed_ms: billed,
                used_mb: used,
            } in draws(spec)
            {
                let init_field =
                    init_ms.map_or(String::new(), |x| format!(",\"initDurationMs\":{x:.2}"));
                writeln!(
                    out,
                    "{{\"time\":\"{ts}\",\"type\":\"platform.report\",\"record\":{{\"requestId\":\"{id}\",\"metrics\":{{\"durationMs\":{d:.2},\"billedDurationMs\":{billed},\"memorySizeMB\":{memory_mb},\"maxMemoryUsedMB\":{used}{init_field}}},\"status\":\"success\"}}}}"
                )?;
            }
        }
        Style::Insights => {
            // The csv crate quotes what needs it (a function name with a comma, say).
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "@timestamp",
                "@log",
                "@type",
                "@requestId",
                "@duration",
                "@billedDuration",
                "@initDuration",
                "@memorySize",
                "@maxMemoryUsed",
            ])?;
            let log = format!("123456789012:/aws/lambda/{}", spec.function);
            for d in draws(spec) {
                w.write_record([
                    d.ts.replace('T', " ").trim_end_matches('Z'),
                    &log,
                    "REPORT",
                    &d.id,
                    &format!("{:.2}", d.duration_ms),
                    &d.billed_ms.to_string(),
                    &d.init_ms.map_or(String::new(), |x| format!("{x:.2}")),
                    &(u64::from(memory_mb) * 1_000_000).to_string(),
                    &(u64::from(d.used_mb) * 1_000_000).to_string(),
                ])?;
            }
            w.flush()?;
        }
    }
    Ok(())
}
