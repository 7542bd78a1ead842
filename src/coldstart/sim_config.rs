//! The simulated pool's rules — keep-alive, lifetime, routing, the concurrency and scaling limits — and the window
//! its statistics are taken over.

use serde::Serialize;

/// How long an idle environment stays.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum KeepAlive {
    /// Always `s` seconds.
    Fixed {
        /// Seconds.
        s: f64,
    },
    /// Uniform between `min_s` and `max_s`, drawn for each idle period.
    Uniform {
        /// Shortest, s.
        min_s: f64,
        /// Longest, s.
        max_s: f64,
    },
}

pub use crate::lifecycle::Lifetime;
pub use crate::vocab::Routing;

/// The pool's rules.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PoolConfig {
    /// Which idle environment serves a request.
    pub routing: Routing,
    /// Idle expiry.
    pub keep_alive: KeepAlive,
    /// Environments are retired at an age drawn for each from this range (None = never).
    pub lifetime: Option<Lifetime>,
    /// Concurrent executions allowed (None = unlimited).
    pub concurrency_limit: Option<u64>,
    /// New environments: a bucket of this many starts, refilled continuously over `scale_window_s` (None =
    /// unlimited). AWS: 1,000 every 10 s per function, refilled continuously, unused starts not accumulating.
    pub scale_limit: Option<u64>,
    /// Seconds in which the bucket of `scale_limit` starts refills from empty.
    pub scale_window_s: f64,
}

impl PoolConfig {
    /// A pool with a fixed keep-alive and none of the limits (the research models' pool).
    pub fn unlimited(keep_alive_s: f64) -> PoolConfig {
        PoolConfig {
            routing: Routing::NewestCreated,
            keep_alive: KeepAlive::Fixed { s: keep_alive_s },
            lifetime: None,
            concurrency_limit: None,
            scale_limit: None,
            scale_window_s: 10.0,
        }
    }
}

/// Where statistics are taken.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Window {
    /// Start of the measured window, s (the pool fills before it).
    pub warmup_s: f64,
    /// End, s.
    pub end_s: f64,
    /// Added to a time before taking its hour of day (the shape's time zone).
    pub hour_offset_s: f64,
}
