//! The monthly bill: usage priced with per-invocation rounding already applied, the free tier and the duration
//! tiers pooled per account, region and architecture.

mod bill;
mod lines;
mod managed;
mod meter;
mod tiers;
mod usage;

pub use bill::{bill, BillOptions};
pub use lines::{AccountLine, Bill, FunctionBill, FunctionLine, LineItem};
pub use meter::{billed_ms, pc_billed_ms, BilledMs, MeterInput};
pub use usage::{FunctionUsage, ManagedInstancesUsage};
