//! The queries `coldcost query` prints, to run where the data lives when an estate is too large for one machine:
//! Logs Insights over the functions' log groups, and Athena over a CUR 2.0 or a FOCUS 1.0 table. Each result, saved
//! as CSV, is what `coldcost ingest` reads without `--kind`: the Athena queries name their output columns exactly as
//! [`super::cur`] and [`super::focus`] recognise them, and sum usage and cost over every column ingest groups or
//! classifies by (function, region, usage type or unit, line item type or charge category, description), so the
//! result is one row per distinct combination and the per-function, per-region and per-charge-type totals are those
//! of the table.
//!
//! Column names, as AWS documents them:
//! - CUR 2.0 (Data Exports table `COST_AND_USAGE_REPORT`): `line_item_product_code`, `line_item_line_item_type`,
//!   `line_item_resource_id`, `line_item_usage_type`, `line_item_line_item_description`, `line_item_usage_amount`,
//!   `line_item_unblended_cost` (line item columns) and `product_region_code` (one of the product columns CUR 2.0
//!   keeps outside its `product` map): <https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html>;
//! - FOCUS 1.0 with AWS columns (table `FOCUS_1_0_AWS`): the FOCUS columns `ServiceName`, `ChargeCategory`,
//!   `CommitmentDiscountStatus`, `CommitmentDiscountType`, `ResourceId`, `RegionId`, `ConsumedUnit`,
//!   `ChargeDescription`, `ConsumedQuantity`, `BilledCost` and AWS's `x_ServiceCode`, `x_UsageType`:
//!   <https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-0-aws.html>;
//! - both delivered to S3 under `BILLING_PERIOD=YYYY-MM` folders, the `billing_period` partition of a table over
//!   them: <https://docs.aws.amazon.com/cur/latest/userguide/dataexports-export-delivery.html>.
//!
//! Athena lower-cases identifiers ("Athena accepts mixed case in DDL and DML queries, but lower cases the names when
//! it executes the query": <https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html>), so
//! the FOCUS query is written in lower case and its result's header is too; ingest reads FOCUS column names in any
//! case.

use std::fmt;
use std::str::FromStr;

/// The Logs Insights query: one row per REPORT line, the columns `ingest` reads from an Insights export.
pub const INSIGHTS: &str = "fields @timestamp, @log, @type, @requestId, @duration, @billedDuration, @initDuration, @memorySize, @maxMemoryUsed\n| filter @type = \"REPORT\"\n| sort @timestamp asc\n";

/// Which bill table an Athena query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// A CUR 2.0 table (AWS Data Exports, `COST_AND_USAGE_REPORT`).
    Cur2,
    /// A FOCUS 1.0 with AWS columns table (AWS Data Exports, `FOCUS_1_0_AWS`).
    Focus,
}

impl Schema {
    /// The names `--schema` takes.
    pub const NAMES: &'static [&'static str] = &["cur2", "focus"];

    /// Parses one of [`Schema::NAMES`].
    pub fn parse(s: &str) -> Option<Schema> {
        match s {
            "cur2" => Some(Schema::Cur2),
            "focus" => Some(Schema::Focus),
            _ => None,
        }
    }
}

/// A table name Athena takes unquoted: `TABLE`, `DATABASE.TABLE` or `CATALOG.DATABASE.TABLE`, each part a letter
/// followed by letters, digits and `_` (at most 255 characters in all). Nothing else reaches the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table(String);

impl FromStr for Table {
    type Err = String;

    fn from_str(s: &str) -> Result<Table, String> {
        let parts: Vec<&str> = s.split('.').collect();
        let part_ok = |p: &str| {
            p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if s.len() <= 255 && parts.len() <= 3 && parts.iter().all(|p| part_ok(p)) {
            Ok(Table(s.to_string()))
        } else {
            Err("expected DATABASE.TABLE (or TABLE, or CATALOG.DATABASE.TABLE): letters, digits, `_` and `.` only, \
                 each part starting with a letter"
                .into())
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A billing period, `YYYY-MM`: a year from 2006 (AWS's first bills) to 9999 and a month 01–12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    year: u16,
    month: u8,
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Period, String> {
        let err = || {
            "expected a billing period YYYY-MM (year from 2006, month 01-12), e.g. 2026-11"
                .to_string()
        };
        let (y, m) = s.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(err());
        }
        let year: u16 = y.parse().map_err(|_| err())?;
        let month: u8 = m.parse().map_err(|_| err())?;
        if year < 2006 || !(1..=12).contains(&month) {
            return Err(err());
        }
        Ok(Period { year, month })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The Athena query over `table` for one billing period: AWS Lambda's rows, usage and cost summed per function,
/// usage type, region, charge type and description, in the columns `ingest` reads.
pub fn athena(schema: Schema, table: &Table, period: Period) -> String {
    match schema {
        Schema::Cur2 => format!(
            "SELECT line_item_product_code,
       line_item_line_item_type,
       line_item_resource_id,
       line_item_usage_type,
       product_region_code,
       line_item_line_item_description,
       SUM(line_item_usage_amount) AS line_item_usage_amount,
       SUM(line_item_unblended_cost) AS line_item_unblended_cost
FROM {table}
WHERE billing_period = '{period}'
  AND line_item_product_code = 'AWSLambda'
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6
"
        ),
        // Lambda@Edge is billed under CloudFront: kept when its usage type or description names it, as ingest does.
        Schema::Focus => format!(
            "SELECT servicename,
       x_servicecode,
       chargecategory,
       commitmentdiscountstatus,
       commitmentdiscounttype,
       resourceid,
       regionid,
       x_usagetype,
       consumedunit,
       chargedescription,
       SUM(consumedquantity) AS consumedquantity,
       SUM(billedcost) AS billedcost
FROM {table}
WHERE billing_period = '{period}'
  AND (servicename = 'AWS Lambda'
       OR x_servicecode = 'AWSLambda'
       OR (servicename = 'Amazon CloudFront'
           AND (x_usagetype LIKE '%Lambda-Edge%' OR chargedescription LIKE '%Lambda-Edge%')))
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables() {
        for ok in [
            "cur",
            "cur_db.cur2",
            "AwsDataCatalog.cid_data_export.focus_1_0_aws",
        ] {
            assert!(ok.parse::<Table>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            ".",
            "a.",
            ".a",
            "a..b",
            "a.b.c.d",
            "1cur",
            "_cur",
            "cur-2",
            "x; DROP TABLE y",
            "a b",
            "ä",
        ] {
            assert!(bad.parse::<Table>().is_err(), "{bad}");
        }
        assert!("a".repeat(256).parse::<Table>().is_err());
    }

    #[test]
    fn periods() {
        assert_eq!("2026-11".parse::<Period>().unwrap().to_string(), "2026-11");
        assert_eq!("2006-01".parse::<Period>().unwrap().to_string(), "2006-01");
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2005-12",
            "2026/11",
            "2026-11-01",
            "+026-11",
            "２０２６-11",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }
}
