//! Lambda runtimes and package types, and what each implies for billing.

use serde::Serialize;
use std::fmt;

/// The language family of a runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Node.js.
    Node,
    /// Python.
    Python,
    /// A custom runtime (`provided.*`): the user's bootstrap.
    Custom,
}

impl fmt::Display for Family {
    /// `Node.js`, `Python`, `custom`: as people write them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Family::Node => "Node.js",
            Family::Python => "Python",
            Family::Custom => "custom",
        })
    }
}

/// A Lambda runtime identifier, as AWS spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Runtime {
    /// `nodejs20.x`
    Node20,
    /// `nodejs22.x`
    Node22,
    /// `nodejs24.x`
    Node24,
    /// `python3.11`
    Python311,
    /// `python3.12`
    Python312,
    /// `python3.13`
    Python313,
    /// `python3.14`
    Python314,
    /// `provided.al2` (custom runtime)
    ProvidedAl2,
    /// `provided.al2023` (custom runtime)
    ProvidedAl2023,
}

impl Runtime {
    /// Every runtime coldcost knows, in display order.
    pub const ALL: [Runtime; 9] = [
        Runtime::Node20,
        Runtime::Node22,
        Runtime::Node24,
        Runtime::Python311,
        Runtime::Python312,
        Runtime::Python313,
        Runtime::Python314,
        Runtime::ProvidedAl2,
        Runtime::ProvidedAl2023,
    ];

    /// The identifier AWS uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Node20 => "nodejs20.x",
            Runtime::Node22 => "nodejs22.x",
            Runtime::Node24 => "nodejs24.x",
            Runtime::Python311 => "python3.11",
            Runtime::Python312 => "python3.12",
            Runtime::Python313 => "python3.13",
            Runtime::Python314 => "python3.14",
            Runtime::ProvidedAl2 => "provided.al2",
            Runtime::ProvidedAl2023 => "provided.al2023",
        }
    }

    /// Parses an AWS runtime identifier.
    pub fn parse(s: &str) -> Option<Runtime> {
        Runtime::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The comma-separated list of known identifiers, for error messages.
    pub fn known() -> String {
        Runtime::ALL.map(|r| r.as_str()).join(", ")
    }

    /// The language family.
    pub fn family(self) -> Family {
        match self {
            Runtime::Node20 | Runtime::Node22 | Runtime::Node24 => Family::Node,
            Runtime::Python311 | Runtime::Python312 | Runtime::Python313 | Runtime::Python314 => {
                Family::Python
            }
            Runtime::ProvidedAl2 | Runtime::ProvidedAl2023 => Family::Custom,
        }
    }

    /// A managed runtime (AWS's), as opposed to a custom `provided.*` one. Billing rules differ.
    pub fn is_managed(self) -> bool {
        self.family() != Family::Custom
    }

    /// Whether SnapStart is available (Python 3.12 and later among these runtimes).
    pub fn supports_snapstart(self) -> bool {
        matches!(
            self,
            Runtime::Python312 | Runtime::Python313 | Runtime::Python314
        )
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Runtime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How the function is packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageType {
    /// A .zip archive on a managed or custom runtime.
    Zip,
    /// A container (OCI) image.
    Image,
}

impl PackageType {
    /// Parses `zip` or `image`.
    pub fn parse(s: &str) -> Option<PackageType> {
        match s.trim() {
            "zip" | "Zip" | "ZIP" => Some(PackageType::Zip),
            "image" | "Image" | "container" => Some(PackageType::Image),
            _ => None,
        }
    }

    /// The name used in profiles.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageType::Zip => "zip",
            PackageType::Image => "image",
        }
    }
}
