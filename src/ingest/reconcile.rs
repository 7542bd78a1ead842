//! A bill export (CUR or FOCUS) reconciled with coldcost's bill of the usage it reports: its rows by charge type,
//! usage totals per function, region and architecture and for the account, and what explains a difference.

use super::cur::{ChargeType, CurTotals, CurUsage, Meter};
use crate::billing::{bill, BillOptions, FunctionUsage};
use crate::error::Result;
use crate::money::{group_thousands, Money};
use crate::pricing::{Architecture, PriceBook};
use serde::Serialize;
use std::collections::BTreeMap;

/// A bill export (CUR or FOCUS) against coldcost's bill of the same usage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// Sum of the cost of every Lambda row (usage, tax, credits, refunds, fees…), USD, unrounded: what the
    /// export says the account paid for Lambda.
    pub cur_unblended_usd: f64,
    /// Sum of the usage rows' cost (usage, free tier, reserved and Savings Plan covered usage), USD: what
    /// coldcost's bill is compared with.
    pub usage_usd: f64,
    /// coldcost's bill of the export's usage, with the free tier, USD.
    pub computed_usd: Money,
    /// The same without the free tier, USD.
    pub computed_without_free_tier_usd: Money,
    /// computed − usage rows' cost, USD.
    pub difference_usd: f64,
    /// Lambda rows read (Lambda@Edge rows included).
    pub rows: u64,
    /// Rows of other services, skipped.
    pub skipped_rows: u64,
    /// Rows and cost per charge type (Usage, free tier, Tax, Credit, Refund, Savings Plan…).
    pub charge_types: Vec<ChargeTypeLine>,
    /// Per function and usage type: quantity and cost of the usage rows.
    pub lines: Vec<CurLine>,
    /// Per function (its resource id's name), region and architecture: requests, GB-s and dollars of usage.
    pub functions: Vec<UsageTotals>,
    /// Per region and architecture.
    pub regions: Vec<UsageTotals>,
    /// The whole account (every function, region and architecture).
    pub account: UsageTotals,
    /// What explains the difference.
    pub explanation: Vec<String>,
}

/// Rows and cost of one charge type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChargeTypeLine {
    /// The type.
    pub charge_type: ChargeType,
    /// How it reads in reports (`Usage (free tier)`).
    pub name: &'static str,
    /// Rows.
    pub rows: u64,
    /// Their cost, USD, unrounded.
    pub usd: f64,
}

/// Requests, GB-s and dollars of usage rows, for a function, a region and architecture, or the account.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UsageTotals {
    /// The function, or empty for a region's or the account's totals.
    pub function: String,
    /// The region, or empty for the account.
    pub region: String,
    /// The architecture, or empty for the account.
    pub architecture: String,
    /// Requests (Lambda@Edge included).
    pub requests: f64,
    /// Compute GB-s: on-demand, provisioned and Lambda@Edge duration (not provisioned concurrency configured or
    /// ephemeral storage).
    pub gb_s: f64,
    /// Cost of the usage rows, USD, unrounded.
    pub usd: f64,
}

impl UsageTotals {
    fn add(&mut self, u: &CurUsage) {
        let q = |m: Meter| u.quantity.get(&m).copied().unwrap_or(0.0);
        self.requests += q(Meter::Requests) + q(Meter::EdgeRequests);
        self.gb_s += q(Meter::Duration) + q(Meter::ProvisionedDuration) + q(Meter::EdgeDuration);
        self.usd += u.cost.values().sum::<f64>();
    }
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

/// Reconciles a CUR or FOCUS export with coldcost's bill of the usage it reports.
pub fn reconcile(t: &CurTotals, book: &PriceBook) -> Result<Reconciliation> {
    let mut usages = Vec::new();
    let mut lines = Vec::new();
    let mut functions = Vec::new();
    let mut regions: BTreeMap<(String, String), UsageTotals> = BTreeMap::new();
    let mut account = UsageTotals::default();
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
        let mut f = UsageTotals {
            function: function.clone(),
            region: region.clone(),
            architecture: arch.clone(),
            ..UsageTotals::default()
        };
        f.add(u);
        functions.push(f);
        let r = regions
            .entry((region.clone(), arch.clone()))
            .or_insert_with(|| UsageTotals {
                region: region.clone(),
                architecture: arch.clone(),
                ..UsageTotals::default()
            });
        r.add(u);
        account.add(u);
    }
    let charge_types: Vec<ChargeTypeLine> = t
        .by_type
        .iter()
        .map(|(ty, v)| ChargeTypeLine {
            charge_type: *ty,
            name: ty.as_str(),
            rows: v.rows,
            usd: v.usd,
        })
        .collect();
    let usage_usd: f64 = charge_types
        .iter()
        .filter(|c| c.charge_type.meters_usage())
        .map(|c| c.usd)
        .sum();
    let with = bill(&usages, book, BillOptions { free_tier: true })?;
    let without = bill(&usages, book, BillOptions { free_tier: false })?;
    let diff = with.total.usd() - usage_usd;
    let free_value = without.total.usd() - with.total.usd();
    let mut explanation = vec![
        format!(
            "the account's Lambda usage: {} requests, {} GB-s of compute, ${} for usage; ${} in all with {}",
            group_thousands(account.requests.round() as i128),
            display_quantity(account.gb_s),
            display_usd(usage_usd),
            display_usd(t.unblended_usd),
            if charge_types.iter().all(|c| c.charge_type.meters_usage()) {
                "no tax, credit, refund, fee or discount rows".to_string()
            } else {
                charge_types
                    .iter()
                    .filter(|c| !c.charge_type.meters_usage())
                    .map(|c| format!("{} ${}", c.name, display_usd(c.usd)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
        format!(
            "coldcost's bill of the export's usage: ${} with the free tier (worth ${} here), ${} without; its usage rows say ${}",
            display_usd(with.total.usd()),
            display_usd(free_value),
            display_usd(without.total.usd()),
            display_usd(usage_usd)
        ),
    ];
    // The export rounds each line item (a CUR to 10 digits, many tools to the cent): a cent per line is agreement.
    let tolerance = 0.01 * lines.len().max(1) as f64;
    let off_with = diff.abs();
    let off_without = (without.total.usd() - usage_usd).abs();
    if off_without < off_with && off_without < tolerance {
        explanation.push(format!(
            "the export is closer to the bill without the free tier (${} apart, against ${} with it): this account's free tier is used elsewhere, expired, or shown as a separate credit",
            display_usd(without.total.usd() - usage_usd),
            display_usd(diff)
        ));
    } else if off_with < tolerance {
        explanation.push(format!(
            "they agree to the cent per line (${} apart): the export rounds each line item, coldcost rounds only the total",
            display_usd(diff)
        ));
    } else {
        explanation.push(format!(
            "a difference of ${} remains: check usage types coldcost does not price (listed as `other`), Savings Plan or reserved rates, or regional prices that differ from the price book",
            display_usd(diff)
        ));
    }
    let unpriced: f64 = lines
        .iter()
        .filter(|l| l.meter == Meter::Other)
        .map(|l| l.cost_usd)
        .sum();
    if lines.iter().any(|l| l.meter == Meter::Other) {
        explanation.push(format!(
            "${} of the usage is of types coldcost does not price (`other`: data transfer, SnapStart…), in the export's figure and not in coldcost's",
            display_usd(unpriced)
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
        usage_usd,
        computed_usd: with.total,
        computed_without_free_tier_usd: without.total,
        difference_usd: diff,
        rows: t.rows,
        skipped_rows: t.skipped_rows,
        charge_types,
        lines,
        functions,
        regions: regions.into_values().collect(),
        account,
        explanation,
    })
}

/// Dollars for display: cents, or four significant digits below a cent (a $0.0009 bill does not read $0.00). JSON
/// and CSV carry the amount unrounded.
pub fn display_usd(usd: f64) -> String {
    // Below a nano-dollar is the arithmetic's noise, not money.
    let usd = if usd.abs() < 1e-9 { 0.0 } else { usd };
    if usd != 0.0 && usd.abs() < 0.01 {
        let digits = (3 - usd.abs().log10().floor() as i32).clamp(2, 12) as usize;
        format!("{usd:.digits$}")
    } else {
        format!("{usd:.2}")
    }
}

/// A quantity for display: thousands grouped, three decimals (six below one).
pub fn display_quantity(q: f64) -> String {
    if q != 0.0 && q.abs() < 1.0 {
        return format!("{q:.6}");
    }
    let text = format!("{q:.3}");
    match text.split_once('.') {
        Some((int, frac)) if q.abs() < 1e18 => {
            format!(
                "{}.{frac}",
                group_thousands(int.parse::<i128>().unwrap_or_default())
            )
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_amounts_are_not_shown_as_zero() {
        assert_eq!(display_usd(0.0009), "0.0009000");
        assert_eq!(display_usd(0.0092774402), "0.009277");
        assert_eq!(display_usd(13.5334), "13.53");
        assert_eq!(display_usd(0.0), "0.00");
        assert_eq!(display_usd(-1.7e-15), "0.00");
    }
}
