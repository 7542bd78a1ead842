//! Reading CSV (the Insights, CUR and usage readers of `ingest`, the replay traffic file): the `csv` crate (RFC 4180:
//! a quoted field may span lines) reading into one reused `ByteRecord`, in bounded memory (a record over 1 MiB is an
//! error, not a reason to read the rest of the file into memory), with errors naming the physical line a record
//! starts on and a quote left open to the end.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{Error, Location, Result};
use csv::ByteRecord;
use std::io::{BufRead, Read};

/// The longest record read, in bytes, before it is an error (a quote left open would otherwise take the rest of the
/// file into it).
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The csv reader's own buffer.
const BUFFER_BYTES: usize = 1 << 16;

/// Fed after the input's last byte: a line of its own when every quote is closed, or the end of the last field when
/// one is left open. That is how an unclosed quote is told apart at no cost per record (the csv crate, like RFC
/// 4180 readers generally, ends an open field quietly at the end of the input).
const SENTINEL: &[u8] = b"\n\0\0coldcost: end of input\0\0";
/// The sentinel's record (its field), without the line break before it.
const SENTINEL_FIELD: &[u8] = b"\0\0coldcost: end of input\0\0";

/// Counts the bytes handed to the csv reader and refuses more once the record being read is over the limit, so
/// memory stays bounded; then the sentinel.
struct Guard {
    inner: Box<dyn BufRead>,
    /// Bytes of the input handed on.
    delivered: u64,
    /// Where the record being read starts, in bytes.
    record_start: u64,
    /// The input's last byte.
    last: u8,
    /// How much of the sentinel was handed on (after the input's end).
    sentinel_at: Option<usize>,
    /// Set when reading stopped because the record is too long.
    too_long: bool,
}

impl Read for Guard {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.delivered.saturating_sub(self.record_start)
            > (MAX_RECORD_BYTES + BUFFER_BYTES) as u64
        {
            self.too_long = true;
            return Err(std::io::Error::other("record too long"));
        }
        let at = match self.sentinel_at {
            Some(at) => at,
            None => {
                let n = self.inner.read(buf)?;
                if n > 0 {
                    self.delivered += n as u64;
                    self.last = buf.get(n - 1).copied().unwrap_or(self.last);
                    return Ok(n);
                }
                0
            }
        };
        let rest = SENTINEL.get(at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.sentinel_at = Some(at + n);
        Ok(n)
    }
}

/// The records of one CSV input.
pub struct Records {
    reader: csv::Reader<Guard>,
    record: ByteRecord,
    name: String,
    gzip: bool,
    /// Physical lines before the first one handed to the reader.
    lines_before: u64,
    /// The next call ends the input (the last record was read, or an error ended it).
    ended: bool,
}

/// What [`Records::next`] read.
pub enum Next<'r> {
    /// A record.
    Row(Row<'r>),
    /// A record that cannot be read (a quote left open at the end of the file): counted as a bad row.
    Bad(Error),
    /// The end of the input.
    End,
}

impl Records {
    /// Records of `head` followed by `rest` (`head` is what the caller read already, e.g. the first line to tell the
    /// format, line break included), the first line being line `lines_before + 1`; `name` and `gzip` for errors.
    pub fn new(
        name: &str,
        gzip: bool,
        head: Vec<u8>,
        rest: Box<dyn BufRead>,
        lines_before: u64,
    ) -> Records {
        Records::build(name, gzip, head, rest, lines_before, None, b',')
    }

    /// Records of Athena/Hive text (`TEXTFILE`): fields separated by Ctrl-A (`\x01`), no quoting; the same
    /// arguments as [`Records::new`]. (Hive writes a null as `\N`; the readers of its columns take that as empty.)
    pub fn ctrl_a(
        name: &str,
        gzip: bool,
        head: Vec<u8>,
        rest: Box<dyn BufRead>,
        lines_before: u64,
    ) -> Records {
        Records::build(name, gzip, head, rest, lines_before, None, 0x01)
    }

    /// Records of a text in memory; lines starting with `comment` (e.g. `#`) are skipped.
    pub fn from_text(name: &str, text: &str, comment: Option<u8>) -> Records {
        let text = text.as_bytes().to_vec();
        Records::build(
            name,
            false,
            text,
            Box::new(std::io::empty()),
            0,
            comment,
            b',',
        )
    }

    fn build(
        name: &str,
        gzip: bool,
        mut head: Vec<u8>,
        rest: Box<dyn BufRead>,
        lines_before: u64,
        comment: Option<u8>,
        delimiter: u8,
    ) -> Records {
        if head.starts_with(b"\xef\xbb\xbf") {
            head.drain(..3);
        }
        let inner: Box<dyn BufRead> = Box::new(std::io::Cursor::new(head).chain(rest));
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(comment)
            .delimiter(delimiter)
            // Hive text has no quoting: a `"` is data.
            .quoting(delimiter == b',')
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(Guard {
                inner,
                delivered: 0,
                record_start: 0,
                last: b'\n',
                sentinel_at: None,
                too_long: false,
            });
        Records {
            reader,
            record: ByteRecord::new(),
            name: name.to_string(),
            gzip,
            lines_before,
            ended: false,
        }
    }

    /// Bytes of the input read so far, `head` included.
    pub fn bytes(&self) -> u64 {
        self.reader.get_ref().delivered
    }

    /// Physical lines read so far, from the first line on; at the end, all of them (a last line without a line
    /// break counts).
    pub fn lines(&self) -> u64 {
        let newlines = self.reader.position().line().saturating_sub(1);
        let g = self.reader.get_ref();
        match g.sentinel_at {
            // The sentinel's line break is one of them; a last line without its own counts too.
            Some(at) if at > 0 => newlines.saturating_sub(1) + u64::from(g.last != b'\n'),
            _ => newlines,
        }
    }

    /// The next record; blank lines are skipped. An error is returned for what ends the input: a record over
    /// [`MAX_RECORD_BYTES`] still going on, or a read error (a truncated gzip stream).
    #[allow(clippy::should_implement_trait)] // it lends the record: not an Iterator
    pub fn next(&mut self) -> Result<Next<'_>> {
        loop {
            if self.ended {
                return Ok(Next::End);
            }
            let start = self.lines_before + self.reader.position().line();
            let read = self.reader.read_byte_record(&mut self.record);
            let end = self.reader.position().byte();
            self.reader.get_mut().record_start = end;
            match read {
                Ok(true) => {}
                Ok(false) => {
                    self.ended = true;
                    return Ok(Next::End);
                }
                Err(e) => {
                    self.ended = true;
                    let message = if self.reader.get_ref().too_long {
                        format!(
                            "a record that goes on for more than {} KiB from this line (a quoted field left open?)",
                            MAX_RECORD_BYTES >> 10
                        )
                    } else if e.is_io_error() && self.gzip {
                        format!("the gzip data is truncated or corrupt ({e})")
                    } else {
                        format!("read failed: {e}")
                    };
                    return Err(Error::Syntax {
                        at: Location::at(&self.name, start as usize),
                        message,
                    });
                }
            }
            let line = self.start_line();
            let len = end.saturating_sub(self.record.position().map_or(0, |p| p.byte()));
            if self.record.len() == 1 {
                let only = self.record.get(0).unwrap_or_default();
                if only == SENTINEL_FIELD && self.reader.get_ref().sentinel_at.is_some() {
                    self.ended = true;
                    return Ok(Next::End);
                }
                if only.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
            }
            let open = self.reader.get_ref().sentinel_at.is_some()
                && self
                    .record
                    .get(self.record.len().saturating_sub(1))
                    .is_some_and(|f| f.ends_with(SENTINEL));
            if open {
                self.ended = true;
                return Ok(Next::Bad(Error::Syntax {
                    at: Location::at(&self.name, line),
                    message:
                        "a quoted field opened on this line is not closed by the end of the file"
                            .into(),
                }));
            }
            if len > MAX_RECORD_BYTES as u64 {
                return Ok(Next::Bad(Error::Syntax {
                    at: Location::at(&self.name, line),
                    message: format!(
                        "a record of more than {} KiB (a quoted field left open?)",
                        MAX_RECORD_BYTES >> 10
                    ),
                }));
            }
            return Ok(Next::Row(Row {
                record: &self.record,
                file: &self.name,
                line,
            }));
        }
    }

    /// The physical line the record just read starts on: the reader's position is after its end (blank lines
    /// before it are skipped, and a quoted field may hold line breaks).
    fn start_line(&self) -> usize {
        let after = self.reader.position().line();
        let from = self.record.position().map_or(after, |p| p.line());
        // One line break ends the record; more are in its fields or blank lines before it.
        let end = after.saturating_sub(1).max(from);
        let start = if end == from {
            end
        } else {
            let inside = memchr::memchr_iter(b'\n', self.record.as_slice()).count() as u64;
            end.saturating_sub(inside).max(from)
        };
        (self.lines_before + start) as usize
    }
}

/// One record, with where it was read for errors.
#[derive(Clone, Copy)]
pub struct Row<'r> {
    record: &'r ByteRecord,
    file: &'r str,
    line: usize,
}

impl<'r> Row<'r> {
    /// A row of `record` read at `line` of `file` (tests).
    pub fn new(record: &'r ByteRecord, file: &'r str, line: usize) -> Row<'r> {
        Row { record, file, line }
    }

    /// The file, for errors.
    pub fn file(&self) -> &'r str {
        self.file
    }

    /// The physical line the record starts on.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Fields.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// Field `i` as written, without surrounding whitespace; `""` when the row is shorter. Text that is not UTF-8
    /// is an error naming the column.
    pub fn text(&self, i: usize) -> Result<&'r str> {
        let bytes = self.record.get(i).unwrap_or_default().trim_ascii();
        match std::str::from_utf8(bytes) {
            // Other white space (rare) is trimmed too.
            Ok(s)
                if bytes.first().is_none_or(|c| c.is_ascii())
                    && bytes.last().is_none_or(|c| c.is_ascii()) =>
            {
                Ok(s)
            }
            Ok(s) => Ok(s.trim()),
            Err(_) => Err(Error::InvalidValue {
                at: Location::at(self.file, self.line),
                field: format!("column {}", i + 1),
                value: format!("\"{}\"", self.lossy(i)),
                expected: "expected UTF-8 text".into(),
            }),
        }
    }

    /// Field `i`'s bytes without surrounding ASCII white space; empty when the row is shorter. Numbers are read
    /// from these by `ingest::number`.
    pub fn raw(&self, i: usize) -> &'r [u8] {
        self.record.get(i).unwrap_or_default().trim_ascii()
    }

    /// Field `i` as written (at most 60 characters, bytes that are not UTF-8 replaced), for errors.
    pub fn lossy(&self, i: usize) -> String {
        let bytes = self.record.get(i).unwrap_or_default().trim_ascii();
        String::from_utf8_lossy(bytes).chars().take(60).collect()
    }

    /// Every field as text (the header).
    pub fn texts(&self) -> Result<Vec<&'r str>> {
        (0..self.len()).map(|i| self.text(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record's line and fields, or an error's message.
    type Read = std::result::Result<(usize, Vec<String>), String>;

    fn read(text: &str) -> (Vec<Read>, u64) {
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        let mut r = Records::new(
            "t.csv",
            false,
            format!("{first}\n").into_bytes(),
            Box::new(std::io::Cursor::new(rest.as_bytes().to_vec())),
            0,
        );
        let mut out = Vec::new();
        loop {
            match r.next() {
                Ok(Next::Row(row)) => out.push(Ok((
                    row.line(),
                    row.texts().unwrap().iter().map(|s| s.to_string()).collect(),
                ))),
                Ok(Next::Bad(e)) => out.push(Err(e.to_string())),
                Ok(Next::End) => break,
                Err(e) => {
                    out.push(Err(e.to_string()));
                    break;
                }
            }
        }
        (out, r.lines())
    }

    fn row(line: usize, fields: &[&str]) -> Read {
        Ok((line, fields.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn quotes_empty_fields_and_the_lines_records_start_on() {
        let (rows, lines) =
            read("a,\"b,c\",,\"d \"\"e\"\"\",f\nx\n\n  \ny,\"1\n2\",z\nq,5\" screen\n\"a\"b,c");
        assert_eq!(
            rows,
            [
                row(1, &["a", "b,c", "", "d \"e\"", "f"]),
                row(2, &["x"]),
                row(5, &["y", "1\n2", "z"]),
                row(7, &["q", "5\" screen"]),
                row(8, &["ab", "c"]),
            ]
        );
        assert_eq!(lines, 8);
        let (_, lines) = read("h\n1\n");
        assert_eq!(lines, 2);
        let (rows, lines) = read("h");
        assert_eq!((rows.len(), lines), (1, 1));
    }

    #[test]
    fn a_quote_left_open_is_an_error_naming_its_line() {
        let (rows, lines) = read("h,n\n1,ok\n2,\"open\nmore\n");
        assert_eq!(rows.first(), Some(&row(1, &["h", "n"])));
        let e = rows.get(2).unwrap().clone().unwrap_err();
        assert!(e.contains("t.csv:3") && e.contains("not closed"), "{e}");
        assert_eq!(lines, 4);
        let (rows, _) = read("h\n\"");
        assert!(rows
            .get(1)
            .unwrap()
            .clone()
            .unwrap_err()
            .contains("t.csv:2"));
        // Closed at the very end: fine.
        let (rows, _) = read("h\n\"a\nb\"");
        assert_eq!(rows.get(1), Some(&row(2, &["a\nb"])));
    }

    #[test]
    fn a_record_over_the_limit_stops_in_bounded_memory_and_linear_time() {
        // An open quote followed by many short lines: read once, stopped a little past the limit.
        let mut text = String::from("h\n\"open\n");
        text.push_str(&"x,1\n".repeat(2_000_000));
        let (rows, lines) = read(&text);
        let e = rows.last().unwrap().clone().unwrap_err();
        assert!(e.contains("t.csv:2") && e.contains("1024 KiB"), "{e}");
        // 1 MiB of 4-byte lines and the reader's buffer: the rest of the 8 MB was never read.
        assert!(lines < 300_000, "{lines}");
        // Just over the limit but complete: a bad row, and reading goes on.
        let long = format!("h\n\"{}\"\nnext\n", "y".repeat(MAX_RECORD_BYTES + 10));
        let (rows, _) = read(&long);
        assert!(rows
            .get(1)
            .unwrap()
            .clone()
            .unwrap_err()
            .contains("t.csv:2"));
        assert_eq!(rows.get(2), Some(&row(3, &["next"])));
    }

    #[test]
    fn text_that_is_not_utf8_is_an_error_naming_the_column() {
        let mut r = ByteRecord::new();
        r.push_field(b"ok");
        r.push_field(b"\xff\xfe");
        let row = Row::new(&r, "t.csv", 4);
        assert_eq!(row.text(0).unwrap(), "ok");
        assert_eq!(row.text(5).unwrap(), "");
        let e = row.text(1).unwrap_err().to_string();
        assert!(e.contains("t.csv:4") && e.contains("column 2"), "{e}");
    }
}
