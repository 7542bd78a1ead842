//! From profiles to a bill: the INIT and cold-start models turn each profile into metered usage with
//! per-invocation rounding, then the account is billed with free tier and tiers pooled.

mod managed;
mod profile_estimate;
mod profile_usage;

pub use managed::scaled_usage;
pub use profile_estimate::ProfileEstimate;
pub use profile_usage::{estimate_profile, meter_input};

use crate::billing::{bill, Bill, BillOptions};
use crate::coldstart::{ColdStartModel, PoolModel};
use crate::date::Date;
use crate::error::Result;
use crate::init::{CatalogInit, InitModel};
use crate::pricing::PriceBook;
use crate::profile::Profile;

/// The models a run uses; swap any of them to change how INIT or cold starts are estimated.
pub struct Models {
    /// INIT time per cold start.
    pub init: Box<dyn InitModel>,
    /// Cold starts per month.
    pub coldstart: Box<dyn ColdStartModel>,
}

impl Models {
    /// The built-in models with the embedded catalogues.
    pub fn builtin() -> Result<Models> {
        Ok(Models {
            init: Box::new(CatalogInit::embedded()?),
            coldstart: Box::new(PoolModel::default()),
        })
    }
}

/// Options of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Bill under the rules in force on this date.
    pub as_of: Date,
    /// Apply the free tier.
    pub free_tier: bool,
    /// Pool all profiles into one account (`estimate`), or bill each as its own alternative (`compare`).
    pub pooled: bool,
    /// Seed of every random draw (the simulator's).
    pub seed: u64,
}

/// The result of a run: each profile's estimate and the bill(s).
#[derive(Debug, Clone)]
pub struct Run {
    /// One per profile, in input order.
    pub estimates: Vec<ProfileEstimate>,
    /// One bill for the pooled account, or one per profile.
    pub bills: Vec<Bill>,
    /// The options used.
    pub options: RunOptions,
}

/// Estimates and bills `profiles`.
pub fn run(
    profiles: &[Profile],
    book: &PriceBook,
    models: &Models,
    options: RunOptions,
) -> Result<Run> {
    let estimates = profiles
        .iter()
        .map(|p| estimate_profile(p, book, models, options.as_of, options.seed))
        .collect::<Result<Vec<_>>>()?;
    let bo = BillOptions {
        free_tier: options.free_tier,
    };
    let bills = if options.pooled {
        let usages: Vec<_> = estimates.iter().map(|e| e.usage.clone()).collect();
        vec![bill(&usages, book, bo)?]
    } else {
        estimates
            .iter()
            .map(|e| bill(std::slice::from_ref(&e.usage), book, bo))
            .collect::<Result<Vec<_>>>()?
    };
    Ok(Run {
        estimates,
        bills,
        options,
    })
}

/// Estimates `profiles` as alternatives, each billed as its own account (whatever `options.pooled` says): the
/// scope of every comparison, sweep and remedy.
pub fn run_each(
    profiles: &[Profile],
    book: &PriceBook,
    models: &Models,
    options: RunOptions,
) -> Result<Run> {
    run(
        profiles,
        book,
        models,
        RunOptions {
            pooled: false,
            ..options
        },
    )
}

impl Run {
    /// The total of all bills.
    pub fn total(&self) -> crate::money::Money {
        self.bills.iter().map(|b| b.total).sum()
    }

    /// The bill lines of profile `i`.
    pub fn function_bill(&self, i: usize) -> Option<&crate::billing::FunctionBill> {
        if self.options.pooled {
            self.bills.first()?.functions.get(i)
        } else {
            self.bills.get(i)?.functions.first()
        }
    }
}
