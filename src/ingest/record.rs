//! One invocation as the logs describe it, and the parsers of REPORT lines (plain text and the JSON log format's
//! `platform.report` records) and of Logs Insights CSV rows.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::number::Field;
use crate::csv_input::Row;
use crate::date::{parse_timestamp, parse_timestamp_bytes};
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

const REPORT: &[u8] = b"REPORT RequestId:";

/// The substring searchers of a log line, built once per process (building one costs more than a search of a
/// 200-byte line).
pub(crate) struct Searchers {
    /// `REPORT RequestId:`.
    pub report: memmem::Finder<'static>,
    /// `Duration: `.
    pub duration: memmem::Finder<'static>,
    lambda: memmem::Finder<'static>,
    platform: memmem::Finder<'static>,
}

/// The searchers, built on first use.
pub(crate) fn searchers() -> &'static Searchers {
    static S: std::sync::OnceLock<Searchers> = std::sync::OnceLock::new();
    S.get_or_init(|| Searchers {
        report: memmem::Finder::new(REPORT),
        duration: memmem::Finder::new(b"Duration: "),
        lambda: memmem::Finder::new(b"/aws/lambda/"),
        platform: memmem::Finder::new(b"platform.report"),
    })
}

/// The numeric fields of a REPORT line (and their JSON and Insights twins), each with its grammar and range: see
/// [`super::number`].
pub mod fields {
    use super::super::number::{
        Field, Grammar, BILLED_MS, DURATION_MS, INIT_MS, MEMORY_MB, RESTORE_MS,
    };

    /// `Duration: 250.06 ms`.
    pub const DURATION: Field = Field::new("Duration", "ms", Grammar::Decimal, 0.0, DURATION_MS);
    /// `Billed Duration: 351 ms`.
    pub const BILLED: Field = Field::new("Billed Duration", "ms", Grammar::Integer, 0.0, BILLED_MS);
    /// `Init Duration: 100.77 ms`.
    pub const INIT: Field = Field::new("Init Duration", "ms", Grammar::Decimal, 0.0, INIT_MS);
    /// `Restore Duration: 511.25 ms` (SnapStart).
    pub const RESTORE: Field =
        Field::new("Restore Duration", "ms", Grammar::Decimal, 0.0, RESTORE_MS);
    /// `Billed Restore Duration: 303 ms` (SnapStart).
    pub const BILLED_RESTORE: Field = Field::new(
        "Billed Restore Duration",
        "ms",
        Grammar::Integer,
        0.0,
        RESTORE_MS,
    );
    /// `Memory Size: 1024 MB`.
    pub const MEMORY: Field = Field::new(
        "Memory Size",
        "MB",
        Grammar::Integer,
        MEMORY_MB.0,
        MEMORY_MB.1,
    );
    /// `Max Memory Used: 350 MB` (a little over the memory size is possible; twice the largest size is not).
    pub const MAX_USED: Field = Field::new(
        "Max Memory Used",
        "MB",
        Grammar::Integer,
        0.0,
        2.0 * MEMORY_MB.1,
    );
}

/// A value's token: up to the next space or tab.
fn token(val: &[u8]) -> &[u8] {
    let end = val
        .iter()
        .position(|&c| c == b' ' || c == b'\t')
        .unwrap_or(val.len());
    val.get(..end).unwrap_or_default()
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
    parse_log_line_at(line, searchers().report.find(line), file, line_no)
}

/// [`parse_log_line`] when the caller has already searched the line: `at` is where `REPORT RequestId:` starts.
pub(crate) fn parse_log_line_at<'a>(
    line: &'a [u8],
    at: Option<usize>,
    file: &str,
    line_no: usize,
) -> Result<Line<'a>> {
    let s = searchers();
    let Some(at) = at else {
        if line.first() == Some(&b'{') && s.platform.find(line).is_some() {
            return parse_json_report(line, file, line_no).map(|i| Line::Report(i, None));
        }
        return Ok(Line::Other);
    };
    let prefix = line.get(..at).unwrap_or_default();
    let rest = line.get(at + REPORT.len()..).unwrap_or_default();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut inv = Invocation::default();
    // The first token of the prefix shaped like a date (`2026-11-01T12:00:00.000Z`; after a log stream in `sam
    // logs`, before a comma in a Live Tail CSV).
    if let Some(first) = prefix
        .split(|&c| c == b' ' || c == b'\t' || c == b',' || c == b'"')
        .find(|t| t.len() >= 16 && t.get(4) == Some(&b'-'))
    {
        inv.timestamp = parse_timestamp_bytes(first);
    }
    let function = s.lambda.find(prefix).and_then(|p| {
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
    let fields = FieldsAt::find(rest);
    let many: Vec<usize>;
    let durations = match fields.durations() {
        Some(d) => d,
        None => {
            many = s.duration.find_iter(rest).collect();
            &many
        }
    };
    // Every "Duration: " with the word before it telling which one.
    let col = |pos: usize, skip: usize| Some(at + REPORT.len() + pos + skip + 1);
    for &pos in durations {
        let before = rest.get(..pos).unwrap_or_default();
        let val = token(rest.get(pos + 10..).unwrap_or_default());
        let read = |f: Field| f.read_in(val, file, line_no, col(pos, 10));
        if before.ends_with(b"Billed Restore ") {
            inv.billed_restore_ms = Some(read(fields::BILLED_RESTORE)? as u64);
        } else if before.ends_with(b"Restore ") {
            inv.restore_ms = Some(read(fields::RESTORE)?);
        } else if before.ends_with(b"Billed ") {
            inv.billed_ms = Some(read(fields::BILLED)? as u64);
        } else if before.ends_with(b"Init ") {
            inv.init_ms = Some(read(fields::INIT)?);
        } else {
            inv.duration_ms = read(fields::DURATION)?;
            have_duration = true;
        }
    }
    if let Some(pos) = fields.memory {
        let val = token(rest.get(pos + 13..).unwrap_or_default());
        inv.memory_mb = fields::MEMORY.read_in(val, file, line_no, col(pos, 13))? as u32;
        have_memory = true;
    }
    if let Some(pos) = fields.max_used {
        let val = token(rest.get(pos + 17..).unwrap_or_default());
        inv.max_used_mb = Some(fields::MAX_USED.read_in(val, file, line_no, col(pos, 17))? as u32);
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
    Ok(Line::Report(inv, function))
}

/// Where a REPORT line's fields start, found in one pass over its colons: every `Duration: ` (the first
/// [`FieldsAt::MAX_DURATIONS`]), the first `Memory Size: ` and the first `Max Memory Used: ` — the positions a
/// substring search for each would give.
struct FieldsAt {
    durations: [usize; FieldsAt::MAX_DURATIONS],
    count: usize,
    overflow: bool,
    memory: Option<usize>,
    max_used: Option<usize>,
}

impl FieldsAt {
    /// A REPORT line has up to five durations (handler, billed, INIT, restore, billed restore).
    const MAX_DURATIONS: usize = 8;

    fn find(rest: &[u8]) -> FieldsAt {
        let mut f = FieldsAt {
            durations: [0; FieldsAt::MAX_DURATIONS],
            count: 0,
            overflow: false,
            memory: None,
            max_used: None,
        };
        for c in memchr::memchr_iter(b':', rest) {
            if rest.get(c + 1) != Some(&b' ') {
                continue;
            }
            let before = rest.get(..c).unwrap_or_default();
            if before.ends_with(b"Duration") {
                match f.durations.get_mut(f.count) {
                    Some(slot) => {
                        *slot = c - 8;
                        f.count += 1;
                    }
                    None => f.overflow = true,
                }
            } else if f.memory.is_none() && before.ends_with(b"Memory Size") {
                f.memory = Some(c - 11);
            } else if f.max_used.is_none() && before.ends_with(b"Max Memory Used") {
                f.max_used = Some(c - 15);
            }
        }
        f
    }

    /// The durations' positions, unless there were more than [`FieldsAt::MAX_DURATIONS`].
    fn durations(&self) -> Option<&[usize]> {
        if self.overflow {
            None
        } else {
            self.durations.get(..self.count)
        }
    }
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
    // JSON's own number grammar (serde_json refuses what does not fit an f64), then the field's range; a value
    // that is there but not a number is an error, not an absent field.
    let num = |k: &str, f: Field| -> Result<Option<f64>> {
        match m.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(x) => {
                let written = x.to_string();
                let named = Field {
                    name: k_name(k),
                    ..f
                };
                match x.as_f64() {
                    Some(n) => named.check(n, &written, file, line_no).map(Some),
                    None => Err(named.error(&written, file, line_no)),
                }
            }
        }
    };
    let duration = num("durationMs", fields::DURATION)?.ok_or_else(|| {
        bad(
            file,
            line_no,
            "record.metrics.durationMs",
            "",
            "a duration in ms",
        )
    })?;
    let memory = num("memorySizeMB", fields::MEMORY)?.ok_or_else(|| {
        bad(
            file,
            line_no,
            "record.metrics.memorySizeMB",
            "",
            "a memory size in MB",
        )
    })?;
    Ok(Invocation {
        timestamp: v
            .get("time")
            .and_then(Value::as_str)
            .and_then(parse_timestamp),
        duration_ms: duration,
        billed_ms: num("billedDurationMs", fields::BILLED)?.map(|x| x as u64),
        memory_mb: memory as u32,
        max_used_mb: num("maxMemoryUsedMB", fields::MAX_USED)?.map(|x| x as u32),
        init_ms: num("initDurationMs", fields::INIT)?,
        restore_ms: num("restoreDurationMs", fields::RESTORE)?,
        billed_restore_ms: num("billedRestoreDurationMs", fields::BILLED_RESTORE)?
            .map(|x| x as u64),
    })
}

/// The dotted name of a `platform.report` metric, for errors.
fn k_name(k: &str) -> &'static str {
    match k {
        "durationMs" => "record.metrics.durationMs",
        "billedDurationMs" => "record.metrics.billedDurationMs",
        "memorySizeMB" => "record.metrics.memorySizeMB",
        "maxMemoryUsedMB" => "record.metrics.maxMemoryUsedMB",
        "initDurationMs" => "record.metrics.initDurationMs",
        "restoreDurationMs" => "record.metrics.restoreDurationMs",
        "billedRestoreDurationMs" => "record.metrics.billedRestoreDurationMs",
        _ => "record.metrics",
    }
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
    assumed_memory_mb: Option<u32>,
}

impl InsightsColumns {
    /// From the header row; `@duration` is required, and `@memorySize` unless `assumed_memory_mb` says what the
    /// memory is (without either the bill would be $0.00).
    pub fn from_header(header: &Row, assumed_memory_mb: Option<u32>) -> Result<InsightsColumns> {
        let names = header.texts()?;
        let find = |name: &str| names.iter().position(|f| *f == name);
        let duration = find("@duration").ok_or_else(|| Error::Syntax {
            at: Location::at(header.file(), header.line()),
            message: "a Logs Insights export needs a `@duration` column (select @duration, @initDuration, @memorySize…)".into(),
        })?;
        let memory = find("@memorySize");
        if memory.is_none() && assumed_memory_mb.is_none() {
            return Err(Error::Syntax {
                at: Location::at(header.file(), header.line()),
                message: "a Logs Insights export without a `@memorySize` column cannot be billed: add @memorySize to the query's fields, or state the functions' memory with --memory-mb N".into(),
            });
        }
        Ok(InsightsColumns {
            assumed_memory_mb,
            timestamp: find("@timestamp"),
            // The function: its log group, or the entity Insights attaches to each record.
            log: find("@log").or_else(|| find("@entity.Attributes.Lambda.Function")),
            kind: find("@type"),
            duration,
            billed: find("@billedDuration"),
            init: find("@initDuration"),
            memory,
            max_used: find("@maxMemoryUsed"),
        })
    }

    /// Whether the export has a `@memorySize` column (else the assumed memory is used).
    pub fn has_memory(&self) -> bool {
        self.memory.is_some()
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
        // An empty cell is an absent value; anything else must be a number of its field.
        let num = |i: Option<usize>, f: Field| -> Result<Option<f64>> {
            let Some(i) = i else { return Ok(None) };
            let raw = row.raw(i);
            if raw.is_empty() {
                return Ok(None);
            }
            f.read_in(raw, row.file(), row.line(), Some(i + 1))
                .map(Some)
        };
        let duration = num(Some(self.duration), insights::DURATION)?.ok_or_else(|| {
            insights::DURATION.error_in("", row.file(), row.line(), Some(self.duration + 1))
        })?;
        // Insights gives memory in bytes (10⁶ per MB, as Lambda's own queries divide).
        let memory = match self.memory {
            Some(i) => {
                let b = num(Some(i), insights::MEMORY)?.ok_or_else(|| {
                    insights::MEMORY.error_in("", row.file(), row.line(), Some(i + 1))
                })?;
                (b / 1e6).round() as u32
            }
            None => self.assumed_memory_mb.unwrap_or(0),
        };
        let log = get(self.log)?.map(|l| l.rsplit('/').next().unwrap_or(l));
        Ok(Some((
            Invocation {
                timestamp: get(self.timestamp)?.and_then(|t| parse_timestamp_bytes(t.as_bytes())),
                duration_ms: duration,
                billed_ms: num(self.billed, insights::BILLED)?.map(|x| x as u64),
                memory_mb: memory,
                max_used_mb: num(self.max_used, insights::MAX_USED)?
                    .map(|b| (b / 1e6).round() as u32),
                init_ms: num(self.init, insights::INIT)?,
                restore_ms: None,
                billed_restore_ms: None,
            },
            log,
        )))
    }
}

/// The numeric columns of a Logs Insights export: the REPORT fields' ranges, memory in bytes (10⁶ per MB).
mod insights {
    use super::super::number::{Field, Grammar, BILLED_MS, DURATION_MS, INIT_MS, MEMORY_MB};

    pub const DURATION: Field = Field::new("@duration", "ms", Grammar::Decimal, 0.0, DURATION_MS);
    pub const BILLED: Field = Field::new("@billedDuration", "ms", Grammar::Integer, 0.0, BILLED_MS);
    pub const INIT: Field = Field::new("@initDuration", "ms", Grammar::Decimal, 0.0, INIT_MS);
    pub const MEMORY: Field = Field::new(
        "@memorySize",
        "bytes",
        Grammar::Integer,
        MEMORY_MB.0 * 1e6,
        MEMORY_MB.1 * 1e6,
    );
    pub const MAX_USED: Field = Field::new(
        "@maxMemoryUsed",
        "bytes",
        Grammar::Integer,
        0.0,
        2.0 * MEMORY_MB.1 * 1e6,
    );
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
    fn hostile_values_are_errors_naming_field_and_value() {
        // Issue 14: each was read as a number (1 ms, 0, 1 MB, $30.7 billion) before.
        for (line, field, value) in [
            ("Duration: 1e309 ms\tMemory Size: 128 MB", "(Duration)", "\"1e309\""),
            ("Duration: 0x10 ms\tMemory Size: 128 MB", "(Duration)", "\"0x10\""),
            ("Duration: 2.00 ms\tMemory Size: 1e4 MB", "(Memory Size)", "\"1e4\""),
            (
                "Duration: 2.24 ms\tBilled Duration: 3 ms\tMemory Size: 512 MB\tBilled Restore Duration: 18446744073709551615 ms",
                "(Billed Restore Duration)",
                "\"18446744073709551615\"",
            ),
            ("Duration: 2.00 ms\tMemory Size: 128 MB\tInit Duration: 20000.01 ms", "(Init Duration)", "\"20000.01\""),
            ("Duration: -1 ms\tMemory Size: 128 MB", "(Duration)", "\"-1\""),
            ("Duration: inf ms\tMemory Size: 128 MB", "(Duration)", "\"inf\""),
        ] {
            let l = format!("REPORT RequestId: x\t{line}");
            let e = parse_log_line(l.as_bytes(), "h.log", 4).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(e.contains("h.log:4") && e.contains(field) && e.contains(value), "{line}: {e}");
        }
        let e = parse_log_line(
            br#"{"type":"platform.report","record":{"metrics":{"durationMs":2.0,"memorySizeMB":10000000}}}"#,
            "j.log",
            2,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            e.contains("j.log:2")
                && e.contains("record.metrics.memorySizeMB")
                && e.contains("10000000"),
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
