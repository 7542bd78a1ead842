//! The EC2 part of an imported book: `[managed_instances]` (the management fee, which the Price List does not carry)
//! and `[ec2.REGION]` with the on-demand prices of the Managed Instances families, written only when an EC2 offer
//! gave instances (the schema the Managed Instances model reads).

use super::collect::Collected;
use super::decimal::pico_to_usd_text as usd;
use super::write::{quote, sourced};
use crate::error::Result;
use std::fmt::Write as _;

/// The EC2 part: `[managed_instances]` and `[ec2.REGION]` with its instances; empty when no instance was chosen.
pub(crate) fn ec2_tables(c: &Collected) -> Result<String> {
    let mut out = String::new();
    if c.ec2.values().all(|r| r.instances.is_empty()) {
        return Ok(out);
    }
    // The fee is not in the Price List: carried over from the built-in book, with its source and date.
    let book = crate::pricing::PriceBook::embedded()?;
    let Some(fee) = &book.managed_instances else {
        return Err(crate::error::Error::Syntax {
            at: crate::error::Location::file(&book.origin),
            message: "the built-in book has no [managed_instances] fee to carry over".into(),
        });
    };
    let _ = writeln!(
        out,
        "\n[managed_instances]\n# Not in the Price List: carried over from coldcost's built-in book.\nmanagement_fee_share = {}\nsource = {}\nas_of = \"{}\"",
        fee.management_fee_share,
        quote(&format!("carried over from coldcost's built-in price book (not in the Price List): {}", fee.source)),
        fee.as_of
    );
    for (code, r) in &c.ec2 {
        let (src, day) = sourced(c, r.offers.iter().copied())?;
        let _ = writeln!(out, "\n[ec2.{code}]\n# {}: on-demand, Linux, shared tenancy, no pre-installed software, capacity status Used\nsource = {}\nas_of = \"{day}\"", r.location, quote(&src));
        let _ = writeln!(out, "\n[ec2.{code}.instances]");
        for (name, i) in &r.instances {
            let _ = writeln!(
                out,
                "{} = {{ usd_per_hour = {}, vcpus = {}, memory_gib = {}, architecture = \"{}\" }}  # SKU {}",
                quote(name),
                usd(i.entry.pico),
                i.vcpus,
                i.memory_gib,
                i.architecture,
                i.entry.sku
            );
        }
    }
    Ok(out)
}
