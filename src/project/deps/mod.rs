//! Dependencies from manifests and lockfiles: the runtime dependencies a function's code directory declares, under
//! the names its code imports, with the versions the lockfile pins.

use crate::error::Location;
use serde::Serialize;

/// One runtime dependency of a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// The name as the manifest writes it (a distribution name such as `PyJWT`, or an npm package name).
    pub name: String,
    /// The name the code imports (`jwt` for PyJWT, `PIL` for Pillow; npm packages import under their own name).
    pub import: String,
    /// The version the lockfile pins, else the manifest's requirement, when either says.
    pub version: Option<String>,
    /// Where it is declared.
    #[serde(skip)]
    pub at: Location,
}

/// What a code directory's manifests declare.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dependencies {
    /// Runtime dependencies, each once, in the manifest's order.
    pub deps: Vec<Dependency>,
    /// The manifests and lockfiles read, as paths.
    pub files: Vec<String>,
    /// What was assumed or skipped (an unresolvable `-r`, a marker that excludes Linux, dev dependencies).
    pub notes: Vec<String>,
}
