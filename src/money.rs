//! Exact money and prices.
//!
//! AWS meters duration in whole milliseconds and memory in whole MB, and publishes prices with at most ten
//! decimals. We keep prices as integer pico-dollars and amounts as integer atto-dollars (10⁻¹⁸ USD), so sums of
//! billions of invocations neither drift nor lose cents; the only rounding is the final one to the cent.

use serde::Serialize;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// Atto-dollars in one pico-dollar.
const ATTO_PER_PICO: i128 = 1_000_000;
/// Atto-dollars in one cent.
const ATTO_PER_CENT: i128 = 10_000_000_000_000_000;
/// MB-milliseconds in one GB-second (1 GB = 1,024 MB, as AWS counts: 1,536 MB is 1.5 GB).
pub const MB_MS_PER_GB_S: u128 = 1_024_000;

/// A price in integer pico-dollars (10⁻¹² USD) per unit. Every published Lambda price fits exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Price {
    /// Pico-dollars per unit.
    pub pico_usd: u64,
}

impl Price {
    /// Converts a published decimal price (USD per unit) to pico-dollars, rounding to the nearest pico-dollar.
    /// Returns `None` for negative, non-finite or absurd (≥ 10⁶ USD) prices.
    pub fn from_usd(usd: f64) -> Option<Price> {
        if !usd.is_finite() || !(0.0..1e6).contains(&usd) {
            return None;
        }
        Some(Price {
            pico_usd: (usd * 1e12).round() as u64,
        })
    }

    /// The price in USD, for display.
    pub fn usd(self) -> f64 {
        self.pico_usd as f64 / 1e12
    }

    /// Cost of `units` whole units at this price.
    pub fn times_units(self, units: u128) -> Money {
        Money::from_atto(mul_sat(
            units,
            self.pico_usd as u128 * ATTO_PER_PICO as u128,
        ))
    }

    /// Cost of a duration measured in MB-milliseconds at this per-GB-second price.
    /// Exact up to one atto-dollar (the division by 1,024 is the only inexact step).
    pub fn times_mb_ms(self, mb_ms: u128) -> Money {
        // atto = mb_ms × pico × 10⁶ / 1,024,000 = mb_ms × pico × 125 / 128
        let num = mul_sat(mul_sat(mb_ms, self.pico_usd as u128), 125);
        Money::from_atto(num / 128)
    }

    /// Cost of `units` where one unit is a fraction `per` of the priced unit, e.g. requests at a price per million.
    pub fn times_units_per(self, units: u128, per: u128) -> Money {
        let num = mul_sat(units, self.pico_usd as u128 * ATTO_PER_PICO as u128);
        Money::from_atto(num / per.max(1))
    }
}

fn mul_sat(a: u128, b: u128) -> u128 {
    a.saturating_mul(b)
}

/// An amount of money in integer atto-dollars (10⁻¹⁸ USD). Never rounded until displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Money {
    atto: i128,
}

impl Money {
    /// Zero dollars.
    pub const ZERO: Money = Money { atto: 0 };

    /// From atto-dollars, saturating at the largest representable amount.
    pub fn from_atto(atto: u128) -> Money {
        Money {
            atto: i128::try_from(atto).unwrap_or(i128::MAX),
        }
    }

    /// Atto-dollars.
    pub fn atto(self) -> i128 {
        self.atto
    }

    /// Whole cents, rounded half away from zero (what a bill shows).
    pub fn cents(self) -> i128 {
        let q = self.atto / ATTO_PER_CENT;
        let r = self.atto % ATTO_PER_CENT;
        if r.abs() * 2 >= ATTO_PER_CENT {
            q + self.atto.signum()
        } else {
            q
        }
    }

    /// The amount rounded to the cent, as a float for JSON and charts.
    pub fn usd_cents(self) -> f64 {
        self.cents() as f64 / 100.0
    }

    /// The exact amount as a float (about 15 significant digits).
    pub fn usd(self) -> f64 {
        self.atto as f64 / 1e18
    }

    /// `self × num / den`, used to share a pooled amount between functions in proportion to their usage.
    pub fn share(self, num: u128, den: u128) -> Money {
        if den == 0 {
            return Money::ZERO;
        }
        // Split to avoid overflow: atto < 2^127, num/den ≤ 1.
        let a = self.atto.max(0) as u128;
        let q = a / den;
        let r = a % den;
        let v = q
            .saturating_mul(num)
            .saturating_add(r.saturating_mul(num) / den);
        Money::from_atto(v)
    }

    /// Difference, never below zero.
    pub fn saturating_sub(self, other: Money) -> Money {
        Money {
            atto: (self.atto - other.atto).max(0),
        }
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money {
            atto: self.atto.saturating_add(o.atto),
        }
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money {
            atto: self.atto.saturating_sub(o.atto),
        }
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl fmt::Display for Money {
    /// `$1,234.56`, rounded to the cent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.cents();
        let sign = if c < 0 { "-" } else { "" };
        let c = c.abs();
        write!(f, "{sign}${}.{:02}", group_thousands(c / 100), c % 100)
    }
}

impl Serialize for Money {
    /// USD as a number, unrounded (a $0.0009 bill is 0.0009, not 0.0).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.usd())
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: i128) -> String {
    let digits = n.abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_prices_are_exact_in_pico() {
        assert_eq!(
            Price::from_usd(0.0000166667).map(|p| p.pico_usd),
            Some(16_666_700)
        );
        assert_eq!(
            Price::from_usd(0.0000000309).map(|p| p.pico_usd),
            Some(30_900)
        );
        assert_eq!(Price::from_usd(-1.0), None);
        assert_eq!(Price::from_usd(f64::NAN), None);
    }

    #[test]
    fn gb_s_cost_and_rounding() {
        let p = Price::from_usd(0.0000166667).unwrap_or_default();
        // 140,000 GB-s (pricing page example 1) = $2.333338 → $2.33
        let m = p.times_mb_ms(140_000 * MB_MS_PER_GB_S);
        assert_eq!(m.atto(), 2_333_338_000_000_000_000);
        assert_eq!(m.to_string(), "$2.33");
        assert_eq!(Money::from_atto(5_000_000_000_000_000).cents(), 1);
        assert_eq!(group_thousands(1234567), "1,234,567");
    }

    #[test]
    fn share_splits_without_loss_beyond_one_atto() {
        let m = Money::from_atto(1_000_000_000_000_000_007);
        let a = m.share(1, 3);
        let b = m.share(2, 3);
        assert!((m.atto() - a.atto() - b.atto()).abs() <= 1);
    }
}
