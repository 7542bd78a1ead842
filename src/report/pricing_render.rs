//! The renderers of the `pricing show` report: an aligned table for people, CSV with a row per price (amounts as
//! exact decimal text). JSON is the model itself.

use super::csv::document;
use super::grid::columns;
use super::pricing::PricingReport;
use crate::error::Result;
use std::fmt::Write as _;

/// A USD amount of at least two decimals for a table (`0.2` → `0.20`).
fn cents(usd: &str) -> String {
    match usd.split_once('.') {
        Some((_, frac)) if frac.len() < 2 => format!("{usd}{}", "0".repeat(2 - frac.len())),
        _ => usd.to_string(),
    }
}

/// GB-seconds for a table: `6,000,000,000` → `6 bn GB-s` (exact, else grouped digits).
fn billions(gb_s: u128) -> String {
    if gb_s % 100_000_000 == 0 && gb_s >= 1_000_000_000 {
        let tenths = gb_s / 100_000_000;
        if tenths % 10 == 0 {
            format!("{} bn GB-s", tenths / 10)
        } else {
            format!("{}.{} bn GB-s", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} GB-s", crate::money::group_thousands(gb_s as i128))
    }
}

/// The price table: a row per region and architecture, exact decimal USD (shared by the text table and HTML).
pub(super) fn price_rows(r: &PricingReport) -> ([&'static str; 11], Vec<Vec<String>>) {
    let head: [&'static str; 11] = [
        "region",
        "arch",
        "requests /1M",
        "duration /GB-s (tiers: GB-s a month)",
        "PC /GB-s",
        "PC duration /GB-s",
        "storage /GB-s",
        "SnapStart cache /GB-s",
        "SnapStart restore /GB",
        "tenant env /GB",
        "as of",
    ];
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    let mut rows = Vec::new();
    for r in &r.regions {
        for a in &r.architectures {
            let tiers = a
                .duration_tiers
                .iter()
                .map(|t| match t.up_to_gb_s {
                    Some(b) => format!("{} (to {})", t.usd_per_gb_s, billions(b)),
                    None => t.usd_per_gb_s.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            rows.push(vec![
                r.code.clone(),
                a.architecture.clone(),
                cents(&a.request_usd_per_million),
                tiers,
                opt(&a.provisioned_concurrency_usd_per_gb_s),
                opt(&a.provisioned_duration_usd_per_gb_s),
                opt(&a.ephemeral_storage_usd_per_gb_s),
                opt(&r.snapstart_cache_usd_per_gb_s),
                opt(&r.snapstart_restore_usd_per_gb),
                opt(&a.tenant_isolation_usd_per_gb),
                r.as_of.to_string(),
            ]);
        }
    }
    (head, rows)
}

pub(super) fn table(r: &PricingReport) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Price book: {}\nSource: {} (as of {}); prices in USD, exact as published\n",
        r.origin, r.source, r.as_of
    );
    let _ = writeln!(
        t,
        "Free tier: {} requests and {} GB-s a month, one pool per account ({})",
        crate::money::group_thousands(r.free_tier.requests as i128),
        crate::money::group_thousands(r.free_tier.gb_seconds as i128),
        r.free_tier.source
    );
    match &r.edge {
        Some(e) => {
            let _ = writeln!(
                t,
                "Lambda@Edge: {} per million requests, {} per GB-s{}",
                cents(&e.request_usd_per_million),
                e.duration_usd_per_gb_s,
                match (&e.source, &e.as_of) {
                    (Some(s), Some(d)) => format!(" ({s}; as of {d})"),
                    (Some(s), None) => format!(" ({s})"),
                    _ => String::new(),
                }
            );
        }
        None => t.push_str("Lambda@Edge: not in this book\n"),
    }
    let (head, rows) = price_rows(r);
    t.push('\n');
    t += &columns(&head, &rows, &[0, 1], false);
    t.push_str("\nSources (- above: no source found for that price; the tool refuses rather than guesses):\n");
    let mut sources: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in &r.regions {
        match sources.iter_mut().find(|(s, _)| *s == r.source) {
            Some((_, codes)) => codes.push(&r.code),
            None => sources.push((&r.source, vec![&r.code])),
        }
    }
    for (s, codes) in sources {
        let _ = writeln!(t, "  {}: {s}", codes.join(", "));
    }
    if !r.ec2.is_empty() {
        let _ = writeln!(
            t,
            "\nLambda Managed Instances: EC2 on-demand per instance-hour{}",
            r.management_fee_share
                .as_ref()
                .map_or(String::new(), |s| format!(
                    ", plus a management fee of {s} of it"
                ))
        );
        for r in &r.ec2 {
            let _ = writeln!(t, "\n{} ({}; as of {})", r.region, r.source, r.as_of);
            let rows: Vec<Vec<String>> = r
                .instances
                .iter()
                .map(|i| {
                    vec![
                        i.instance.clone(),
                        i.architecture.clone(),
                        i.vcpus.clone(),
                        i.memory_gib.clone(),
                        i.usd_per_hour.clone(),
                    ]
                })
                .collect();
            t += &columns(
                &["instance", "arch", "vCPUs", "GiB", "USD /hour"],
                &rows,
                &[0, 1],
                false,
            );
        }
    }
    t
}

pub(super) fn csv(r: &PricingReport) -> Result<String> {
    let header = [
        "region",
        "name",
        "architecture",
        "item",
        "tier",
        "up_to_gb_s",
        "unit",
        "usd",
        "source",
        "as_of",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |region: &str,
                   name: &str,
                   arch: &str,
                   item: &str,
                   tier: String,
                   up_to: String,
                   unit: &str,
                   usd: &str,
                   source: &str,
                   as_of: String| {
        rows.push(vec![
            region.into(),
            name.into(),
            arch.into(),
            item.into(),
            tier,
            up_to,
            unit.into(),
            usd.into(),
            source.into(),
            as_of,
        ]);
    };
    row(
        "",
        "",
        "",
        "free_tier_requests",
        String::new(),
        String::new(),
        &format!("{} requests", r.free_tier.requests),
        "0",
        &r.free_tier.source,
        r.as_of.to_string(),
    );
    row(
        "",
        "",
        "",
        "free_tier_compute",
        String::new(),
        String::new(),
        &format!("{} GB-s", r.free_tier.gb_seconds),
        "0",
        &r.free_tier.source,
        r.as_of.to_string(),
    );
    if let Some(e) = &r.edge {
        let src = e.source.clone().unwrap_or_default();
        let d = e.as_of.clone().unwrap_or_default();
        row(
            "edge",
            "Lambda@Edge",
            "",
            "edge_requests",
            String::new(),
            String::new(),
            "1M requests",
            &e.request_usd_per_million,
            &src,
            d.clone(),
        );
        row(
            "edge",
            "Lambda@Edge",
            "",
            "edge_duration",
            String::new(),
            String::new(),
            "GB-s",
            &e.duration_usd_per_gb_s,
            &src,
            d,
        );
    }
    for r in &r.regions {
        let d = r.as_of.to_string();
        for a in &r.architectures {
            let arch = a.architecture.as_str();
            row(
                &r.code,
                &r.name,
                arch,
                "requests",
                String::new(),
                String::new(),
                "1M requests",
                &a.request_usd_per_million,
                &r.source,
                d.clone(),
            );
            for (i, tier) in a.duration_tiers.iter().enumerate() {
                row(
                    &r.code,
                    &r.name,
                    arch,
                    "duration",
                    (i + 1).to_string(),
                    tier.up_to_gb_s.map_or(String::new(), |b| b.to_string()),
                    "GB-s",
                    &tier.usd_per_gb_s,
                    &r.source,
                    d.clone(),
                );
            }
            for (item, unit, v) in [
                (
                    "provisioned_concurrency",
                    "GB-s",
                    &a.provisioned_concurrency_usd_per_gb_s,
                ),
                (
                    "provisioned_duration",
                    "GB-s",
                    &a.provisioned_duration_usd_per_gb_s,
                ),
                (
                    "ephemeral_storage",
                    "GB-s",
                    &a.ephemeral_storage_usd_per_gb_s,
                ),
                ("tenant_isolation", "GB", &a.tenant_isolation_usd_per_gb),
            ] {
                if let Some(v) = v {
                    row(
                        &r.code,
                        &r.name,
                        arch,
                        item,
                        String::new(),
                        String::new(),
                        unit,
                        v,
                        &r.source,
                        d.clone(),
                    );
                }
            }
        }
        for (item, unit, v) in [
            ("snapstart_cache", "GB-s", &r.snapstart_cache_usd_per_gb_s),
            ("snapstart_restore", "GB", &r.snapstart_restore_usd_per_gb),
        ] {
            if let Some(v) = v {
                row(
                    &r.code,
                    &r.name,
                    "",
                    item,
                    String::new(),
                    String::new(),
                    unit,
                    v,
                    &r.source,
                    d.clone(),
                );
            }
        }
    }
    for r in &r.ec2 {
        for i in &r.instances {
            row(
                &r.region,
                "",
                &i.architecture,
                &format!("ec2:{}", i.instance),
                String::new(),
                String::new(),
                "instance-hour",
                &i.usd_per_hour,
                &r.source,
                r.as_of.clone(),
            );
        }
    }
    document(&header, rows)
}
