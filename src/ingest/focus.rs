//! FOCUS exports (FinOps Open Cost and Usage Specification 1.0–1.2), CSV or Parquet: the AWS Lambda rows, as the
//! same bill rows a CUR gives.
//!
//! Columns used, as the FOCUS specification defines them (focus.finops.org; the column tables of AWS Data Exports'
//! "FOCUS 1.0 with AWS columns" and "FOCUS 1.2 with AWS columns"):
//! - `ServiceName` — "AWS Lambda" (a Lambda@Edge row is billed under "Amazon CloudFront": it is read as Lambda@Edge
//!   usage when its usage type or description names `Lambda-Edge`; AWS also gives `x_ServiceCode` "AWSLambda");
//! - `ChargeCategory` — Usage, Purchase, Tax, Credit, Adjustment; with `CommitmentDiscountStatus` (Used / Unused)
//!   and `CommitmentDiscountType` for usage a Savings Plan or reservation covered;
//! - `BilledCost` — the amount invoiced (required, never null), the cost coldcost reconciles;
//! - `ConsumedQuantity` / `ConsumedUnit` — what was used (null for rows that are not usage); AWS writes the unit
//!   "Seconds" for Lambda's GB-seconds (and "Lambda-GB-Seconds" for some);
//! - `ResourceId` (the function's ARN), `RegionId`, `ChargeDescription`;
//! - the usage type: AWS's `x_UsageType` (FOCUS 1.0) or `SkuMeter` (1.2, which replaced it), read as a CUR usage
//!   type; without either, the meter is told from the unit and the description ("Total Compute (Provisioned)"…).
//!
//! Column names are matched in any case: Athena lower-cases identifiers, so a query's result over a FOCUS table has
//! `billedcost`, `chargecategory`… (see [`super::query`]). `NULL` (the literal some exports write) and empty cells
//! are nulls.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::cur::{classify, place, BillRow, ChargeType, CurTotals, Meter};
use super::number::{Field, Grammar};
use crate::csv_input::Row;
use crate::error::{Error, Location, Result};
use crate::vocab::Architecture;

/// `BilledCost`, USD: FOCUS writes decimals (a sign for credits; exponents from some writers), as CUR does.
const BILLED_COST: Field = Field::new("BilledCost", "USD", Grammar::Signed, -1e12, 1e12);
/// `ConsumedQuantity`: requests or GB-seconds, within the same bound as a CUR usage amount.
const CONSUMED_QUANTITY: Field = Field::new("ConsumedQuantity", "", Grammar::Signed, -1e15, 1e15);

/// Column positions of a FOCUS header.
#[derive(Debug, Clone)]
pub struct FocusColumns {
    service: usize,
    category: usize,
    billed: usize,
    quantity: Option<usize>,
    unit: Option<usize>,
    description: Option<usize>,
    resource: Option<usize>,
    region: Option<usize>,
    usage_type: Option<usize>,
    service_code: Option<usize>,
    commitment_status: Option<usize>,
    commitment_type: Option<usize>,
}

/// Whether a header is a FOCUS header (column names in any case: Athena's results are lower case).
pub fn is_focus_header(names: &[&str]) -> bool {
    let has = |n: &str| names.iter().any(|f| f.eq_ignore_ascii_case(n));
    has("ChargeCategory") && has("BilledCost")
}

/// A cell, with `NULL` and `\N` as empty.
fn cell<'r>(row: &Row<'r>, i: Option<usize>) -> Result<&'r str> {
    match i {
        Some(i) => row
            .text(i)
            .map(|s| if s == "NULL" || s == "\\N" { "" } else { s }),
        None => Ok(""),
    }
}

impl FocusColumns {
    /// From a header row.
    pub fn from_header(header: &Row) -> Result<FocusColumns> {
        let names = header.texts()?;
        let find = |name: &str| names.iter().position(|f| f.eq_ignore_ascii_case(name));
        let need = |name: &str| {
            find(name).ok_or_else(|| Error::Syntax {
                at: Location::at(header.file(), header.line()),
                message: format!("a FOCUS export needs a `{name}` column"),
            })
        };
        Ok(FocusColumns {
            service: need("ServiceName")?,
            category: need("ChargeCategory")?,
            billed: need("BilledCost")?,
            quantity: find("ConsumedQuantity"),
            unit: find("ConsumedUnit"),
            description: find("ChargeDescription"),
            resource: find("ResourceId"),
            region: find("RegionId").or_else(|| find("Region")),
            usage_type: find("x_UsageType").or_else(|| find("SkuMeter")),
            service_code: find("x_ServiceCode"),
            commitment_status: find("CommitmentDiscountStatus"),
            commitment_type: find("CommitmentDiscountType"),
        })
    }

    /// Adds one row to `t` when it is Lambda's (others are counted as skipped).
    pub fn add(&self, row: &Row, t: &mut CurTotals) -> Result<()> {
        let Some(edge) = self.lambda(row)? else {
            t.skipped_rows += 1;
            return Ok(());
        };
        let usd = self
            .number(row, Some(self.billed), BILLED_COST)?
            .ok_or_else(|| Error::InvalidValue {
                at: Location::at(row.file(), row.line()),
                field: format!("column {} (BilledCost)", self.billed + 1),
                value: "null".into(),
                expected: "expected an amount (FOCUS: BilledCost is never null)".into(),
            })?;
        let quantity = self.number(row, self.quantity, CONSUMED_QUANTITY)?;
        let mut r = self.bill_row(row, edge)?;
        r.quantity = quantity;
        r.usd = usd;
        t.focus_rows += 1;
        t.add(r);
        Ok(())
    }

    /// `Some(edge)` when a row is Lambda's (`edge`: a Lambda@Edge row), `None` when it is not.
    fn lambda(&self, row: &Row) -> Result<Option<bool>> {
        let service = cell(row, Some(self.service))?;
        let usage_type = cell(row, self.usage_type)?;
        let description = cell(row, self.description)?;
        let edge = usage_type.contains("Lambda-Edge") || description.contains("Lambda-Edge");
        let lambda = service == "AWS Lambda"
            || cell(row, self.service_code)? == "AWSLambda"
            || (service == "Amazon CloudFront" && edge);
        Ok(lambda.then_some(edge))
    }

    /// A Lambda row's bill row without its amounts (quantity `None`, cost 0), from its text cells alone.
    fn bill_row(&self, row: &Row, edge: bool) -> Result<BillRow> {
        let usage_type = cell(row, self.usage_type)?;
        let description = cell(row, self.description)?;
        let unit = cell(row, self.unit)?;
        let (prefix, meter, arch) = if usage_type.is_empty() {
            (
                None,
                meter_of(unit, description, edge),
                architecture_of(description),
            )
        } else {
            classify(usage_type)
        };
        let charge = match cell(row, Some(self.category))? {
            "Usage" => match cell(row, self.commitment_status)? {
                "Used" if cell(row, self.commitment_type)?.contains("Savings Plan") => {
                    ChargeType::SavingsPlanCoveredUsage
                }
                "Used" => ChargeType::DiscountedUsage,
                "Unused" => ChargeType::Fee,
                _ if description.contains("Free Tier") => ChargeType::FreeTier,
                _ => ChargeType::Usage,
            },
            "Purchase" => ChargeType::Fee,
            "Tax" => ChargeType::Tax,
            "Credit" => ChargeType::Credit,
            "Adjustment" => ChargeType::Adjustment,
            _ => ChargeType::Other,
        };
        let (function, region) = place(cell(row, self.resource)?, cell(row, self.region)?, prefix);
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

    /// What [`FocusColumns::add`] would make of a row apart from its amounts, reading only its text cells: `None`
    /// when it is not Lambda's, else its bill row with quantity `None` and cost 0. An error where `add` could
    /// give one (a cell that is not UTF-8).
    pub(crate) fn describe(&self, row: &Row) -> Result<Option<BillRow>> {
        match self.lambda(row)? {
            None => Ok(None),
            Some(edge) => self.bill_row(row, edge).map(Some),
        }
    }

    /// The amount columns and their fields: (quantity, may be null; cost, never null).
    pub(crate) fn amounts(&self) -> ((Option<usize>, Field), (usize, Field)) {
        (
            (self.quantity, CONSUMED_QUANTITY),
            (self.billed, BILLED_COST),
        )
    }

    /// A number cell (`None` when null) read by `field`'s grammar and range, naming the column in errors.
    fn number(&self, row: &Row, i: Option<usize>, field: Field) -> Result<Option<f64>> {
        let Some(col) = i else { return Ok(None) };
        let s = cell(row, i)?;
        if s.is_empty() {
            return Ok(None);
        }
        field
            .read_in(s.as_bytes(), row.file(), row.line(), Some(col + 1))
            .map(Some)
    }
}

/// The meter of a row without a usage type, from its unit and description.
fn meter_of(unit: &str, description: &str, edge: bool) -> Meter {
    let gb_s = matches!(
        unit,
        "Seconds" | "Lambda-GB-Seconds" | "GB-Seconds" | "Lambda-GB-Second"
    );
    match (unit, edge) {
        ("Requests" | "Request", true) => Meter::EdgeRequests,
        ("Requests" | "Request", false) => Meter::Requests,
        _ if gb_s && edge => Meter::EdgeDuration,
        _ if gb_s && description.contains("Provisioned Concurrency") => {
            Meter::ProvisionedConcurrency
        }
        _ if gb_s && description.contains("Provisioned") => Meter::ProvisionedDuration,
        _ if gb_s && description.contains("Storage") => Meter::Storage,
        _ if gb_s => Meter::Duration,
        _ => Meter::Other,
    }
}

/// Arm64 when the description says ARM ("AWS Lambda - Total Compute - ARM…").
fn architecture_of(description: &str) -> Architecture {
    if description.contains("ARM") {
        Architecture::Arm64
    } else {
        Architecture::X86_64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meters_without_a_usage_type() {
        assert_eq!(
            meter_of(
                "Seconds",
                "AWS Lambda - Total Compute - US West (Oregon)-Tier-1",
                false
            ),
            Meter::Duration
        );
        assert_eq!(
            meter_of(
                "Lambda-GB-Seconds",
                "AWS Lambda - Total Compute (Provisioned) - US West (Oregon)",
                false
            ),
            Meter::ProvisionedDuration
        );
        assert_eq!(
            meter_of(
                "Lambda-GB-Seconds",
                "$0.00005001 per Lambda-GB-Second for Lambda-Edge-GB-Second",
                true
            ),
            Meter::EdgeDuration
        );
        assert_eq!(
            meter_of("Requests", "AWS Lambda - Total Requests", false),
            Meter::Requests
        );
        assert_eq!(meter_of("GB", "data transfer", false), Meter::Other);
    }
}
