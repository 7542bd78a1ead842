//! The Lambda Managed Instances lines of a bill: EC2 instance-hours at the region's on-demand price less any
//! Savings Plan / Reserved Instance discount, and the management fee, a share of the *on-demand* price per
//! instance-hour that no discount reduces (Lambda pricing page, "Management Fees"). Requests are billed with the
//! on-demand requests; there is no duration charge and no separate INIT charge.

use super::lines::{add_line, Lines};
use super::usage::{FunctionUsage, ManagedInstancesUsage};
use super::{AccountLine, LineItem};
use crate::error::{Location, Result};
use crate::pricing::PriceBook;

/// Parts per million, the unit of the discount and the fee share.
const PPM: u128 = 1_000_000;

/// Adds function `i`'s EC2 and management-fee lines to its bill and to the account's.
pub(super) fn price(
    lines: &mut Lines,
    account: &mut Vec<AccountLine>,
    i: usize,
    u: &FunctionUsage,
    m: &ManagedInstancesUsage,
    book: &PriceBook,
) -> Result<()> {
    let at = Location::file(format!("function `{}`", u.name));
    let instance = book.ec2_instance(&u.region, &m.instance_type, &at)?;
    let fee = book.management_fee(&u.region, &at)?;
    let on_demand = instance.usd_per_hour.times_units(m.instance_hours);
    let kept = PPM - u128::from(m.ec2_discount_ppm).min(PPM);
    let ec2 = on_demand.share(kept, PPM);
    let fee_ppm = (fee.management_fee_share * PPM as f64).round() as u128;
    let fee_usd = on_demand.share(fee_ppm, PPM);
    let hours = m.instance_hours as f64;
    add_line(
        lines,
        i,
        LineItem::ManagedInstancesEc2,
        hours,
        on_demand,
        ec2,
    );
    add_line(
        lines,
        i,
        LineItem::ManagedInstancesFee,
        hours,
        fee_usd,
        fee_usd,
    );
    let discount = if m.ec2_discount_ppm > 0 {
        format!(", {}% off", m.ec2_discount_ppm as f64 / 1e4)
    } else {
        String::new()
    };
    account.push(AccountLine {
        item: format!(
            "Managed Instances EC2 {} {}{discount} ({})",
            u.region, m.instance_type, u.name
        ),
        quantity: hours,
        unit: "instance-hours",
        cost: ec2,
    });
    account.push(AccountLine {
        item: format!(
            "Managed Instances management fee {} {} ({})",
            u.region, m.instance_type, u.name
        ),
        quantity: hours,
        unit: "instance-hours",
        cost: fee_usd,
    });
    Ok(())
}
