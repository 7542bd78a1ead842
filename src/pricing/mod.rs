//! Published prices and the dated billing rules that decide what is billed.

mod book;
mod ec2;
mod import;
mod rules;

pub use crate::vocab::Architecture;
pub use book::{
    ArchPrices, EdgePrices, FreeTier, PriceBook, RegionPrices, Tier, EMBEDDED_NAME, EMBEDDED_TOML,
    LAMBDA_REGIONS,
};
pub use ec2::{architecture_of, Ec2Instance, Ec2Region, ManagedInstancesFee};
pub(crate) use import::pico_to_usd_text;
pub use import::{import_offers, ImportedBook, Offer};
pub use rules::{init_billing, InitBilling, INIT_BILLING_SOURCE};
