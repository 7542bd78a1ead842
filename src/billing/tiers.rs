//! Volume tiers: the cost of the usage segment [from, to) under a tier schedule.

use crate::error::{Error, Result};
use crate::money::Money;
use crate::pricing::Tier;

/// The part of the segment [`from`, `to`) (MB-ms of monthly usage) that falls in each tier, with its cost.
/// Errors when usage runs past the last tier the price book knows.
pub(crate) fn split(
    tiers: &[Tier],
    from: u128,
    to: u128,
    what: (&str, &str),
) -> Result<Vec<(usize, u128, Money)>> {
    let mut out = Vec::new();
    let mut lower = 0u128;
    for (i, t) in tiers.iter().enumerate() {
        let upper = t.up_to_mb_ms.unwrap_or(u128::MAX);
        let a = from.max(lower);
        let b = to.min(upper);
        if b > a {
            out.push((i, b - a, t.price.times_mb_ms(b - a)));
        }
        lower = upper;
        if lower >= to {
            return Ok(out);
        }
    }
    if to > lower {
        return Err(Error::MissingPrice {
            region: what.0.to_string(),
            architecture: what.1.to_string(),
            component: format!(
                "duration tier beyond {} GB-s",
                lower / crate::money::MB_MS_PER_GB_S
            ),
        });
    }
    Ok(out)
}
