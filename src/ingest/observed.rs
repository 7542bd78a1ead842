//! What the observed invocations cost: each function's metered usage priced today and under the rules before
//! 2025-08-01 (INIT free for ZIP functions on managed runtimes), and a month projected from part of one. (The CUR
//! and FOCUS reconciliation is in [`super::reconcile`], re-exported here.)

use super::aggregate::FunctionAgg;
pub use super::reconcile::{
    display_quantity, display_usd, reconcile, ChargeTypeLine, CurLine, Reconciliation, UsageTotals,
};
use crate::billing::{bill, BillOptions, FunctionUsage};
use crate::error::Result;
use crate::money::Money;
use crate::pricing::{Architecture, PriceBook};
use crate::vocab::HOURS_PER_MONTH;
use serde::Serialize;

/// One function's observed cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedCost {
    /// Function.
    pub function: String,
    /// The bill: each line's logged `Billed Duration` where it has one (AWS's figure), the rule's where not, USD.
    pub billed_usd: Money,
    /// The same lines by the rule in force on each line's date (INIT billed from 2025-08-01), USD.
    pub rule_usd: Money,
    /// Every line under today's rules (INIT billed), USD.
    pub today_usd: Money,
    /// Cost under the rules before 2025-08-01 (INIT free), USD.
    pub before_change_usd: Money,
    /// What the INIT change costs this function, USD.
    pub init_change_usd: Money,
    /// A month of this usage, when the timestamps cover less than one: see [`MonthlyProjection`].
    pub monthly_projection: Option<MonthlyProjection>,
}

/// A month projected from logs that cover part of one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyProjection {
    /// Hours the timestamps cover, first to last, rounded up to whole hours.
    pub hours_observed: f64,
    /// 730 / hours_observed: what every quantity is multiplied by.
    pub factor: f64,
    /// The month's cost under today's rules, USD (free tier as the run asks), unrounded.
    pub today_usd: Money,
    /// How it was projected.
    pub method: &'static str,
}

/// The method of [`MonthlyProjection`], stated in reports.
pub const PROJECTION_METHOD: &str = "linear: requests and GB-s (invoke, INIT, restore) multiplied by 730 h / the hours the timestamps cover (first to last, rounded up to whole hours), billed as one month with every function of the run in one account; it assumes the observed hours are typical of the month";

/// Where the logs do not say: region, architecture, whether the free tier applies.
#[derive(Debug, Clone)]
pub struct PricingContext {
    /// Region of the functions.
    pub region: String,
    /// Architecture.
    pub architecture: Architecture,
    /// Apply the account's free tier to the observed usage.
    pub free_tier: bool,
}

/// Which billed milliseconds to price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// As logged.
    Logged,
    /// By the rule in force on each line's date.
    Rule,
    /// Every line under today's rule.
    Today,
    /// Every line under the rule before 2025-08-01 (INIT free).
    Before,
}

fn usage_of(name: &str, a: &FunctionAgg, ctx: &PricingContext, basis: Basis) -> FunctionUsage {
    // A SnapStart restore's billed time (runtime load and after-restore hooks) is billed at the duration rate
    // under every rule; the snapshot restore itself is not ("You are not charged for the time it takes to restore
    // a snapshot", AWS's SnapStart monitoring page). Restore-per-GB and cache charges are not in logs.
    let (invoke_mb_ms, init_mb_ms) = match basis {
        Basis::Logged => (a.logged_invoke_mb_ms, a.logged_init_mb_ms),
        Basis::Rule => (a.rule_invoke_mb_ms, a.rule_init_mb_ms),
        Basis::Today => (a.invoke_mb_ms + a.restore_mb_ms, a.init_mb_ms),
        Basis::Before => (a.invoke_mb_ms + a.restore_mb_ms, 0),
    };
    FunctionUsage {
        name: name.to_string(),
        region: ctx.region.clone(),
        architecture: Some(ctx.architecture),
        edge: false,
        free_tier_eligible: true,
        requests: u128::from(a.invocations),
        invoke_mb_ms,
        init_mb_ms,
        snapstart_restored_mb: 0,
        tenant_environments_mb: 0,
        ..FunctionUsage::default()
    }
}

/// Prices every function as observed — as logged, by the rule, under today's rule and before the INIT change —
/// each basis billed as one account.
pub fn observed_costs(
    functions: &std::collections::BTreeMap<String, FunctionAgg>,
    book: &PriceBook,
    ctx: &PricingContext,
) -> Result<Vec<ObservedCost>> {
    let opts = BillOptions {
        free_tier: ctx.free_tier,
    };
    let priced = |usage: &[FunctionUsage]| bill(usage, book, opts);
    let usage = |basis: Basis| -> Vec<FunctionUsage> {
        functions
            .iter()
            .map(|(n, a)| usage_of(n, a, ctx, basis))
            .collect()
    };
    let today_usage = usage(Basis::Today);
    let (logged, rule) = (priced(&usage(Basis::Logged))?, priced(&usage(Basis::Rule))?);
    let (today, before) = (priced(&today_usage)?, priced(&usage(Basis::Before))?);
    // The month: each function's usage scaled by 730 / its observed hours (those covering a month or more, or
    // without timestamps, as they are), billed together.
    let factors: Vec<Option<(f64, f64)>> = functions
        .values()
        .map(|a| {
            a.span_hours()
                .filter(|h| *h > 0.0 && *h < HOURS_PER_MONTH)
                .map(|h| (h, HOURS_PER_MONTH / h))
        })
        .collect();
    let month: Vec<FunctionUsage> = today_usage
        .iter()
        .zip(&factors)
        .map(|(u, f)| {
            let k = f.map_or(1.0, |(_, k)| k);
            let scale = |x: u128| (x as f64 * k).round() as u128;
            FunctionUsage {
                requests: scale(u.requests),
                invoke_mb_ms: scale(u.invoke_mb_ms),
                init_mb_ms: scale(u.init_mb_ms),
                ..u.clone()
            }
        })
        .collect();
    let bm = bill(&month, book, opts)?;
    Ok(functions
        .keys()
        .zip(logged.functions.iter().zip(&rule.functions))
        .zip(today.functions.iter().zip(&before.functions))
        .zip(bm.functions.iter().zip(&factors))
        .map(|(((n, (l, r)), (t, b)), (m, f))| ObservedCost {
            function: n.clone(),
            billed_usd: l.total,
            rule_usd: r.total,
            today_usd: t.total,
            before_change_usd: b.total,
            init_change_usd: t.total - b.total,
            monthly_projection: f.map(|(hours_observed, factor)| MonthlyProjection {
                hours_observed,
                factor,
                today_usd: m.total,
                method: PROJECTION_METHOD,
            }),
        })
        .collect())
}
