//! Reading what users already hold: Lambda REPORT logs (plain or JSON), CloudWatch Logs Insights CSV exports (a
//! query's columns, or the default query's log messages), Live Tail CSV, Telemetry API batches, Cost and Usage
//! Reports (legacy and 2.0; CSV, Athena text or Parquet), FOCUS exports (CSV or Parquet) and a simple per-function
//! usage CSV — streamed in bounded memory, plain or gzip, the format told from the content (see [`detect`]).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

pub mod aggregate;
pub mod billed;
pub mod calibrate;
pub mod charge;
pub mod cur;
pub mod focus;
pub mod generate;
pub mod histogram;
pub mod input;
pub mod insights_json;
pub mod insights_markdown;
mod kind;
pub mod messages;
pub mod number;
pub mod observed;
pub mod parquet;
pub mod parquet_bounds;
pub mod query;
pub mod reconcile;
pub mod record;
pub mod sniff;
mod split;
mod split_csv;
pub mod telemetry;
pub mod usage;

pub use kind::{detect, Kind};

use crate::csv_input::{Next, Records};
use crate::error::{Error, Location, Result};
use crate::profile::Profile;
use aggregate::FunctionAgg;
use cur::{CurColumns, CurTotals};
use focus::FocusColumns;
use messages::{is_message_header, Message, MessageColumns};
use record::Line;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

/// How to read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force a format instead of detecting it.
    pub kind: Option<Kind>,
    /// Skip rows that do not parse (counted and reported) instead of stopping at the first.
    pub skip_bad_rows: bool,
    /// Name of the function for log lines that do not say (default: the file's name).
    pub function: Option<String>,
    /// Memory of the functions, MB, for Insights exports without `@memorySize` (stated in the report when used).
    pub memory_mb: Option<u32>,
}

/// The most distinct functions one run keeps (each a few hundred bytes plus what its histograms hold).
pub const MAX_FUNCTIONS: usize = 100_000;

/// The most entries (occupied histogram buckets and distinct memory sizes, at most 32 bytes each with the vectors'
/// slack; a histogram that keeps a count per bucket counts as its 17 KB) all functions together keep: about 256 MB
/// at worst.
pub const MAX_STATE_ENTRIES: u64 = 8_000_000;

/// The longest function name read from an input, in bytes (Lambda allows 64 characters, 140 as an ARN); a name the
/// user gives with `--function` is taken as given.
pub const MAX_FUNCTION_NAME_BYTES: usize = 256;

/// A row that did not parse.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadRow {
    /// The error, naming file, line, column and value.
    pub error: String,
}

/// Everything read so far, from any number of files.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    /// Per function, from logs and Insights exports.
    pub functions: BTreeMap<String, FunctionAgg>,
    /// From CURs.
    pub cur: Option<CurTotals>,
    /// From usage CSVs.
    pub usage: Vec<Profile>,
    /// Files read and the format of each.
    pub files: Vec<(String, Kind)>,
    /// Lines read.
    pub lines: u64,
    /// Log lines that were not REPORTs (START, END, application output).
    pub other_lines: u64,
    /// Rows skipped with `--skip-bad-rows` (the first ten kept).
    pub bad_rows: Vec<BadRow>,
    /// How many were skipped.
    pub bad_count: u64,
    /// Bytes of text read (after decompression).
    pub bytes: u64,
    /// What was assumed where an input does not say (e.g. the memory of an Insights export without `@memorySize`).
    pub assumptions: Vec<String>,
    /// Entries the functions' state holds, against [`MAX_STATE_ENTRIES`].
    pub state_entries: u64,
}

impl Ingested {
    fn bad(&mut self, e: Error, skip: bool) -> Result<()> {
        if !skip {
            return Err(e);
        }
        self.bad_count += 1;
        if self.bad_rows.len() < 10 {
            self.bad_rows.push(BadRow {
                error: e.to_string(),
            });
        }
        Ok(())
    }
}

/// A plain (not gzip) REPORT log, Logs Insights or Live Tail CSV this large or larger is read on two threads, when the machine has two cores.
pub const SPLIT_MIN_BYTES: u64 = 32 << 20;

/// Reads one file (`-` = stdin) into `into`; `progress` is told the bytes read so far now and then.
pub fn ingest_file(
    path: &Path,
    opts: &Options,
    into: &mut Ingested,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<()> {
    ingest_file_with(path, opts, into, progress, SPLIT_MIN_BYTES)
}

/// [`ingest_file`], reading a plain REPORT log of `split_min_bytes` or more on two threads (`u64::MAX`: never; `0`:
/// always, on any machine). Either way the result is the same, errors and bad rows included.
pub fn ingest_file_with(
    path: &Path,
    opts: &Options,
    into: &mut Ingested,
    progress: &mut dyn FnMut(u64, Option<u64>),
    split_min_bytes: u64,
) -> Result<()> {
    if path.as_os_str() != "-" && is_parquet_file(path)? {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let size = file.metadata().map_or(0, |m| m.len());
        let name = path.display().to_string();
        parquet::read(&name, file, size, opts.kind, into, opts.skip_bad_rows)?;
        progress(into.bytes, Some(size));
        return Ok(());
    }
    let input = input::open(path)?;
    let default_function = opts.function.clone().unwrap_or_else(|| {
        let stem = path.file_name().and_then(|s| s.to_str()).unwrap_or("stdin");
        stem.split('.').next().unwrap_or(stem).to_string()
    });
    let split = (!input.gzip
        && input.size.is_some_and(|n| n >= split_min_bytes)
        && path.as_os_str() != "-")
        .then_some(path)
        .filter(|_| {
            split_min_bytes == 0 || std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
        });
    ingest_input(input, &default_function, opts, into, progress, split)
}

/// Whether a file (not a pipe) starts with Parquet's magic bytes: Parquet is binary, read before the line reader.
fn is_parquet_file(path: &Path) -> Result<bool> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    // Asked before opening: opening a FIFO would block until a writer comes (input::open refuses it after).
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Ok(false);
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut head = Vec::with_capacity(4);
    file.take(4).read_to_end(&mut head).map_err(io)?;
    Ok(sniff::sniff(&head) == sniff::Sniffed::Parquet)
}

/// Reads bytes already in memory (tests, fuzzing) as if they were a file named `name`; Parquet too.
pub fn ingest_bytes(name: &str, bytes: Vec<u8>, opts: &Options, into: &mut Ingested) -> Result<()> {
    if sniff::sniff(&bytes) == sniff::Sniffed::Parquet {
        let size = bytes.len() as u64;
        parquet::read(
            name,
            ::bytes::Bytes::from(bytes),
            size,
            opts.kind,
            into,
            opts.skip_bad_rows,
        )?;
        return Ok(());
    }
    let input = input::from_reader(
        name.to_string(),
        Box::new(std::io::Cursor::new(bytes)),
        None,
    )?;
    let f = opts.function.clone().unwrap_or_else(|| name.to_string());
    ingest_input(input, &f, opts, into, &mut |_, _| {}, None)
}

/// Reads an opened input; `split` is the plain file's path when a REPORT log or an Insights or Live Tail CSV may
/// be read on two threads.
fn ingest_input(
    mut input: input::Input,
    default_function: &str,
    opts: &Options,
    into: &mut Ingested,
    progress: &mut dyn FnMut(u64, Option<u64>),
    split: Option<&Path>,
) -> Result<()> {
    let name = input.name.clone();
    let (lines_before, bytes_before) = (into.lines, into.bytes);
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0usize;
    // The format is settled by the first non-blank line (or --kind) and recorded once per file.
    let kind = loop {
        line_no += 1;
        if !input.next_line(&mut buf, line_no)? {
            progress(into.bytes, input.size);
            return match opts.kind {
                None => Err(Error::Syntax {
                    at: Location::file(&name),
                    message: "the file is empty".into(),
                }),
                Some(Kind::Report) => no_reports(into, &name, line_no),
                Some(_) => Ok(()),
            };
        }
        if !buf.iter().all(u8::is_ascii_whitespace) {
            break opts
                .kind
                .unwrap_or_else(|| detect(&String::from_utf8_lossy(&buf)));
        }
        into.lines += 1;
        into.bytes += buf.len() as u64 + 1;
    };
    into.files.push((name.clone(), kind));
    match kind {
        Kind::Report => {
            if let (Some(path), Some(size)) = (split, input.size) {
                // The two halves are read from the start of the file: the lines counted so far are counted again.
                let (lines, bytes) = (into.lines, into.bytes);
                (into.lines, into.bytes) = (lines_before, bytes_before);
                if split::ingest(path, size, &name, default_function, opts, into) {
                    progress(into.bytes, input.size);
                    return Ok(());
                }
                (into.lines, into.bytes) = (lines, bytes);
            }
            let line_no =
                report_lines(input, buf, line_no, default_function, opts, into, progress)?;
            return no_reports(into, &name, line_no);
        }
        Kind::Telemetry | Kind::InsightsJson | Kind::InsightsMarkdown => {
            // These readers take the whole stream: the first line, already read, then the rest.
            buf.push(b'\n');
            let size = input.size;
            let all = Box::new(std::io::Cursor::new(buf).chain(input.into_reader()));
            let skip = opts.skip_bad_rows;
            let r = match kind {
                Kind::Telemetry => {
                    telemetry::read_batches(&name, all, line_no, default_function, into, skip)
                }
                Kind::InsightsJson => insights_json::read(&name, all, default_function, opts, into),
                _ => insights_markdown::read(&name, all, line_no, default_function, opts, into),
            };
            progress(into.bytes, size);
            return r;
        }
        Kind::CurParquet | Kind::FocusParquet => {
            return Err(Error::Syntax {
                at: Location::file(&name),
                message: format!(
                    "--kind {}: this file is not Parquet (no `PAR1` at its start)",
                    kind.as_str()
                ),
            })
        }
        _ => {}
    }
    if let (Some(path), Some(size)) = (split, input.size) {
        // As for a REPORT log: the two parts are read from the start of the file.
        let (lines, bytes) = (into.lines, into.bytes);
        (into.lines, into.bytes) = (lines_before, bytes_before);
        if split_csv::ingest(path, size, &name, kind, &buf, default_function, opts, into) {
            progress(into.bytes, input.size);
            return Ok(());
        }
        (into.lines, into.bytes) = (lines, bytes);
    }
    let (gzip, size) = (input.gzip, input.size);
    buf.push(b'\n');
    let mut records = if kind == Kind::CurAthena {
        Records::ctrl_a(&name, gzip, buf, input.into_reader(), line_no as u64 - 1)
    } else {
        Records::new(&name, gzip, buf, input.into_reader(), line_no as u64 - 1)
    };
    let before = into.bytes;
    let result = ingest_csv(
        &mut records,
        kind,
        default_function,
        opts,
        into,
        &mut |bytes| progress(before + bytes, size),
    );
    into.lines += records.lines();
    into.bytes += records.bytes();
    progress(into.bytes, size);
    result
}

/// Reads a Lambda log line by line; `buf` holds its first line, at `line_no` (lines before it are blank); returns
/// the number of the line after the last.
fn report_lines(
    mut input: input::Input,
    mut buf: Vec<u8>,
    mut line_no: usize,
    default_function: &str,
    opts: &Options,
    into: &mut Ingested,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<usize> {
    let name = input.name.clone();
    let mut since_progress = 0u64;
    let mut wrapped: Vec<u8> = Vec::new();
    let mut wrapped_at = 0usize;
    let searchers = record::searchers();
    loop {
        into.lines += 1;
        into.bytes += buf.len() as u64 + 1;
        since_progress += buf.len() as u64 + 1;
        if since_progress > (64 << 20) {
            progress(into.bytes, input.size);
            since_progress = 0;
        }
        // A REPORT wrapped over several lines (a console paste): its fields are joined back with tabs.
        if !wrapped.is_empty() {
            if continues_report(&buf) && wrapped.len() + buf.len() < 4096 {
                wrapped.push(b'\t');
                wrapped.extend_from_slice(&buf);
                buf.clear();
            } else {
                let at = searchers.report.find(&wrapped);
                log_line(
                    into,
                    &wrapped,
                    at,
                    &name,
                    wrapped_at,
                    default_function,
                    opts,
                )?;
                wrapped.clear();
            }
        }
        let at = searchers.report.find(&buf);
        if at.is_some() && searchers.duration.find(&buf).is_none() {
            wrapped.extend_from_slice(&buf);
            wrapped_at = line_no;
        } else if !buf.iter().all(u8::is_ascii_whitespace) {
            log_line(into, &buf, at, &name, line_no, default_function, opts)?;
        }
        line_no += 1;
        if !input.next_line(&mut buf, line_no)? {
            break;
        }
    }
    if !wrapped.is_empty() {
        let at = searchers.report.find(&wrapped);
        log_line(
            into,
            &wrapped,
            at,
            &name,
            wrapped_at,
            default_function,
            opts,
        )?;
    }
    progress(into.bytes, input.size);
    Ok(line_no)
}

/// One log line read; `at` is where its `REPORT RequestId:` starts, if anywhere.
fn log_line(
    into: &mut Ingested,
    line: &[u8],
    at: Option<usize>,
    name: &str,
    line_no: usize,
    default_function: &str,
    opts: &Options,
) -> Result<()> {
    match record::parse_log_line_at(line, at, name, line_no) {
        Ok(Line::Report(inv, f)) => add(into, f, default_function, &inv, (name, line_no))?,
        Ok(Line::Other) => into.other_lines += 1,
        Err(e) => into.bad(e, opts.skip_bad_rows)?,
    }
    Ok(())
}

/// Whether a line goes on with a REPORT's fields (`Duration: …`, `Memory Size: …`…): a wrapped REPORT's rest.
fn continues_report(line: &[u8]) -> bool {
    let l = line.trim_ascii_start();
    [
        &b"Duration: "[..],
        b"Billed Duration: ",
        b"Memory Size: ",
        b"Max Memory Used: ",
        b"Init Duration: ",
        b"Restore Duration: ",
        b"Billed Restore Duration: ",
        b"XRAY TraceId: ",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// A log without a REPORT line (among `line_no - 1` lines) is most likely not a Lambda log.
fn no_reports(into: &Ingested, name: &str, line_no: usize) -> Result<()> {
    if into.functions.is_empty() && into.bad_count == 0 {
        return Err(Error::Syntax {
            at: Location::file(name),
            message: format!(
                "no REPORT lines among {} lines: not a Lambda log? (use --kind to say what it is)",
                line_no - 1
            ),
        });
    }
    Ok(())
}

/// Adds an invocation to the aggregate of the function the input names (`named`), else of `default` (the name the
/// user gave or the file's), copied only the first time it is seen; within the bounds on functions, on the length
/// of names read from the input, and on state; `at` is where the line was read, for the error.
pub(crate) fn add(
    into: &mut Ingested,
    named: Option<&str>,
    default: &str,
    inv: &record::Invocation,
    at: (&str, usize),
) -> Result<()> {
    let function = named.unwrap_or(default);
    let grown = match into.functions.get_mut(function) {
        Some(a) => a.add(inv),
        None => {
            let too_large = |message: String| Error::TooLarge {
                at: Location::at(at.0, at.1),
                message,
            };
            if named.is_some() && function.len() > MAX_FUNCTION_NAME_BYTES {
                return Err(too_large(format!(
                    "a function name of {} bytes (\"{}…\"): Lambda names are at most 64 characters, 140 as an ARN; at most {MAX_FUNCTION_NAME_BYTES} bytes are read",
                    function.len(),
                    function.chars().take(40).collect::<String>()
                )));
            }
            if into.functions.len() >= MAX_FUNCTIONS {
                return Err(too_large(format!(
                    "more than {MAX_FUNCTIONS} distinct functions (\"{}\" would be the next): split the input by function or account",
                    function.chars().take(64).collect::<String>()
                )));
            }
            let mut a = FunctionAgg::default();
            let grown = a.add(inv);
            into.functions.insert(function.to_string(), a);
            grown
        }
    };
    into.state_entries += grown;
    if into.state_entries > MAX_STATE_ENTRIES {
        return Err(Error::TooLarge {
            at: Location::at(at.0, at.1),
            message: format!(
                "the {} functions read so far hold more than {MAX_STATE_ENTRIES} distinct durations and memory sizes (about 256 MB): split the input by function",
                into.functions.len()
            ),
        });
    }
    Ok(())
}

/// Reads the records of an Insights export, a CUR or a usage CSV: the header, then each row in turn in the one
/// reused record; `progress` is told the bytes read now and then.
fn ingest_csv(
    records: &mut Records,
    kind: Kind,
    default_function: &str,
    opts: &Options,
    into: &mut Ingested,
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let skip = opts.skip_bad_rows;
    let header = loop {
        match records.next()? {
            Next::Row(row) => break row,
            Next::Bad(e) => into.bad(e, skip)?,
            Next::End => return Ok(()),
        }
    };
    let messages = match kind {
        Kind::LiveTail => Some(MessageColumns::from_header(&header)?),
        Kind::Insights
            if is_message_header(&header.texts()?) && !header.texts()?.contains(&"@duration") =>
        {
            Some(MessageColumns::from_header(&header)?)
        }
        _ => None,
    };
    let insights = match kind {
        Kind::Insights if messages.is_none() => Some(insights_json::insights_columns(
            &header,
            opts.memory_mb,
            into,
        )?),
        _ => None,
    };
    let cur = match kind {
        Kind::Cur | Kind::CurAthena => Some(CurColumns::from_header(&header)?),
        _ => None,
    };
    let focus = match kind {
        Kind::Focus => Some(FocusColumns::from_header(&header)?),
        _ => None,
    };
    if cur.is_some() || focus.is_some() {
        // A bill with a header and no rows (an Athena result for a month without Lambda) says so: zero usage.
        into.cur.get_or_insert_with(CurTotals::default);
    }
    let usage = match kind {
        Kind::Usage => Some(usage::UsageColumns::from_header(&header)?),
        _ => None,
    };
    let mut next_progress = 64 << 20;
    loop {
        let row = match records.next()? {
            Next::Row(row) => row,
            Next::Bad(e) => {
                into.bad(e, skip)?;
                continue;
            }
            Next::End => return Ok(()),
        };
        if let Some(cols) = &messages {
            match cols.parse(&row) {
                Ok(Message::Report(inv, log)) => {
                    add(into, log, default_function, &inv, (row.file(), row.line()))?
                }
                Ok(Message::Other) => into.other_lines += 1,
                Err(e) => into.bad(e, skip)?,
            }
        } else if let Some(cols) = &focus {
            let t = into.cur.get_or_insert_with(CurTotals::default);
            if let Err(e) = cols.add(&row, t) {
                into.bad(e, skip)?;
            }
        } else if let Some(cols) = &insights {
            match cols.parse(&row) {
                Ok(Some((inv, log))) => {
                    add(into, log, default_function, &inv, (row.file(), row.line()))?
                }
                Ok(None) => into.other_lines += 1,
                Err(e) => into.bad(e, skip)?,
            }
        } else if let Some(cols) = &cur {
            let t = into.cur.get_or_insert_with(CurTotals::default);
            if let Err(e) = cols.add(&row, t) {
                into.bad(e, skip)?;
            }
        } else if let Some(cols) = &usage {
            match cols.profile(&row) {
                Ok(p) => into.usage.push(p),
                Err(e) => into.bad(e, skip)?,
            }
        }
        if records.bytes() > next_progress {
            progress(records.bytes());
            next_progress += 64 << 20;
        }
    }
}
