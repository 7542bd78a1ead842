//! What the observed invocations cost: each function's metered usage priced today and under the rules before
//! 2025-08-01 (INIT free for ZIP functions on managed runtimes), and the CUR reconciled against coldcost's bill.

use super::aggregate::FunctionAgg;
use super::cur::{CurTotals, Meter};
use crate::billing::{bill, BillOptions, FunctionUsage};
use crate::error::Result;
use crate::money::Money;
use crate::pricing::{Architecture, PriceBook};
use serde::Serialize;

/// One function's observed cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedCost {
    /// Function.
    pub function: String,
    /// Cost under today's rules (INIT billed), USD.
    pub today_usd: Money,
    /// Cost under the rules before 2025-08-01 (INIT free), USD.
    pub before_change_usd: Money,
    /// What the INIT change costs this function, USD.
    pub init_change_usd: Money,
}

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

fn usage_of(name: &str, a: &FunctionAgg, ctx: &PricingContext, with_init: bool) -> FunctionUsage {
    FunctionUsage {
        name: name.to_string(),
        region: ctx.region.clone(),
        architecture: Some(ctx.architecture),
        edge: false,
        free_tier_eligible: true,
        requests: u128::from(a.invocations),
        // A SnapStart restore's billed time (runtime load and after-restore hooks) is billed at the duration rate
        // under both rules; the snapshot restore itself is not ("You are not charged for the time it takes to
        // restore a snapshot", AWS's SnapStart monitoring page). Restore-per-GB and cache charges are not in logs.
        invoke_mb_ms: a.invoke_mb_ms + a.restore_mb_ms,
        init_mb_ms: if with_init { a.init_mb_ms } else { 0 },
        snapstart_restored_mb: 0,
        ..FunctionUsage::default()
    }
}

/// Prices every function as observed, today and before the INIT change (each billed in one account).
pub fn observed_costs(
    functions: &std::collections::BTreeMap<String, FunctionAgg>,
    book: &PriceBook,
    ctx: &PricingContext,
) -> Result<Vec<ObservedCost>> {
    let opts = BillOptions {
        free_tier: ctx.free_tier,
    };
    let today: Vec<FunctionUsage> = functions
        .iter()
        .map(|(n, a)| usage_of(n, a, ctx, true))
        .collect();
    let before: Vec<FunctionUsage> = functions
        .iter()
        .map(|(n, a)| usage_of(n, a, ctx, false))
        .collect();
    let (bt, bb) = (bill(&today, book, opts)?, bill(&before, book, opts)?);
    Ok(functions
        .keys()
        .zip(bt.functions.iter().zip(&bb.functions))
        .map(|(n, (t, b))| ObservedCost {
            function: n.clone(),
            today_usd: t.total,
            before_change_usd: b.total,
            init_change_usd: t.total - b.total,
        })
        .collect())
}

/// The CUR against coldcost's bill of the same usage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// Sum of the CUR's unblended cost of Lambda rows, USD.
    pub cur_unblended_usd: f64,
    /// coldcost's bill of the CUR's usage, with the free tier, USD.
    pub computed_usd: Money,
    /// The same without the free tier, USD.
    pub computed_without_free_tier_usd: Money,
    /// computed − CUR, USD.
    pub difference_usd: f64,
    /// Per function and usage type: CUR quantity and cost.
    pub lines: Vec<CurLine>,
    /// What explains the difference.
    pub explanation: Vec<String>,
}

/// One CUR group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurLine {
    /// Function.
    pub function: String,
    /// Region.
    pub region: String,
    /// Architecture.
    pub architecture: String,
    /// What is metered.
    pub meter: Meter,
    /// Requests or GB-s.
    pub quantity: f64,
    /// Unblended cost, USD.
    pub cost_usd: f64,
}

/// Reconciles a CUR with coldcost's bill of the usage it reports.
pub fn reconcile(t: &CurTotals, book: &PriceBook) -> Result<Reconciliation> {
    let mut usages = Vec::new();
    let mut lines = Vec::new();
    for ((function, region, arch), u) in &t.usage {
        let q = |m: Meter| u.quantity.get(&m).copied().unwrap_or(0.0).max(0.0);
        let mb_ms = |gb_s: f64| (gb_s * crate::MB_MS_PER_GB_S as f64).round() as u128;
        usages.push(FunctionUsage {
            name: function.clone(),
            region: region.clone(),
            architecture: Some(if arch == "arm64" {
                Architecture::Arm64
            } else {
                Architecture::X86_64
            }),
            edge: q(Meter::EdgeRequests) > 0.0,
            free_tier_eligible: q(Meter::EdgeRequests) == 0.0,
            requests: (q(Meter::Requests) + q(Meter::EdgeRequests)).round() as u128,
            invoke_mb_ms: mb_ms(q(Meter::Duration) + q(Meter::EdgeDuration)),
            init_mb_ms: 0,
            storage_mb_ms: mb_ms(q(Meter::Storage)),
            pc_configured_mb_ms: mb_ms(q(Meter::ProvisionedConcurrency)),
            pc_duration_mb_ms: mb_ms(q(Meter::ProvisionedDuration)),
            ..FunctionUsage::default()
        });
        for (m, cost) in &u.cost {
            lines.push(CurLine {
                function: function.clone(),
                region: region.clone(),
                architecture: arch.clone(),
                meter: *m,
                quantity: q(*m),
                cost_usd: *cost,
            });
        }
    }
    let with = bill(&usages, book, BillOptions { free_tier: true })?;
    let without = bill(&usages, book, BillOptions { free_tier: false })?;
    let diff = with.total.usd() - t.unblended_usd;
    let free_value = without.total.usd() - with.total.usd();
    let mut explanation = vec![format!(
        "coldcost's bill of the CUR's usage: ${:.2} with the free tier (worth ${:.2} here), ${:.2} without; the CUR says ${:.2}",
        with.total.usd(),
        free_value,
        without.total.usd(),
        t.unblended_usd
    )];
    if diff.abs() < 0.01 * lines.len().max(1) as f64 {
        explanation.push("they agree to the cent per line: the CUR rounds each line item, coldcost rounds only the total".into());
    } else if (without.total.usd() - t.unblended_usd).abs() < 0.01 * lines.len().max(1) as f64 {
        explanation.push("the CUR matches the bill without the free tier: this account's free tier is used elsewhere, expired, or shown as a separate credit".into());
    } else {
        explanation.push(format!(
            "a difference of ${diff:.2} remains: check for savings plans or credits in the CUR (line item types other than Usage), usage types coldcost does not price (listed as `other`), or regional prices that differ from the price book"
        ));
    }
    if t.skipped_rows > 0 {
        explanation.push(format!(
            "{} rows of other services were skipped",
            t.skipped_rows
        ));
    }
    Ok(Reconciliation {
        cur_unblended_usd: t.unblended_usd,
        computed_usd: with.total,
        computed_without_free_tier_usd: without.total,
        difference_usd: diff,
        lines,
        explanation,
    })
}
