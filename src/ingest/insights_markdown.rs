//! The Logs Insights console's "Copy as Markdown": a heading, `**CloudWatch Logs Insights**`, the region, the log
//! groups (`log-group-names: /aws/lambda/NAME`), the query, then the results as a Markdown table (`| @timestamp |
//! @message | … |`, a `| --- |` rule, one row per result). The table's rows are read as the CSV export's records;
//! the function is the row's `@log` when the query selected it, else the one log group named above the table.
//! The console copies at most 10,000 rows; the text is read whole up to [`MAX_MARKDOWN_BYTES`].
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::insights_json::read_records;
use super::messages::function_of_log_group;
use super::{Ingested, Options};
use crate::error::{Error, Location, Result};
use csv::ByteRecord;
use std::io::{BufRead, Read};

/// The largest Markdown export read.
pub const MAX_MARKDOWN_BYTES: u64 = 64 << 20;

/// Whether a first line starts the console's Markdown (a `#` heading or its bold title).
pub fn is_markdown_start(first: &str) -> bool {
    first.starts_with("# ") || first.starts_with("**CloudWatch Logs Insights**")
}

/// The cells of a table line `| a | b |`, trimmed.
fn cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(str::trim).collect()
}

/// Reads the export (`input`, from its first line, numbered `first_line`); REPORTs without a log group go to
/// `function` (or the one log group the header names).
pub fn read(
    name: &str,
    input: Box<dyn BufRead>,
    first_line: usize,
    function: &str,
    opts: &Options,
    into: &mut Ingested,
) -> Result<()> {
    let mut text = String::new();
    input
        .take(MAX_MARKDOWN_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| Error::Syntax {
            at: Location::file(name),
            message: format!("read failed (not UTF-8 text?): {e}"),
        })?;
    if text.len() as u64 > MAX_MARKDOWN_BYTES {
        return Err(Error::Syntax {
            at: Location::file(name),
            message: format!("a Markdown export over {} MiB", MAX_MARKDOWN_BYTES >> 20),
        });
    }
    into.bytes += text.len() as u64;
    let mut group: Option<String> = None;
    let mut header: Option<(usize, ByteRecord)> = None;
    let mut candidate: Option<(usize, ByteRecord)> = None;
    let mut records: Vec<(usize, ByteRecord)> = Vec::new();
    let mut lines = 0u64;
    for (i, line) in text.lines().enumerate() {
        lines += 1;
        let at = first_line + i;
        if let Some(g) = line.trim().strip_prefix("log-group-names:") {
            // One group names the function; several leave it to each row's @log.
            let g = g.trim();
            group =
                (!g.contains(',') && !g.is_empty()).then(|| function_of_log_group(g).to_string());
            continue;
        }
        if !line.trim_start().starts_with('|') {
            candidate = None;
            continue;
        }
        let c = cells(line);
        let rule = c
            .iter()
            .all(|x| !x.is_empty() && x.chars().all(|ch| matches!(ch, '-' | ':')));
        // The header is the line just above the `| --- |` rule (a query's `| filter …` lines are not).
        match (&header, rule) {
            (Some(_), true) => {}
            (Some(_), false) => records.push((at, ByteRecord::from(c))),
            (None, true) => header = candidate.take(),
            (None, false) => candidate = Some((at, ByteRecord::from(c))),
        }
    }
    into.lines += lines;
    let Some((header_line, header)) = header else {
        return Err(Error::Syntax {
            at: Location::file(name),
            message: "a Markdown file without a results table (`| @timestamp | … |`): not a Logs Insights export".into(),
        });
    };
    let function = group.as_deref().unwrap_or(function);
    read_records(
        name,
        &header,
        header_line,
        records.iter().map(|(at, r)| (*at, r)),
        function,
        opts,
        into,
    )
}
