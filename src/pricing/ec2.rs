//! EC2 on-demand prices and the Lambda Managed Instances (LMI) management fee: the price book's
//! `[managed_instances]` and `[ec2.REGION]` sections. A Managed Instances function is billed its requests, the EC2
//! instance-hours at the region's on-demand Linux price and a management fee that is a share of that on-demand
//! price (Lambda pricing page, "Management Fees"). A region or instance type without a sourced price is absent,
//! and asking for it is an error that says how to give the price.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use crate::date::Date;
use crate::error::{Error, Location, Result};
use crate::money::Price;
use crate::vocab::Architecture;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The Managed Instances management fee.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedInstancesFee {
    /// The fee as a share of the EC2 on-demand price per instance-hour (0.15 = 15%).
    pub management_fee_share: f64,
    /// Where the share comes from.
    pub source: String,
    /// The date of the source.
    pub as_of: Date,
}

/// One EC2 instance type's on-demand Linux price and size in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Ec2Instance {
    /// Instance type, e.g. `c7g.xlarge`.
    pub instance_type: String,
    /// On-demand Linux price per instance-hour.
    pub usd_per_hour: Price,
    /// vCPUs of the instance.
    pub vcpus: u32,
    /// Memory of the instance, GiB.
    pub memory_gib: u32,
    /// Its processors' architecture (Graviton `g` families are arm64).
    pub architecture: Architecture,
}

/// EC2 on-demand prices of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Ec2Region {
    /// Region code.
    pub code: String,
    /// Where the prices come from.
    pub source: String,
    /// The date of the source's data.
    pub as_of: Date,
    /// Instance types by name.
    pub instances: BTreeMap<String, Ec2Instance>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFee {
    management_fee_share: f64,
    source: String,
    as_of: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEc2Region {
    source: String,
    as_of: String,
    #[serde(default)]
    instances: BTreeMap<String, RawInstance>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance {
    usd_per_hour: f64,
    vcpus: i64,
    memory_gib: i64,
    architecture: String,
}

fn date(at: &Location, field: &str, s: &str) -> Result<Date> {
    s.parse()
        .map_err(|e: String| Error::invalid(at, field, format!("\"{s}\""), e))
}

/// The line of `needle` in `text`, for error locations (instance names hold a dot, so the dotted-key lookup of
/// the rest of the book cannot find them).
fn line_with(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

fn located(at: &Location, text: &str, needle: &str) -> Location {
    let mut at = at.clone();
    at.line = line_with(text, needle);
    at
}

/// Validates the `[managed_instances]` section.
pub(super) fn parse_fee(raw: RawFee, at: &Location, text: &str) -> Result<ManagedInstancesFee> {
    let field = "managed_instances.management_fee_share";
    let s = raw.management_fee_share;
    if !(s.is_finite() && s > 0.0 && s < 1.0) {
        return Err(Error::invalid(
            &located(at, text, "management_fee_share"),
            field,
            s,
            "a share of the EC2 on-demand price above 0 and below 1 (AWS: 0.15)",
        ));
    }
    Ok(ManagedInstancesFee {
        management_fee_share: s,
        source: raw.source,
        as_of: date(
            &located(at, text, "[managed_instances]"),
            "managed_instances.as_of",
            &raw.as_of,
        )?,
    })
}

/// Validates one `[ec2.REGION]` section.
pub(super) fn parse_region(
    code: &str,
    raw: RawEc2Region,
    at: &Location,
    text: &str,
) -> Result<Ec2Region> {
    let section = format!("[ec2.{code}]");
    let mut instances = BTreeMap::new();
    for (name, i) in raw.instances {
        let quoted = format!("\"{name}\"");
        let here = located(at, text, &quoted);
        let field = |k: &str| format!("ec2.{code}.instances.\"{name}\".{k}");
        if !(i.usd_per_hour.is_finite() && i.usd_per_hour > 0.0) {
            return Err(Error::invalid(
                &here,
                field("usd_per_hour"),
                i.usd_per_hour,
                "a positive price in USD per instance-hour",
            ));
        }
        let usd_per_hour = Price::from_usd(i.usd_per_hour).ok_or_else(|| {
            Error::invalid(
                &here,
                field("usd_per_hour"),
                i.usd_per_hour,
                "a price in USD below 1,000,000",
            )
        })?;
        let count = |k: &str, v: i64| -> Result<u32> {
            u32::try_from(v)
                .ok()
                .filter(|&n| (1..=4096).contains(&n))
                .ok_or_else(|| Error::invalid(&here, field(k), v, "an integer from 1 to 4,096"))
        };
        let architecture = Architecture::parse(&i.architecture).ok_or_else(|| {
            Error::invalid(
                &here,
                field("architecture"),
                format!("\"{}\"", i.architecture),
                "x86_64 or arm64",
            )
        })?;
        instances.insert(
            name.clone(),
            Ec2Instance {
                vcpus: count("vcpus", i.vcpus)?,
                memory_gib: count("memory_gib", i.memory_gib)?,
                instance_type: name,
                usd_per_hour,
                architecture,
            },
        );
    }
    Ok(Ec2Region {
        code: code.to_string(),
        source: raw.source,
        as_of: date(
            &located(at, text, &section),
            &format!("ec2.{code}.as_of"),
            &raw.as_of,
        )?,
        instances,
    })
}

/// The architecture an instance type's name implies: a `g` after the generation digit marks Graviton (arm64):
/// `c7g`, `m8g`, `r7gd`, `c7gn`; others (`c7i`, `m7a`) are x86_64. `None` for a name without a family and size.
pub fn architecture_of(instance_type: &str) -> Option<Architecture> {
    let (family, size) = instance_type.split_once('.')?;
    if size.is_empty() {
        return None;
    }
    let digit = family.find(|c: char| c.is_ascii_digit())?;
    let suffix = family.get(digit + 1..)?;
    if family.get(..digit).is_none_or(str::is_empty) {
        return None;
    }
    Some(if suffix.starts_with('g') {
        Architecture::Arm64
    } else {
        Architecture::X86_64
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graviton_families_are_arm64() {
        assert_eq!(architecture_of("c7g.xlarge"), Some(Architecture::Arm64));
        assert_eq!(architecture_of("r8g.4xlarge"), Some(Architecture::Arm64));
        assert_eq!(architecture_of("c7gn.large"), Some(Architecture::Arm64));
        assert_eq!(architecture_of("m7i.large"), Some(Architecture::X86_64));
        assert_eq!(architecture_of("c7a.2xlarge"), Some(Architecture::X86_64));
        assert_eq!(architecture_of("c7g"), None);
        assert_eq!(architecture_of(".xlarge"), None);
    }
}
