//! The logged bill against the rule, one invocation at a time. A line that logs `Billed Duration` is billed from it
//! (AWS's own figure); the rule's figure is kept beside it, and where they differ the line is classified.
//!
//! The rule: ceil(Duration) for a warm line; for a cold line ceil(Duration + Init Duration) from 2025-08-01 (ZIP
//! functions on managed runtimes; an undated line is taken as today's) and ceil(Duration) before; a SnapStart line
//! adds its `Billed Restore Duration`. Whether a function is a ZIP on a managed runtime is not in its logs: the rule
//! assumes it is.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::record::Invocation;
use crate::billing::billed_ms;
use serde::Serialize;

/// 2025-08-01T00:00:00Z, epoch seconds: INIT is billed for ZIP functions on managed runtimes from then on.
pub const INIT_BILLED_FROM_EPOCH_S: f64 = 1_754_006_400.0;

/// How a line's logged billed duration relates to the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The log and the rule agree (and no restore is involved).
    Agree,
    /// A SnapStart line billing ceil(Duration) + Billed Restore Duration (inside Billed Duration or beside it): the
    /// SnapStart rule, not ceil(Duration).
    SnapStartRestore,
    /// A cold line dated 2025-08-01 or later whose billed duration leaves INIT out.
    InitLeftOutAfterChange,
    /// A cold line without a date whose billed duration leaves INIT out.
    InitLeftOutUndated,
    /// A cold line dated before 2025-08-01 whose billed duration includes INIT (a custom runtime or a container).
    InitBilledBeforeChange,
    /// A line with an integral Duration (`X.00 ms`) billed X + 1 ms.
    PlusOneMs,
    /// None of the above.
    Unexplained,
}

/// One line's billed milliseconds, by the rule and as logged (the rule's figure where nothing is logged).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineBill {
    /// Billed ms by the rule in force on the line's date, restore included.
    pub rule_ms: u64,
    /// Of which INIT.
    pub rule_init_ms: u64,
    /// Billed ms as logged (the rule's when the line logs none).
    pub logged_ms: u64,
    /// Of which INIT: what the logged figure bills beyond the handler and the restore.
    pub logged_init_ms: u64,
    /// The comparison, when the line logs a billed duration.
    pub class: Option<Class>,
}

/// The rule and the log for `i`.
pub fn line_bill(i: &Invocation) -> LineBill {
    let warm = billed_ms(i.duration_ms);
    let restore = i.billed_restore_ms.unwrap_or(0);
    let cold = i.init_ms.map(|init| billed_ms(i.duration_ms + init));
    let after_change = i.timestamp.map(|t| t >= INIT_BILLED_FROM_EPOCH_S);
    let init_by_rule = match cold {
        Some(c) if after_change != Some(false) => c.saturating_sub(warm),
        _ => 0,
    };
    let rule_ms = warm + init_by_rule + restore;
    let Some(b) = i.billed_ms else {
        return LineBill {
            rule_ms,
            rule_init_ms: init_by_rule,
            logged_ms: rule_ms,
            logged_init_ms: init_by_rule,
            class: None,
        };
    };
    // A SnapStart line logs its billed restore either inside Billed Duration (real `sam logs`, 2023: 610 = 307 +
    // 303) or beside it (AWS's SnapStart monitoring page: Billed Duration 3 ms, Billed Restore Duration 382 ms):
    // either way both are billed.
    let b = if restore > 0 && b == warm {
        b + restore
    } else {
        b
    };
    let class = if b == rule_ms {
        if restore > 0 {
            Class::SnapStartRestore
        } else {
            Class::Agree
        }
    } else if cold.is_some() && b == warm + restore {
        match after_change {
            Some(_) => Class::InitLeftOutAfterChange,
            None => Class::InitLeftOutUndated,
        }
    } else if after_change == Some(false) && cold.is_some_and(|c| b == c + restore) {
        Class::InitBilledBeforeChange
    } else if i.duration_ms.fract() == 0.0 && b == rule_ms + 1 {
        Class::PlusOneMs
    } else {
        Class::Unexplained
    };
    LineBill {
        rule_ms,
        rule_init_ms: init_by_rule,
        logged_ms: b,
        logged_init_ms: if cold.is_some() {
            b.saturating_sub(warm + restore)
        } else {
            0
        },
        class: Some(class),
    }
}

/// Lines with a logged billed duration, by how it relates to the rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BilledDifferences {
    /// Lines that log `Billed Duration` (the rest are billed by the rule).
    pub logged: u64,
    /// Of those, lines where log and rule agree.
    pub agree: u64,
    /// SnapStart lines billing ceil(Duration) + Billed Restore Duration (they agree with the SnapStart rule).
    pub snapstart_restore: u64,
    /// Cold lines dated 2025-08-01 or later whose billed duration leaves INIT out.
    pub init_left_out_after_change: u64,
    /// Cold lines without a date whose billed duration leaves INIT out (the rule took them as today's).
    pub init_left_out_undated: u64,
    /// Cold lines before 2025-08-01 billed with their INIT (custom runtime or container image).
    pub init_billed_before_change: u64,
    /// Lines with an integral Duration `X.00 ms` billed X + 1.
    pub plus_one_ms: u64,
    /// Lines that fit none of the above.
    pub unexplained: u64,
}

impl BilledDifferences {
    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &BilledDifferences) {
        self.logged += other.logged;
        self.agree += other.agree;
        self.snapstart_restore += other.snapstart_restore;
        self.init_left_out_after_change += other.init_left_out_after_change;
        self.init_left_out_undated += other.init_left_out_undated;
        self.init_billed_before_change += other.init_billed_before_change;
        self.plus_one_ms += other.plus_one_ms;
        self.unexplained += other.unexplained;
    }
    /// Counts one line's class.
    #[inline]
    pub fn count(&mut self, class: Option<Class>) {
        let Some(class) = class else { return };
        self.logged += 1;
        let c = match class {
            Class::Agree => &mut self.agree,
            Class::SnapStartRestore => &mut self.snapstart_restore,
            Class::InitLeftOutAfterChange => &mut self.init_left_out_after_change,
            Class::InitLeftOutUndated => &mut self.init_left_out_undated,
            Class::InitBilledBeforeChange => &mut self.init_billed_before_change,
            Class::PlusOneMs => &mut self.plus_one_ms,
            Class::Unexplained => &mut self.unexplained,
        };
        *c += 1;
    }

    /// Lines whose logged bill differs from the rule's figure.
    pub fn differing(&self) -> u64 {
        self.init_left_out_after_change
            + self.init_left_out_undated
            + self.init_billed_before_change
            + self.plus_one_ms
            + self.unexplained
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(d: f64, b: u64, init: Option<f64>, ts: Option<f64>) -> Invocation {
        Invocation {
            duration_ms: d,
            billed_ms: Some(b),
            memory_mb: 128,
            init_ms: init,
            timestamp: ts,
            ..Invocation::default()
        }
    }

    #[test]
    fn each_kind_of_line_is_classified() {
        let after = Some(INIT_BILLED_FROM_EPOCH_S + 86_400.0);
        let before = Some(INIT_BILLED_FROM_EPOCH_S - 86_400.0);
        // The reference line: 250.06 + 100.77 billed 351 after the change.
        let l = line_bill(&inv(250.06, 351, Some(100.77), after));
        assert_eq!(
            (l.rule_ms, l.rule_init_ms, l.class),
            (351, 100, Some(Class::Agree))
        );
        // zainzia 2025-08-22: 2455 ms billed 2455 with INIT 1019.38 — INIT left out after the change.
        let l = line_bill(&inv(2455.0, 2455, Some(1019.38), after));
        assert_eq!((l.logged_ms, l.rule_ms, l.logged_init_ms), (2455, 3475, 0));
        assert_eq!(l.class, Some(Class::InitLeftOutAfterChange));
        assert_eq!(
            line_bill(&inv(2455.0, 2455, Some(1019.38), None)).class,
            Some(Class::InitLeftOutUndated)
        );
        // Before the change INIT is free: billed without it agrees; billed with it is a custom runtime.
        assert_eq!(
            line_bill(&inv(360.27, 361, Some(219.37), before)).class,
            Some(Class::Agree)
        );
        assert_eq!(
            line_bill(&inv(360.27, 580, Some(219.37), before)).class,
            Some(Class::InitBilledBeforeChange)
        );
        // Live Tail: "5.00 ms" billed 6.
        let l = line_bill(&inv(5.0, 6, None, before));
        assert_eq!(
            (l.rule_ms, l.logged_ms, l.class),
            (5, 6, Some(Class::PlusOneMs))
        );
        assert_eq!(
            line_bill(&inv(5.01, 7, None, before)).class,
            Some(Class::Unexplained)
        );
        // SnapStart (chime): 306.34 ms, restore billed 303, billed 610 = 307 + 303.
        let mut s = inv(306.34, 610, None, None);
        s.billed_restore_ms = Some(303);
        s.restore_ms = Some(511.25);
        let l = line_bill(&s);
        assert_eq!(
            (l.rule_ms, l.logged_ms, l.class),
            (610, 610, Some(Class::SnapStartRestore))
        );
        // AWS's SnapStart page: Billed Duration 3 ms beside Billed Restore Duration 382 ms — both billed.
        let mut p = inv(2.24, 3, None, None);
        p.billed_restore_ms = Some(382);
        let l = line_bill(&p);
        assert_eq!(
            (l.rule_ms, l.logged_ms, l.class),
            (385, 385, Some(Class::SnapStartRestore))
        );
        // No billed duration logged: the rule, not a class.
        let mut n = inv(250.06, 0, Some(100.77), None);
        n.billed_ms = None;
        let l = line_bill(&n);
        assert_eq!((l.logged_ms, l.logged_init_ms, l.class), (351, 100, None));
        let mut d = BilledDifferences::default();
        for c in [
            Some(Class::Agree),
            Some(Class::PlusOneMs),
            None,
            Some(Class::SnapStartRestore),
        ] {
            d.count(c);
        }
        assert_eq!(
            (d.logged, d.agree, d.plus_one_ms, d.differing()),
            (3, 1, 1, 1)
        );
    }
}
