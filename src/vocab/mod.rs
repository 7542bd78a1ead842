//! The shared vocabulary at the bottom of the module graph: runtimes, architectures, package types, routing
//! rules, package names (distribution → import) and the billing month. Every other module may use it; it uses nothing of the crate.

mod arch;
pub mod names;
mod routing;
mod runtime;

pub use arch::Architecture;
pub use routing::Routing;
pub use runtime::{Family, PackageType, Runtime};

/// Hours in a billing month as AWS's calculator counts them.
pub const HOURS_PER_MONTH: f64 = 730.0;
