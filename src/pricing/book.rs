//! The price book: published Lambda prices per region and architecture, each region with its source and date.
//! Loaded from TOML (`pricing/aws-lambda.toml` is embedded; `--pricing FILE` replaces it).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::ec2::{self, Ec2Instance, Ec2Region, ManagedInstancesFee};
use crate::date::Date;
use crate::error::{toml_error, Error, Location, Result};
use crate::money::{Price, MB_MS_PER_GB_S};
use crate::vocab::Architecture;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The price book compiled into the binary.
pub const EMBEDDED_TOML: &str = include_str!("../../pricing/aws-lambda.toml");
/// The name the embedded price book is reported under.
pub const EMBEDDED_NAME: &str = "<built-in pricing/aws-lambda.toml>";

/// One duration tier: usage up to `up_to_mb_ms` (cumulative, per month, per region and architecture) at `price`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// Upper bound of the tier in MB-ms of monthly usage; `None` for the last, unbounded tier.
    pub up_to_mb_ms: Option<u128>,
    /// Price per GB-second in this tier.
    pub price: Price,
}

/// Prices of one architecture in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchPrices {
    /// Price per one million requests.
    pub request_per_million: Price,
    /// On-demand duration tiers, in order. The last is unbounded when the book has all tiers; usage past a bounded
    /// last tier is an error (its price is not known).
    pub duration_tiers: Vec<Tier>,
    /// Provisioned concurrency, per GB-second configured.
    pub provisioned_concurrency: Option<Price>,
    /// Duration of invocations served by provisioned concurrency, per GB-second.
    pub provisioned_duration: Option<Price>,
    /// Ephemeral storage above the free 512 MB, per GB-second.
    pub ephemeral_storage: Option<Price>,
    /// Tenant isolation mode: each new tenant-isolated execution environment, per GB of its memory.
    pub tenant_isolation: Option<Price>,
}

impl ArchPrices {
    /// The first-tier (list) duration price.
    pub fn list_duration(&self) -> Price {
        self.duration_tiers
            .first()
            .map(|t| t.price)
            .unwrap_or_default()
    }
}

/// Prices of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPrices {
    /// Region code, e.g. `us-east-1`.
    pub code: String,
    /// Human name, e.g. `US East (N. Virginia)`.
    pub name: String,
    /// Where the prices come from.
    pub source: String,
    /// The date of the source's data.
    pub as_of: Date,
    /// x86_64 prices.
    pub x86_64: Option<ArchPrices>,
    /// arm64 prices.
    pub arm64: Option<ArchPrices>,
    /// SnapStart cache, per GB-second of allocated memory.
    pub snapstart_cache: Option<Price>,
    /// SnapStart restore, per GB restored.
    pub snapstart_restore: Option<Price>,
}

impl RegionPrices {
    /// Prices for `arch`, or an error naming what is missing.
    pub fn arch(&self, arch: Architecture) -> Result<&ArchPrices> {
        let p = match arch {
            Architecture::X86_64 => self.x86_64.as_ref(),
            Architecture::Arm64 => self.arm64.as_ref(),
        };
        p.ok_or_else(|| Error::MissingPrice {
            region: self.code.clone(),
            architecture: arch.to_string(),
            component: "any".into(),
        })
    }
}

/// The monthly free tier, one pool per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeTier {
    /// Free requests per month.
    pub requests: u128,
    /// Free compute per month, in MB-ms (400,000 GB-s).
    pub mb_ms: u128,
}

/// Lambda@Edge prices (global, no free tier, no architecture tiers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgePrices {
    /// Per one million requests.
    pub request_per_million: Price,
    /// Per GB-second.
    pub duration: Price,
}

/// A complete price book.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceBook {
    /// Where the book was loaded from (a file name or the built-in name).
    pub origin: String,
    /// Main source, e.g. the pricing page.
    pub source: String,
    /// When the book was compiled.
    pub as_of: Date,
    /// The free tier.
    pub free_tier: FreeTier,
    /// Where the free-tier facts come from.
    pub free_tier_source: String,
    /// Lambda@Edge prices, when present.
    pub edge: Option<EdgePrices>,
    /// Regions by code.
    pub regions: BTreeMap<String, RegionPrices>,
    /// The Lambda Managed Instances management fee, when the book has it.
    pub managed_instances: Option<ManagedInstancesFee>,
    /// EC2 on-demand prices by region code, for Managed Instances (regions without a sourced price are absent).
    pub ec2: BTreeMap<String, Ec2Region>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    meta: RawMeta,
    free_tier: RawFree,
    edge: Option<RawEdge>,
    regions: BTreeMap<String, RawRegion>,
    managed_instances: Option<ec2::RawFee>,
    #[serde(default)]
    ec2: BTreeMap<String, ec2::RawEc2Region>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    as_of: String,
    currency: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFree {
    requests: u64,
    gb_seconds: u64,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdge {
    request_usd_per_million: f64,
    duration_usd_per_gb_s: f64,
    source: String,
    as_of: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: String,
    source: String,
    as_of: String,
    snapstart_cache_usd_per_gb_s: Option<f64>,
    snapstart_restore_usd_per_gb: Option<f64>,
    x86_64: Option<RawArch>,
    arm64: Option<RawArch>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArch {
    request_usd_per_million: f64,
    duration_tiers: Vec<RawTier>,
    provisioned_concurrency_usd_per_gb_s: Option<f64>,
    provisioned_duration_usd_per_gb_s: Option<f64>,
    ephemeral_storage_usd_per_gb_s: Option<f64>,
    tenant_isolation_usd_per_gb: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    up_to_gb_s: Option<u64>,
    usd_per_gb_s: f64,
}

struct Ctx<'a> {
    at: Location,
    text: &'a str,
}

impl Ctx<'_> {
    fn price(&self, field: &str, usd: f64) -> Result<Price> {
        Price::from_usd(usd).ok_or_else(|| {
            Error::invalid(
                &self.located(field),
                field,
                usd,
                "a price in USD ≥ 0 and below 1,000,000",
            )
        })
    }

    fn opt_price(&self, field: &str, usd: Option<f64>) -> Result<Option<Price>> {
        usd.map(|u| self.price(field, u)).transpose()
    }

    fn date(&self, field: &str, s: &str) -> Result<Date> {
        s.parse()
            .map_err(|e: String| Error::invalid(&self.located(field), field, format!("\"{s}\""), e))
    }

    /// The location with the line of the field's last key, when it can be found.
    fn located(&self, field: &str) -> Location {
        let mut at = self.at.clone();
        at.line = crate::locate::find_key_line(self.text, field);
        at
    }
}

impl PriceBook {
    /// The built-in price book.
    pub fn embedded() -> Result<PriceBook> {
        PriceBook::from_toml(EMBEDDED_TOML, EMBEDDED_NAME)
    }

    /// Parses and validates a price book; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<PriceBook> {
        let raw: RawBook = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
        let cx = Ctx {
            at: Location::file(origin),
            text,
        };
        if raw.meta.currency != "USD" {
            return Err(Error::invalid(
                &cx.located("meta.currency"),
                "meta.currency",
                &raw.meta.currency,
                "USD",
            ));
        }
        let edge = match raw.edge {
            Some(e) => {
                cx.date("edge.as_of", &e.as_of)?;
                let _ = e.source;
                Some(EdgePrices {
                    request_per_million: cx
                        .price("edge.request_usd_per_million", e.request_usd_per_million)?,
                    duration: cx.price("edge.duration_usd_per_gb_s", e.duration_usd_per_gb_s)?,
                })
            }
            None => None,
        };
        let mut regions = BTreeMap::new();
        for (code, r) in raw.regions {
            let f = |k: &str| format!("regions.{code}.{k}");
            let arch = |a: Option<RawArch>, name: &str| -> Result<Option<ArchPrices>> {
                a.map(|a| parse_arch(&cx, &f(name), a)).transpose()
            };
            let region = RegionPrices {
                name: r.name,
                source: r.source,
                as_of: cx.date(&f("as_of"), &r.as_of)?,
                x86_64: arch(r.x86_64, "x86_64")?,
                arm64: arch(r.arm64, "arm64")?,
                snapstart_cache: cx.opt_price(
                    &f("snapstart_cache_usd_per_gb_s"),
                    r.snapstart_cache_usd_per_gb_s,
                )?,
                snapstart_restore: cx.opt_price(
                    &f("snapstart_restore_usd_per_gb"),
                    r.snapstart_restore_usd_per_gb,
                )?,
                code: code.clone(),
            };
            regions.insert(code, region);
        }
        let managed_instances = raw
            .managed_instances
            .map(|f| ec2::parse_fee(f, &cx.at, text))
            .transpose()?;
        let mut ec2_regions = BTreeMap::new();
        for (code, r) in raw.ec2 {
            let region = ec2::parse_region(&code, r, &cx.at, text)?;
            ec2_regions.insert(code, region);
        }
        if regions.is_empty() {
            return Err(Error::MissingField {
                at: cx.at.clone(),
                field: "regions".into(),
            });
        }
        Ok(PriceBook {
            origin: origin.to_string(),
            source: raw.meta.source,
            as_of: cx.date("meta.as_of", &raw.meta.as_of)?,
            free_tier: FreeTier {
                requests: u128::from(raw.free_tier.requests),
                mb_ms: u128::from(raw.free_tier.gb_seconds) * MB_MS_PER_GB_S,
            },
            free_tier_source: raw.free_tier.source,
            edge,
            regions,
            managed_instances,
            ec2: ec2_regions,
        })
    }

    /// The Managed Instances management fee; an error pointing to `--pricing` when the book lacks it.
    pub fn management_fee(&self, region: &str, at: &Location) -> Result<&ManagedInstancesFee> {
        self.managed_instances
            .as_ref()
            .ok_or_else(|| Error::MissingEc2Price {
                at: at.clone(),
                what: format!(
                    "Managed Instances management fee for {region} in {}",
                    self.origin
                ),
                why: "the book has no [managed_instances] section with the management fee share"
                    .into(),
            })
    }

    /// The on-demand price and size of `instance_type` in `region`; an error naming the region, the instance type,
    /// what the book has instead, and how to give the price (`--pricing`, `coldcost pricing import`).
    pub fn ec2_instance(
        &self,
        region: &str,
        instance_type: &str,
        at: &Location,
    ) -> Result<&Ec2Instance> {
        let missing = |why: String| Error::MissingEc2Price {
            at: at.clone(),
            what: format!(
                "EC2 on-demand price for `{instance_type}` in {region} in {}",
                self.origin
            ),
            why,
        };
        let Some(r) = self.ec2.get(region) else {
            let known: Vec<&str> = self.ec2.keys().map(String::as_str).collect();
            return Err(missing(if known.is_empty() {
                "it has no EC2 prices".into()
            } else {
                format!(
                    "no checkable source for {region}'s EC2 prices was found; EC2 prices for {}",
                    known.join(", ")
                )
            }));
        };
        r.instances.get(instance_type).ok_or_else(|| {
            missing(format!(
                "no checkable source for that instance type there; sourced types: {}",
                r.instances.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })
    }

    /// The prices of `region`; an unknown region is an error listing the known ones.
    pub fn region(&self, region: &str, at: &Location) -> Result<&RegionPrices> {
        self.regions
            .get(region)
            .ok_or_else(|| Error::UnknownRegion {
                at: at.clone(),
                region: region.to_string(),
                why: if LAMBDA_REGIONS.contains(&region) {
                    format!(
                        "Lambda runs there, but no checkable source for its prices was found for {} (see pricing/REGIONS.md)",
                        self.origin
                    )
                } else {
                    "not one of the 34 commercial regions where Lambda runs (AWS Lambda endpoints and quotas)"
                        .into()
                },
                known: self.regions.keys().cloned().collect::<Vec<_>>().join(", "),
            })
    }
}

fn parse_arch(cx: &Ctx, prefix: &str, a: RawArch) -> Result<ArchPrices> {
    let mut tiers = Vec::with_capacity(a.duration_tiers.len());
    let mut last_bound = 0u128;
    let n = a.duration_tiers.len();
    for (i, t) in a.duration_tiers.into_iter().enumerate() {
        let field = format!("{prefix}.duration_tiers");
        let price = cx.price(&field, t.usd_per_gb_s)?;
        let up_to = t.up_to_gb_s.map(|g| u128::from(g) * MB_MS_PER_GB_S);
        match up_to {
            Some(b) if b <= last_bound => {
                return Err(Error::invalid(
                    &cx.located(&field),
                    format!("{field}[{i}].up_to_gb_s"),
                    b / MB_MS_PER_GB_S,
                    "tier bounds must increase",
                ))
            }
            None if i + 1 != n => {
                return Err(Error::invalid(
                    &cx.located(&field),
                    format!("{field}[{i}].up_to_gb_s"),
                    "(none)",
                    "only the last tier may be unbounded",
                ))
            }
            Some(b) => last_bound = b,
            None => {}
        }
        tiers.push(Tier {
            up_to_mb_ms: up_to,
            price,
        });
    }
    if tiers.is_empty() {
        return Err(Error::MissingField {
            at: cx.located(&format!("{prefix}.duration_tiers")),
            field: format!("{prefix}.duration_tiers"),
        });
    }
    Ok(ArchPrices {
        request_per_million: cx.price(
            &format!("{prefix}.request_usd_per_million"),
            a.request_usd_per_million,
        )?,
        duration_tiers: tiers,
        provisioned_concurrency: cx.opt_price(
            &format!("{prefix}.provisioned_concurrency_usd_per_gb_s"),
            a.provisioned_concurrency_usd_per_gb_s,
        )?,
        provisioned_duration: cx.opt_price(
            &format!("{prefix}.provisioned_duration_usd_per_gb_s"),
            a.provisioned_duration_usd_per_gb_s,
        )?,
        ephemeral_storage: cx.opt_price(
            &format!("{prefix}.ephemeral_storage_usd_per_gb_s"),
            a.ephemeral_storage_usd_per_gb_s,
        )?,
        tenant_isolation: cx.opt_price(
            &format!("{prefix}.tenant_isolation_usd_per_gb"),
            a.tenant_isolation_usd_per_gb,
        )?,
    })
}

/// The 34 commercial AWS regions where Lambda runs (AWS General Reference, "AWS Lambda endpoints and quotas", and
/// the corroborating sources in pricing/REGIONS.md, 2026-12-03): a region among them without prices in the book is
/// a gap in the sources, not a typo.
pub const LAMBDA_REGIONS: [&str; 34] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
];
