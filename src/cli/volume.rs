//! Volume flags: [`coldcost::vocab::parse_volume`] for clap, and comma-separated lists of volumes.

use coldcost::vocab::{groups_thousands, parse_volume as parse};

/// One volume (`30000000`, `30_000_000`, `30,000,000`, `3e7`, `30M`, `1.5B`, `500k`), its error naming the value.
pub fn parse_volume(s: &str) -> Result<u64, String> {
    parse(s).map_err(|e| format!("`{s}`: {e}"))
}

/// Volumes given as one argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Volumes(pub Vec<u64>);

/// A list of volumes separated by commas; a single number grouped in thousands (`2,000,000`) is one volume.
pub fn parse_volumes(s: &str) -> Result<Volumes, String> {
    if groups_thousands(s.trim()) {
        return parse_volume(s).map(|v| Volumes(vec![v]));
    }
    s.split(',')
        .map(parse_volume)
        .collect::<Result<_, _>>()
        .map(Volumes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_volume_names_the_value_and_the_reason() {
        assert_eq!(parse_volume("30M"), Ok(30_000_000));
        let e = parse_volume("30X").unwrap_err();
        assert!(e.contains("`30X`") && e.contains("unknown suffix"), "{e}");
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
