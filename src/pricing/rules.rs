//! Dated billing rules: whether the INIT phase of a cold start is billed, by date and configuration.
//!
//! Source: AWS Compute Blog, "AWS Lambda standardizes billing for INIT Phase" (2025-04-29): from 2025-08-01 the INIT
//! phase is billed for on-demand invocations of functions packaged as ZIP on managed runtimes, at the standard
//! duration rate. Container images, custom runtimes and provisioned concurrency were billed for INIT already.
//! SnapStart functions are billed for restores (and restore duration) instead of INIT.

use crate::date::Date;
use crate::vocab::{PackageType, Runtime};
use serde::Serialize;

/// Where the INIT billing rule comes from.
pub const INIT_BILLING_SOURCE: &str =
    "https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/ (effective 2025-08-01)";

/// How the INIT phase of an on-demand cold start is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InitBilling {
    /// INIT time is added to the first invocation's duration before rounding and billed at the duration rate.
    Billed,
    /// INIT time is not billed (ZIP on a managed runtime before 2025-08-01).
    Free,
    /// SnapStart: a restore charge per GB restored replaces INIT.
    SnapStartRestore,
}

/// The INIT rule in force on `as_of` for an on-demand cold start of this configuration.
pub fn init_billing(
    as_of: Date,
    runtime: Runtime,
    package: PackageType,
    snapstart: bool,
) -> InitBilling {
    if snapstart {
        return InitBilling::SnapStartRestore;
    }
    let zip_managed = package == PackageType::Zip && runtime.is_managed();
    if zip_managed && as_of < Date::INIT_BILLING_START {
        InitBilling::Free
    } else {
        InitBilling::Billed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2025_08_01_change() {
        let before: Date = "2025-07-31".parse().unwrap();
        let after = Date::INIT_BILLING_START;
        let py = Runtime::Python313;
        assert_eq!(
            init_billing(before, py, PackageType::Zip, false),
            InitBilling::Free
        );
        assert_eq!(
            init_billing(after, py, PackageType::Zip, false),
            InitBilling::Billed
        );
        assert_eq!(
            init_billing(before, py, PackageType::Image, false),
            InitBilling::Billed
        );
        assert_eq!(
            init_billing(before, Runtime::ProvidedAl2023, PackageType::Zip, false),
            InitBilling::Billed
        );
        assert_eq!(
            init_billing(after, py, PackageType::Zip, true),
            InitBilling::SnapStartRestore
        );
    }
}
