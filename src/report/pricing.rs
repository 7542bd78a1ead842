//! The `pricing show` report: a price book as it will be used — each region's prices per architecture with their
//! source and date, the free tier, Lambda@Edge, and the EC2 prices of Lambda Managed Instances when the book has
//! them. Prices are exact decimal text (as the AWS Price List writes them), never rounded.

use super::csv::document;
use super::format::{to_json, Document, Format};
use super::grid::columns;
use crate::date::Date;
use crate::error::{toml_error, Error, Location, Result};
use crate::money::{Price, MB_MS_PER_GB_S};
use crate::pricing::{pico_to_usd_text, ArchPrices, PriceBook, RegionPrices};
use serde::Serialize;
use std::fmt::Write as _;

/// The schema of the JSON form.
pub const PRICING_SCHEMA: &str = "coldcost.pricing/1";

/// A price as exact USD decimal text (`"0.0000166667"`).
fn usd(p: Price) -> String {
    pico_to_usd_text(p.pico_usd)
}

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
    /// unknown region is [`Error::UnknownRegion`]). The parts [`PriceBook`] does not carry — Lambda@Edge's source
    /// and date, `[managed_instances]` and `[ec2.*]` — are read from the text itself.
    pub fn from_toml(text: &str, origin: &str, region: Option<&str>) -> Result<PricingReport> {
        let table: toml::Table = text.parse().map_err(|e| toml_error(origin, text, &e))?;
        let has_ec2 = table.contains_key("ec2") || table.contains_key("managed_instances");
        let book = if has_ec2 {
            // Until PriceBook reads these tables itself: the rest of the book, without them.
            let mut rest = table.clone();
            rest.remove("ec2");
            rest.remove("managed_instances");
            PriceBook::from_toml(
                &toml::to_string(&rest).map_err(|e| Error::Syntax {
                    at: Location::file(origin),
                    message: e.to_string(),
                })?,
                origin,
            )?
        } else {
            PriceBook::from_toml(text, origin)?
        };
        let mut report = PricingReport::build(&book, region)?;
        if let (Some(edge), Some(raw)) = (&mut report.edge, table.get("edge")) {
            edge.source = value_text(raw.get("source"));
            edge.as_of = value_text(raw.get("as_of"));
        }
        report.management_fee_share = value_text(
            table
                .get("managed_instances")
                .and_then(|m| m.get("management_fee_share")),
        );
        if let Some(toml::Value::Table(ec2)) = table.get("ec2") {
            for (code, r) in ec2 {
                if region.is_some_and(|want| want != code) {
                    continue;
                }
                let instances = match r.get("instances") {
                    Some(toml::Value::Table(t)) => t
                        .iter()
                        .map(|(name, i)| Ec2Instance {
                            instance: name.clone(),
                            usd_per_hour: value_text(i.get("usd_per_hour")).unwrap_or_default(),
                            vcpus: value_text(i.get("vcpus")).unwrap_or_default(),
                            memory_gib: value_text(i.get("memory_gib")).unwrap_or_default(),
                            architecture: value_text(i.get("architecture")).unwrap_or_default(),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                report.ec2.push(Ec2Row {
                    region: code.clone(),
                    source: value_text(r.get("source")).unwrap_or_default(),
                    as_of: value_text(r.get("as_of")).unwrap_or_default(),
                    instances,
                });
            }
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
            management_fee_share: None,
            ec2: Vec::new(),
        })
    }

    fn table(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "Price book: {}\nSource: {} (as of {}); prices in USD, exact as published\n",
            self.origin, self.source, self.as_of
        );
        let _ = writeln!(
            t,
            "Free tier: {} requests and {} GB-s a month, one pool per account ({})",
            crate::money::group_thousands(self.free_tier.requests as i128),
            crate::money::group_thousands(self.free_tier.gb_seconds as i128),
            self.free_tier.source
        );
        match &self.edge {
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
        let head = [
            "region",
            "arch",
            "requests /1M",
            "duration /GB-s (tiers: GB-s a month)",
            "PC /GB-s",
            "PC duration /GB-s",
            "storage /GB-s",
            "SnapStart cache /GB-s",
            "SnapStart restore /GB",
            "as of",
        ];
        let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
        let mut rows = Vec::new();
        for r in &self.regions {
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
                    r.as_of.to_string(),
                ]);
            }
        }
        t.push('\n');
        t += &columns(&head, &rows, &[0, 1], false);
        t.push_str("\nSources (- above: no source found for that price; the tool refuses rather than guesses):\n");
        let mut sources: Vec<(&str, Vec<&str>)> = Vec::new();
        for r in &self.regions {
            match sources.iter_mut().find(|(s, _)| *s == r.source) {
                Some((_, codes)) => codes.push(&r.code),
                None => sources.push((&r.source, vec![&r.code])),
            }
        }
        for (s, codes) in sources {
            let _ = writeln!(t, "  {}: {s}", codes.join(", "));
        }
        if !self.ec2.is_empty() {
            let _ = writeln!(
                t,
                "\nLambda Managed Instances: EC2 on-demand per instance-hour{}",
                self.management_fee_share
                    .as_ref()
                    .map_or(String::new(), |s| format!(
                        ", plus a management fee of {s} of it"
                    ))
            );
            for r in &self.ec2 {
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

    fn csv(&self) -> Result<String> {
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
            &format!("{} requests", self.free_tier.requests),
            "0",
            &self.free_tier.source,
            self.as_of.to_string(),
        );
        row(
            "",
            "",
            "",
            "free_tier_compute",
            String::new(),
            String::new(),
            &format!("{} GB-s", self.free_tier.gb_seconds),
            "0",
            &self.free_tier.source,
            self.as_of.to_string(),
        );
        if let Some(e) = &self.edge {
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
        for r in &self.regions {
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
        for r in &self.ec2 {
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
}

impl Document for PricingReport {
    const COMMAND: &'static str = "pricing show";
    const FORMATS: &'static [Format] = &[Format::Table, Format::Csv, Format::Json];

    fn render_supported(&self, format: Format) -> Result<String> {
        match format {
            Format::Csv => self.csv(),
            Format::Json => to_json(self),
            Format::Table => Ok(self.table()),
            other => Err(super::format::unsupported::<Self>(other)),
        }
    }
}
