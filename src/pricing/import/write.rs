//! The gathered prices as a price book in the layout of `pricing/aws-lambda.toml` (loadable with `--pricing`),
//! and, when an EC2 offer gave instances, the `[managed_instances]` and `[ec2.REGION]` tables.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::collect::{Collected, Entry, LambdaRegion, Offer, TierEntry};
use super::decimal::pico_to_usd_text as usd;
use super::map::LambdaKey;
use crate::date::Date;
use crate::error::{Error, Location, Result};
use crate::money::MB_MS_PER_GB_S;
use crate::pricing::PriceBook;
use crate::vocab::Architecture;
use std::fmt::Write as _;

/// A TOML string.
pub(crate) fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The date of a `publicationDate` (`2026-09-19T20:33:14Z` → 2026-09-19).
pub(crate) fn publication_day(o: &Offer) -> Result<Date> {
    o.publication_date
        .get(..10)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| {
            Error::invalid(
                &Location::file(&o.file),
                "publicationDate",
                format!("\"{}\"", o.publication_date),
                "a date-time starting YYYY-MM-DD (e.g. 2026-09-19T20:33:14Z)",
            )
        })
}

/// How the book names an offer file.
pub(crate) fn describe(o: &Offer) -> String {
    format!(
        "{} ({} offer {}, version {}, publicationDate {})",
        o.file,
        o.form,
        if o.offer_code.is_empty() {
            "?"
        } else {
            &o.offer_code
        },
        if o.version.is_empty() {
            "?"
        } else {
            &o.version
        },
        o.publication_date
    )
}

/// The source and date of something priced by the offers at `indexes`: all named, the latest date.
pub(crate) fn sourced(
    c: &Collected,
    indexes: impl Iterator<Item = usize>,
) -> Result<(String, Date)> {
    let mut names = Vec::new();
    let mut day: Option<Date> = None;
    for i in indexes {
        if let Some(o) = c.offers.get(i) {
            names.push(describe(o));
            let d = publication_day(o)?;
            day = Some(day.map_or(d, |x| x.max(d)));
        }
    }
    let day = day.ok_or_else(|| Error::Syntax {
        at: Location::file("<import>"),
        message: "internal: a price without its offer file".into(),
    })?;
    Ok((
        format!("AWS Price List offer file {}", names.join("; ")),
        day,
    ))
}

/// Duration tiers in order, checked to run from 0 without gaps; the error names the region and architecture.
fn ordered_tiers(
    region: &str,
    arch: Architecture,
    mut tiers: Vec<TierEntry>,
    file: &str,
) -> Result<Vec<TierEntry>> {
    tiers.sort_by_key(|t| t.begin);
    let mut expect = Some(0);
    for t in &tiers {
        if Some(t.begin) != expect {
            return Err(Error::Syntax {
                at: Location::file(file),
                message: format!(
                    "{region} {arch} duration tiers do not run on from 0 GB-s without gaps: a tier begins at {} GB-s where {} was expected (SKU {})",
                    t.begin,
                    expect.map_or("none (the previous tier is unbounded)".to_string(), |e| format!("{e}")),
                    t.entry.sku
                ),
            });
        }
        expect = t.end;
    }
    Ok(tiers)
}

/// The `[regions.R.ARCH]` table, or a note saying why the architecture is left out.
fn arch_table(
    out: &mut String,
    code: &str,
    r: &LambdaRegion,
    arch: Architecture,
    file: &str,
) -> Result<Option<String>> {
    let get = |k: LambdaKey| r.prices.get(&k);
    let tiers = r.tiers.get(&arch).cloned().unwrap_or_default();
    let request = get(LambdaKey::Request(arch));
    let Some(request) = request else {
        return Ok((!tiers.is_empty()).then(|| {
            format!(
                "{code} {arch}: left out: no request price (usage type Request{})",
                suffix(arch)
            )
        }));
    };
    if tiers.is_empty() {
        return Ok(Some(format!(
            "{code} {arch}: left out: no duration price (usage type Lambda-GB-Second{})",
            suffix(arch)
        )));
    }
    let tiers = ordered_tiers(code, arch, tiers, file)?;
    let per_million = request.pico.checked_mul(1_000_000).ok_or_else(|| {
        Error::invalid(
            &Location::file(file),
            format!("{code} request price (SKU {})", request.sku),
            usd(request.pico),
            "a price per request below 1 USD",
        )
    })?;
    let mut skus = vec![request.sku.as_str()];
    let _ = writeln!(out, "\n[regions.{code}.{arch}]");
    let _ = writeln!(out, "request_usd_per_million = {}", usd(per_million));
    out.push_str("duration_tiers = [\n");
    for t in &tiers {
        skus.push(&t.entry.sku);
        match t.end {
            Some(end) => {
                let _ = writeln!(
                    out,
                    "  {{ up_to_gb_s = {end}, usd_per_gb_s = {} }},",
                    usd(t.entry.pico)
                );
            }
            None => {
                let _ = writeln!(out, "  {{ usd_per_gb_s = {} }},", usd(t.entry.pico));
            }
        }
    }
    out.push_str("]\n");
    let mut optional = |k: LambdaKey, key: &str| {
        if let Some(Entry { pico, sku }) = get(k) {
            let _ = writeln!(out, "{key} = {}", usd(*pico));
            skus.push(sku);
        }
    };
    optional(
        LambdaKey::ProvisionedConcurrency(arch),
        "provisioned_concurrency_usd_per_gb_s",
    );
    optional(
        LambdaKey::ProvisionedDuration(arch),
        "provisioned_duration_usd_per_gb_s",
    );
    optional(LambdaKey::Storage(arch), "ephemeral_storage_usd_per_gb_s");
    skus.dedup();
    let _ = writeln!(out, "# SKUs: {}", skus.join(", "));
    Ok(None)
}

fn suffix(arch: Architecture) -> &'static str {
    match arch {
        Architecture::X86_64 => "",
        Architecture::Arm64 => "-ARM",
    }
}

/// The Lambda part of the book: `[meta]`, `[free_tier]` (from `base`), `[edge]`, `[regions.*]`. Notes say what
/// was left out.
pub(crate) fn lambda_book(
    c: &Collected,
    base: &PriceBook,
    notes: &mut Vec<String>,
) -> Result<String> {
    let none = || {
        Error::Syntax {
        at: Location::file(c.offers.first().map_or("<import>", |o| o.file.as_str())),
        message: "no Lambda region with both a request and a duration price in these files: give the AWSLambda offer file (JSON or CSV) among them".into(),
    }
    };
    if c.lambda.is_empty() {
        return Err(none());
    }
    let lambda_offers: Vec<usize> = c
        .lambda
        .values()
        .flat_map(|r| r.offers.iter().copied())
        .collect();
    let (source, as_of) = sourced(c, {
        let mut v = lambda_offers.clone();
        v.sort_unstable();
        v.dedup();
        v.into_iter()
    })?;
    let mut out = String::new();
    let _ = writeln!(out, "# AWS Lambda price book written by `coldcost pricing import` from AWS Price List bulk offer files.");
    let _ = writeln!(out, "# Prices in USD as the offer files publish them; the free tier is not in the Price List (carried over).");
    let _ = writeln!(
        out,
        "[meta]\nas_of = \"{as_of}\"\ncurrency = \"USD\"\nsource = {}",
        quote(&source)
    );
    let _ = writeln!(
        out,
        "\n[free_tier]\n# Not in the Price List: carried over from {}.\nrequests = {}\ngb_seconds = {}\nsource = {}",
        base.origin,
        base.free_tier.requests,
        base.free_tier.mb_ms / MB_MS_PER_GB_S,
        quote(&format!("{} (carried over from {} by coldcost pricing import: the Price List offer files do not list the free tier)", base.free_tier_source, base.origin))
    );
    // Lambda@Edge is priced the same everywhere; us-east-1's SKUs are taken when there, else the first region's.
    let edge_from = c
        .lambda
        .get("us-east-1")
        .filter(|r| r.prices.contains_key(&LambdaKey::EdgeRequest))
        .map(|r| ("us-east-1", r))
        .or_else(|| {
            c.lambda
                .iter()
                .find(|(_, r)| r.prices.contains_key(&LambdaKey::EdgeRequest))
                .map(|(k, r)| (k.as_str(), r))
        });
    match edge_from.and_then(|(code, r)| Some((code, r, r.prices.get(&LambdaKey::EdgeRequest)?, r.prices.get(&LambdaKey::EdgeDuration)?))) {
        Some((code, r, req, dur)) => {
            let (src, day) = sourced(c, r.offers.iter().copied())?;
            let per_million = req.pico.saturating_mul(1_000_000);
            let _ = writeln!(
                out,
                "\n[edge]\n# usage types Lambda-Edge-Request (SKU {}) and Lambda-Edge-GB-Second (SKU {}), read in {code}\nrequest_usd_per_million = {}\nduration_usd_per_gb_s = {}\nsource = {}\nas_of = \"{day}\"",
                req.sku,
                dur.sku,
                usd(per_million),
                usd(dur.pico),
                quote(&src)
            );
        }
        None => notes.push("Lambda@Edge: left out: the files have no Lambda-Edge-Request and Lambda-Edge-GB-Second prices".into()),
    }
    let mut written = 0;
    for (code, r) in &c.lambda {
        let file = r
            .offers
            .iter()
            .next()
            .and_then(|&i| c.offers.get(i))
            .map_or("<import>", |o| o.file.as_str());
        let mut body = String::new();
        let mut any = false;
        for arch in Architecture::ALL {
            match arch_table(&mut body, code, r, arch, file)? {
                Some(note) => notes.push(note),
                None => {
                    any = any
                        || r.tiers.contains_key(&arch)
                            && r.prices.contains_key(&LambdaKey::Request(arch))
                }
            }
        }
        if !any {
            if r.prices
                .keys()
                .any(|k| !matches!(k, LambdaKey::EdgeRequest | LambdaKey::EdgeDuration))
                || !r.tiers.is_empty()
            {
                notes.push(format!(
                    "{code}: left out: no architecture with both a request and a duration price"
                ));
            }
            continue;
        }
        let (src, day) = sourced(c, r.offers.iter().copied())?;
        let _ = writeln!(
            out,
            "\n[regions.{code}]\nname = {}\nsource = {}\nas_of = \"{day}\"",
            quote(if r.location.is_empty() {
                code
            } else {
                &r.location
            }),
            quote(&src)
        );
        for (k, key, usage) in [
            (
                LambdaKey::SnapStartCache,
                "snapstart_cache_usd_per_gb_s",
                "Lambda-SnapStart-Cached-GB-S",
            ),
            (
                LambdaKey::SnapStartRestore,
                "snapstart_restore_usd_per_gb",
                "Lambda-SnapStart-Restored-GB",
            ),
        ] {
            if let Some(e) = r.prices.get(&k) {
                let _ = writeln!(
                    out,
                    "# usage type {usage} (SKU {})\n{key} = {}",
                    e.sku,
                    usd(e.pico)
                );
            }
        }
        out.push_str(&body);
        written += 1;
    }
    if written == 0 {
        return Err(none());
    }
    Ok(out)
}
