//! How Lambda picks an idle execution environment for a request.

use serde::Serialize;

/// Which idle environment a request takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Routing {
    /// The idle environment created last (SimFaaS's scheduler).
    NewestCreated,
    /// The environment that became idle last (a stack; the fastest to simulate).
    MostRecentlyIdle,
}
