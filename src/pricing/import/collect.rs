//! The prices chosen from the offer files, gathered per region: each price once (the same price twice is one;
//! two different prices for one thing is an error naming both SKUs), duration tiers by their ranges.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::decimal::usd_to_pico;
use super::map::{LambdaKey, Target};
use crate::error::{Error, Location, Result};
use crate::vocab::Architecture;
use std::collections::{BTreeMap, BTreeSet};

/// One offer file read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The file's name as given.
    pub file: String,
    /// `JSON` or `CSV`.
    pub form: &'static str,
    /// `offerCode` (`AWSLambda`, `AmazonEC2`).
    pub offer_code: String,
    /// The file's `version`.
    pub version: String,
    /// The file's `publicationDate` as written (`2026-09-19T20:33:14Z`).
    pub publication_date: String,
}

/// A price and the SKU it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub pico: u64,
    pub sku: String,
}

/// One duration tier: `begin`..`end` GB-seconds a month (`None`: unbounded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TierEntry {
    pub begin: u64,
    pub end: Option<u64>,
    pub entry: Entry,
}

/// Lambda prices of one region.
#[derive(Debug, Default)]
pub(crate) struct LambdaRegion {
    pub location: String,
    /// Indexes into [`Collected::offers`] of the files that gave prices.
    pub offers: BTreeSet<usize>,
    pub prices: BTreeMap<LambdaKey, Entry>,
    pub tiers: BTreeMap<Architecture, Vec<TierEntry>>,
}

/// One EC2 instance type's on-demand price.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Instance {
    pub entry: Entry,
    pub vcpus: u32,
    pub memory_gib: f64,
    pub architecture: Architecture,
}

/// EC2 prices of one region.
#[derive(Debug, Default)]
pub(crate) struct Ec2Region {
    pub location: String,
    pub offers: BTreeSet<usize>,
    pub instances: BTreeMap<String, Instance>,
}

/// Everything chosen from the files so far.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    pub offers: Vec<Offer>,
    pub lambda: BTreeMap<String, LambdaRegion>,
    pub ec2: BTreeMap<String, Ec2Region>,
}

/// One price dimension of a chosen product, as read.
pub(crate) struct Dim<'a> {
    pub sku: &'a str,
    /// The USD price per unit, as written.
    pub usd: &'a str,
    /// Field names for errors: the price's and the range's.
    pub usd_field: &'a str,
    pub begin: Option<&'a str>,
    pub end: Option<&'a str>,
    pub range_field: &'a str,
}

/// A price as pico-dollars, or the error naming where it is.
fn price(at: &Location, field: &str, usd: &str) -> Result<u64> {
    usd_to_pico(usd).ok_or_else(|| {
        Error::invalid(
            at,
            field,
            format!("\"{usd}\""),
            "a decimal price in USD ≥ 0 and below 1,000,000 (e.g. \"0.0000166667\")",
        )
    })
}

/// A range bound: whole units, or `Inf` (unbounded; also an absent or empty bound at the end).
fn bound(at: &Location, field: &str, text: Option<&str>) -> Result<Option<u64>> {
    match text.map(str::trim) {
        None | Some("") | Some("Inf") | Some("inf") => Ok(None),
        Some(t) => t
            .strip_suffix(".0")
            .unwrap_or(t)
            .parse()
            .map(Some)
            .map_err(|_| Error::invalid(at, field, format!("\"{t}\""), "a whole number or Inf")),
    }
}

/// Keeps `new` for `what`, unless a different price is already there.
fn keep(slot: &mut Option<Entry>, new: Entry, what: &str, at: &Location) -> Result<()> {
    match slot {
        Some(old) if old.pico != new.pico => Err(Error::Syntax {
            at: at.clone(),
            message: format!(
                "two prices for {what}: SKU {} at {} and SKU {} at {} USD; give one offer file per publication",
                old.sku,
                super::decimal::pico_to_usd_text(old.pico),
                new.sku,
                super::decimal::pico_to_usd_text(new.pico)
            ),
        }),
        Some(_) => Ok(()),
        None => {
            *slot = Some(new);
            Ok(())
        }
    }
}

impl Collected {
    /// Adds the price `dim` of the product `target`, read at `at` from offer `offer`.
    pub(crate) fn add(
        &mut self,
        offer: usize,
        target: &Target,
        dim: &Dim,
        at: &Location,
    ) -> Result<()> {
        let pico = price(at, dim.usd_field, dim.usd)?;
        let entry = Entry {
            pico,
            sku: dim.sku.to_string(),
        };
        match target {
            Target::Lambda {
                region,
                location,
                key,
            } => {
                let r = self.lambda.entry(region.clone()).or_default();
                if r.location.is_empty() {
                    r.location.clone_from(location);
                }
                r.offers.insert(offer);
                if let LambdaKey::Duration(arch) = key {
                    let begin = bound(at, dim.range_field, dim.begin)?.unwrap_or(0);
                    let end = bound(at, dim.range_field, dim.end)?;
                    let tiers = r.tiers.entry(*arch).or_default();
                    let what = format!("{region} {arch} duration from {begin} GB-s");
                    let mut slot = tiers
                        .iter()
                        .position(|t| t.begin == begin)
                        .map(|i| tiers.remove(i));
                    if let Some(old) = &slot {
                        if old.end != end {
                            return Err(Error::Syntax {
                                at: at.clone(),
                                message: format!(
                                    "two duration tiers for {what} with different ends (SKUs {} and {})",
                                    old.entry.sku, dim.sku
                                ),
                            });
                        }
                    }
                    let mut e = slot.take().map(|t| t.entry);
                    keep(&mut e, entry, &what, at)?;
                    if let Some(entry) = e {
                        tiers.push(TierEntry { begin, end, entry });
                    }
                    return Ok(());
                }
                let mut e = r.prices.remove(key);
                keep(&mut e, entry, &format!("{region} {}", key.usage_type()), at)?;
                if let Some(e) = e {
                    r.prices.insert(*key, e);
                }
            }
            Target::Ec2 {
                region,
                location,
                instance,
                vcpus,
                memory_gib,
                architecture,
            } => {
                let r = self.ec2.entry(region.clone()).or_default();
                if r.location.is_empty() {
                    r.location.clone_from(location);
                }
                r.offers.insert(offer);
                let mut e = r.instances.remove(instance).map(|i| i.entry);
                keep(&mut e, entry, &format!("{region} {instance}"), at)?;
                if let Some(entry) = e {
                    r.instances.insert(
                        instance.clone(),
                        Instance {
                            entry,
                            vcpus: *vcpus,
                            memory_gib: *memory_gib,
                            architecture: *architecture,
                        },
                    );
                }
            }
        }
        Ok(())
    }
}
