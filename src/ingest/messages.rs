//! Exports that carry whole log lines in a column: the Logs Insights console's download of its default query
//! (`@timestamp,@message,@logStream,@log`) and the Live Tail CSV (`Event Time,Message,Log group,Log stream`). Each
//! message is read as a log line (a REPORT inside, often with a trailing line break of its own), and the function
//! is named by its log group (`/aws/lambda/NAME`, or `ACCOUNT:/aws/lambda/NAME`), not by the file.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::record::{parse_log_line, Invocation, Line};
use crate::csv_input::Row;
use crate::date::parse_timestamp;
use crate::error::{Error, Location, Result};

/// Where the message and the log group are in a header.
#[derive(Debug, Clone)]
pub struct MessageColumns {
    message: usize,
    log_group: Option<usize>,
    timestamp: Option<usize>,
}

/// What one row held.
pub enum Message<'r> {
    /// A REPORT line, with the function its log group names (when it does).
    Report(Invocation, Option<&'r str>),
    /// Another log line (START, END, application output).
    Other,
}

/// Whether a header names a message column: the default Insights export or Live Tail.
pub fn is_message_header(names: &[&str]) -> bool {
    names.contains(&"@message") || (names.contains(&"Message") && names.contains(&"Log group"))
}

/// `435639112445:/aws/lambda/orders` or `/aws/lambda/orders` → `orders`; another log group is named as it is.
pub fn function_of_log_group(group: &str) -> &str {
    match group.rsplit_once("/aws/lambda/") {
        Some((_, name)) if !name.is_empty() => name,
        _ => group,
    }
}

impl MessageColumns {
    /// From the header: `@message` (and `@log`), or Live Tail's `Message` (and `Log group`).
    pub fn from_header(header: &Row) -> Result<MessageColumns> {
        let names = header.texts()?;
        let find = |name: &str| names.iter().position(|f| *f == name);
        let (message, log_group, timestamp) = match find("@message") {
            Some(m) => (m, find("@log"), find("@timestamp")),
            None => (
                find("Message").ok_or_else(|| Error::Syntax {
                    at: Location::at(header.file(), header.line()),
                    message: "an export of log messages needs a `@message` (Logs Insights) or `Message` (Live Tail) column".into(),
                })?,
                find("Log group"),
                find("Event Time"),
            ),
        };
        Ok(MessageColumns {
            message,
            log_group,
            timestamp,
        })
    }

    /// Reads one row's message as a log line.
    pub fn parse<'r>(&self, row: &Row<'r>) -> Result<Message<'r>> {
        let text = row.text(self.message)?;
        // A message may hold more than one physical line (a console paste, a stack trace): the REPORT is on one.
        let mut found = None;
        for (i, line) in text.lines().enumerate() {
            let read = parse_log_line(line.as_bytes(), row.file(), row.line() + i).map_err(
                |e| match e {
                    // The position is inside the message: say which column holds it.
                    Error::InvalidValue {
                        at,
                        field,
                        value,
                        expected,
                    } => Error::InvalidValue {
                        at,
                        field: format!("column {} (the message), {field}", self.message + 1),
                        value,
                        expected,
                    },
                    other => other,
                },
            )?;
            if let Line::Report(inv, _) = read {
                found = Some(inv);
                break;
            }
        }
        let Some(mut inv) = found else {
            return Ok(Message::Other);
        };
        // The message carries no time of its own; the export's column does.
        if inv.timestamp.is_none() {
            if let Some(i) = self.timestamp {
                inv.timestamp = parse_timestamp(row.text(i)?);
            }
        }
        let group = match self.log_group {
            Some(i) => Some(row.text(i)?).filter(|g| !g.is_empty()),
            None => None,
        };
        Ok(Message::Report(inv, group.map(function_of_log_group)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use csv::ByteRecord;

    #[test]
    fn a_live_tail_row() {
        let h = ByteRecord::from(vec!["Event Time", "Message", "Log group", "Log stream"]);
        let cols = MessageColumns::from_header(&Row::new(&h, "t.csv", 1)).unwrap();
        let r = ByteRecord::from(vec![
            "2023-07-13T19:06:42.960+05:30",
            "REPORT RequestId: b\tDuration: 7.43 ms\tBilled Duration: 8 ms\tMemory Size: 128 MB\tMax Memory Used: 101 MB\t\n",
            "435639112445:/aws/lambda/redis-fn",
            "2023/07/13/[$LATEST]9a",
        ]);
        let Message::Report(inv, f) = cols.parse(&Row::new(&r, "t.csv", 2)).unwrap() else {
            panic!("not a report")
        };
        assert!((inv.duration_ms - 7.43).abs() < 1e-9);
        assert_eq!((inv.memory_mb, f), (128, Some("redis-fn")));
        assert_eq!(function_of_log_group("/aws/lambda/x"), "x");
        assert_eq!(function_of_log_group("/ecs/other"), "/ecs/other");
    }
}
