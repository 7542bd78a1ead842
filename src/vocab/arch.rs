//! Instruction set architectures Lambda bills separately.

use serde::Serialize;
use std::fmt;

/// The function's architecture; x86 and Arm have separate prices and separate tier pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Architecture {
    /// Intel/AMD, `x86_64`.
    #[serde(rename = "x86_64")]
    X86_64,
    /// Graviton, `arm64`.
    #[serde(rename = "arm64")]
    Arm64,
}

impl Architecture {
    /// All architectures, x86 first.
    pub const ALL: [Architecture; 2] = [Architecture::X86_64, Architecture::Arm64];

    /// The name AWS uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }

    /// Parses the AWS name (also accepts `x86`, `amd64`, `arm`, `aarch64`).
    pub fn parse(s: &str) -> Option<Architecture> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x86_64" | "x86" | "amd64" | "x86-64" => Some(Architecture::X86_64),
            "arm64" | "arm" | "aarch64" | "graviton" => Some(Architecture::Arm64),
            _ => None,
        }
    }
}

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
