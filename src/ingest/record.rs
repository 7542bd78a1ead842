//! One invocation as the logs describe it, and the parsers of REPORT lines (plain text and the JSON log format's
//! `platform.report` records) and of Logs Insights CSV rows.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::csv_input::Row;
use crate::date::parse_timestamp;
use crate::error::{Error, Location, Result};
use memchr::memmem;
use serde_json::Value;

/// One invocation's figures.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Invocation {
    /// Epoch seconds, when the line carries a time.
    pub timestamp: Option<f64>,
    /// Handler duration, ms.
    pub duration_ms: f64,
    /// Billed duration as logged, ms.
    pub billed_ms: Option<u64>,
    /// Configured memory, MB.
    pub memory_mb: u32,
    /// Peak memory used, MB.
    pub max_used_mb: Option<u32>,
    /// INIT duration (cold starts only), ms.
    pub init_ms: Option<f64>,
    /// SnapStart restore duration, ms.
    pub restore_ms: Option<f64>,
    /// Billed SnapStart restore duration, ms.
    pub billed_restore_ms: Option<u64>,
}

/// A REPORT field's value as written: up to the next tab (the separator of REPORT fields).
fn field_text(val: &[u8]) -> String {
    let end = memchr::memchr(b'\t', val).unwrap_or(val.len());
    String::from_utf8_lossy(val.get(..end).unwrap_or_default()).into_owned()
}

fn bad(
    file: &str,
    line: usize,
    column: impl std::fmt::Display,
    value: &str,
    expected: &str,
) -> Error {
    Error::InvalidValue {
        at: Location::at(file, line),
        field: column.to_string(),
        value: format!("\"{}\"", value.chars().take(80).collect::<String>()),
        expected: format!("expected {expected}"),
    }
}

/// Parses a decimal number at the start of `s` (digits, one dot); returns it and the bytes used.
#[inline]
fn number(s: &[u8]) -> Option<(f64, usize)> {
    let int_len = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if int_len == 0 {
        return None;
    }
    let mut int: u64 = 0;
    for c in s.iter().take(int_len) {
        int = int.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    let mut v = int as f64;
    if s.get(int_len) != Some(&b'.') {
        return Some((v, int_len));
    }
    let frac: Vec<u8> = s
        .iter()
        .skip(int_len + 1)
        .take_while(|c| c.is_ascii_digit())
        .copied()
        .collect();
    if frac.is_empty() {
        return None;
    }
    let mut scale = 0.1;
    for c in &frac {
        v += f64::from(c - b'0') * scale;
        scale *= 0.1;
    }
    Some((v, int_len + 1 + frac.len()))
}

const REPORT: &[u8] = b"REPORT RequestId:";

/// Lambda runs at most 15 minutes and INIT at most 10 s (plus a retry); beyond this bound a value is not a real
/// duration, and billing it would print a wrong number.
pub const MAX_PLAUSIBLE_MS: f64 = 1e7;

fn plausible(inv: Invocation, file: &str, line_no: usize) -> Result<Invocation> {
    for (name, v) in [
        ("Duration", Some(inv.duration_ms)),
        ("Init Duration", inv.init_ms),
        ("Restore Duration", inv.restore_ms),
    ] {
        if let Some(v) = v {
            if !(v.is_finite() && (0.0..=MAX_PLAUSIBLE_MS).contains(&v)) {
                return Err(bad(
                    file,
                    line_no,
                    name,
                    &format!("{v} ms"),
                    "a duration of at most 10,000,000 ms",
                ));
            }
        }
    }
    if inv.memory_mb > 10_240 {
        return Err(bad(
            file,
            line_no,
            "Memory Size",
            &format!("{} MB", inv.memory_mb),
            "at most 10,240 MB",
        ));
    }
    Ok(inv)
}

/// What a log line was.
pub enum Line<'a> {
    /// A REPORT, with the function named on the line when it is (a `/aws/lambda/NAME` prefix).
    Report(Invocation, Option<&'a str>),
    /// Anything else (START, END, application output): not an error.
    Other,
}

/// Parses one line of a Lambda log: a plain `REPORT RequestId: …` line (tab- or space-separated, with or without a
/// timestamp or log-stream prefix) or a JSON `platform.report` record.
pub fn parse_log_line<'a>(line: &'a [u8], file: &str, line_no: usize) -> Result<Line<'a>> {
    let Some(at) = memmem::find(line, REPORT) else {
        if line.first() == Some(&b'{') && memmem::find(line, b"platform.report").is_some() {
            return parse_json_report(line, file, line_no).map(|i| Line::Report(i, None));
        }
        return Ok(Line::Other);
    };
    let prefix = line.get(..at).unwrap_or_default();
    let rest = line.get(at + REPORT.len()..).unwrap_or_default();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut inv = Invocation::default();
    // A timestamp first on the line, if any.
    if let Some(first) = prefix
        .split(|&c| c == b' ' || c == b'\t')
        .find(|t| !t.is_empty())
    {
        if first.len() >= 16 && first.get(4) == Some(&b'-') {
            inv.timestamp = std::str::from_utf8(first).ok().and_then(parse_timestamp);
        }
    }
    let function = memmem::find(prefix, b"/aws/lambda/").and_then(|p| {
        let name = prefix.get(p + 12..).unwrap_or_default();
        let end = name
            .iter()
            .position(|&c| c == b' ' || c == b'\t' || c == b':')
            .unwrap_or(name.len());
        std::str::from_utf8(name.get(..end).unwrap_or_default())
            .ok()
            .filter(|s| !s.is_empty())
    });
    let mut have_duration = false;
    let mut have_memory = false;
    // Every "Duration: " with the word before it telling which one.
    for pos in memmem::find_iter(rest, b"Duration: ") {
        let before = rest.get(..pos).unwrap_or_default();
        let val = rest.get(pos + 10..).unwrap_or_default();
        let Some((v, _)) = number(val) else {
            return Err(bad(
                file,
                line_no,
                format!("column {} (Duration)", at + REPORT.len() + pos + 11),
                &field_text(val),
                "a number of ms",
            ));
        };
        if before.ends_with(b"Billed Restore ") {
            inv.billed_restore_ms = Some(v as u64);
        } else if before.ends_with(b"Restore ") {
            inv.restore_ms = Some(v);
        } else if before.ends_with(b"Billed ") {
            inv.billed_ms = Some(v as u64);
        } else if before.ends_with(b"Init ") {
            inv.init_ms = Some(v);
        } else {
            inv.duration_ms = v;
            have_duration = true;
        }
    }
    if let Some(pos) = memmem::find(rest, b"Memory Size: ") {
        let val = rest.get(pos + 13..).unwrap_or_default();
        match number(val) {
            Some((v, _)) if (1.0..=1e6).contains(&v) => {
                inv.memory_mb = v as u32;
                have_memory = true;
            }
            _ => {
                return Err(bad(
                    file,
                    line_no,
                    format!("column {} (Memory Size)", at + REPORT.len() + pos + 14),
                    &field_text(val),
                    "a memory size in MB",
                ));
            }
        }
    }
    if let Some(pos) = memmem::find(rest, b"Max Memory Used: ") {
        inv.max_used_mb = number(rest.get(pos + 17..).unwrap_or_default()).map(|(v, _)| v as u32);
    }
    if !have_duration {
        return Err(bad(
            file,
            line_no,
            "Duration",
            &text(rest.get(..rest.len().min(60)).unwrap_or_default()),
            "a REPORT line with `Duration: N ms`",
        ));
    }
    if !have_memory {
        return Err(bad(
            file,
            line_no,
            "Memory Size",
            &text(rest.get(..rest.len().min(60)).unwrap_or_default()),
            "a REPORT line with `Memory Size: N MB`",
        ));
    }
    Ok(Line::Report(plausible(inv, file, line_no)?, function))
}

fn parse_json_report(line: &[u8], file: &str, line_no: usize) -> Result<Invocation> {
    let v: Value = serde_json::from_slice(line).map_err(|e| Error::Syntax {
        at: Location::at(file, line_no),
        message: format!("a JSON log record that does not parse: {e}"),
    })?;
    if v.get("type").and_then(Value::as_str) != Some("platform.report") {
        return Err(bad(
            file,
            line_no,
            "type",
            &v.get("type").map(Value::to_string).unwrap_or_default(),
            "platform.report",
        ));
    }
    let m = v.pointer("/record/metrics").ok_or_else(|| {
        bad(
            file,
            line_no,
            "record.metrics",
            "",
            "a platform.report record with metrics",
        )
    })?;
    let num = |k: &str| {
        m.get(k)
            .and_then(Value::as_f64)
            .filter(|x| x.is_finite() && *x >= 0.0)
    };
    let duration = num("durationMs").ok_or_else(|| {
        bad(
            file,
            line_no,
            "record.metrics.durationMs",
            &m.get("durationMs")
                .map(Value::to_string)
                .unwrap_or_default(),
            "a duration in ms",
        )
    })?;
    let memory = num("memorySizeMB").filter(|x| *x >= 1.0).ok_or_else(|| {
        bad(
            file,
            line_no,
            "record.metrics.memorySizeMB",
            &m.get("memorySizeMB")
                .map(Value::to_string)
                .unwrap_or_default(),
            "a memory size in MB",
        )
    })?;
    plausible(
        Invocation {
            timestamp: v
                .get("time")
                .and_then(Value::as_str)
                .and_then(parse_timestamp),
            duration_ms: duration,
            billed_ms: num("billedDurationMs").map(|x| x as u64),
            memory_mb: memory as u32,
            max_used_mb: num("maxMemoryUsedMB").map(|x| x as u32),
            init_ms: num("initDurationMs"),
            restore_ms: num("restoreDurationMs"),
            billed_restore_ms: num("billedRestoreDurationMs").map(|x| x as u64),
        },
        file,
        line_no,
    )
}

/// Columns of a Logs Insights export.
#[derive(Debug, Clone, Default)]
pub struct InsightsColumns {
    timestamp: Option<usize>,
    log: Option<usize>,
    kind: Option<usize>,
    duration: usize,
    billed: Option<usize>,
    init: Option<usize>,
    memory: Option<usize>,
    max_used: Option<usize>,
}

impl InsightsColumns {
    /// From the header row; `@duration` is required.
    pub fn from_header(header: &Row) -> Result<InsightsColumns> {
        let names = header.texts()?;
        let find = |name: &str| names.iter().position(|f| *f == name);
        let duration = find("@duration").ok_or_else(|| Error::Syntax {
            at: Location::at(header.file(), header.line()),
            message: "a Logs Insights export needs a `@duration` column (select @duration, @initDuration, @memorySize…)".into(),
        })?;
        Ok(InsightsColumns {
            timestamp: find("@timestamp"),
            // The function: its log group, or the entity Insights attaches to each record.
            log: find("@log").or_else(|| find("@entity.Attributes.Lambda.Function")),
            kind: find("@type"),
            duration,
            billed: find("@billedDuration"),
            init: find("@initDuration"),
            memory: find("@memorySize"),
            max_used: find("@maxMemoryUsed"),
        })
    }

    /// One row: `None` for rows that are not REPORTs (another `@type`); the function from `@log`.
    pub fn parse<'r>(&self, row: &Row<'r>) -> Result<Option<(Invocation, Option<&'r str>)>> {
        let get = |i: Option<usize>| -> Result<Option<&'r str>> {
            match i {
                Some(i) => row.text(i).map(|s| Some(s).filter(|s| !s.is_empty())),
                None => Ok(None),
            }
        };
        if let Some(k) = get(self.kind)? {
            if k != "REPORT" {
                return Ok(None);
            }
        }
        let num = |i: Option<usize>, name: &str, what: &str| -> Result<Option<f64>> {
            let Some(i) = i else { return Ok(None) };
            match row.number(i) {
                None => Ok(None),
                Some(Some(x)) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                Some(_) => Err(bad(
                    row.file(),
                    row.line(),
                    format!("column {} ({name})", i + 1),
                    &row.lossy(i),
                    what,
                )),
            }
        };
        let duration =
            num(Some(self.duration), "@duration", "a duration in ms")?.ok_or_else(|| {
                bad(
                    row.file(),
                    row.line(),
                    format!("column {} (@duration)", self.duration + 1),
                    "",
                    "a duration in ms",
                )
            })?;
        // Insights gives memory in bytes (10⁶ per MB, as Lambda's own queries divide).
        let memory = num(self.memory, "@memorySize", "a memory size in bytes")?
            .map_or(0, |b| (b / 1e6).round() as u32);
        let log = get(self.log)?.map(|l| l.rsplit('/').next().unwrap_or(l));
        Ok(Some((
            plausible(
                Invocation {
                    timestamp: get(self.timestamp)?.and_then(parse_timestamp),
                    duration_ms: duration,
                    billed_ms: num(self.billed, "@billedDuration", "a billed duration in ms")?
                        .map(|x| x as u64),
                    memory_mb: memory,
                    max_used_mb: num(self.max_used, "@maxMemoryUsed", "bytes")?
                        .map(|b| (b / 1e6).round() as u32),
                    init_ms: num(self.init, "@initDuration", "an INIT duration in ms")?,
                    restore_ms: None,
                    billed_restore_ms: None,
                },
                row.file(),
                row.line(),
            )?,
            log,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_report_line() {
        let l = b"REPORT RequestId: 3f0e8a0c-1111-2222-3333-444455556666\tDuration: 250.06 ms\tBilled Duration: 351 ms\tMemory Size: 1024 MB\tMax Memory Used: 350 MB\tInit Duration: 100.77 ms";
        let Line::Report(i, f) = parse_log_line(l, "x.log", 1).unwrap() else {
            panic!()
        };
        assert_eq!(
            (
                i.duration_ms,
                i.billed_ms,
                i.memory_mb,
                i.max_used_mb,
                i.init_ms
            ),
            (250.06, Some(351), 1024, Some(350), Some(100.77))
        );
        assert!(f.is_none());
        let l = b"2026-11-01T12:00:00.000Z 2026/11/01/[$LATEST]abc /aws/lambda/orders REPORT RequestId: x  Duration: 2.00 ms  Billed Duration: 2 ms  Memory Size: 128 MB  Max Memory Used: 38 MB";
        let Line::Report(i, f) = parse_log_line(l, "x.log", 2).unwrap() else {
            panic!()
        };
        assert_eq!((i.duration_ms, i.init_ms, f), (2.0, None, Some("orders")));
        assert!(i.timestamp.is_some());
        assert!(matches!(
            parse_log_line(b"START RequestId: x Version: $LATEST", "x", 3).unwrap(),
            Line::Other
        ));
        let e = parse_log_line(
            b"REPORT RequestId: x\tDuration: abc ms\tMemory Size: 128 MB",
            "x.log",
            9,
        )
        .err()
        .unwrap()
        .to_string();
        assert!(
            e.contains("x.log:9") && e.contains("abc") && e.contains("Duration"),
            "{e}"
        );
    }

    #[test]
    fn json_platform_report() {
        let l = br#"{"time":"2026-11-01T12:00:00.000Z","type":"platform.report","record":{"requestId":"r","metrics":{"durationMs":250.06,"billedDurationMs":351,"memorySizeMB":1024,"maxMemoryUsedMB":350,"initDurationMs":100.77},"status":"success"}}"#;
        let Line::Report(i, _) = parse_log_line(l, "j.log", 1).unwrap() else {
            panic!()
        };
        assert_eq!(
            (i.duration_ms, i.billed_ms, i.init_ms),
            (250.06, Some(351), Some(100.77))
        );
    }
}
