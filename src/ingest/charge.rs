//! What a bill row is: the charge types of CUR line items and FOCUS charge categories, and their totals.

use serde::Serialize;

/// What a bill row is, as a FinOps reviewer sorts them: the CUR's line item types (`lineItem/LineItemType`), FOCUS's
/// charge categories (`ChargeCategory`, with `CommitmentDiscountStatus`), and usage the free tier covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ChargeType {
    /// On-demand usage.
    Usage,
    /// Usage the free tier covered (a usage row whose description says "Free Tier").
    FreeTier,
    /// Usage covered by a reservation (CUR `DiscountedUsage`).
    DiscountedUsage,
    /// Usage covered by a Savings Plan (CUR `SavingsPlanCoveredUsage`; FOCUS usage with a used commitment).
    SavingsPlanCoveredUsage,
    /// The Savings Plan's negation of covered usage (CUR `SavingsPlanNegation`).
    SavingsPlanNegation,
    /// A Savings Plan's recurring or upfront fee (CUR `SavingsPlanRecurringFee`, `SavingsPlanUpfrontFee`).
    SavingsPlanFee,
    /// Tax.
    Tax,
    /// A credit.
    Credit,
    /// A refund (CUR `Refund`).
    Refund,
    /// A fee (CUR `Fee`, `RIFee`; FOCUS `Purchase`, or an unused commitment).
    Fee,
    /// A discount (CUR `BundledDiscount`, `EdpDiscount`, `PrivateRateDiscount`, `DistributorDiscount`).
    Discount,
    /// A FOCUS `Adjustment`.
    Adjustment,
    /// A type coldcost does not know; its cost is kept.
    Other,
}

impl ChargeType {
    /// From a CUR line item type and the row's description.
    pub fn from_cur(item_type: &str, description: &str) -> ChargeType {
        match item_type {
            "" | "Usage" if description.contains("Free Tier") => ChargeType::FreeTier,
            "" | "Usage" => ChargeType::Usage,
            "DiscountedUsage" => ChargeType::DiscountedUsage,
            "SavingsPlanCoveredUsage" => ChargeType::SavingsPlanCoveredUsage,
            "SavingsPlanNegation" => ChargeType::SavingsPlanNegation,
            "SavingsPlanRecurringFee" | "SavingsPlanUpfrontFee" => ChargeType::SavingsPlanFee,
            "Tax" => ChargeType::Tax,
            "Credit" => ChargeType::Credit,
            "Refund" => ChargeType::Refund,
            "Fee" | "RIFee" => ChargeType::Fee,
            "BundledDiscount" | "EdpDiscount" | "PrivateRateDiscount" | "DistributorDiscount" => {
                ChargeType::Discount
            }
            _ => ChargeType::Other,
        }
    }

    /// Whether the row meters usage (its quantity is requests or GB-s used): usage, free tier, reserved and
    /// Savings Plan covered usage. Taxes, credits, refunds, fees, discounts and negations move money only.
    pub fn meters_usage(self) -> bool {
        matches!(
            self,
            ChargeType::Usage
                | ChargeType::FreeTier
                | ChargeType::DiscountedUsage
                | ChargeType::SavingsPlanCoveredUsage
        )
    }

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ChargeType::Usage => "Usage",
            ChargeType::FreeTier => "Usage (free tier)",
            ChargeType::DiscountedUsage => "DiscountedUsage",
            ChargeType::SavingsPlanCoveredUsage => "SavingsPlanCoveredUsage",
            ChargeType::SavingsPlanNegation => "SavingsPlanNegation",
            ChargeType::SavingsPlanFee => "SavingsPlanFee",
            ChargeType::Tax => "Tax",
            ChargeType::Credit => "Credit",
            ChargeType::Refund => "Refund",
            ChargeType::Fee => "Fee",
            ChargeType::Discount => "Discount",
            ChargeType::Adjustment => "Adjustment",
            ChargeType::Other => "Other",
        }
    }
}

/// Rows and dollars of one charge type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TypeTotal {
    /// Rows.
    pub rows: u64,
    /// Their cost, USD, unrounded.
    pub usd: f64,
}
