//! The CSV form of an offer file, read record by record with the `csv` crate into one reused record: a few
//! metadata rows (`"FormatVersion","v1.0"`, `"Publication Date",…`, `"Version",…`, `"OfferCode",…`), then the
//! header (`SKU, OfferTermCode, RateCode, TermType, PriceDescription, EffectiveDate, StartingRange, EndingRange,
//! Unit, PricePerUnit, Currency, …` and the product attributes: `Location`, `usageType`, `Region Code`, `Instance
//! Type`, `vCPU`, `Memory`, `Tenancy`, `Operating System`, `Pre Installed S/W`, `CapacityStatus`, …), then one row
//! per price. Layout from AWS's "Reading the service price list file for an AWS service" (AWS Billing User Guide:
//! "The first five rows of the CSV file contain the metadata for the price list file. The sixth row has the column
//! names …"). Only `OnDemand` rows of chosen products are kept.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::collect::{Collected, Dim, Offer};
use super::map::{normalise, select};
use crate::error::{Error, Location, Result};
use std::collections::HashMap;
use std::io::Read;

/// Metadata rows allowed before the header (AWS writes five).
const MAX_METADATA_ROWS: usize = 20;

/// Reads one offer file in CSV into `out`; returns what the file says of itself.
pub(crate) fn read(reader: impl Read, file: &str, out: &mut Collected) -> Result<Offer> {
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 18)
        .from_reader(reader);
    let mut rec = csv::StringRecord::new();
    let at = |rec: &csv::StringRecord| match rec.position() {
        Some(p) => Location::at(file, usize::try_from(p.line()).unwrap_or(usize::MAX)),
        None => Location::file(file),
    };
    let fail = |e: csv::Error| {
        let line = e.position().and_then(|p| usize::try_from(p.line()).ok());
        Error::Syntax {
            at: Location {
                file: file.to_string(),
                line,
            },
            message: format!("not an AWS Price List offer file in CSV: {e}"),
        }
    };
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut columns: HashMap<String, usize> = HashMap::new();
    for _ in 0..=MAX_METADATA_ROWS {
        if !rd.read_record(&mut rec).map_err(fail)? {
            break;
        }
        let first = rec
            .get(0)
            .unwrap_or_default()
            .trim_start_matches('\u{feff}')
            .trim();
        if first == "SKU" {
            for (i, name) in rec.iter().enumerate() {
                columns.entry(normalise(name)).or_insert(i);
            }
            break;
        }
        meta.insert(
            normalise(first),
            rec.get(1).unwrap_or_default().trim().to_string(),
        );
    }
    if columns.is_empty() {
        return Err(Error::Syntax {
            at: Location::file(file),
            message: format!(
                "no header row starting with SKU in the first {} rows: not an AWS Price List offer file in CSV",
                MAX_METADATA_ROWS + 1
            ),
        });
    }
    let column = |name: &str| {
        columns
            .get(&normalise(name))
            .copied()
            .ok_or_else(|| Error::MissingField {
                at: Location::file(file),
                field: format!("column {name}"),
            })
    };
    let (sku_col, term_col, price_col, currency_col) = (
        column("SKU")?,
        column("TermType")?,
        column("PricePerUnit")?,
        column("Currency")?,
    );
    let begin_col = columns.get("startingrange").copied();
    let end_col = columns.get("endingrange").copied();
    let offer = out.offers.len();
    out.offers.push(Offer {
        file: file.to_string(),
        form: "CSV",
        offer_code: meta.get("offercode").cloned().unwrap_or_default(),
        version: meta.get("version").cloned().unwrap_or_default(),
        publication_date: meta.get("publicationdate").cloned().ok_or_else(|| {
            Error::MissingField {
                at: Location::file(file),
                field: "Publication Date (metadata row)".into(),
            }
        })?,
    });
    while rd.read_record(&mut rec).map_err(fail)? {
        if rec.get(term_col).map(str::trim) != Some("OnDemand") {
            continue;
        }
        let Some(target) = select(|name| columns.get(name).and_then(|&i| rec.get(i))) else {
            continue;
        };
        let here = at(&rec);
        let currency = rec.get(currency_col).unwrap_or_default().trim();
        if currency != "USD" {
            return Err(Error::invalid(
                &here,
                "Currency",
                format!("\"{currency}\""),
                "USD (coldcost prices in USD only)",
            ));
        }
        let dim = Dim {
            sku: rec.get(sku_col).unwrap_or_default().trim(),
            usd: rec.get(price_col).unwrap_or_default(),
            usd_field: "PricePerUnit",
            begin: begin_col.and_then(|i| rec.get(i)),
            end: end_col.and_then(|i| rec.get(i)),
            range_field: "StartingRange/EndingRange",
        };
        out.add(offer, &target, &dim, &here)?;
    }
    out.offers.get(offer).cloned().ok_or_else(|| Error::Syntax {
        at: Location::file(file),
        message: "internal: offer index lost".into(),
    })
}
