//! The lines of a bill: what each is for ([`LineItem`]), a function's lines and bill, the account's lines as AWS
//! shows them, and the one way a priced quantity is added to a function's lines. `bill` and the Managed Instances
//! pricing both write through these.

use crate::money::Money;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a line of a function's bill is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineItem {
    /// Requests.
    Requests,
    /// On-demand duration of the handler.
    DurationInvoke,
    /// On-demand duration of billed INIT phases.
    DurationInit,
    /// Ephemeral storage above 512 MB.
    EphemeralStorage,
    /// Provisioned concurrency configured.
    ProvisionedConcurrency,
    /// Duration of invocations served by provisioned concurrency.
    ProvisionedDuration,
    /// SnapStart cache.
    SnapStartCache,
    /// SnapStart restores.
    SnapStartRestore,
    /// Tenant isolation: new tenant-isolated execution environments, per GB of memory.
    TenantIsolation,
    /// Lambda Managed Instances: EC2 instance-hours (after any Savings Plan / RI discount).
    ManagedInstancesEc2,
    /// Lambda Managed Instances: the management fee on the instances' on-demand price.
    ManagedInstancesFee,
}

impl LineItem {
    /// Every item in report order.
    pub const ALL: [LineItem; 11] = [
        LineItem::Requests,
        LineItem::DurationInvoke,
        LineItem::DurationInit,
        LineItem::EphemeralStorage,
        LineItem::ProvisionedConcurrency,
        LineItem::ProvisionedDuration,
        LineItem::SnapStartCache,
        LineItem::SnapStartRestore,
        LineItem::TenantIsolation,
        LineItem::ManagedInstancesEc2,
        LineItem::ManagedInstancesFee,
    ];

    /// The kebab-case key used in JSON and CSV (`duration-init`).
    pub fn key(self) -> &'static str {
        match self {
            LineItem::Requests => "requests",
            LineItem::DurationInvoke => "duration-invoke",
            LineItem::DurationInit => "duration-init",
            LineItem::EphemeralStorage => "ephemeral-storage",
            LineItem::ProvisionedConcurrency => "provisioned-concurrency",
            LineItem::ProvisionedDuration => "provisioned-duration",
            LineItem::SnapStartCache => "snap-start-cache",
            LineItem::SnapStartRestore => "snap-start-restore",
            LineItem::TenantIsolation => "tenant-isolation",
            LineItem::ManagedInstancesEc2 => "managed-instances-ec2",
            LineItem::ManagedInstancesFee => "managed-instances-fee",
        }
    }

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            LineItem::Requests => "requests",
            LineItem::DurationInvoke => "duration (invoke)",
            LineItem::DurationInit => "duration (INIT)",
            LineItem::EphemeralStorage => "ephemeral storage",
            LineItem::ProvisionedConcurrency => "provisioned concurrency",
            LineItem::ProvisionedDuration => "provisioned duration",
            LineItem::SnapStartCache => "SnapStart cache",
            LineItem::SnapStartRestore => "SnapStart restore",
            LineItem::TenantIsolation => "tenant isolation",
            LineItem::ManagedInstancesEc2 => "LMI EC2 instances",
            LineItem::ManagedInstancesFee => "LMI management fee",
        }
    }

    /// The unit of the line's quantity.
    pub fn unit(self) -> &'static str {
        match self {
            LineItem::Requests => "requests",
            LineItem::SnapStartRestore => "GB restored",
            LineItem::TenantIsolation => "GB of new environments",
            LineItem::ManagedInstancesEc2 | LineItem::ManagedInstancesFee => "instance-hours",
            _ => "GB-s",
        }
    }
}

/// One line of one function's bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionLine {
    /// What it is for.
    pub item: LineItem,
    /// How much, in `unit`s.
    pub quantity: f64,
    /// Unit of `quantity`.
    pub unit: &'static str,
    /// At list price (first tier), before the free tier.
    pub gross: Money,
    /// This function's share of the account's bill after free tier and tiers.
    pub net: Money,
}

/// One function's share of the bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionBill {
    /// Function name.
    pub name: String,
    /// Non-zero lines, in [`LineItem::ALL`] order.
    pub lines: Vec<FunctionLine>,
    /// Sum of the lines' net amounts.
    pub total: Money,
}

impl FunctionBill {
    /// The net amount of one item (zero when absent).
    pub fn net(&self, item: LineItem) -> Money {
        self.lines
            .iter()
            .filter(|l| l.item == item)
            .map(|l| l.net)
            .sum()
    }
}

/// One line of the account's bill as AWS would show it (per usage type, region, architecture and tier).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountLine {
    /// What it is for, e.g. `duration us-east-1 x86_64 tier 1`.
    pub item: String,
    /// How much, in `unit`s.
    pub quantity: f64,
    /// Unit of `quantity`.
    pub unit: &'static str,
    /// The amount.
    pub cost: Money,
}

/// The account's monthly bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bill {
    /// Lines as AWS shows them.
    pub account_lines: Vec<AccountLine>,
    /// Each function's share.
    pub functions: Vec<FunctionBill>,
    /// Sum of the account lines (round to the cent for display).
    pub total: Money,
}

/// Each function's lines, by item.
pub(super) type Lines = Vec<BTreeMap<LineItem, FunctionLine>>;

/// Adds `qty` of `item` at `gross` (list price) and `net` (after free tier and tiers) to function `i`'s lines.
pub(super) fn add_line(
    lines: &mut Lines,
    i: usize,
    item: LineItem,
    qty: f64,
    gross: Money,
    net: Money,
) {
    if let Some(map) = lines.get_mut(i) {
        let l = map.entry(item).or_insert(FunctionLine {
            item,
            quantity: 0.0,
            unit: item.unit(),
            gross: Money::ZERO,
            net: Money::ZERO,
        });
        l.quantity += qty;
        l.gross += gross;
        l.net += net;
    }
}
