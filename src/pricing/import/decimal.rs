//! Prices as the offer files write them (decimal text, e.g. `"0.0000166667000"`) to exact pico-dollars, and back
//! to the shortest decimal text a price book holds. No float touches a price on the way.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

/// Pico-dollars in one US dollar.
const PICO_PER_USD: u64 = 1_000_000_000_000;
/// The largest price read, USD (the price book's own ceiling, see [`crate::money::Price::from_usd`]).
const MAX_USD: u64 = 999_999;

/// Parses a non-negative decimal price in USD (`"0.20"`, `"1"`, `"0.0000166667000"`) to pico-dollars, rounding
/// half up past the twelfth decimal. `None` for anything else: a sign, an exponent, letters, an empty string, a
/// price of a million dollars or more.
pub(crate) fn usd_to_pico(s: &str) -> Option<u64> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    if whole > MAX_USD {
        return None;
    }
    let mut pico = whole * PICO_PER_USD;
    let mut scale = PICO_PER_USD / 10;
    let mut round_up = false;
    for (i, b) in frac.bytes().enumerate() {
        let d = u64::from(b - b'0');
        if i < 12 {
            pico += d * scale;
            scale /= 10;
        } else {
            round_up = d >= 5;
            break;
        }
    }
    Some(pico + u64::from(round_up))
}

/// Pico-dollars as the shortest decimal USD text that reads back exactly, always with a point (`0.2`, `1.0`,
/// `0.0000166667`): a TOML float.
pub(crate) fn pico_to_usd_text(pico: u64) -> String {
    let whole = pico / PICO_PER_USD;
    let frac = pico % PICO_PER_USD;
    let digits = format!("{frac:012}");
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        format!("{whole}.0")
    } else {
        format!("{whole}.{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_prices_read_exactly() {
        assert_eq!(usd_to_pico("0.0000166667000"), Some(16_666_700));
        assert_eq!(usd_to_pico("0.0000002000"), Some(200_000));
        assert_eq!(usd_to_pico("0.20"), Some(200_000_000_000));
        assert_eq!(usd_to_pico("1"), Some(PICO_PER_USD));
        assert_eq!(usd_to_pico(".5"), Some(PICO_PER_USD / 2));
        assert_eq!(usd_to_pico("0.0000000000015"), Some(2));
        assert_eq!(usd_to_pico("0.0000000000014999"), Some(1));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "abc", "", ".", "-0.2", "1e-7", "0.2 USD", "1000000", "0x10", "1.2.3",
        ] {
            assert_eq!(usd_to_pico(bad), None, "{bad}");
        }
    }

    #[test]
    fn text_reads_back_through_the_book() {
        for pico in [
            0,
            1,
            200_000_000_000,
            16_666_700,
            13_333_400,
            30_900,
            PICO_PER_USD,
            145_000_000_000,
        ] {
            let text = pico_to_usd_text(pico);
            let back = crate::money::Price::from_usd(text.parse().unwrap_or(f64::NAN));
            assert_eq!(back.map(|p| p.pico_usd), Some(pico), "{text}");
            assert_eq!(usd_to_pico(&text), Some(pico));
        }
        assert_eq!(pico_to_usd_text(200_000_000_000), "0.2");
        assert_eq!(pico_to_usd_text(PICO_PER_USD), "1.0");
    }
}
