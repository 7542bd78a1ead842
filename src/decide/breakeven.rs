//! The break-even monthly volume of two profiles: where their monthly bills cross. Each is billed as its own
//! account (the `compare` scope), at volumes from 10³ to 10¹⁰ a month on a quarter-decade grid, then by bisection
//! on whole invocations between the grid points around the crossing nearest to the compared volume.

use super::bands::Spreads;
use super::restate;
use crate::coldstart::{ColdStartEstimate, ColdStartModel};
use crate::error::Result;
use crate::estimate::{self, Models, RunOptions};
use crate::money::Money;
use crate::pricing::PriceBook;
use crate::profile::Profile;
use serde::Serialize;

/// Smallest and largest volumes searched.
pub const RANGE: (f64, f64) = (1e3, 1e10);

/// Monthly cost of each profile at one volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Invocations per month.
    pub invocations: u64,
    /// Each profile's monthly bill, USD, in input order.
    pub usd: Vec<Money>,
    /// Invocations each profile's concurrency limit throttles at this volume (reported, never billed).
    pub throttles: Vec<u64>,
    /// p5 of each profile's bill at this volume (empty without bands).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub p5_usd: Vec<Money>,
    /// p95 of each profile's bill at this volume (empty without bands).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub p95_usd: Vec<Money>,
}

/// Where two profiles cost the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    /// First profile.
    pub a: String,
    /// Second profile.
    pub b: String,
    /// The monthly volume where the cheaper one changes, if it does between 10³ and 10¹⁰.
    pub invocations: Option<u64>,
    /// Their bills there, USD.
    pub a_usd: Option<Money>,
    /// Their bills there, USD.
    pub b_usd: Option<Money>,
    /// Which is cheaper below that volume.
    pub cheaper_below: Option<String>,
    /// Which is cheaper above it.
    pub cheaper_above: Option<String>,
    /// What was found, in a sentence.
    pub summary: String,
}

/// Monthly bills of `profiles`, each billed as its own account, at `invocations`.
pub fn totals_at(
    profiles: &[Profile],
    invocations: u64,
    book: &PriceBook,
    models: &Models,
    options: RunOptions,
) -> Result<Vec<Money>> {
    let restated = restate(profiles, invocations);
    let run = estimate::run_each(&restated, book, models, options)?;
    Ok(run.bills.iter().map(|b| b.total).collect())
}

/// The cost curve of every profile on the quarter-decade grid, with the p5–p95 band of each bill when `bands`
/// gives the spreads and the draws to make at each volume.
pub fn curve(
    profiles: &[Profile],
    book: &PriceBook,
    models: &Models,
    options: RunOptions,
    bands: Option<(Spreads, usize)>,
) -> Result<Vec<CurvePoint>> {
    grid()
        .into_iter()
        .map(|v| {
            let restated = restate(profiles, v);
            let run = estimate::run_each(&restated, book, models, options)?;
            let (p5_usd, p95_usd) = match bands.filter(|b| b.1 > 0) {
                Some((spreads, draws)) => {
                    let b = super::bands::bands(&run, book, spreads, draws, options.seed)?;
                    b.profiles.iter().map(|x| (x.p5, x.p95)).unzip()
                }
                None => (Vec::new(), Vec::new()),
            };
            Ok(CurvePoint {
                invocations: v,
                usd: run.bills.iter().map(|b| b.total).collect(),
                throttles: run.estimates.iter().map(|e| e.cold.throttles).collect(),
                p5_usd,
                p95_usd,
            })
        })
        .collect()
}

fn grid() -> Vec<u64> {
    let (lo, hi) = (RANGE.0.log10(), RANGE.1.log10());
    let steps = ((hi - lo) * 4.0).round() as usize;
    (0..=steps)
        .map(|i| 10f64.powf(lo + i as f64 * 0.25).round() as u64)
        .collect()
}

/// The break-even volume of profiles `a` and `b` near `around` invocations a month, from their `curve`: the
/// `search` models (a coarser simulation where traffic is simulated) answer at the two grid volumes around the
/// crossing, the bisection between them bills with the cold-start shares interpolated, and the bills at the
/// volume found come from the `search` models' own simulation there.
pub fn break_even(
    a: &Profile,
    b: &Profile,
    around: u64,
    curve_ab: &[(u64, Money, Money)],
    book: &PriceBook,
    search: &Models,
    options: RunOptions,
) -> Result<BreakEven> {
    let diff = |x: Money, y: Money| (x.atto() - y.atto()).signum();
    // Grid intervals whose ends differ in sign (ties count as a crossing).
    let mut crossings: Vec<(u64, u64)> = Vec::new();
    for w in curve_ab.windows(2) {
        let (d0, d1) = (diff(w[0].1, w[0].2), diff(w[1].1, w[1].2));
        if d0 != 0 && d1 != 0 && d0 != d1 {
            crossings.push((w[0].0, w[1].0));
        }
    }
    let none = |summary: String| BreakEven {
        a: a.name.clone(),
        b: b.name.clone(),
        invocations: None,
        a_usd: None,
        b_usd: None,
        cheaper_below: None,
        cheaper_above: None,
        summary,
    };
    let Some(&(mut lo, mut hi)) = crossings.iter().min_by(|x, y| {
        let d = |v: u64| ((v as f64).ln() - (around.max(1) as f64).ln()).abs();
        d(x.0).min(d(x.1)).total_cmp(&d(y.0).min(d(y.1)))
    }) else {
        // The cheaper one where they differ, nearest the compared volume.
        let cheaper = curve_ab
            .iter()
            .filter(|p| p.1 != p.2)
            .min_by(|x, y| {
                let d = |v: u64| ((v.max(1) as f64).ln() - (around.max(1) as f64).ln()).abs();
                d(x.0).total_cmp(&d(y.0))
            })
            .map(|p| if p.1 < p.2 { &a.name } else { &b.name });
        let (from, to) = (
            crate::money::group_thousands(RANGE.0 as i128),
            crate::money::group_thousands(RANGE.1 as i128),
        );
        return Ok(none(match cheaper {
            Some(c) => format!(
                "no break-even between {from} and {to} invocations a month: {c} stays cheaper"
            ),
            None => format!(
                "no break-even: the two cost the same at every volume from {from} to {to} invocations a month"
            ),
        }));
    };
    // The interpolating model tells the two apart by name: give them names that differ even when the user's do
    // not (two alternatives named alike must not share one's cold-start shares). Names do not enter the models.
    let mut pair = [a.clone(), b.clone()];
    pair[0].name = format!("{} (break-even side a)", a.name);
    pair[1].name = format!("{} (break-even side b)", b.name);
    // The cold-start answers at the bracket's ends, simulated once; between them the bisection bills each volume
    // with the cold and throttled shares interpolated in log–log (the bills are exact for given shares; only the
    // shares are interpolated).
    let ends = |v: u64| -> Result<Vec<Shares>> {
        let run = estimate::run_each(&restate(&pair, v), book, search, options)?;
        Ok(run.estimates.iter().map(Shares::of).collect())
    };
    let interpolated = Models {
        init: Box::new(crate::init::CatalogInit::embedded()?),
        coldstart: Box::new(Interpolated {
            names: [pair[0].name.clone(), pair[1].name.clone()],
            lo: ends(lo)?,
            hi: ends(hi)?,
        }),
    };
    let at = |v: u64| -> Result<(Money, Money)> {
        let t = totals_at(&pair, v, book, &interpolated, options)?;
        Ok((t[0], t[1]))
    };
    let (alo, blo) = at(lo)?;
    let sign_lo = diff(alo, blo);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let (am, bm) = at(mid)?;
        if diff(am, bm) == sign_lo {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let (al, bl) = at(lo)?;
    let (ah, bh) = at(hi)?;
    let v = if (al.atto() - bl.atto()).abs() <= (ah.atto() - bh.atto()).abs() {
        lo
    } else {
        hi
    };
    // The bills there, from the search models' own simulation at that volume.
    let full = totals_at(&pair, v, book, search, options)?;
    let (av, bv) = (full[0], full[1]);
    let (below, above) = if sign_lo < 0 {
        (&a.name, &b.name)
    } else {
        (&b.name, &a.name)
    };
    Ok(BreakEven {
        a: a.name.clone(),
        b: b.name.clone(),
        invocations: Some(v),
        a_usd: Some(av),
        b_usd: Some(bv),
        cheaper_below: Some(below.clone()),
        cheaper_above: Some(above.clone()),
        summary: format!(
            "break-even at {} invocations a month ({} vs {}{}): {below} is cheaper below, {above} above{}",
            crate::money::group_thousands(v as i128),
            av,
            bv,
            if (av.cents() - bv.cents()).abs() > 1 {
                "; simulated cold starts make the crossing only as sharp as their sampling error"
            } else {
                ""
            },
            if crossings.len() > 1 {
                format!(" ({} crossings between 10³ and 10¹⁰; the one nearest the compared volume)", crossings.len())
            } else {
                String::new()
            }
        ),
    })
}

/// A profile's cold-start answer at one volume, as shares of the on-demand invocations that arrived.
#[derive(Debug, Clone, Copy)]
struct Shares {
    invocations: u64,
    cold: f64,
    throttled: f64,
}

impl Shares {
    fn of(e: &estimate::ProfileEstimate) -> Shares {
        let arrived = e.invocations - e.provisioned_invocations;
        Shares {
            invocations: arrived,
            cold: e.cold.rate,
            throttled: if arrived > 0 {
                e.cold.throttles as f64 / arrived as f64
            } else {
                0.0
            },
        }
    }
}

/// Between two simulated volumes, each share interpolated linearly in log(volume), and in log(share) where
/// both ends are positive.
fn between(x: f64, lo: (f64, f64), hi: (f64, f64)) -> f64 {
    let f = if hi.0 > lo.0 {
        ((x.max(1.0).ln() - lo.0.max(1.0).ln()) / (hi.0.max(1.0).ln() - lo.0.max(1.0).ln()))
            .clamp(0.0, 1.0)
    } else {
        0.0
    };
    let v = if lo.1 > 0.0 && hi.1 > 0.0 {
        (lo.1.ln() + (hi.1.ln() - lo.1.ln()) * f).exp()
    } else {
        lo.1 + (hi.1 - lo.1) * f
    };
    v.clamp(0.0, 1.0)
}

/// The cold-start model of the bisection: the two profiles' shares at the bracket's ends, interpolated.
struct Interpolated {
    names: [String; 2],
    lo: Vec<Shares>,
    hi: Vec<Shares>,
}

impl ColdStartModel for Interpolated {
    fn estimate(
        &self,
        profile: &Profile,
        invocations: u64,
        _init: &crate::init::InitEstimate,
        _seed: u64,
    ) -> Result<ColdStartEstimate> {
        let i = usize::from(self.names[0] != profile.name);
        let (Some(lo), Some(hi)) = (self.lo.get(i), self.hi.get(i)) else {
            return Ok(ColdStartEstimate::from_share(
                invocations,
                0.0,
                String::new(),
                0,
                None,
            ));
        };
        let x = invocations as f64;
        let (l, h) = (lo.invocations as f64, hi.invocations as f64);
        let throttles = (between(x, (l, lo.throttled), (h, hi.throttled)) * x).round() as u64;
        let served = invocations - throttles.min(invocations);
        let cold = between(x, (l, lo.cold), (h, hi.cold));
        // The share was of the requests that arrived; as a share of those served it is cold ÷ (1 − throttled).
        let share_of_served = if served > 0 {
            (cold * x / served as f64).min(1.0)
        } else {
            0.0
        };
        let mut e = ColdStartEstimate::from_share(
            served,
            share_of_served,
            "interpolated between the simulated grid volumes (break-even search)".into(),
            throttles.min(invocations),
            None,
        );
        e.rate = if invocations > 0 {
            e.cold_starts as f64 / x
        } else {
            0.0
        };
        Ok(e)
    }
}
