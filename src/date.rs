//! Calendar dates (`YYYY-MM-DD`) for dated prices and billing rules, and the timestamps of usage exports and
//! replayed traffic: every date and timestamp the crate reads is parsed here, without a date-time dependency.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// The day INIT started being billed for ZIP functions on managed runtimes.
    pub const INIT_BILLING_START: Date = Date {
        year: 2025,
        month: 8,
        day: 1,
    };

    /// Today's date in UTC from the system clock.
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, mo: i64, d: i64) -> i64 {
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// [`parse_timestamp`] of bytes, the same result for every input; the shapes logs and Insights write
/// (`2026-11-01T13:05:00.123Z`: `T` or a space, 1 to 12 fraction digits or none, `Z` or no zone) are read without
/// allocating or parsing text twice.
pub fn parse_timestamp_bytes(b: &[u8]) -> Option<f64> {
    fast_timestamp(b).or_else(|| parse_timestamp(std::str::from_utf8(b).ok()?))
}

/// The fast path of [`parse_timestamp_bytes`]: `None` for any other shape (and for dates the slow path refuses too).
#[inline]
fn fast_timestamp(b: &[u8]) -> Option<f64> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let n = b.len();
    // Without a zone (Logs Insights writes `2026-11-01 00:00:01.314`) or in UTC.
    let end = if at(n.wrapping_sub(1)) == b'Z' {
        n - 1
    } else {
        n
    };
    if end < 19
        || at(4) != b'-'
        || at(7) != b'-'
        || !(at(10) == b'T' || at(10) == b' ')
        || at(13) != b':'
        || at(16) != b':'
    {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        b.get(r)?.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, mo, d, h, mi, ss) = (
        digits(0..4)?,
        digits(5..7)?,
        digits(8..10)?,
        digits(11..13)?,
        digits(14..16)?,
        digits(17..19)?,
    );
    // `SS` or `SS.f…` (1 to 12 digits: with the two of the seconds at most 14, exact as an integer over 10^k).
    let (frac, k) = match end {
        19 => (0, 0),
        21..=32 if at(19) == b'.' => (digits(20..end)?, end - 20),
        _ => return None,
    };
    let scale = *FRACTION_SCALE.get(k)?;
    let sec = (ss as f64 * scale + frac as f64) / scale;
    if !(1..=12).contains(&mo)
        || d < 1
        || d > i64::from(days_in_month(i32::try_from(y).ok()?, mo as u8))
        || h > 23
        || mi > 59
        || !(0.0..61.0).contains(&sec)
    {
        return None;
    }
    Some((days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60) as f64 + sec)
}

/// 10⁰ … 10¹², exact in an `f64`.
const FRACTION_SCALE: [f64; 13] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
];

/// Parses a timestamp `2026-11-01T13:05:00Z`, `2026-11-01 13:05`, `…+02:00`, or epoch seconds, into epoch seconds; `None` for anything else, including days a month does not have (2025-02-31).
pub fn parse_timestamp(s: &str) -> Option<f64> {
    let s = s.trim().trim_matches('"');
    if let Ok(x) = s.parse::<f64>() {
        // Epoch seconds, or milliseconds when too large to be seconds.
        return x
            .is_finite()
            .then_some(if x > 1e11 { x / 1000.0 } else { x });
    }
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    if b.len() < 16
        || at(4) != b'-'
        || at(7) != b'-'
        || !(at(10) == b'T' || at(10) == b' ')
        || at(13) != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
    );
    let mut rest = &s[16..];
    let mut sec = 0.0;
    if let Some(r) = rest.strip_prefix(':') {
        let end = r
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(r.len());
        sec = r[..end].parse::<f64>().ok()?;
        rest = &r[end..];
    }
    let offset_s = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first().copied().unwrap_or(0) {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hm = rest[1..].replace(':', "");
            let oh = hm.get(0..2)?.parse::<i64>().ok()?;
            let om = hm.get(2..4).map_or(Some(0), |m| m.parse::<i64>().ok())?;
            sign * (oh * 3600 + om * 60)
        }
    };
    if !(1..=12).contains(&mo)
        || d < 1
        || d > i64::from(days_in_month(i32::try_from(y).ok()?, mo as u8))
        || h > 23
        || mi > 59
        || !(0.0..61.0).contains(&sec)
    {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some((days * 86_400 + h * 3600 + mi * 60 - offset_s) as f64 + sec)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl FromStr for Date {
    type Err = String;
    /// Parses `YYYY-MM-DD`; the error says what was expected.
    fn from_str(s: &str) -> Result<Date, String> {
        let bad = || format!("'{s}' is not a date in the form YYYY-MM-DD");
        let mut parts = s.trim().split('-');
        let (y, m, d) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(y), Some(m), Some(d), None) if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                (y, m, d)
            }
            _ => return Err(bad()),
        };
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timestamp_fast_path_agrees_with_the_text_reader() {
        // A small xorshift of its own: `date` sits low in the module graph and depends on nothing but `error`.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut pick = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..200_000 {
            // Mostly well-formed log timestamps, with every field sometimes out of range or mangled.
            let mut s = format!(
                "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
                1960 + pick(80),
                pick(14),
                pick(33),
                if pick(2) == 0 { 'T' } else { ' ' },
                pick(26),
                pick(62),
                pick(63)
            );
            let frac = pick(15) as usize;
            if frac > 0 {
                s.push('.');
                s.extend((1..frac).map(|_| char::from(b'0' + pick(10) as u8)));
            }
            s.push_str(
                ["Z", "Z", "z", "", "+02:00"]
                    .get(pick(5) as usize)
                    .copied()
                    .unwrap_or("Z"),
            );
            if pick(8) == 0 {
                let k = pick(s.len() as u64) as usize;
                let c = b"x-.:9+".get(pick(6) as usize).copied().unwrap_or(b'x');
                s.replace_range(k..=k, std::str::from_utf8(&[c]).unwrap_or("x"));
            }
            assert_eq!(
                parse_timestamp_bytes(s.as_bytes()),
                parse_timestamp(&s),
                "{s}"
            );
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            parse_timestamp("2026-11-01T13:05:00Z"),
            Some(1_793_538_300.0)
        );
        assert_eq!(
            parse_timestamp("2026-11-01 15:05:00+02:00"),
            Some(1_793_538_300.0)
        );
        assert_eq!(parse_timestamp("2026-11-01 13:05"), Some(1_793_538_300.0));
        assert_eq!(parse_timestamp("1793538300"), Some(1_793_538_300.0));
        assert_eq!(parse_timestamp("2026-13-01 13:05"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2025-02-31T00:00:00Z"), None);
        assert_eq!(
            parse_timestamp("2024-02-29T00:00:00Z"),
            Some(1_709_164_800.0)
        );
        assert_eq!(parse_timestamp("2025-04-31 10:00"), None);
    }

    #[test]
    fn parses_and_orders() {
        let a: Date = "2025-07-31".parse().unwrap_or(Date::INIT_BILLING_START);
        assert!(a < Date::INIT_BILLING_START);
        assert!("2025-02-29".parse::<Date>().is_err());
        assert!("2025-02-31".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2025-8-1".parse::<Date>().is_err());
        assert_eq!(
            Date::from_days_since_epoch(20_300).to_string(),
            "2025-07-31"
        );
    }
}
