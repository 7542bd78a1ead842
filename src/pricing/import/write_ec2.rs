//! The EC2 part of an imported book: `[managed_instances]` (the management fee, which the Price List does not carry)
//! and `[ec2.REGION]` with the on-demand prices of the Managed Instances families, written only when an EC2 offer
//! gave instances (the schema the Managed Instances model reads).

use super::collect::Collected;
use super::decimal::pico_to_usd_text as usd;
use super::write::{quote, sourced};
use crate::error::Result;
use std::fmt::Write as _;

/// The Lambda Managed Instances management fee, a share of the EC2 on-demand price. Not in the Price List offer
/// files, so written from here.
pub(crate) const MANAGEMENT_FEE_SHARE: &str = "0.15";
/// Where [`MANAGEMENT_FEE_SHARE`] comes from.
pub(crate) const MANAGEMENT_FEE_SOURCE: &str = "https://aws.amazon.com/lambda/pricing/ (Lambda Managed Instances: a management fee of 15% of the EC2 on-demand instance price, as stated in coldcost issue 16; not in the Price List offer files, written by `coldcost pricing import`)";
/// The date [`MANAGEMENT_FEE_SOURCE`] was read.
pub(crate) const MANAGEMENT_FEE_AS_OF: &str = "2026-12-03";

/// The EC2 part: `[managed_instances]` and `[ec2.REGION]` with its instances; empty when no instance was chosen.
pub(crate) fn ec2_tables(c: &Collected) -> Result<String> {
    let mut out = String::new();
    if c.ec2.values().all(|r| r.instances.is_empty()) {
        return Ok(out);
    }
    let _ = writeln!(
        out,
        "\n[managed_instances]\n# Not in the Price List: written by coldcost.\nmanagement_fee_share = {MANAGEMENT_FEE_SHARE}\nsource = {}\nas_of = \"{MANAGEMENT_FEE_AS_OF}\"",
        quote(MANAGEMENT_FEE_SOURCE)
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
