//! The monthly bill of an account: functions' usage priced, with the free tier and duration tiers pooled the
//! way AWS pools them (free tier per account; tiers per region and architecture).

use super::lines::{add_line, AccountLine, Bill, FunctionBill, FunctionLine, LineItem, Lines};
use super::tiers;
use super::usage::FunctionUsage;
use crate::error::{Error, Location, Result};
use crate::money::{Money, Price, MB_MS_PER_GB_S};
use crate::pricing::{Architecture, PriceBook, RegionPrices};
use std::collections::BTreeMap;

/// Options of the bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillOptions {
    /// Apply the monthly free tier.
    pub free_tier: bool,
}

impl Default for BillOptions {
    fn default() -> BillOptions {
        BillOptions { free_tier: true }
    }
}

type PoolKey = (String, Architecture);

fn gb_s(mb_ms: u128) -> f64 {
    mb_ms as f64 / MB_MS_PER_GB_S as f64
}

fn need(
    price: Option<Price>,
    qty: u128,
    r: &RegionPrices,
    arch: Architecture,
    what: &str,
) -> Result<Price> {
    match price {
        Some(p) => Ok(p),
        None if qty == 0 => Ok(Price::default()),
        None => Err(Error::MissingPrice {
            region: r.code.clone(),
            architecture: arch.to_string(),
            component: what.to_string(),
        }),
    }
}

/// A line priced per function without tiers or free tier, on both the function's and the account's bill.
#[allow(clippy::too_many_arguments)]
fn flat(
    lines: &mut Lines,
    account: &mut Vec<AccountLine>,
    i: usize,
    u: &FunctionUsage,
    item: LineItem,
    qty: u128,
    price: Price,
    per_gb: bool,
    label: &str,
) {
    if qty == 0 {
        return;
    }
    let (cost, shown) = if per_gb {
        (price.times_units_per(qty, 1024), qty as f64 / 1024.0)
    } else {
        (price.times_mb_ms(qty), gb_s(qty))
    };
    add_line(lines, i, item, shown, cost, cost);
    account.push(AccountLine {
        item: format!("{label} {} {} ({})", u.region, u.arch(), u.name),
        quantity: shown,
        unit: item.unit(),
        cost,
    });
}

/// Prices `usages` as one account's month.
pub fn bill(usages: &[FunctionUsage], book: &PriceBook, opts: BillOptions) -> Result<Bill> {
    let mut lines: Lines = vec![BTreeMap::new(); usages.len()];
    let mut account = Vec::new();
    let mut regions = Vec::with_capacity(usages.len());
    for u in usages {
        regions.push(book.region(&u.region, &Location::file(format!("function `{}`", u.name)))?);
    }

    // Requests and on-demand duration: pooled per region and architecture, free tier shared by the account.
    let mut pools: BTreeMap<PoolKey, Vec<usize>> = BTreeMap::new();
    for (i, u) in usages.iter().enumerate() {
        if !u.edge {
            pools
                .entry((u.region.clone(), u.arch()))
                .or_default()
                .push(i);
        }
    }
    let mut free_requests = if opts.free_tier {
        book.free_tier.requests
    } else {
        0
    };
    let mut free_mb_ms = if opts.free_tier {
        book.free_tier.mb_ms
    } else {
        0
    };

    // Requests: the free tier goes to the dearest pool first.
    let mut by_req_price: Vec<(&PoolKey, &Vec<usize>, Price)> = Vec::new();
    let mut by_dur_price: Vec<(&PoolKey, &Vec<usize>, Price)> = Vec::new();
    for (key, members) in &pools {
        let Some(&first) = members.first() else {
            continue;
        };
        let Some(r) = regions.get(first) else {
            continue;
        };
        let a = r.arch(key.1)?;
        by_req_price.push((key, members, a.request_per_million));
        by_dur_price.push((key, members, a.list_duration()));
    }
    by_req_price.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    by_dur_price.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));

    for (key, members, price) in &by_req_price {
        let total: u128 = members
            .iter()
            .filter_map(|&i| usages.get(i))
            .map(|u| u.requests)
            .sum();
        let eligible: u128 = members
            .iter()
            .filter_map(|&i| usages.get(i))
            .filter(|u| u.free_tier_eligible)
            .map(|u| u.requests)
            .sum();
        let free = free_requests.min(eligible);
        free_requests -= free;
        let credit = price.times_units_per(free, 1_000_000);
        if free > 0 {
            account.push(AccountLine {
                item: format!("requests {} {} free tier", key.0, key.1),
                quantity: free as f64,
                unit: "requests",
                cost: Money::ZERO,
            });
        }
        let billable = total - free;
        account.push(AccountLine {
            item: format!("requests {} {}", key.0, key.1),
            quantity: billable as f64,
            unit: "requests",
            cost: price.times_units_per(billable, 1_000_000),
        });
        for &i in members.iter() {
            let Some(u) = usages.get(i) else { continue };
            let gross = price.times_units_per(u.requests, 1_000_000);
            let share = if u.free_tier_eligible {
                credit.share(u.requests, eligible)
            } else {
                Money::ZERO
            };
            add_line(
                &mut lines,
                i,
                LineItem::Requests,
                u.requests as f64,
                gross,
                gross.saturating_sub(share),
            );
        }
    }

    for (key, members, list) in &by_dur_price {
        let Some(r) = members.first().and_then(|&i| regions.get(i)) else {
            continue;
        };
        let tiers_of = &r.arch(key.1)?.duration_tiers;
        let total: u128 = members
            .iter()
            .filter_map(|&i| usages.get(i))
            .map(|u| u.on_demand_mb_ms())
            .sum();
        let eligible: u128 = members
            .iter()
            .filter_map(|&i| usages.get(i))
            .filter(|u| u.free_tier_eligible)
            .map(|u| u.on_demand_mb_ms())
            .sum();
        let free = free_mb_ms.min(eligible);
        free_mb_ms -= free;
        let what = (key.0.as_str(), key.1.as_str());
        let gross_tiered: Money = tiers::split(tiers_of, 0, total, what)?
            .iter()
            .map(|s| s.2)
            .sum();
        let segments = tiers::split(tiers_of, free, total, what)?;
        let net: Money = segments.iter().map(|s| s.2).sum();
        let credit = gross_tiered.saturating_sub(net);
        if free > 0 {
            account.push(AccountLine {
                item: format!("duration {} {} free tier", key.0, key.1),
                quantity: gb_s(free),
                unit: "GB-s",
                cost: Money::ZERO,
            });
        }
        for (tier, qty, cost) in segments {
            account.push(AccountLine {
                item: format!("duration {} {} tier {}", key.0, key.1, tier + 1),
                quantity: gb_s(qty),
                unit: "GB-s",
                cost,
            });
        }
        for &i in members.iter() {
            let Some(u) = usages.get(i) else { continue };
            if u.managed_instances.is_some() {
                continue; // no duration charge on Managed Instances
            }
            let mine = u.on_demand_mb_ms();
            let share = if u.free_tier_eligible {
                credit.share(mine, eligible)
            } else {
                Money::ZERO
            };
            let net_f = gross_tiered.share(mine, total).saturating_sub(share);
            let inv_net = net_f.share(u.invoke_mb_ms, mine);
            add_line(
                &mut lines,
                i,
                LineItem::DurationInvoke,
                gb_s(u.invoke_mb_ms),
                list.times_mb_ms(u.invoke_mb_ms),
                inv_net,
            );
            if u.init_mb_ms > 0 {
                add_line(
                    &mut lines,
                    i,
                    LineItem::DurationInit,
                    gb_s(u.init_mb_ms),
                    list.times_mb_ms(u.init_mb_ms),
                    net_f.saturating_sub(inv_net),
                );
            }
        }
    }

    // Everything else is priced per function, without tiers or free tier.
    for (i, u) in usages.iter().enumerate() {
        let Some(r) = regions.get(i) else { continue };
        let arch = u.arch();
        if let Some(m) = &u.managed_instances {
            super::managed::price(&mut lines, &mut account, i, u, m, book)?;
        }
        if u.edge {
            let e = book.edge.ok_or_else(|| Error::MissingPrice {
                region: "global".into(),
                architecture: arch.to_string(),
                component: "Lambda@Edge".into(),
            })?;
            let c = e.request_per_million.times_units_per(u.requests, 1_000_000);
            add_line(&mut lines, i, LineItem::Requests, u.requests as f64, c, c);
            account.push(AccountLine {
                item: format!("Lambda@Edge requests ({})", u.name),
                quantity: u.requests as f64,
                unit: "requests",
                cost: c,
            });
            flat(
                &mut lines,
                &mut account,
                i,
                u,
                LineItem::DurationInvoke,
                u.invoke_mb_ms,
                e.duration,
                false,
                "Lambda@Edge duration",
            );
            flat(
                &mut lines,
                &mut account,
                i,
                u,
                LineItem::DurationInit,
                u.init_mb_ms,
                e.duration,
                false,
                "Lambda@Edge INIT duration",
            );
        }
        let a = r.arch(arch)?;
        let storage = need(
            a.ephemeral_storage,
            u.storage_mb_ms,
            r,
            arch,
            "ephemeral storage",
        )?;
        let pc = need(
            a.provisioned_concurrency,
            u.pc_configured_mb_ms,
            r,
            arch,
            "provisioned concurrency",
        )?;
        let pcd = need(
            a.provisioned_duration,
            u.pc_duration_mb_ms,
            r,
            arch,
            "provisioned duration",
        )?;
        let cache = need(
            r.snapstart_cache,
            u.snapstart_cache_mb_ms,
            r,
            arch,
            "SnapStart cache",
        )?;
        let restore = need(
            r.snapstart_restore,
            u.snapstart_restored_mb,
            r,
            arch,
            "SnapStart restore",
        )?;
        let tenant = need(
            a.tenant_isolation,
            u.tenant_environments_mb,
            r,
            arch,
            "tenant isolation",
        )?;
        flat(
            &mut lines,
            &mut account,
            i,
            u,
            LineItem::EphemeralStorage,
            u.storage_mb_ms,
            storage,
            false,
            "ephemeral storage",
        );
        flat(
            &mut lines,
            &mut account,
            i,
            u,
            LineItem::ProvisionedConcurrency,
            u.pc_configured_mb_ms,
            pc,
            false,
            "provisioned concurrency",
        );
        flat(
            &mut lines,
            &mut account,
            i,
            u,
            LineItem::ProvisionedDuration,
            u.pc_duration_mb_ms,
            pcd,
            false,
            "provisioned duration",
        );
        flat(
            &mut lines,
            &mut account,
            i,
            u,
            LineItem::SnapStartCache,
            u.snapstart_cache_mb_ms,
            cache,
            false,
            "SnapStart cache",
        );
        flat(
            &mut lines,
            &mut account,
            i,
            u,
            LineItem::SnapStartRestore,
            u.snapstart_restored_mb,
            restore,
            true,
            "SnapStart restore",
        );
        flat(
            &mut lines,
            &mut account,
            i,
            u,
            LineItem::TenantIsolation,
            u.tenant_environments_mb,
            tenant,
            true,
            "tenant isolation",
        );
    }

    let functions: Vec<FunctionBill> = usages
        .iter()
        .zip(lines)
        .map(|(u, map)| {
            let lines: Vec<FunctionLine> = map.into_values().collect();
            FunctionBill {
                name: u.name.clone(),
                total: lines.iter().map(|l| l.net).sum(),
                lines,
            }
        })
        .collect();
    let total = account.iter().map(|l| l.cost).sum();
    Ok(Bill {
        account_lines: account,
        functions,
        total,
    })
}
