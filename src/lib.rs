//! # coldcost
//!
//! What an AWS Lambda function costs per month **including its cold starts**. Since 2025-08-01 AWS bills the
//! INIT phase of ZIP functions on managed runtimes; coldcost estimates INIT time and cold-start counts from a
//! deployment profile and prices the month exactly as AWS does: per-invocation rounding to 1 ms with INIT added
//! before rounding, the free tier and duration tiers pooled per account, region and architecture.
//!
//! The pipeline: a [`Profile`] → the INIT model ([`init`]) → the cold-start model ([`coldstart`], over the
//! [`traffic`] shapes) → metered usage ([`billing::MeterInput`]) → the bill ([`billing::bill`]) → a report model
//! ([`report`]) rendered in any [`Format`] its command supports. Usage exports go through [`ingest`] into the same
//! billing.
//!
//! ```
//! use coldcost::{estimate_report, Date, Document, Extras, Format, Models, PriceBook, Profile, RunOptions};
//!
//! let profile = Profile::from_toml(r#"
//!     name = "api"
//!     runtime = "python3.13"
//!     memory_mb = 1024
//!     [handler]
//!     duration_ms = 120
//!     [traffic]
//!     monthly_invocations = 3_000_000
//! "#, "api.toml")?;
//! // Bill under the rules in force since INIT billing began, free tier applied, one account, seed 1.
//! let options = RunOptions { as_of: Date::INIT_BILLING_START, free_tier: true, pooled: true, seed: 1 };
//! let report = estimate_report(
//!     "estimate", &[profile], &PriceBook::embedded()?, &Models::builtin()?, options, Extras::default(),
//! )?;
//! let total = report.total_usd.expect("one account has a total");
//! assert!(total.usd() > 0.0);
//! assert!(report.render(Format::Markdown)?.contains("| total / month |"));
//! # Ok::<(), coldcost::Error>(())
//! ```
#![deny(missing_docs)]

pub mod billing;
pub mod chart;
pub mod coldstart;
pub mod csv_input;
mod date;
pub mod decide;
mod error;
pub mod estimate;
pub mod ingest;
pub mod init;
pub mod lifecycle;
pub mod lmi;
mod locate;
mod money;
mod pricing;
pub mod profile;
pub mod project;
pub mod report;
pub mod rng;
pub mod runtime_lifecycle;
pub mod samples;
mod stats;
pub mod traffic;
pub mod vocab;

pub use date::{parse_timestamp, Date};
pub use error::{line_of, Error, Location, Result};
pub use estimate::{Models, Run, RunOptions};
pub use money::{group_thousands, Money, Price, MB_MS_PER_GB_S};
/// An offer file read by [`import_offers`].
pub use pricing::Offer as PriceListOffer;
pub use pricing::{
    architecture_of, import_offers, init_billing, ArchPrices, Ec2Instance, Ec2Region, EdgePrices,
    FreeTier, ImportedBook, InitBilling, ManagedInstancesFee, PriceBook, RegionPrices, Tier,
    EMBEDDED_NAME, EMBEDDED_TOML, INIT_BILLING_SOURCE, LAMBDA_REGIONS,
};
pub use profile::Profile;
pub use report::{estimate_report, Document, Extras, Format};
pub use stats::{
    lognormal_mean, lognormal_median_from_mean, normal_quantile, quantile_sorted, LogNormal,
};
pub use vocab::{Architecture, Family, PackageType, Routing, Runtime};
