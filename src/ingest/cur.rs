//! Cost and Usage Report rows for AWS Lambda, legacy (`lineItem/…`) and CUR 2.0 (`line_item_…`) column names: usage
//! and unblended cost per function, usage type, region and architecture.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

pub use super::charge::{ChargeType, TypeTotal};
use super::number::{Field, Grammar};
use crate::csv_input::Row;
use crate::error::{Error, Location, Result};
use crate::vocab::Architecture;

/// `lineItem/UsageAmount`: requests or GB-s, written as CUR writes numbers (sign and exponent allowed); a month of
/// one account's Lambda usage is far below the bound, beyond which the bill would overflow.
const AMOUNT: Field = Field::new("usage amount", "", Grammar::Signed, -1e15, 1e15);
/// `lineItem/UnblendedCost`, USD (credits are negative).
const COST: Field = Field::new("unblended cost", "USD", Grammar::Signed, -1e12, 1e12);
use serde::Serialize;
use std::collections::BTreeMap;

/// Column positions of a CUR header.
#[derive(Debug, Clone)]
pub struct CurColumns {
    usage_type: usize,
    amount: usize,
    cost: usize,
    resource: Option<usize>,
    item_type: Option<usize>,
    region: Option<usize>,
    product: Option<usize>,
    description: Option<usize>,
}

/// What a usage type meters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Meter {
    /// Requests.
    Requests,
    /// On-demand duration, GB-s.
    Duration,
    /// Provisioned concurrency configured, GB-s.
    ProvisionedConcurrency,
    /// Duration served by provisioned concurrency, GB-s.
    ProvisionedDuration,
    /// Ephemeral storage, GB-s.
    Storage,
    /// Lambda@Edge requests.
    EdgeRequests,
    /// Lambda@Edge duration, GB-s.
    EdgeDuration,
    /// Anything else (SnapStart, data transfer…), cost only.
    Other,
}

impl Meter {
    /// The kebab-case name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Meter::Requests => "requests",
            Meter::Duration => "duration",
            Meter::ProvisionedConcurrency => "provisioned-concurrency",
            Meter::ProvisionedDuration => "provisioned-duration",
            Meter::Storage => "storage",
            Meter::EdgeRequests => "edge-requests",
            Meter::EdgeDuration => "edge-duration",
            Meter::Other => "other",
        }
    }
}

/// The function a resource id names: the name in a Lambda ARN (`…:function:NAME[:alias]`), the last part of
/// another ARN, or the id itself.
pub fn function_of_resource(r: &str) -> String {
    if let Some((_, name)) = r.split_once(":function:") {
        return name.split(':').next().unwrap_or(name).to_string();
    }
    if r.starts_with("arn:") {
        return r.rsplit(':').next().unwrap_or(r).to_string();
    }
    r.to_string()
}

/// One function's CUR usage in one region and architecture.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CurUsage {
    /// Quantity per meter (requests or GB-s).
    pub quantity: BTreeMap<Meter, f64>,
    /// Unblended cost per meter, USD.
    pub cost: BTreeMap<Meter, f64>,
}

/// Everything the CUR said about Lambda.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CurTotals {
    /// Per (function, region, architecture).
    pub usage: BTreeMap<(String, String, String), CurUsage>,
    /// Unblended cost of every Lambda row, USD (credits and refunds included).
    pub unblended_usd: f64,
    /// Rows and cost per charge type.
    pub by_type: BTreeMap<ChargeType, TypeTotal>,
    /// Rows read from FOCUS exports (the rest came from CURs).
    pub focus_rows: u64,
    /// Rows that were not Lambda usage (other services, taxes…), skipped.
    pub skipped_rows: u64,
    /// Lambda rows read.
    pub rows: u64,
}

/// A bill row's function and region: the function from its resource id (`(no resource id)` without one), the
/// region from its region cell, else from its usage type's prefix, else `us-east-1` (a usage type without a prefix
/// is us-east-1's in a CUR).
pub fn place(resource: &str, region: &str, prefix: Option<&str>) -> (String, String) {
    let function = if resource.is_empty() {
        "(no resource id)".to_string()
    } else {
        function_of_resource(resource)
    };
    let region = if region.is_empty() {
        prefix
            .and_then(region_of_prefix)
            .unwrap_or("us-east-1")
            .to_string()
    } else {
        region.to_string()
    };
    (function, region)
}

/// Region codes for the usage-type prefixes AWS uses.
pub fn region_of_prefix(prefix: &str) -> Option<&'static str> {
    Some(match prefix {
        "USE1" => "us-east-1",
        "USE2" => "us-east-2",
        "USW1" => "us-west-1",
        "USW2" => "us-west-2",
        "EUW1" => "eu-west-1",
        "EUW2" => "eu-west-2",
        "EUW3" => "eu-west-3",
        "EUC1" => "eu-central-1",
        "EUC2" => "eu-central-2",
        "EUN1" => "eu-north-1",
        "EUS1" => "eu-south-1",
        "EUS2" => "eu-south-2",
        "APN1" => "ap-northeast-1",
        "APN2" => "ap-northeast-2",
        "APN3" => "ap-northeast-3",
        "APS1" => "ap-southeast-1",
        "APS2" => "ap-southeast-2",
        "APS3" => "ap-south-1",
        "APS4" => "ap-southeast-3",
        "APS5" => "ap-south-2",
        "APE1" => "ap-east-1",
        "CAN1" => "ca-central-1",
        "SAE1" => "sa-east-1",
        "AFS1" => "af-south-1",
        "MES1" => "me-south-1",
        "MEC1" => "me-central-1",
        _ => return None,
    })
}

/// Splits `EUW1-Lambda-GB-Second-ARM` into (region prefix, meter, architecture).
pub fn classify(usage_type: &str) -> (Option<&str>, Meter, Architecture) {
    let (prefix, rest) = match usage_type.split_once('-') {
        Some((p, r))
            if p.len() >= 3
                && p.len() <= 5
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && p != "Lambda" =>
        {
            (Some(p), r)
        }
        _ => (None, usage_type),
    };
    let arm = rest.ends_with("-ARM");
    let base = rest.trim_end_matches("-ARM");
    let meter = match base {
        "Request" => Meter::Requests,
        "Lambda-GB-Second" => Meter::Duration,
        "Lambda-Provisioned-Concurrency" => Meter::ProvisionedConcurrency,
        "Lambda-Provisioned-GB-Second" => Meter::ProvisionedDuration,
        "Lambda-Storage-GB-Second" => Meter::Storage,
        "Lambda-Edge-Request" => Meter::EdgeRequests,
        "Lambda-Edge-GB-Second" => Meter::EdgeDuration,
        _ => Meter::Other,
    };
    (
        prefix,
        meter,
        if arm {
            Architecture::Arm64
        } else {
            Architecture::X86_64
        },
    )
}

impl CurColumns {
    /// From a header row (either naming scheme).
    pub fn from_header(header: &Row) -> Result<CurColumns> {
        let columns = header.texts()?;
        let find = |names: &[&str]| columns.iter().position(|f| names.contains(f));
        let need = |names: &[&str]| {
            find(names).ok_or_else(|| Error::Syntax {
                at: Location::at(header.file(), header.line()),
                message: format!(
                    "a Cost and Usage Report needs a `{}` column",
                    names.join("` or `")
                ),
            })
        };
        Ok(CurColumns {
            usage_type: need(&["lineItem/UsageType", "line_item_usage_type"])?,
            amount: need(&["lineItem/UsageAmount", "line_item_usage_amount"])?,
            cost: need(&["lineItem/UnblendedCost", "line_item_unblended_cost"])?,
            resource: find(&["lineItem/ResourceId", "line_item_resource_id"]),
            item_type: find(&["lineItem/LineItemType", "line_item_line_item_type"]),
            region: find(&[
                "product/region",
                "product/regionCode",
                "product_region_code",
                "product_region",
            ]),
            product: find(&["lineItem/ProductCode", "line_item_product_code"]),
            description: find(&[
                "lineItem/LineItemDescription",
                "line_item_line_item_description",
            ]),
        })
    }

    /// Adds one row to `t`.
    pub fn add(&self, row: &Row, t: &mut CurTotals) -> Result<()> {
        if !self.is_lambda(row)? {
            t.skipped_rows += 1;
            return Ok(());
        }
        let (file, line_no) = (row.file(), row.line());
        // Numbers through their fields' grammar and range; an empty (or `\N`) amount is no quantity (a cost-only
        // row), an empty cost an error.
        let num = |i: usize, f: Field| -> Result<Option<f64>> {
            let raw = row.raw(i);
            if raw.is_empty() || raw == b"\\N" {
                return Ok(None);
            }
            f.read_in(raw, file, line_no, Some(i + 1)).map(Some)
        };
        let amount = num(self.amount, AMOUNT)?;
        let cost = num(self.cost, COST)?
            .ok_or_else(|| COST.error_in("", file, line_no, Some(self.cost + 1)))?;
        let mut r = self.bill_row(row)?;
        r.quantity = amount;
        r.usd = cost;
        t.add(r);
        Ok(())
    }

    /// Whether a row is Lambda's (its product code, or without one its usage type, says so).
    fn is_lambda(&self, row: &Row) -> Result<bool> {
        let usage_type = cell(row, self.usage_type)?;
        Ok(if let Some(p) = self.product {
            cell(row, p)? == "AWSLambda"
        } else {
            usage_type.contains("Lambda")
                || usage_type.ends_with("Request")
                || usage_type.ends_with("Request-ARM")
        })
    }

    /// A Lambda row's bill row without its amounts (quantity `None`, cost 0), from its text cells alone.
    fn bill_row(&self, row: &Row) -> Result<BillRow> {
        let usage_type = cell(row, self.usage_type)?;
        let text = |i: Option<usize>| i.map_or(Ok(""), |i| cell(row, i));
        let charge = ChargeType::from_cur(text(self.item_type)?, text(self.description)?);
        let (prefix, meter, arch) = classify(usage_type);
        let (function, region) = place(text(self.resource)?, text(self.region)?, prefix);
        Ok(BillRow {
            function,
            region,
            architecture: arch,
            meter,
            charge,
            quantity: None,
            usd: 0.0,
        })
    }

    /// What [`CurColumns::add`] would make of a row apart from its amounts, reading only its text cells: `None`
    /// when it is not Lambda's, else its bill row with quantity `None` and cost 0. An error where `add` could
    /// give one (a cell that is not UTF-8).
    pub(crate) fn describe(&self, row: &Row) -> Result<Option<BillRow>> {
        if !self.is_lambda(row)? {
            return Ok(None);
        }
        self.bill_row(row).map(Some)
    }

    /// The amount columns and their fields: (quantity, may be null; cost, never null).
    pub(crate) fn amounts(&self) -> ((Option<usize>, Field), (usize, Field)) {
        ((Some(self.amount), AMOUNT), (self.cost, COST))
    }
}

/// A cell; Athena/Hive text writes a null as `\N`, read as empty.
pub(crate) fn cell<'r>(row: &Row<'r>, i: usize) -> Result<&'r str> {
    row.text(i).map(|s| if s == "\\N" { "" } else { s })
}

/// One Lambda row of a bill export (CUR or FOCUS), read.
#[derive(Debug, Clone)]
pub struct BillRow {
    /// The function (from the resource id).
    pub function: String,
    /// Region code.
    pub region: String,
    /// Architecture.
    pub architecture: Architecture,
    /// What it meters.
    pub meter: Meter,
    /// What kind of charge it is.
    pub charge: ChargeType,
    /// Requests or GB-s, when the row says.
    pub quantity: Option<f64>,
    /// Its cost, USD.
    pub usd: f64,
}

impl CurTotals {
    /// Adds one row: every row to its charge type and the total; usage rows also to their function's meters
    /// (taxes, credits and fees are not usage of a function).
    pub fn add(&mut self, r: BillRow) {
        self.rows += 1;
        self.unblended_usd += r.usd;
        let ty = self.by_type.entry(r.charge).or_default();
        ty.rows += 1;
        ty.usd += r.usd;
        if !r.charge.meters_usage() {
            return;
        }
        let u = self
            .usage
            .entry((r.function, r.region, r.architecture.to_string()))
            .or_default();
        if let Some(q) = r.quantity {
            *u.quantity.entry(r.meter).or_insert(0.0) += q;
        }
        *u.cost.entry(r.meter).or_insert(0.0) += r.usd;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_types() {
        assert_eq!(
            classify("EUW1-Lambda-GB-Second-ARM"),
            (Some("EUW1"), Meter::Duration, Architecture::Arm64)
        );
        assert_eq!(
            classify("Request"),
            (None, Meter::Requests, Architecture::X86_64)
        );
        assert_eq!(
            classify("USE2-Request-ARM"),
            (Some("USE2"), Meter::Requests, Architecture::Arm64)
        );
        assert_eq!(
            classify("Lambda-Provisioned-Concurrency"),
            (None, Meter::ProvisionedConcurrency, Architecture::X86_64)
        );
        assert_eq!(region_of_prefix("EUW1"), Some("eu-west-1"));
    }
}
