//! The estimate pipeline behind `estimate`, `compare` and `budget`: profiles → INIT → cold starts → metered usage →
//! bill → report model, with the uncertainty bands, the bill-against-volume curve and the break-even added when
//! asked for. The command line calls this and renders the result; it decides nothing itself.

use super::model::{build, Report};
use crate::coldstart::PoolModel;
use crate::decide::bands::{bands, Spreads};
use crate::decide::breakeven::{break_even, curve, CurvePoint};
use crate::error::Result;
use crate::estimate::{self, Models, RunOptions};
use crate::init::CatalogInit;
use crate::pricing::PriceBook;
use crate::profile::Profile;

/// The most draws made at each volume of the curve for its p5–p95 band (the compared volume's own band uses every
/// draw asked for): 29 volumes × this many draws keep a chart's cost near one estimate's. A resource bound, not an
/// accuracy target: with 400 draws the p5 and p95 sit within about ±1.1 percentile points (1 s.e.).
pub const CURVE_DRAWS: usize = 400;

/// What to add to the estimate (nothing by default).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Extras {
    /// Monte Carlo bands: the spreads and the number of draws (0 = none).
    pub bands: Option<(Spreads, usize)>,
    /// The bill of every profile from 10³ to 10¹⁰ invocations a month (for charts).
    pub curve: bool,
    /// The break-even volume of the cheapest and the next cheapest profile (implies the curve).
    pub break_even: bool,
}

/// Runs the models over `profiles` and builds the report of `command` (`estimate`, `compare`, `budget`).
pub fn estimate_report(
    command: &str,
    profiles: &[Profile],
    book: &PriceBook,
    models: &Models,
    options: RunOptions,
    extras: Extras,
) -> Result<Report> {
    let run = estimate::run(profiles, book, models, options)?;
    let mut rep = build(command, &run, book);
    if let Some((spreads, draws)) = extras.bands.filter(|b| b.1 > 0) {
        rep.bands = Some(bands(&run, book, spreads, draws, options.seed)?);
    }
    if extras.curve || extras.break_even {
        // Curves need many estimates: a coarser simulation (2·10⁵ requests) where traffic is simulated.
        let fast = Models {
            init: Box::new(CatalogInit::embedded()?),
            coldstart: Box::new(PoolModel { sim_budget: 2e5 }),
        };
        let curve_bands = extras.bands.map(|(s, d)| (s, d.min(CURVE_DRAWS)));
        rep.curve = curve(profiles, book, &fast, options, curve_bands)?;
        // The cheapest and the next, by position (two alternatives may share a name).
        let pair = rep.cheapest.as_ref().map(|c| c.positions);
        // Where profiles `ia` and `ib` swap places, searched around `ia`'s volume along the curve.
        let between = |ia: usize, ib: usize, curve: &[CurvePoint]| {
            let ab: Vec<_> = curve
                .iter()
                .map(|p| (p.invocations, p.usd[ia], p.usd[ib]))
                .collect();
            let around = run.estimates[ia].invocations;
            break_even(
                &profiles[ia],
                &profiles[ib],
                around,
                &ab,
                book,
                &fast,
                options,
            )
        };
        if let (true, Some((ia, ib))) = (extras.break_even, pair) {
            rep.break_even = Some(between(ia, ib, &rep.curve)?);
        }
        if extras.break_even {
            for (ia, ib) in crate::decide::managed::twins(profiles) {
                if pair == Some((ia, ib)) || pair == Some((ib, ia)) {
                    continue; // already the report's break-even
                }
                let b = between(ia, ib, &rep.curve)?;
                rep.managed_break_evens.push(b);
            }
        }
    }
    Ok(rep)
}
