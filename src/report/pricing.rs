//! The `pricing show` report: a price book as it will be used — each region's prices per architecture with their
//! source and date, the free tier, Lambda@Edge, and the EC2 prices of Lambda Managed Instances when the book has
//! them. Prices are exact decimal text (as the AWS Price List writes them), never rounded.

use crate::date::Date;
use crate::error::{toml_error, Location, Result};
use crate::money::{Price, MB_MS_PER_GB_S};
use crate::pricing::{pico_to_usd_text, ArchPrices, PriceBook, RegionPrices};
use serde::Serialize;

/// The schema of the JSON form.
pub const PRICING_SCHEMA: &str = "coldcost.pricing/1";

/// A price as exact USD decimal text (`"0.0000166667"`).
fn usd(p: Price) -> String {
    pico_to_usd_text(p.pico_usd)
}

/// One duration tier.
#[derive(Debug, Clone, Serialize)]
pub struct TierRow {
    /// Upper bound of the tier, GB-seconds a month (`None`: unbounded).
    pub up_to_gb_s: Option<u128>,
    /// USD per GB-second, exact decimal text.
    pub usd_per_gb_s: String,
}

/// One architecture's prices in one region (USD as exact decimal text).
#[derive(Debug, Clone, Serialize)]
pub struct ArchRow {
    /// `x86_64` or `arm64`.
    pub architecture: String,
    /// USD per million requests.
    pub request_usd_per_million: String,
    /// On-demand duration tiers in order.
    pub duration_tiers: Vec<TierRow>,
    /// Provisioned concurrency, USD per GB-second configured.
    pub provisioned_concurrency_usd_per_gb_s: Option<String>,
    /// Duration under provisioned concurrency, USD per GB-second.
    pub provisioned_duration_usd_per_gb_s: Option<String>,
    /// Ephemeral storage above 512 MB, USD per GB-second.
    pub ephemeral_storage_usd_per_gb_s: Option<String>,
    /// Tenant isolation, USD per GB of each new tenant-isolated environment.
    pub tenant_isolation_usd_per_gb: Option<String>,
}

/// One region's prices.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    /// Region code.
    pub code: String,
    /// Region name.
    pub name: String,
    /// Where the prices come from.
    pub source: String,
    /// Date of the source's data.
    pub as_of: Date,
    /// SnapStart cache, USD per GB-second.
    pub snapstart_cache_usd_per_gb_s: Option<String>,
    /// SnapStart restore, USD per GB.
    pub snapstart_restore_usd_per_gb: Option<String>,
    /// Prices per architecture.
    pub architectures: Vec<ArchRow>,
}

/// The monthly free tier.
#[derive(Debug, Clone, Serialize)]
pub struct FreeTierRow {
    /// Free requests a month.
    pub requests: u128,
    /// Free GB-seconds a month.
    pub gb_seconds: u128,
    /// Where it comes from.
    pub source: String,
}

/// Lambda@Edge prices.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeRow {
    /// USD per million requests.
    pub request_usd_per_million: String,
    /// USD per GB-second.
    pub duration_usd_per_gb_s: String,
    /// Where they come from (from the book's text; `None` when not given).
    pub source: Option<String>,
    /// Date of the source (from the book's text).
    pub as_of: Option<String>,
}

/// EC2 on-demand prices of one region for Lambda Managed Instances, as the book's `[ec2.REGION]` holds them.
#[derive(Debug, Clone, Serialize)]
pub struct Ec2Row {
    /// Region code.
    pub region: String,
    /// Where they come from.
    pub source: String,
    /// Date of the source.
    pub as_of: String,
    /// Instances: name, USD per hour (decimal text as written), vCPUs, memory GiB, architecture.
    pub instances: Vec<Ec2Instance>,
}

/// One EC2 instance price.
#[derive(Debug, Clone, Serialize)]
pub struct Ec2Instance {
    /// `c7g.xlarge`.
    pub instance: String,
    /// USD per instance-hour.
    pub usd_per_hour: String,
    /// vCPUs.
    pub vcpus: String,
    /// Memory, GiB.
    pub memory_gib: String,
    /// `x86_64` or `arm64`.
    pub architecture: String,
}

/// The price book, shown.
#[derive(Debug, Clone, Serialize)]
pub struct PricingReport {
    /// [`PRICING_SCHEMA`].
    pub schema: &'static str,
    /// Where the book was loaded from.
    pub origin: String,
    /// The book's main source.
    pub source: String,
    /// When the book was compiled.
    pub as_of: Date,
    /// Always `USD`.
    pub currency: &'static str,
    /// The free tier.
    pub free_tier: FreeTierRow,
    /// Lambda@Edge, when the book has it.
    pub edge: Option<EdgeRow>,
    /// The regions shown (all, or the one asked for).
    pub regions: Vec<RegionRow>,
    /// Lambda Managed Instances management fee share of the EC2 price, when the book has it (text as written).
    pub management_fee_share: Option<String>,
    /// EC2 prices for Lambda Managed Instances, when the book has them.
    pub ec2: Vec<Ec2Row>,
}

fn arch_row(name: &str, a: &ArchPrices) -> ArchRow {
    ArchRow {
        architecture: name.to_string(),
        request_usd_per_million: usd(a.request_per_million),
        duration_tiers: a
            .duration_tiers
            .iter()
            .map(|t| TierRow {
                up_to_gb_s: t.up_to_mb_ms.map(|m| m / MB_MS_PER_GB_S),
                usd_per_gb_s: usd(t.price),
            })
            .collect(),
        provisioned_concurrency_usd_per_gb_s: a.provisioned_concurrency.map(usd),
        provisioned_duration_usd_per_gb_s: a.provisioned_duration.map(usd),
        ephemeral_storage_usd_per_gb_s: a.ephemeral_storage.map(usd),
        tenant_isolation_usd_per_gb: a.tenant_isolation.map(usd),
    }
}

fn region_row(r: &RegionPrices) -> RegionRow {
    let mut architectures = Vec::new();
    if let Some(a) = &r.x86_64 {
        architectures.push(arch_row("x86_64", a));
    }
    if let Some(a) = &r.arm64 {
        architectures.push(arch_row("arm64", a));
    }
    RegionRow {
        code: r.code.clone(),
        name: r.name.clone(),
        source: r.source.clone(),
        as_of: r.as_of,
        snapstart_cache_usd_per_gb_s: r.snapstart_cache.map(usd),
        snapstart_restore_usd_per_gb: r.snapstart_restore.map(usd),
        architectures,
    }
}

/// A TOML value as text: strings bare, numbers as written.
fn value_text(v: Option<&toml::Value>) -> Option<String> {
    match v? {
        toml::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl PricingReport {
    /// Loads the price book `text` (named `origin` in errors) and shows it, all regions or only `region` (an
    /// unknown region is [`crate::Error::UnknownRegion`]). Lambda@Edge's source and date, which [`PriceBook`] does not carry,
    /// are read from the text itself.
    pub fn from_toml(text: &str, origin: &str, region: Option<&str>) -> Result<PricingReport> {
        let book = PriceBook::from_toml(text, origin)?;
        let mut report = PricingReport::build(&book, region)?;
        let table: toml::Table = text.parse().map_err(|e| toml_error(origin, text, &e))?;
        if let (Some(edge), Some(raw)) = (&mut report.edge, table.get("edge")) {
            edge.source = value_text(raw.get("source"));
            edge.as_of = value_text(raw.get("as_of"));
        }
        Ok(report)
    }

    /// Shows `book`, all regions or only `region`.
    pub fn build(book: &PriceBook, region: Option<&str>) -> Result<PricingReport> {
        let regions = match region {
            Some(code) => vec![region_row(book.region(code, &Location::file("--region"))?)],
            None => book.regions.values().map(region_row).collect(),
        };
        Ok(PricingReport {
            schema: PRICING_SCHEMA,
            origin: book.origin.clone(),
            source: book.source.clone(),
            as_of: book.as_of,
            currency: "USD",
            free_tier: FreeTierRow {
                requests: book.free_tier.requests,
                gb_seconds: book.free_tier.mb_ms / MB_MS_PER_GB_S,
                source: book.free_tier_source.clone(),
            },
            edge: book.edge.map(|e| EdgeRow {
                request_usd_per_million: usd(e.request_per_million),
                duration_usd_per_gb_s: usd(e.duration),
                source: None,
                as_of: None,
            }),
            regions,
            management_fee_share: book
                .managed_instances
                .as_ref()
                .map(|m| m.management_fee_share.to_string()),
            ec2: book
                .ec2
                .values()
                .filter(|r| region.is_none_or(|want| want == r.code))
                .map(|r| Ec2Row {
                    region: r.code.clone(),
                    source: r.source.clone(),
                    as_of: r.as_of.to_string(),
                    instances: r
                        .instances
                        .values()
                        .map(|i| Ec2Instance {
                            instance: i.instance_type.clone(),
                            usd_per_hour: usd(i.usd_per_hour),
                            vcpus: i.vcpus.to_string(),
                            memory_gib: i.memory_gib.to_string(),
                            architecture: i.architecture.to_string(),
                        })
                        .collect(),
                })
                .collect(),
        })
    }
}
