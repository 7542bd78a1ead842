//! What a child writes to a pipe, kept within a cap: the first bytes up to the cap and the last few KiB, so that a
//! chatty child neither fills memory nor hides the error line it prints last.

use std::io::Read;
use std::sync::{Arc, Mutex};

/// Bytes kept from the end of an output past its cap (where the error line is).
const TAIL_BYTES: usize = 16 * 1024;

/// An output kept within a cap.
#[derive(Debug, Clone, Default)]
pub(crate) struct Capped {
    cap: usize,
    head: Vec<u8>,
    tail: Vec<u8>,
    total: u64,
}

impl Capped {
    /// An empty output that keeps at most `cap` bytes from its start.
    pub(crate) fn new(cap: usize) -> Capped {
        Capped {
            cap,
            ..Capped::default()
        }
    }

    /// Appends `buf`: to the head while it is under the cap, past it to the tail (of which only the last
    /// `TAIL_BYTES` are kept).
    pub(crate) fn push(&mut self, buf: &[u8]) {
        self.total += buf.len() as u64;
        let room = self.cap.saturating_sub(self.head.len()).min(buf.len());
        self.head.extend_from_slice(&buf[..room]);
        let rest = &buf[room..];
        if rest.is_empty() {
            return;
        }
        self.tail.extend_from_slice(rest);
        if self.tail.len() > 2 * TAIL_BYTES {
            let cut = self.tail.len() - TAIL_BYTES;
            self.tail.drain(..cut);
        }
    }

    /// The first bytes, up to the cap.
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }

    /// Whether bytes past the cap were written (and only the head and the tail kept).
    pub(crate) fn truncated(&self) -> bool {
        self.total > self.head.len() as u64
    }

    /// Bytes written in all, kept or not.
    pub(crate) fn total_bytes(&self) -> u64 {
        self.total
    }

    /// The last non-empty line (from the tail when the output went past its cap), trimmed.
    pub(crate) fn last_line(&self) -> String {
        let end = if self.tail.is_empty() {
            &self.head
        } else {
            &self.tail
        };
        String::from_utf8_lossy(end)
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    }
}

/// Reads `from` to its end into `into`, a chunk at a time; read errors end the reading (the child is gone).
pub(crate) fn drain(mut from: impl Read, into: Arc<Mutex<Capped>>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if let Ok(mut c) = into.lock() {
                    c.push(&buf[..n]);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_past_its_cap_keeps_its_head_and_its_last_line() {
        let mut c = Capped::new(10);
        c.push(b"0123456789abc");
        for _ in 0..10_000 {
            c.push(b"noise noise noise\n");
        }
        c.push(b"Error: the last line\n");
        assert_eq!(c.head(), b"0123456789");
        assert!(c.truncated());
        assert_eq!(c.total_bytes(), 13 + 10_000 * 18 + 21);
        assert!(c.tail.len() <= 2 * TAIL_BYTES);
        assert_eq!(c.last_line(), "Error: the last line");
    }

    #[test]
    fn an_output_under_its_cap_is_kept_whole() {
        let mut c = Capped::new(1024);
        c.push(b"{\"a\": 1}\nwarning\n\n");
        assert!(!c.truncated());
        assert_eq!(c.head(), b"{\"a\": 1}\nwarning\n\n");
        assert_eq!(c.last_line(), "warning");
    }
}
