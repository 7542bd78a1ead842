//! Per-function aggregates of observed invocations, in bounded memory: counts, exact billed sums, and histograms of
//! handler and INIT durations.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::billed::{line_bill, BilledDifferences};
use super::histogram::{Histogram, Summary};
use super::record::Invocation;
use crate::billing::billed_ms;
use serde::Serialize;
use std::collections::BTreeMap;

/// One function's observations.
#[derive(Debug, Clone, Default)]
pub struct FunctionAgg {
    /// Invocations seen.
    pub invocations: u64,
    /// With an INIT duration.
    pub cold_starts: u64,
    /// SnapStart restores.
    pub restores: u64,
    /// Handler durations.
    pub handler: Histogram,
    /// INIT durations.
    pub init: Histogram,
    /// Σ billed ms × MB of the handler part (today's rule: ceil(duration)).
    pub invoke_mb_ms: u128,
    /// Σ billed ms × MB that INIT adds (today's rule: ceil(duration + init) − ceil(duration)).
    pub init_mb_ms: u128,
    /// Σ billed restore ms × MB (as logged in `Billed Restore Duration`).
    pub restore_mb_ms: u128,
    /// Memory sizes seen, with counts.
    pub memory_mb: BTreeMap<u32, u64>,
    /// Largest memory used, MB; `None` when no line logged it (an Insights query without `@maxMemoryUsed`).
    pub max_used_mb: Option<u32>,
    /// Earliest and latest timestamps, epoch s.
    pub first_ts: Option<f64>,
    /// Latest.
    pub last_ts: Option<f64>,
    /// Σ billed ms × MB by the rule in force on each line's date (restore included), handler part.
    pub rule_invoke_mb_ms: u128,
    /// Σ billed ms × MB by the rule, INIT part.
    pub rule_init_mb_ms: u128,
    /// Σ billed ms × MB as logged (`Billed Duration`; the rule's figure for lines without one), handler part.
    pub logged_invoke_mb_ms: u128,
    /// Σ billed ms × MB as logged, INIT part.
    pub logged_init_mb_ms: u128,
    /// The logged billed durations against the rule.
    pub billed: BilledDifferences,
}

impl FunctionAgg {
    /// Adds one invocation; returns how many new entries its state took (histogram buckets, memory sizes), for
    /// the caller's memory budget.
    #[inline]
    pub fn add(&mut self, i: &Invocation) -> u64 {
        let mut grown = 0;
        self.invocations += 1;
        grown += self.handler.add(i.duration_ms);
        let mem = u128::from(i.memory_mb);
        let warm = billed_ms(i.duration_ms);
        self.invoke_mb_ms += u128::from(warm) * mem;
        if let Some(init) = i.init_ms {
            self.cold_starts += 1;
            grown += self.init.add(init);
            let cold = billed_ms(i.duration_ms + init);
            self.init_mb_ms += u128::from(cold - warm) * mem;
        }
        if i.restore_ms.is_some() || i.billed_restore_ms.is_some() {
            self.restores += 1;
            // Only the logged billed restore time: the snapshot restore in `Restore Duration` is not charged.
            self.restore_mb_ms += u128::from(i.billed_restore_ms.unwrap_or(0)) * mem;
        }
        let l = line_bill(i);
        self.rule_invoke_mb_ms += u128::from(l.rule_ms.saturating_sub(l.rule_init_ms)) * mem;
        self.rule_init_mb_ms += u128::from(l.rule_init_ms) * mem;
        self.logged_invoke_mb_ms += u128::from(l.logged_ms.saturating_sub(l.logged_init_ms)) * mem;
        self.logged_init_mb_ms += u128::from(l.logged_init_ms) * mem;
        self.billed.count(l.class);
        let count = self.memory_mb.entry(i.memory_mb).or_insert(0);
        grown += u64::from(*count == 0);
        *count += 1;
        self.max_used_mb = self.max_used_mb.max(i.max_used_mb);
        if let Some(t) = i.timestamp {
            self.first_ts = Some(self.first_ts.map_or(t, |f| f.min(t)));
            self.last_ts = Some(self.last_ts.map_or(t, |l| l.max(t)));
        }
        grown
    }

    /// Adds `other`'s observations (a later part of the same input): the result equals one aggregate fed every
    /// invocation of both. Returns how many new entries the state took, as [`FunctionAgg::add`] does.
    pub fn merge(&mut self, other: &FunctionAgg) -> u64 {
        self.invocations += other.invocations;
        self.cold_starts += other.cold_starts;
        self.restores += other.restores;
        let mut grown = self.handler.merge(&other.handler) + self.init.merge(&other.init);
        self.invoke_mb_ms += other.invoke_mb_ms;
        self.init_mb_ms += other.init_mb_ms;
        self.restore_mb_ms += other.restore_mb_ms;
        for (&m, &c) in &other.memory_mb {
            let count = self.memory_mb.entry(m).or_insert(0);
            grown += u64::from(*count == 0);
            *count += c;
        }
        self.max_used_mb = self.max_used_mb.max(other.max_used_mb);
        let pick = |a: Option<f64>, b: Option<f64>, f: fn(f64, f64) -> f64| match (a, b) {
            (Some(a), Some(b)) => Some(f(a, b)),
            (a, b) => a.or(b),
        };
        self.first_ts = pick(self.first_ts, other.first_ts, f64::min);
        self.last_ts = pick(self.last_ts, other.last_ts, f64::max);
        self.rule_invoke_mb_ms += other.rule_invoke_mb_ms;
        self.rule_init_mb_ms += other.rule_init_mb_ms;
        self.logged_invoke_mb_ms += other.logged_invoke_mb_ms;
        self.logged_init_mb_ms += other.logged_init_mb_ms;
        self.billed.merge(&other.billed);
        grown
    }

    /// Entries the state holds (histogram buckets and memory sizes), as [`FunctionAgg::add`] counts them.
    pub fn state_entries(&self) -> u64 {
        self.handler.entries() + self.init.entries() + self.memory_mb.len() as u64
    }

    /// The most common memory size.
    pub fn memory(&self) -> u32 {
        self.memory_mb
            .iter()
            .max_by_key(|(_, c)| **c)
            .map_or(0, |(m, _)| *m)
    }

    /// Hours covered: first to last timestamp, rounded up to whole hours (None without timestamps).
    pub fn span_hours(&self) -> Option<f64> {
        match (self.first_ts, self.last_ts) {
            (Some(a), Some(b)) => Some(((b - a) / 3600.0).ceil().max(1.0)),
            _ => None,
        }
    }
}

/// What a function's observations say, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionSummary {
    /// Function (log group, resource id or file name).
    pub function: String,
    /// Invocations.
    pub invocations: u64,
    /// Cold starts.
    pub cold_starts: u64,
    /// Cold starts ÷ invocations.
    pub cold_start_share: f64,
    /// INIT durations, ms.
    pub init_ms: Summary,
    /// Handler durations, ms.
    pub handler_ms: Summary,
    /// Memory size, MB (most common).
    pub memory_mb: u32,
    /// Largest memory used, MB; `None` (JSON null) when the input did not log it.
    pub max_memory_used_mb: Option<u32>,
    /// Billed GB-s of the handler.
    pub invoke_gb_s: f64,
    /// Billed GB-s INIT adds under today's rule.
    pub init_gb_s: f64,
    /// Hours covered by the timestamps, when there are any.
    pub span_hours: Option<f64>,
    /// Billed GB-s as logged (`Billed Duration`; the rule's figure for lines that log none), restores included.
    pub billed_gb_s: f64,
    /// Billed GB-s by the rule in force on each line's date, restores included.
    pub rule_gb_s: f64,
    /// The logged billed durations against the rule.
    pub billed: BilledDifferences,
    /// SnapStart restores (cold starts from a snapshot: their lines log a restore, not an INIT).
    pub snapstart_restores: u64,
    /// Billed GB-s of the restores' billed restore duration (loading the runtime and after-restore hooks, billed
    /// at the duration rate).
    pub restore_gb_s: f64,
}

impl FunctionAgg {
    /// The summary of `name`.
    pub fn summary(&self, name: &str) -> FunctionSummary {
        FunctionSummary {
            function: name.to_string(),
            invocations: self.invocations,
            cold_starts: self.cold_starts,
            cold_start_share: if self.invocations > 0 {
                self.cold_starts as f64 / self.invocations as f64
            } else {
                0.0
            },
            init_ms: self.init.summary(),
            handler_ms: self.handler.summary(),
            memory_mb: self.memory(),
            max_memory_used_mb: self.max_used_mb,
            invoke_gb_s: self.invoke_mb_ms as f64 / crate::MB_MS_PER_GB_S as f64,
            init_gb_s: self.init_mb_ms as f64 / crate::MB_MS_PER_GB_S as f64,
            span_hours: self.span_hours(),
            billed_gb_s: (self.logged_invoke_mb_ms + self.logged_init_mb_ms) as f64
                / crate::MB_MS_PER_GB_S as f64,
            rule_gb_s: (self.rule_invoke_mb_ms + self.rule_init_mb_ms) as f64
                / crate::MB_MS_PER_GB_S as f64,
            billed: self.billed,
            snapstart_restores: self.restores,
            restore_gb_s: self.restore_mb_ms as f64 / crate::MB_MS_PER_GB_S as f64,
        }
    }
}
