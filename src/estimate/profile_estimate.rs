//! What the models say about one profile for one month: the estimate both the on-demand path and the Managed
//! Instances path produce.

use crate::billing::FunctionUsage;
use crate::coldstart::ColdStartEstimate;
use crate::init::InitEstimate;
use crate::pricing::InitBilling;
use crate::profile::Profile;
use serde::Serialize;

/// Everything the models say about one profile for one month.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileEstimate {
    /// The profile.
    pub profile: Profile,
    /// INIT per cold start.
    pub init: InitEstimate,
    /// Cold starts among on-demand invocations.
    pub cold: ColdStartEstimate,
    /// How INIT is billed under the rules of the run's date.
    pub init_billing: InitBilling,
    /// Invocations in the month.
    pub invocations: u64,
    /// Invocations served on demand.
    pub on_demand_invocations: u64,
    /// Invocations served by provisioned concurrency.
    pub provisioned_invocations: u64,
    /// Mean warm handler time, ms.
    pub handler_mean_ms: f64,
    /// Billed ms of a warm invocation.
    pub billed_ms_warm: u64,
    /// Billed ms of a cold invocation (INIT added before rounding when INIT is billed).
    pub billed_ms_cold: u64,
    /// The metered usage.
    pub usage: FunctionUsage,
    /// Notes on assumptions that matter for this profile.
    pub notes: Vec<String>,
    /// The instance plan, when the profile runs on Lambda Managed Instances.
    pub managed_instances: Option<crate::lmi::LmiPlan>,
}
