//! Replayed traffic: a CSV of invocation counts per minute or per hour, such as CloudWatch's `Invocations` metric
//! (Sum) exported from the console or from `aws cloudwatch get-metric-data`. Accepted rows: `count`, or
//! `timestamp,count` (ISO 8601 or epoch seconds), with or without a header; with a header, the columns named like
//! `time`/`timestamp`/`date` and `count`/`sum`/`value`/`invocations` are used and others ignored. Rows may come in
//! any order; bins CloudWatch leaves out (no invocations) count as zero. Without timestamps each row is a minute.
//! CSV as RFC 4180 has it (quoted fields may hold commas); lines starting with `#` are comments.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::csv_input::{Next, Records};
use crate::date::parse_timestamp;
use crate::error::{Error, Location, Result};
use std::path::Path;

/// Counts per bin, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// Invocations in each bin.
    pub counts: Vec<f64>,
    /// Bin length, s.
    pub bin_s: f64,
}

/// A field without surrounding white space or stray quotes (a quote inside an unquoted field is kept by CSV).
fn clean(f: &str) -> &str {
    f.trim().trim_matches('"').trim()
}

/// Reads a replay CSV.
pub fn read_replay(path: &Path) -> Result<Replay> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_replay(&text, &file)
}

/// Parses replay CSV text; `file` names it in errors.
pub fn parse_replay(text: &str, file: &str) -> Result<Replay> {
    let mut records = Records::from_text(file, text, Some(b'#'));
    let (mut time_col, mut count_col) = (None, None);
    let mut first = true;
    let mut rows: Vec<(Option<f64>, f64)> = Vec::new();
    loop {
        let row = match records.next()? {
            Next::Row(row) => row,
            Next::Bad(e) => return Err(e),
            Next::End => break,
        };
        let n = row.line();
        let fields: Vec<&str> = (0..row.len())
            .map(|i| row.text(i).map(clean))
            .collect::<Result<_>>()?;
        // Comments indented, or after white space, are comments too.
        if fields.first().is_some_and(|f| f.starts_with('#')) {
            continue;
        }
        if std::mem::take(&mut first) {
            let looks_like_header = fields
                .iter()
                .any(|f| f.parse::<f64>().is_err() && parse_timestamp(f).is_none());
            if looks_like_header {
                for (i, f) in fields.iter().enumerate() {
                    let f = f.to_ascii_lowercase();
                    if time_col.is_none() && (f.contains("time") || f.contains("date") || f == "ts")
                    {
                        time_col = Some(i);
                    } else if count_col.is_none()
                        && ["count", "sum", "value", "invocations"]
                            .iter()
                            .any(|k| f.contains(k))
                    {
                        count_col = Some(i);
                    }
                }
                if count_col.is_none() {
                    return Err(Error::Syntax {
                        at: Location::at(file, n),
                        message: format!("header `{}` has no count column (expected one named count, sum, value or invocations)", fields.join(",")),
                    });
                }
                continue;
            }
        }
        let (t, c) = match (time_col, count_col) {
            (_, Some(ci)) => (
                time_col.and_then(|ti| fields.get(ti).copied()),
                fields.get(ci).copied(),
            ),
            (None, None) if fields.len() == 1 => (None, fields.first().copied()),
            (None, None) => (fields.first().copied(), fields.get(1).copied()),
            (Some(_), None) => (None, None),
        };
        let c = c.ok_or_else(|| Error::Syntax {
            at: Location::at(file, n),
            message: format!("row `{}` has no count field", fields.join(",")),
        })?;
        let count = c
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| {
                Error::invalid(
                    &Location::at(file, n),
                    "count",
                    format!("\"{c}\""),
                    "a non-negative number",
                )
            })?;
        let time = match t {
            None => None,
            Some(ts) => Some(parse_timestamp(ts).ok_or_else(|| {
                Error::invalid(
                    &Location::at(file, n),
                    "timestamp",
                    format!("\"{ts}\""),
                    "an ISO 8601 time (2026-11-01T13:05:00Z) or epoch seconds",
                )
            })?),
        };
        rows.push((time, count));
    }
    if rows.is_empty() {
        return Err(Error::Syntax {
            at: Location::file(file),
            message: "no rows of counts".into(),
        });
    }
    if rows.iter().all(|r| r.0.is_none()) {
        return Ok(Replay {
            counts: rows.into_iter().map(|r| r.1).collect(),
            bin_s: 60.0,
        });
    }
    let mut timed: Vec<(f64, f64)> = rows
        .into_iter()
        .map(|(t, c)| (t.unwrap_or(f64::NAN), c))
        .collect();
    if timed.iter().any(|r| r.0.is_nan()) {
        return Err(Error::Syntax {
            at: Location::file(file),
            message: "some rows have a timestamp and others do not".into(),
        });
    }
    timed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let bin_s = timed
        .windows(2)
        .filter_map(|w| Some(w.get(1)?.0 - w.first()?.0))
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    let bin_s = if bin_s.is_finite() {
        bin_s.round().max(1.0)
    } else {
        60.0
    };
    let (Some(&(first, _)), Some(&(last, _))) = (timed.first(), timed.last()) else {
        return Err(Error::Syntax {
            at: Location::file(file),
            message: "no rows of counts".into(),
        });
    };
    // Checked before the cast: a span of 10³⁰⁰ seconds would not fit.
    let span = ((last - first) / bin_s).round();
    if !(0.0..=1e7).contains(&span) {
        return Err(Error::Syntax {
            at: Location::file(file),
            message: format!(
                "the timestamps span {span} bins of {bin_s} s: too long a time for the resolution"
            ),
        });
    }
    let span_bins = span as usize + 1;
    if span_bins > 10_000_000 {
        return Err(Error::Syntax {
            at: Location::file(file),
            message: format!(
                "{span_bins} bins of {bin_s} s: the file spans too long a time for its resolution"
            ),
        });
    }
    let mut counts = vec![0.0; span_bins];
    for (t, c) in timed {
        let i = ((t - first) / bin_s).round() as usize;
        if let Some(slot) = counts.get_mut(i.min(span_bins - 1)) {
            *slot += c;
        }
    }
    Ok(Replay { counts, bin_s })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloudwatch_style_export_with_gaps_and_descending_order() {
        let csv = "Timestamp,Sum\n2026-11-01T00:03:00Z,5\n2026-11-01T00:01:00Z,2\n2026-11-01T00:00:00Z,1\n";
        let r = parse_replay(csv, "x.csv").unwrap();
        assert_eq!(r.bin_s, 60.0);
        assert_eq!(r.counts, vec![1.0, 2.0, 0.0, 5.0]);
    }

    #[test]
    fn bad_rows_name_the_line_and_value() {
        let e = parse_replay(
            "time,count\n2026-11-01T00:00:00Z,3\n2026-11-01T00:01:00Z,-4\n",
            "inv.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("inv.csv:3") && e.contains("-4"), "{e}");
        let e = parse_replay("2026-11-01T00:00:00Z,3\nnot-a-time,4\n", "inv.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("inv.csv:2") && e.contains("not-a-time"), "{e}");
        assert!(parse_replay("", "e.csv").is_err());
        assert_eq!(
            parse_replay("3\n4\n", "c.csv").unwrap().counts,
            vec![3.0, 4.0]
        );
    }

    #[test]
    fn quoted_fields_comments_and_blank_lines() {
        // A quoted column name with a comma (split on every comma before, this named no count column), comments.
        let r = parse_replay(
            "# exported 2026-11-02\n\"Time, UTC\",\"Invocations (Sum)\"\n\n  # a note, with \"quotes\n\"2026-11-01 00:00:00\",\"7\"\n2026-11-01T00:01:00Z,8\n",
            "q.csv",
        )
        .unwrap();
        assert_eq!(r.counts, vec![7.0, 8.0]);
        let e = parse_replay("time,count\n2026-11-01T00:00:00Z,\"3\n", "open.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("open.csv:2") && e.contains("not closed"), "{e}");
        let e = parse_replay("time,count\n\n\n2026-11-01T00:00:00Z,x\n", "l.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("l.csv:4") && e.contains("\"x\""), "{e}");
    }
}
