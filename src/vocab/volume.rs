//! Monthly volumes as people write them, the same in flags and files: `30000000`, `30_000_000`, `30,000,000`,
//! `3e7`, `30M`, `1.5B`, `500k`.

/// The largest volume accepted: 10¹⁵ invocations a month.
pub const MAX_VOLUME: u64 = 1_000_000_000_000_000;

/// Why a text is not a volume. The display says what is wrong, not the value (the caller names the value and
/// where it was written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VolumeError {
    /// Not digits with an optional decimal, exponent and suffix.
    #[error("not a volume (e.g. 30000000, 30_000_000, 30,000,000, 3e7, 30M, 1.5B)")]
    NotANumber,
    /// A letter after the number that is not a scale.
    #[error("unknown suffix `{0}` (use k, M, B or T)")]
    UnknownSuffix(char),
    /// Commas that do not group thousands (`2,00,000`).
    #[error("commas must group thousands (2,000,000)")]
    Commas,
    /// Negative, infinite or above [`MAX_VOLUME`].
    #[error("outside 0–10¹⁵")]
    OutOfRange,
    /// A fraction of an invocation (`1.5`, `1.2345k`).
    #[error("not a whole number of invocations")]
    NotWhole,
}

/// Parses one volume: digits with `_` or thousands commas, a decimal or exponent, and an optional suffix `k` (10³),
/// `M` (10⁶), `B` or `G` (10⁹), `T` (10¹²) in either case; a whole number from 0 to [`MAX_VOLUME`].
///
/// ```
/// use coldcost::vocab::parse_volume;
/// assert_eq!(parse_volume("30M"), Ok(30_000_000));
/// assert_eq!(parse_volume("30,000,000"), Ok(30_000_000));
/// assert_eq!(parse_volume("1.5B"), Ok(1_500_000_000));
/// assert!(parse_volume("1.5").is_err());
/// ```
pub fn parse_volume(s: &str) -> Result<u64, VolumeError> {
    let t = s.trim();
    let (number, scale) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() && !t.ends_with(['e', 'E']) => {
            let scale = match c.to_ascii_lowercase() {
                'k' => 1e3,
                'm' => 1e6,
                'b' | 'g' => 1e9,
                't' => 1e12,
                _ => return Err(VolumeError::UnknownSuffix(c)),
            };
            (t.get(..i).unwrap_or_default(), scale)
        }
        _ => (t, 1.0),
    };
    if number.contains(',') && !groups_thousands(number) {
        return Err(VolumeError::Commas);
    }
    let clean = number.replace(['_', ','], "");
    // Digits, a decimal point and an exponent only: no sign, and none of the words `f64` parses (`inf`, `NaN`).
    let plain = clean
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if clean.is_empty() || clean.starts_with(['+', '-']) || !plain {
        return Err(VolumeError::NotANumber);
    }
    let v: f64 = clean.parse().map_err(|_| VolumeError::NotANumber)?;
    whole_volume(v * scale)
}

/// A volume given as a number (a TOML float such as `3e7`): a whole number from 0 to [`MAX_VOLUME`].
pub fn whole_volume(v: f64) -> Result<u64, VolumeError> {
    if !(v.is_finite() && (0.0..=MAX_VOLUME as f64).contains(&v)) {
        return Err(VolumeError::OutOfRange);
    }
    if (v - v.round()).abs() > 1e-6 * v.max(1.0) {
        return Err(VolumeError::NotWhole);
    }
    Ok(v.round() as u64)
}

/// Whether `s` is digits grouped in thousands by commas (`2,000,000`, `1,500.5`): one number, not a list.
pub fn groups_thousands(s: &str) -> bool {
    let whole = s.split('.').next().unwrap_or(s);
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    whole.contains(',')
        && (1..=3).contains(&first.len())
        && digits(first)
        && groups.all(|g| g.len() == 3 && digits(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_way_people_write_a_volume() {
        for (s, v) in [
            ("30000000", 30_000_000),
            ("30_000_000", 30_000_000),
            ("30,000,000", 30_000_000),
            ("3e7", 30_000_000),
            ("3E7", 30_000_000),
            ("30M", 30_000_000),
            ("30m", 30_000_000),
            ("1.5B", 1_500_000_000),
            ("1.5b", 1_500_000_000),
            ("2G", 2_000_000_000),
            ("500k", 500_000),
            ("1T", 1_000_000_000_000),
            (" 1e9 ", 1_000_000_000),
            ("1.5e-3M", 1_500),
            ("0", 0),
            ("1e15", 1_000_000_000_000_000),
        ] {
            assert_eq!(parse_volume(s), Ok(v), "{s}");
        }
    }

    #[test]
    fn what_is_not_a_volume_says_why() {
        for (s, e) in [
            ("", VolumeError::NotANumber),
            ("-5", VolumeError::NotANumber),
            ("+5", VolumeError::NotANumber),
            ("abc", VolumeError::UnknownSuffix('c')),
            ("1.5", VolumeError::NotWhole),
            ("30X", VolumeError::UnknownSuffix('X')),
            ("1e16", VolumeError::OutOfRange),
            ("2,00,000", VolumeError::Commas),
            ("1,0000", VolumeError::Commas),
            ("NaN", VolumeError::UnknownSuffix('N')),
            ("inf", VolumeError::UnknownSuffix('f')),
            ("infk", VolumeError::NotANumber),
            ("M", VolumeError::NotANumber),
            ("1e", VolumeError::NotANumber),
        ] {
            assert_eq!(parse_volume(s), Err(e), "{s}");
        }
        assert_eq!(whole_volume(-1.0), Err(VolumeError::OutOfRange));
        assert_eq!(whole_volume(f64::NAN), Err(VolumeError::OutOfRange));
        assert_eq!(whole_volume(3e7), Ok(30_000_000));
    }

    #[test]
    fn thousands_are_groups_of_three_digits() {
        assert!(groups_thousands("2,000,000"));
        assert!(groups_thousands("1,500.5"));
        assert!(!groups_thousands("1e5,1M"));
        assert!(!groups_thousands("2000000"));
    }
}
