//! # coldcost
//!
//! What an AWS Lambda function costs per month **including its cold starts**. Since 2025-08-01 AWS bills the
//! INIT phase of ZIP functions on managed runtimes; coldcost estimates INIT time and cold-start counts from a
//! deployment profile and prices the month exactly as AWS does: per-invocation rounding to 1 ms with INIT added
//! before rounding, the free tier and duration tiers pooled per account, region and architecture.
//!
//! ```
//! use coldcost::{estimate, report, Date, Models, PriceBook, Profile, RunOptions};
//!
//! let profile = Profile::from_toml(r#"
//!     name = "api"
//!     runtime = "python3.13"
//!     memory_mb = 1024
//!     [handler]
//!     duration_ms = 120
//!     [traffic]
//!     monthly_invocations = 3_000_000
//!     cold_start_rate = 0.01
//! "#, "api.toml")?;
//! let book = PriceBook::embedded()?;
//! let models = Models::builtin()?;
//! let options = RunOptions { as_of: "2025-08-01".parse().unwrap_or(Date::INIT_BILLING_START), free_tier: true, pooled: true, seed: 1 };
//! let run = estimate::run(&[profile], &book, &models, options)?;
//! let report = report::build("estimate", &run, &book);
//! assert!(report.total_usd.usd() > 0.0);
//! # Ok::<(), coldcost::Error>(())
//! ```
#![deny(missing_docs)]

pub mod billing;
pub mod coldstart;
mod date;
pub mod decide;
mod error;
pub mod estimate;
pub mod ingest;
pub mod init;
mod locate;
mod money;
pub mod pricing;
pub mod profile;
pub mod report;
pub mod rng;
pub mod samples;
mod stats;
pub mod traffic;
pub mod vocab;

pub use date::{parse_timestamp, Date};
pub use error::{line_of, Error, Location, Result};
pub use estimate::{Models, Run, RunOptions};
pub use money::{group_thousands, Money, Price, MB_MS_PER_GB_S};
pub use pricing::PriceBook;
pub use profile::Profile;
pub use stats::{lognormal_mean, quantile_sorted, Z95};
pub use vocab::{Architecture, Family, PackageType, Routing, Runtime};
