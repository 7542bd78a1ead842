//! Telemetry API batches: the JSON array of `platform.*` events Lambda POSTs to an extension (`[{"time":…,
//! "type":"platform.report","record":{…}}, …]`), one array or several in a row, pretty-printed or not. The array is
//! streamed: each element is cut out by a small scanner (strings and nesting tracked) and parsed on its own, so
//! memory stays bounded by the largest event ([`MAX_EVENT_BYTES`]), not the batch. `platform.report` events are
//! read as REPORTs; the other events are counted as other lines. (JSON lines — one event per line, the JSON log
//! format — are read by the log reader.)
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::record::{parse_log_line, Line};
use super::{add, Ingested};
use crate::error::{Error, Location, Result};
use std::io::BufRead;

/// The largest event read: a `platform.report` is a few hundred bytes; beyond this an element is an error, not a
/// reason to hold the rest of the file.
pub const MAX_EVENT_BYTES: usize = 1 << 20;

#[derive(Clone, Copy, PartialEq)]
enum State {
    /// Before an array's `[` (or after its `]`): white space only.
    Outside,
    /// After `[` or `,`: an element or `]`.
    Element,
    /// Inside an element.
    In {
        depth: u32,
        string: bool,
        escape: bool,
    },
    /// After an element: `,` or `]`.
    After,
}

/// Reads the batches of `input` (its first byte on line `first_line`); REPORTs go to `function`.
pub fn read_batches(
    name: &str,
    mut input: Box<dyn BufRead>,
    first_line: usize,
    function: &str,
    into: &mut Ingested,
    skip: bool,
) -> Result<()> {
    let mut state = State::Outside;
    let mut line = first_line;
    let mut started_at = first_line;
    let mut element: Vec<u8> = Vec::new();
    let mut reports = 0u64;
    let err = |line: usize, message: String| Error::Syntax {
        at: Location::at(name, line),
        message,
    };
    loop {
        let chunk = input
            .fill_buf()
            .map_err(|e| err(line, format!("read failed: {e}")))?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        for &b in chunk {
            let ws = b.is_ascii_whitespace();
            state = match state {
                State::Outside if ws => State::Outside,
                State::Outside if b == b'[' => State::Element,
                State::Element | State::After if ws => state,
                State::Element if b == b']' => State::Outside,
                State::After if b == b']' => State::Outside,
                State::After if b == b',' => State::Element,
                State::Element if b == b'{' => {
                    element.clear();
                    started_at = line;
                    State::In {
                        depth: 0,
                        string: false,
                        escape: false,
                    }
                }
                State::In { .. } => state,
                _ => {
                    return Err(err(
                        line,
                        format!(
                        "a Telemetry API batch is a JSON array of event objects; found `{}` here",
                        char::from(b).escape_default()
                    ),
                    ))
                }
            };
            if let State::In {
                depth,
                string,
                escape,
            } = state
            {
                element.push(b);
                if element.len() > MAX_EVENT_BYTES {
                    return Err(err(
                        started_at,
                        format!("an event longer than {} KiB", MAX_EVENT_BYTES >> 10),
                    ));
                }
                state = match (string, escape, b) {
                    (true, true, _) => State::In {
                        depth,
                        string,
                        escape: false,
                    },
                    (true, false, b'\\') => State::In {
                        depth,
                        string,
                        escape: true,
                    },
                    (true, false, b'"') => State::In {
                        depth,
                        string: false,
                        escape,
                    },
                    (true, ..) => state,
                    (false, _, b'"') => State::In {
                        depth,
                        string: true,
                        escape,
                    },
                    (false, _, b'{' | b'[') => State::In {
                        depth: depth + 1,
                        string,
                        escape,
                    },
                    (false, _, b'}' | b']') if depth <= 1 => {
                        event(
                            &element,
                            name,
                            started_at,
                            function,
                            into,
                            skip,
                            &mut reports,
                        )?;
                        State::After
                    }
                    (false, _, b'}' | b']') => State::In {
                        depth: depth - 1,
                        string,
                        escape,
                    },
                    _ => state,
                };
            }
            if b == b'\n' {
                line += 1;
            }
        }
        into.bytes += n as u64;
        input.consume(n);
    }
    into.lines += (line - first_line) as u64;
    if state != State::Outside {
        return Err(err(
            line,
            "the JSON array is not closed by the end of the file".into(),
        ));
    }
    if reports == 0 && into.bad_count == 0 {
        return Err(err(
            line,
            "no platform.report event in this Telemetry API batch".into(),
        ));
    }
    Ok(())
}

/// One event: a `platform.report` is a REPORT, anything else another line.
fn event(
    json: &[u8],
    name: &str,
    line: usize,
    function: &str,
    into: &mut Ingested,
    skip: bool,
    reports: &mut u64,
) -> Result<()> {
    if memchr::memmem::find(json, b"\"platform.report\"").is_none() {
        into.other_lines += 1;
        return Ok(());
    }
    match parse_log_line(json, name, line) {
        Ok(Line::Report(inv, _)) => {
            *reports += 1;
            add(into, None, function, &inv, (name, line))
        }
        Ok(Line::Other) => {
            into.other_lines += 1;
            Ok(())
        }
        Err(e) => into.bad(e, skip),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Ingested> {
        let mut into = Ingested::default();
        read_batches(
            "t.json",
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            1,
            "f",
            &mut into,
            false,
        )?;
        Ok(into)
    }

    #[test]
    fn batches() {
        let report = r#"{"time":"2022-10-21T14:05:05.766Z","type":"platform.report","record":{"requestId":"r","metrics":{"durationMs":2599.4,"billedDurationMs":2600,"memorySizeMB":128,"initDurationMs":549.04},"status":"success"}}"#;
        let text = format!("[{{\"type\":\"platform.start\",\"record\":{{\"x\":\"]}}\"}}}},\n {report}]\n[{report}]");
        let into = read(&text).unwrap();
        assert_eq!(into.functions.get("f").map(|a| a.invocations), Some(2));
        assert_eq!(into.other_lines, 1);
        assert!(read("[1,2]").unwrap_err().to_string().contains("t.json:1"));
        assert!(read("[{\"a\":1}")
            .unwrap_err()
            .to_string()
            .contains("not closed"));
        assert!(read("[]")
            .unwrap_err()
            .to_string()
            .contains("no platform.report"));
    }
}
