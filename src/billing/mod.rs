//! The monthly bill: usage priced with per-invocation rounding already applied, the free tier and the duration
//! tiers pooled per account, region and architecture.

mod bill;
mod tiers;
mod usage;

pub use bill::{bill, AccountLine, Bill, BillOptions, FunctionBill, FunctionLine, LineItem};
pub use usage::FunctionUsage;
