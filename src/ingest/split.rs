//! Both cores for a large plain REPORT log: the file is cut at a line boundary near its middle, each half is read
//! and aggregated on its own thread, and the halves are merged in file order. The result equals a reading on one
//! thread: line numbers in errors and bad rows count from the file's start (a second half with bad rows is read
//! again numbered after the first half's lines), bad rows keep their order, and the bounds on functions and state hold. Anything
//! that would end in an error (a bad line without `--skip-bad-rows`, a bound, a log without REPORTs) is left to
//! the one-thread reading, which then gives the error exactly as it always did.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::input::{Input, MAX_LINE_BYTES};
use super::{continues_report, report_lines, Ingested, Options, MAX_FUNCTIONS, MAX_STATE_ENTRIES};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Reads the plain REPORT log at `path` (`size` bytes) on two threads and adds it to `into`; false (and `into`
/// untouched) when it is not cut or one half ends in an error: the caller reads it on one thread instead.
pub(super) fn ingest(
    path: &Path,
    size: u64,
    name: &str,
    default_function: &str,
    opts: &Options,
    into: &mut Ingested,
) -> bool {
    let Some(cut) = cut_point(path, size) else {
        return false;
    };
    // The second half's lines are numbered from the cut: its numbers show only in bad rows (an error leaves the
    // file to the one-thread reading), so a second half with bad rows is read again numbered from the first's end.
    let halves = std::thread::scope(|s| {
        let second = s.spawn(|| half(path, cut, size, 1, name, default_function, opts));
        let first = half(path, 0, cut, 1, name, default_function, opts);
        (first, second.join())
    });
    let (Some(first), Ok(Some(mut second))) = halves else {
        return false;
    };
    if second.bad_count > 0 {
        let Ok(before) = usize::try_from(first.lines) else {
            return false;
        };
        match half(path, cut, size, before + 1, name, default_function, opts) {
            Some(again) => second = again,
            None => return false,
        }
    }
    merge(into, [first, second])
}

/// Adds the halves to `into` in order (their assumptions too: a half that repeats the first's leaves its own out);
/// false (and `into` untouched) when the merged state could pass a bound or the input has no invocation (the
/// one-thread reading says which error).
pub(super) fn merge(into: &mut Ingested, halves: [Ingested; 2]) -> bool {
    let functions: usize = halves.iter().map(|h| h.functions.len()).sum();
    let entries: u64 = halves.iter().map(|h| h.state_entries).sum();
    let nothing = halves
        .iter()
        .all(|h| h.functions.is_empty() && h.bad_count == 0);
    if nothing
        || into.functions.len() + functions > MAX_FUNCTIONS
        || into.state_entries + entries > MAX_STATE_ENTRIES
    {
        return false;
    }
    for h in halves {
        for (function, agg) in h.functions {
            match into.functions.get_mut(&function) {
                Some(a) => into.state_entries += a.merge(&agg),
                None => {
                    into.state_entries += agg.state_entries();
                    into.functions.insert(function, agg);
                }
            }
        }
        into.lines += h.lines;
        into.other_lines += h.other_lines;
        into.bytes += h.bytes;
        into.bad_count += h.bad_count;
        into.assumptions.extend(h.assumptions);
        for row in h.bad_rows {
            if into.bad_rows.len() < 10 {
                into.bad_rows.push(row);
            }
        }
    }
    true
}

/// Reads bytes `start..end` of the file, whose first line is line `first_line`; `None` on any error.
fn half(
    path: &Path,
    start: u64,
    end: u64,
    first_line: usize,
    name: &str,
    default_function: &str,
    opts: &Options,
) -> Option<Ingested> {
    let mut file = File::open(path).ok()?;
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut input = Input::plain(name.to_string(), Box::new(file.take(end - start)));
    let mut part = Ingested::default();
    let mut buf = Vec::with_capacity(4096);
    if !input.next_line(&mut buf, first_line).ok()? {
        return Some(part);
    }
    report_lines(
        input,
        buf,
        first_line,
        default_function,
        opts,
        &mut part,
        &mut |_, _| {},
    )
    .ok()?;
    Some(part)
}

/// Where to cut: just after the first line break past the middle whose next line is complete within the window
/// read and does not go on with a REPORT wrapped over several lines; `None` when there is none within
/// [`MAX_LINE_BYTES`].
fn cut_point(path: &Path, size: u64) -> Option<u64> {
    let (middle, window) = middle_window(path, size, 2 * MAX_LINE_BYTES as u64)?;
    let mut breaks = memchr::memchr_iter(b'\n', &window).peekable();
    while let Some(b) = breaks.next() {
        let next_end = *breaks.peek()?;
        if b > MAX_LINE_BYTES {
            return None;
        }
        if !continues_report(window.get(b + 1..next_end)?) {
            return Some(middle + b as u64 + 1);
        }
    }
    None
}

/// The file's middle byte offset and up to `len` bytes read from there (where both readers look for their cut).
pub(super) fn middle_window(path: &Path, size: u64, len: u64) -> Option<(u64, Vec<u8>)> {
    let middle = size / 2;
    let mut file = File::open(path).ok()?;
    file.seek(SeekFrom::Start(middle)).ok()?;
    let mut window = Vec::new();
    file.take(len).read_to_end(&mut window).ok()?;
    Some((middle, window))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cut_follows_a_line_break_and_skips_a_wrapped_report() {
        let dir = std::env::temp_dir().join(format!("coldcost-split-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("cut.log");
        let text = "aaaa\nREPORT RequestId: x\nDuration: 1 ms\nMemory Size: 128 MB\nnext\nlast\n";
        let _ = std::fs::write(&path, text);
        let cut = cut_point(&path, text.len() as u64).unwrap_or(0) as usize;
        assert_eq!(text.get(cut..), Some("next\nlast\n"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_generated_log_is_read_on_two_threads_and_counts_agree() {
        use crate::ingest::generate::{generate, Spec, Style};
        let dir = std::env::temp_dir().join(format!("coldcost-split2-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("gen.log");
        let spec = Spec {
            function: "f".into(),
            invocations: 5_000,
            cold_share: 0.05,
            handler_ms: (10.0, 400.0),
            init_ms: (300.0, 900.0),
            memory_mb: 512,
            hours: 24.0,
            seed: 9,
        };
        let mut text = Vec::new();
        assert!(generate(&spec, Style::Text, &mut text).is_ok());
        let _ = std::fs::write(&path, &text);
        let (mut one, mut two) = (Ingested::default(), Ingested::default());
        let opts = Options::default();
        assert!(ingest(
            &path,
            text.len() as u64,
            "gen.log",
            "gen",
            &opts,
            &mut two
        ));
        let one_read =
            crate::ingest::ingest_file_with(&path, &opts, &mut one, &mut |_, _| {}, u64::MAX);
        assert!(one_read.is_ok());
        let (Some(a), Some(b)) = (one.functions.get("gen"), two.functions.get("gen")) else {
            panic!("no function `gen`");
        };
        assert_eq!(
            (
                a.invocations,
                a.cold_starts,
                a.invoke_mb_ms,
                a.init_mb_ms,
                a.handler.summary()
            ),
            (
                b.invocations,
                b.cold_starts,
                b.invoke_mb_ms,
                b.init_mb_ms,
                b.handler.summary()
            )
        );
        assert_eq!(
            (one.lines, one.bytes, one.state_entries),
            (two.lines, two.bytes, two.state_entries)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
