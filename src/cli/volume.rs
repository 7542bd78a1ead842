//! Volumes as people write them, the same in every command: `30000000`, `30_000_000`, `30,000,000`, `3e7`, `30M`,
//! `1.5B`, `500k`.

/// The largest volume accepted (10¹⁵ a month).
const MAX: f64 = 1e15;

/// One volume: digits with `_` or thousands commas, a decimal or exponent, and an optional suffix `k` (10³), `M`
/// (10⁶), `B` or `G` (10⁹), `T` (10¹²) (either case); a whole number from 0 to 10¹⁵.
pub fn parse_volume(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (number, scale) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() && !t.ends_with(['e', 'E']) => {
            let scale = match c.to_ascii_lowercase() {
                'k' => 1e3,
                'm' => 1e6,
                'b' | 'g' => 1e9,
                't' => 1e12,
                _ => return Err(format!("`{s}`: unknown suffix `{c}` (use k, M, B or T)")),
            };
            (t.get(..i).unwrap_or_default(), scale)
        }
        _ => (t, 1.0),
    };
    if number.contains(',') && !thousands(number) {
        return Err(format!("`{s}`: commas must group thousands (2,000,000)"));
    }
    let clean = number.replace(['_', ','], "");
    if clean.is_empty() || clean.starts_with(['+', '-']) {
        return Err(format!(
            "`{s}` is not a volume (e.g. 30000000, 30_000_000, 30,000,000, 3e7, 30M, 1.5B)"
        ));
    }
    let v: f64 = clean.parse().map_err(|_| {
        format!("`{s}` is not a volume (e.g. 30000000, 30_000_000, 30,000,000, 3e7, 30M, 1.5B)")
    })?;
    let v = v * scale;
    if !(v.is_finite() && (0.0..=MAX).contains(&v)) {
        return Err(format!("`{s}` is outside 0–10¹⁵"));
    }
    if (v - v.round()).abs() > 1e-6 * v.max(1.0) {
        return Err(format!("`{s}` is not a whole number of invocations"));
    }
    Ok(v.round() as u64)
}

/// Volumes given as one argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Volumes(pub Vec<u64>);

/// A list of volumes separated by commas; a single number grouped in thousands (`2,000,000`) is one volume.
pub fn parse_volumes(s: &str) -> Result<Volumes, String> {
    if thousands(s.trim()) {
        return parse_volume(s).map(|v| Volumes(vec![v]));
    }
    s.split(',')
        .map(parse_volume)
        .collect::<Result<_, _>>()
        .map(Volumes)
}

/// Whether `s` is digits grouped in thousands by commas (`2,000,000`, `1,500.5`).
fn thousands(s: &str) -> bool {
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
            ("0", 0),
            ("1e15", 1_000_000_000_000_000),
        ] {
            assert_eq!(parse_volume(s), Ok(v), "{s}");
        }
        for s in [
            "", "-5", "+5", "abc", "1.5", "30X", "1e16", "2,00,000", "1,0000", "NaN", "inf", "M",
            "1e",
        ] {
            assert!(parse_volume(s).is_err(), "{s}");
        }
    }

    #[test]
    fn lists_split_on_commas_unless_the_commas_group_thousands() {
        assert_eq!(
            parse_volumes("1e5,1M,10M").map(|v| v.0),
            Ok(vec![100_000, 1_000_000, 10_000_000])
        );
        assert_eq!(parse_volumes("2,000,000").map(|v| v.0), Ok(vec![2_000_000]));
        assert_eq!(
            parse_volumes("1_000,2_000").map(|v| v.0),
            Ok(vec![1_000, 2_000])
        );
        assert!(parse_volumes("1M,,2M").is_err());
    }
}
