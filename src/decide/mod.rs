//! Answers a budget review needs, built on the estimate: restating profiles at other volumes, the break-even
//! volume where a comparison flips, uncertainty bands from a Monte Carlo over the models' inputs, memory and
//! architecture sweeps, and remedies for cold starts (provisioned concurrency, SnapStart, a lighter package).

pub mod bands;
pub mod breakeven;
pub mod managed;
pub mod remedies;
pub mod sweep;

use crate::profile::Profile;

/// The profiles with every monthly volume set to `invocations` (traffic shapes and rates kept).
pub fn restate(profiles: &[Profile], invocations: u64) -> Vec<Profile> {
    profiles
        .iter()
        .map(|p| {
            let mut q = p.clone();
            q.traffic.monthly_invocations = invocations;
            q.traffic.monthly_invocations_stated = true;
            q
        })
        .collect()
}
