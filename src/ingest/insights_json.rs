//! Logs Insights results as JSON: `aws logs get-query-results` output (`"results": [[{"field": …, "value": …}, …],
//! …]`), or the same flattened into one list of `{"value", "field"}` pairs (PowerShell's re-serialisation, a row
//! starting again where a field repeats). The rows become the records of an Insights CSV export — a query's
//! `@duration`… columns, or the default query's `@message` — and are read by the same rules. Insights returns at
//! most 10,000 rows, so the document is read whole, up to [`MAX_JSON_BYTES`].
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::messages::{is_message_header, Message, MessageColumns};
use super::record::InsightsColumns;
use super::{add, Ingested, Options};
use crate::csv_input::Row;
use crate::error::{Error, Location, Result};
use csv::ByteRecord;
use serde_json::Value;
use std::io::{BufRead, Read};

/// The largest results document read (10,000 rows of a few KiB each fit many times over).
pub const MAX_JSON_BYTES: u64 = 64 << 20;

/// Reads a results document (`input`, the whole file) into `into`; REPORTs without a log group go to `function`.
pub fn read(
    name: &str,
    input: Box<dyn BufRead>,
    function: &str,
    opts: &Options,
    into: &mut Ingested,
) -> Result<()> {
    let mut text = Vec::new();
    input
        .take(MAX_JSON_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|e| Error::Syntax {
            at: Location::file(name),
            message: format!("read failed: {e}"),
        })?;
    if text.len() as u64 > MAX_JSON_BYTES {
        return Err(Error::Syntax {
            at: Location::file(name),
            message: format!(
                "a JSON document over {} MiB: Logs Insights results hold at most 10,000 rows; export CSV instead",
                MAX_JSON_BYTES >> 20
            ),
        });
    }
    into.bytes += text.len() as u64;
    into.lines += memchr::memchr_iter(b'\n', &text).count() as u64;
    let body = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&text);
    let doc: Value = serde_json::from_slice(body).map_err(|e| Error::Syntax {
        at: Location::at(name, e.line()),
        message: format!("JSON that does not parse: {e}"),
    })?;
    let Some(results) = doc.get("results").and_then(Value::as_array) else {
        return Err(Error::Syntax {
            at: Location::file(name),
            message: "a JSON document without a `results` list: not Logs Insights results (`aws logs get-query-results`)".into(),
        });
    };
    let rows = rows_of(results, name)?;
    let mut names: Vec<&str> = Vec::new();
    for row in &rows {
        for (field, _) in row {
            if !names.contains(field) {
                names.push(field);
            }
        }
    }
    let header = ByteRecord::from(names.clone());
    let mut records = Vec::with_capacity(rows.len());
    let mut cell = String::new();
    for row in &rows {
        let mut record = ByteRecord::new();
        for n in &names {
            cell.clear();
            match row.iter().find(|(f, _)| f == n).map(|(_, v)| v) {
                Some(Value::String(s)) => cell.push_str(s),
                Some(Value::Null) | None => {}
                Some(v) => cell.push_str(&v.to_string()),
            }
            record.push_field(cell.as_bytes());
        }
        records.push(record);
    }
    // Errors name the row (1-based) of the results.
    let numbered = records.iter().enumerate().map(|(i, r)| (i + 1, r));
    read_records(name, &header, 1, numbered, function, opts, into)
}

/// Reads Insights results given as a header and records (`(number, record)`, the number for errors), by the
/// rules of the CSV export: a query's `@duration`… columns, or the default query's `@message`.
pub(crate) fn read_records<'a>(
    name: &str,
    header: &ByteRecord,
    header_line: usize,
    records: impl Iterator<Item = (usize, &'a ByteRecord)>,
    function: &str,
    opts: &Options,
    into: &mut Ingested,
) -> Result<()> {
    let skip = opts.skip_bad_rows;
    let head = Row::new(header, name, header_line);
    let names = head.texts()?;
    let messages = (is_message_header(&names) && !names.contains(&"@duration"))
        .then(|| MessageColumns::from_header(&head))
        .transpose()?;
    let insights = match messages {
        Some(_) => None,
        None => Some(insights_columns(&head, opts.memory_mb, into)?),
    };
    for (at, record) in records {
        let r = Row::new(record, name, at);
        let read = match (&messages, &insights) {
            (Some(m), _) => m.parse(&r).map(|m| match m {
                Message::Report(inv, f) => Some((inv, f)),
                Message::Other => None,
            }),
            (None, Some(c)) => c.parse(&r),
            (None, None) => Ok(None),
        };
        match read {
            Ok(Some((inv, f))) => add(into, f, function, &inv, (r.file(), r.line()))?,
            Ok(None) => into.other_lines += 1,
            Err(e) => into.bad(e, skip)?,
        }
    }
    Ok(())
}

/// The columns of a query's results: `@memorySize` is needed unless `--memory-mb` states the memory, which is then
/// listed among the report's assumptions.
pub(crate) fn insights_columns(
    header: &Row,
    memory_mb: Option<u32>,
    into: &mut Ingested,
) -> Result<InsightsColumns> {
    let cols = InsightsColumns::from_header(header, memory_mb)?;
    if let (false, Some(m)) = (cols.has_memory(), memory_mb) {
        into.assumptions.push(format!(
            "{}: no @memorySize column; memory taken as {m} MB (--memory-mb)",
            header.file()
        ));
    }
    Ok(cols)
}

/// The rows: each a list of (field, value), from either shape of `results`.
fn rows_of<'v>(results: &'v [Value], name: &str) -> Result<Vec<Vec<(&'v str, &'v Value)>>> {
    let pair = |v: &'v Value| -> Result<(&'v str, &'v Value)> {
        match (v.get("field").and_then(Value::as_str), v.get("value")) {
            (Some(f), Some(value)) => Ok((f, value)),
            (Some(f), None) => Ok((f, &Value::Null)),
            _ => Err(Error::Syntax {
                at: Location::file(name),
                message: format!(
                    "a result that is not a {{\"field\", \"value\"}} pair: {}",
                    v.to_string().chars().take(80).collect::<String>()
                ),
            }),
        }
    };
    let mut rows: Vec<Vec<(&str, &Value)>> = Vec::new();
    for r in results {
        if let Some(cells) = r.as_array() {
            rows.push(cells.iter().map(pair).collect::<Result<_>>()?);
            continue;
        }
        let (field, value) = pair(r)?;
        match rows.last_mut() {
            Some(row) if !row.iter().any(|(f, _)| *f == field) => row.push((field, value)),
            _ => rows.push(vec![(field, value)]),
        }
    }
    Ok(rows)
}
