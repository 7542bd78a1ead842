//! The one reader of numbers in usage exports. Every numeric field of every format `ingest` reads is described by a
//! [`Field`]: its name as the user sees it, its grammar and its range. A value that does not fit is an error naming
//! the file, the line, the field and the value as written — never a saturated, truncated or defaulted number.
//!
//! Grammars (decided per format, from what the format itself writes):
//! - [`Grammar::Integer`]: ASCII digits only (`351`), read into a `u64` with overflow checked.
//! - [`Grammar::Decimal`]: digits with at most one point and digits on both sides or one side (`250.06`, `2`, `.5`,
//!   `5.`); no sign, no exponent, no `inf`/`nan`, no hex, no digit separators. REPORT lines, Insights and the usage
//!   CSV write durations and sizes this way.
//! - [`Grammar::Signed`]: what a Cost and Usage Report writes in its amounts: an optional `-`, a decimal, and an
//!   optional exponent (`1.6E-7`), because CUR writes tiny amounts in scientific notation and credits as negatives.
//!   `inf`, `nan` and hex are still refused.
//!
//! JSON numbers (`platform.report`) are parsed by JSON's own grammar and then checked against the same ranges with
//! [`Field::check`].
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::error::{Error, Location, Result};

/// How a field's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    /// ASCII digits only.
    Integer,
    /// Digits with at most one decimal point; no sign or exponent.
    Decimal,
    /// An optional `-`, a decimal, an optional exponent `e`/`E` with an optional sign.
    Signed,
}

impl Grammar {
    fn describe(self) -> &'static str {
        match self {
            Grammar::Integer => "a whole number (digits only)",
            Grammar::Decimal => {
                "a plain decimal number (digits and one point; no sign, exponent, hex, inf or nan)"
            }
            Grammar::Signed => "a decimal number (optional sign and exponent)",
        }
    }
}

/// A numeric field: its name in errors, its unit, its grammar and its inclusive range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The field's name as the format writes it (`Duration`, `@memorySize`, `mean_init_ms`).
    pub name: &'static str,
    /// The unit shown after the range (`ms`, `MB`, `bytes`, ``).
    pub unit: &'static str,
    /// How the value is written.
    pub grammar: Grammar,
    /// Smallest value allowed.
    pub min: f64,
    /// Largest value allowed.
    pub max: f64,
}

/// A REPORT `Duration` (and Insights `@duration`, JSON `durationMs`, usage `mean_duration_ms`): a function runs at
/// most 15 minutes.
pub const DURATION_MS: f64 = 900_000.0;
/// An `Init Duration`: INIT is limited to 10 s on demand; twice that leaves headroom for rounding and logging.
pub const INIT_MS: f64 = 20_000.0;
/// A SnapStart `Restore Duration` / `Billed Restore Duration`: the restore and its after-restore hooks (10 s limit),
/// with the same headroom.
pub const RESTORE_MS: f64 = 20_000.0;
/// A `Billed Duration`: the longest duration plus the longest INIT, rounded up.
pub const BILLED_MS: f64 = DURATION_MS + INIT_MS;
/// Lambda's memory sizes, MB.
pub const MEMORY_MB: (f64, f64) = (128.0, 10_240.0);

impl Field {
    /// A field named `name`, in `unit`, written in `grammar`, within `min..=max`.
    pub const fn new(
        name: &'static str,
        unit: &'static str,
        grammar: Grammar,
        min: f64,
        max: f64,
    ) -> Field {
        Field {
            name,
            unit,
            grammar,
            min,
            max,
        }
    }

    /// What the field allows, for errors: `expected a plain decimal number of 0 to 900000 ms`.
    pub fn expected(&self) -> String {
        format!(
            "expected {} from {} to {}{}{}",
            self.grammar.describe(),
            self.min,
            self.max,
            if self.unit.is_empty() { "" } else { " " },
            self.unit
        )
    }

    /// The error for `written` (shown quoted, at most 80 characters) at `file:line`.
    pub fn error(&self, written: &str, file: &str, line: usize) -> Error {
        self.error_in(written, file, line, None)
    }

    /// The same, naming the (1-based) column the value starts in when there is one.
    pub fn error_in(&self, written: &str, file: &str, line: usize, column: Option<usize>) -> Error {
        Error::InvalidValue {
            at: Location::at(file, line),
            field: match column {
                Some(c) => format!("column {c} ({})", self.name),
                None => self.name.to_string(),
            },
            value: format!("\"{}\"", written.chars().take(80).collect::<String>()),
            expected: self.expected(),
        }
    }

    /// Reads `bytes` (surrounding ASCII white space ignored) by the field's grammar and range.
    pub fn read(&self, bytes: &[u8], file: &str, line: usize) -> Result<f64> {
        self.read_in(bytes, file, line, None)
    }

    /// The same, naming `column` in errors.
    pub fn read_in(
        &self,
        bytes: &[u8],
        file: &str,
        line: usize,
        column: Option<usize>,
    ) -> Result<f64> {
        let b = bytes.trim_ascii();
        let v = match self.grammar {
            Grammar::Integer => integer(b).map(|v| v as f64),
            Grammar::Decimal => decimal(b),
            Grammar::Signed => signed(b),
        };
        match v {
            Some(v) if v.is_finite() && v >= self.min && v <= self.max => Ok(v),
            _ => Err(self.error_in(&String::from_utf8_lossy(b), file, line, column)),
        }
    }

    /// Reads an integer field into a `u64` (the grammar must be [`Grammar::Integer`]).
    pub fn read_u64(&self, bytes: &[u8], file: &str, line: usize) -> Result<u64> {
        let b = bytes.trim_ascii();
        match integer(b) {
            Some(v) if v as f64 >= self.min && v as f64 <= self.max => Ok(v),
            _ => Err(self.error(&String::from_utf8_lossy(b), file, line)),
        }
    }

    /// Checks a value already parsed by another grammar (a JSON number), shown as `written` in errors.
    pub fn check(&self, v: f64, written: &str, file: &str, line: usize) -> Result<f64> {
        let whole = self.grammar != Grammar::Integer || v.fract() == 0.0;
        if v.is_finite() && whole && v >= self.min && v <= self.max {
            Ok(v)
        } else {
            Err(self.error(written, file, line))
        }
    }
}

/// Digits only, into a `u64` with overflow checked.
fn integer(b: &[u8]) -> Option<u64> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u64, |acc, &c| {
        if c.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        } else {
            None
        }
    })
}

/// Digits with at most one point and at least one digit, read in one pass: up to 15 digits as an integer divided
/// by an exact power of ten (Clinger's fast path: the same `f64` as `str::parse`), more by `str::parse`, which does
/// the rounding once.
#[inline]
fn decimal(b: &[u8]) -> Option<f64> {
    let (mut m, mut digits, mut point) = (0u64, 0usize, None);
    for (k, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if digits <= 15 {
                    m = m * 10 + u64::from(c - b'0');
                }
            }
            b'.' if point.is_none() => point = Some(k),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    if digits <= 15 {
        let scale = point.map_or(0, |k| b.len() - k - 1);
        return Some(m as f64 / POWERS_OF_TEN.get(scale)?);
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// 10⁰ … 10¹⁵, exact in an `f64`.
const POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `-`? decimal (`e`|`E` (`+`|`-`)? digits)?
fn signed(b: &[u8]) -> Option<f64> {
    let body = b.strip_prefix(b"-").unwrap_or(b);
    let (mantissa, exponent) = match body.iter().position(|&c| c == b'e' || c == b'E') {
        Some(p) => (body.get(..p)?, Some(body.get(p + 1..)?)),
        None => (body, None),
    };
    decimal(mantissa)?;
    if let Some(e) = exponent {
        let digits = e
            .strip_prefix(b"-")
            .or_else(|| e.strip_prefix(b"+"))
            .unwrap_or(e);
        integer(digits)?;
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Field = Field::new("Duration", "ms", Grammar::Decimal, 0.0, DURATION_MS);
    const M: Field = Field::new("Memory Size", "MB", Grammar::Integer, 128.0, 10_240.0);
    const C: Field = Field::new("cost", "USD", Grammar::Signed, -1e12, 1e12);

    #[test]
    fn each_grammar_takes_what_its_format_writes_and_nothing_else() {
        for (s, want) in [
            ("250.06", 250.06),
            ("2", 2.0),
            (".5", 0.5),
            ("5.", 5.0),
            (" 7 ", 7.0),
        ] {
            assert_eq!(D.read(s.as_bytes(), "f", 1).ok(), Some(want), "{s}");
        }
        for s in [
            "1e309",
            "0x10",
            "1e3",
            "-1",
            "+1",
            "inf",
            "nan",
            "NaN",
            "",
            ".",
            "1.2.3",
            "1_000",
            "900000.01",
        ] {
            assert!(D.read(s.as_bytes(), "f", 1).is_err(), "{s}");
        }
        assert_eq!(M.read_u64(b"1024", "f", 1).ok(), Some(1024));
        for s in [
            "1e4",
            "1024.0",
            "127",
            "10241",
            "18446744073709551616",
            "0x400",
        ] {
            assert!(M.read(s.as_bytes(), "f", 1).is_err(), "{s}");
        }
        for (s, want) in [
            ("-0.5", -0.5),
            ("1.6E-7", 1.6e-7),
            ("2e+3", 2000.0),
            ("3", 3.0),
        ] {
            assert_eq!(C.read(s.as_bytes(), "f", 1).ok(), Some(want), "{s}");
        }
        for s in ["inf", "-nan", "0x10", "1e", "e5", "--1", "1e13", "1e309"] {
            assert!(C.read(s.as_bytes(), "f", 1).is_err(), "{s}");
        }
    }

    #[test]
    fn errors_name_file_line_field_value_and_what_is_allowed() {
        let e = D.read(b"1e309", "x.log", 7).unwrap_err().to_string();
        assert!(
            e.contains("x.log:7")
                && e.contains("`Duration`")
                && e.contains("\"1e309\"")
                && e.contains("900000 ms"),
            "{e}"
        );
        assert!(M.check(1024.5, "1024.5", "j", 1).is_err());
        assert_eq!(M.check(1024.0, "1024", "j", 1).ok(), Some(1024.0));
    }

    /// The two-pass reader `decimal` replaced (grammar checked first, then the fast path or `str::parse`).
    fn decimal_two_pass(b: &[u8]) -> Option<f64> {
        let mut digits = 0usize;
        let mut points = 0usize;
        for &c in b {
            match c {
                b'0'..=b'9' => digits += 1,
                b'.' => points += 1,
                _ => return None,
            }
        }
        if digits == 0 || points > 1 {
            return None;
        }
        let (mut m, mut n, mut point) = (0u64, 0usize, None);
        for (k, &c) in b.iter().enumerate() {
            if c == b'.' {
                point = Some(k);
            } else {
                m = m * 10 + u64::from(c - b'0');
                n += 1;
                if n > 15 {
                    return std::str::from_utf8(b).ok()?.parse().ok();
                }
            }
        }
        let scale = point.map_or(0, |k| b.len() - k - 1);
        Some(m as f64 / POWERS_OF_TEN.get(scale)?)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        /// Random strings of number-ish bytes: the one-pass reader gives the two-pass one's value or refusal, and
        /// every field reads them with the same result and the same error.
        #[test]
        fn the_one_pass_reader_agrees_with_the_two_pass_one(s in "[0-9. eE+x-]{0,24}") {
            proptest::prop_assert_eq!(decimal(s.as_bytes()), decimal_two_pass(s.as_bytes()));
            for f in [D, M, C] {
                let r = f.read(s.as_bytes(), "p", 3).map_err(|e| e.to_string());
                let v = s.trim().as_bytes();
                let want = match f.grammar {
                    Grammar::Decimal => decimal_two_pass(v),
                    Grammar::Integer => integer(v).map(|x| x as f64),
                    Grammar::Signed => signed(v),
                }
                .filter(|x| x.is_finite() && *x >= f.min && *x <= f.max)
                .ok_or_else(|| f.error(s.trim(), "p", 3).to_string());
                proptest::prop_assert_eq!(r, want);
            }
        }
    }

    #[test]
    fn the_fast_path_agrees_with_str_parse() {
        let mut rng = crate::rng::Rng::new(5);
        for _ in 0..100_000 {
            let digits = 1 + (rng.next_u64() % 18) as usize;
            let mut s: String = (0..digits)
                .map(|_| char::from(b'0' + (rng.next_u64() % 10) as u8))
                .collect();
            s.insert((rng.next_u64() % (digits as u64 + 1)) as usize, '.');
            assert_eq!(decimal(s.as_bytes()), s.parse::<f64>().ok(), "{s}");
        }
    }
}
