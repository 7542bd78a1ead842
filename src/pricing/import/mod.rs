//! `pricing import`: a price book built from the AWS Price List bulk offer files — the `AWSLambda` offer and,
//! optionally, the `AmazonEC2` offer for the Lambda Managed Instances families — in their JSON or CSV form, plain
//! or gzip, streamed (the EC2 offer is gigabytes: only chosen products are held).
//!
//! Sources for the format: AWS Billing User Guide, "Reading the service price list file for an AWS service" and
//! "Getting price list files using the AWS Price List Bulk API"
//! (docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html,
//! …/using-ppslong.html); see `pricing/IMPORT.md` for what is read and how it maps to the book.

mod collect;
mod csv;
mod decimal;
mod json;
mod map;
mod write;
mod write_ec2;

pub use collect::Offer;
pub(crate) use decimal::pico_to_usd_text;

use crate::error::{Error, Location, Result};
use crate::pricing::PriceBook;
use std::io::{BufRead, BufReader, Read};

/// A price book written from offer files.
#[derive(Debug, Clone)]
pub struct ImportedBook {
    /// The book as TOML, in the layout of `pricing/aws-lambda.toml` (plus `[managed_instances]` and `[ec2.*]`
    /// when an EC2 offer gave instances).
    pub toml: String,
    /// The Lambda part alone, parsed: what `--pricing` will load.
    pub book: PriceBook,
    /// The offer files read, in order.
    pub offers: Vec<Offer>,
    /// EC2 instance prices written, over all regions.
    pub ec2_instances: usize,
    /// What was left out and why (a region without a request price, Lambda@Edge missing, …).
    pub notes: Vec<String>,
}

/// Builds a price book from offer files, each `(name, reader)` (plain or gzip, JSON or CSV: told from the
/// content). The free tier, which the Price List does not carry, comes from `base`.
pub fn import_offers(
    files: Vec<(String, Box<dyn Read>)>,
    base: &PriceBook,
) -> Result<ImportedBook> {
    let mut c = collect::Collected::default();
    for (name, reader) in files {
        read_offer(&name, reader, &mut c)?;
    }
    let mut notes = Vec::new();
    let lambda = write::lambda_book(&c, base, &mut notes)?;
    let book = PriceBook::from_toml(&lambda, "<imported price book>")?;
    let ec2 = write_ec2::ec2_tables(&c)?;
    let ec2_instances = c.ec2.values().map(|r| r.instances.len()).sum();
    if ec2_instances == 0 && c.offers.iter().any(|o| o.offer_code == "AmazonEC2") {
        notes.push("AmazonEC2 offer: no on-demand Linux instance of the Managed Instances families (c, m, r in 7g, 7i, 8g; large to 4xlarge) found: no [ec2] tables written".into());
    }
    Ok(ImportedBook {
        toml: lambda + &ec2,
        book,
        offers: c.offers,
        ec2_instances,
        notes,
    })
}

/// Reads one file: gzip told by its magic bytes, JSON by a first `{`.
fn read_offer(name: &str, raw: Box<dyn Read>, c: &mut collect::Collected) -> Result<()> {
    let io = |source| Error::Io {
        path: name.into(),
        source,
    };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let gzip = buffered.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    };
    let first = loop {
        let head = reader.fill_buf().map_err(|e| Error::Syntax {
            at: Location::file(name),
            message: if gzip {
                format!("the gzip data is truncated or corrupt ({e})")
            } else {
                format!("read failed: {e}")
            },
        })?;
        let Some(&b) = head.first() else {
            break None;
        };
        // Leading white space and a UTF-8 byte-order mark.
        if head.starts_with(b"\xef\xbb\xbf") {
            reader.consume(3);
            continue;
        }
        if b.is_ascii_whitespace() {
            reader.consume(1);
            continue;
        }
        break Some(b);
    };
    match first {
        None => Err(Error::Syntax {
            at: Location::file(name),
            message: "empty file: not an AWS Price List offer file".into(),
        }),
        Some(b'{') => json::read(reader, name, c).map(|_| ()),
        Some(_) => csv::read(reader, name, c).map(|_| ()),
    }
}
