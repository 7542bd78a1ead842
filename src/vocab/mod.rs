//! The shared vocabulary at the bottom of the module graph: runtimes, architectures, package types, routing
//! rules, package names (distribution → import), monthly volumes as people write them and the billing month.
//! Every other module may use it; it uses nothing of the crate.

mod arch;
pub mod names;
mod routing;
mod runtime;
mod volume;

pub use arch::Architecture;
pub use routing::Routing;
pub use runtime::{Family, PackageType, Runtime};
pub use volume::{groups_thousands, parse_volume, whole_volume, VolumeError, MAX_VOLUME};

/// Hours in a billing month as AWS's calculator counts them.
pub const HOURS_PER_MONTH: f64 = 730.0;
