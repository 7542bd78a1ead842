//! Both cores for a large plain Logs Insights or Live Tail CSV export: the file is cut just after a line break near
//! its middle, the first part is read as a file of its own and the second as the same header followed by the rest,
//! each on its own thread, and the parts are merged in file order (their per-function aggregates merge exactly).
//! The result equals a reading on one thread, or the one-thread reading is done instead: a cut inside a quoted
//! field leaves the first part ending in an open quote (a bad row), and any bad row or error in either part, or a
//! bound the merged state would pass, leaves the file to the one-thread reading, which gives its rows and errors
//! as it always did.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::input::Input;
use super::kind::Kind;
use super::split::{merge, middle_window};
use super::{ingest_csv, ingest_input, Ingested, Options};
use crate::csv_input::{Records, MAX_RECORD_BYTES};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Reads the plain CSV export at `path` (`size` bytes, of `kind`, whose header is `header` without its line
/// break) on two threads and adds it to `into`; false (and `into` untouched) when it is not cut or a part cannot
/// be read cleanly: the caller reads it on one thread instead.
#[allow(clippy::too_many_arguments)]
pub(super) fn ingest(
    path: &Path,
    size: u64,
    name: &str,
    kind: Kind,
    header: &[u8],
    default_function: &str,
    opts: &Options,
    into: &mut Ingested,
) -> bool {
    // A header with a quote might span lines: the second part could not be given it whole.
    if !matches!(kind, Kind::Insights | Kind::LiveTail) || header.contains(&b'"') {
        return false;
    }
    let Some(cut) = cut_point(path, size) else {
        return false;
    };
    let opts = Options {
        kind: Some(kind),
        ..opts.clone()
    };
    let (first, second) = std::thread::scope(|s| {
        let second =
            s.spawn(|| second_part(path, cut, size, header, kind, name, default_function, &opts));
        let first = first_part(path, cut, name, default_function, &opts);
        (first, second.join())
    });
    let (Some(first), Ok(Some(second))) = (first, second) else {
        return false;
    };
    merge(into, [first, second])
}

/// Bytes `0..cut` read as a file of their own; `None` on an error or a bad row (which may be the cut's doing).
fn first_part(
    path: &Path,
    cut: u64,
    name: &str,
    default_function: &str,
    opts: &Options,
) -> Option<Ingested> {
    let file = File::open(path).ok()?;
    let input = Input::plain(name.to_string(), Box::new(file.take(cut)));
    let mut part = Ingested::default();
    ingest_input(
        input,
        default_function,
        opts,
        &mut part,
        &mut |_, _| {},
        None,
    )
    .ok()?;
    (part.bad_count == 0).then_some(part)
}

/// The header, then bytes `cut..size`; `None` on an error or a bad row (its line numbers would count from the cut).
#[allow(clippy::too_many_arguments)]
fn second_part(
    path: &Path,
    cut: u64,
    size: u64,
    header: &[u8],
    kind: Kind,
    name: &str,
    default_function: &str,
    opts: &Options,
) -> Option<Ingested> {
    let mut file = File::open(path).ok()?;
    file.seek(SeekFrom::Start(cut)).ok()?;
    let mut head = header.to_vec();
    head.push(b'\n');
    let head_bytes = head.len() as u64;
    let rest = BufReader::with_capacity(1 << 18, file.take(size - cut));
    let mut records = Records::new(name, false, head, Box::new(rest), 0);
    let mut part = Ingested::default();
    ingest_csv(
        &mut records,
        kind,
        default_function,
        opts,
        &mut part,
        &mut |_| {},
    )
    .ok()?;
    if part.bad_count > 0 {
        return None;
    }
    // The header line is the first part's.
    part.lines += records.lines().checked_sub(1)?;
    part.bytes += records.bytes().checked_sub(head_bytes)?;
    part.assumptions.clear();
    Some(part)
}

/// Just after the first line break past the middle; `None` when there is none within a record's length.
fn cut_point(path: &Path, size: u64) -> Option<u64> {
    let (middle, window) = middle_window(path, size, MAX_RECORD_BYTES as u64)?;
    let b = memchr::memchr(b'\n', &window)?;
    let cut = middle + b as u64 + 1;
    (cut < size).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::generate::{generate, Spec, Style};

    fn spec() -> Spec {
        Spec {
            function: "f".into(),
            invocations: 4_000,
            cold_share: 0.05,
            handler_ms: (10.0, 400.0),
            init_ms: (300.0, 900.0),
            memory_mb: 512,
            hours: 24.0,
            seed: 4,
        }
    }

    /// Both readings of `text` (an Insights export): (split taken, two-thread result, one-thread result).
    fn both(name: &str, text: &[u8]) -> (bool, Ingested, Ingested) {
        let dir =
            std::env::temp_dir().join(format!("coldcost-split-csv-{}-{name}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("export.csv");
        let _ = std::fs::write(&path, text);
        let header = text.split(|&c| c == b'\n').next().unwrap_or_default();
        let opts = Options::default();
        let mut two = Ingested::default();
        let split = ingest(
            &path,
            text.len() as u64,
            "export.csv",
            Kind::Insights,
            header,
            "f",
            &opts,
            &mut two,
        );
        let mut one = Ingested::default();
        let read =
            crate::ingest::ingest_file_with(&path, &opts, &mut one, &mut |_, _| {}, u64::MAX);
        assert!(read.is_ok(), "{read:?}");
        let _ = std::fs::remove_dir_all(&dir);
        (split, two, one)
    }

    #[test]
    fn an_insights_export_is_read_in_two_parts_as_in_one() {
        let mut text = Vec::new();
        assert!(generate(&spec(), Style::Insights, &mut text).is_ok());
        let (split, two, one) = both("clean", &text);
        assert!(split);
        let (Some(a), Some(b)) = (one.functions.get("f"), two.functions.get("f")) else {
            panic!("no function `f`");
        };
        assert_eq!(a.invocations, 4_000);
        assert_eq!(
            (
                a.invocations,
                a.cold_starts,
                a.invoke_mb_ms,
                a.init_mb_ms,
                a.first_ts,
                a.last_ts
            ),
            (
                b.invocations,
                b.cold_starts,
                b.invoke_mb_ms,
                b.init_mb_ms,
                b.first_ts,
                b.last_ts
            )
        );
        assert_eq!(
            (&a.handler, &a.init, &a.memory_mb),
            (&b.handler, &b.init, &b.memory_mb)
        );
        assert_eq!(
            (
                one.lines,
                one.bytes,
                one.other_lines,
                one.state_entries,
                &one.assumptions
            ),
            (
                two.lines,
                two.bytes,
                two.other_lines,
                two.state_entries,
                &two.assumptions
            )
        );
    }

    #[test]
    fn a_cut_inside_a_quoted_field_is_left_to_one_thread() {
        let mut text = Vec::new();
        assert!(generate(&spec(), Style::Insights, &mut text).is_ok());
        // A row whose request id is a quoted field of many lines, from 45% of the file to past its new middle.
        let at = text.len() * 45 / 100;
        let at = at + memchr::memchr(b'\n', text.get(at..).unwrap_or_default()).unwrap_or(0) + 1;
        let mut broken = text.get(..at).unwrap_or_default().to_vec();
        broken.extend_from_slice(b"2026-11-01 00:00:00.000,123456789012:/aws/lambda/f,REPORT,\"");
        broken.extend_from_slice(&b"id\n".repeat(text.len() / 10));
        broken.extend_from_slice(b"\",100.5,101,,512000000,100000000\n");
        broken.extend_from_slice(text.get(at..).unwrap_or_default());
        let (split, two, _) = both("quoted", &broken);
        assert!(!split);
        assert!(two.functions.is_empty() && two.lines == 0, "left untouched");
    }
}
