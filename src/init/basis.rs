//! Which clock a measured import figure rests on: wall time or CPU time.
//!
//! Every run reports both over the same import. Wall time is what INIT bills on Lambda, but on a busy machine it
//! also counts the time the process waited for a CPU, which moves from run to run (a 200 ms import read 80–183 ms
//! under load). CPU time (user + system, all threads) does not count that wait. The synthetic reference package,
//! run beside every run, only computes, so its wall ÷ CPU tells how busy the machine was:
//!
//! - above [`BUSY_WALL_PER_CPU`] (it waited over 10 % of its time for a CPU): the figure rests on **CPU time**,
//!   the median run-for-run ratio of the import's CPU time to the reference's;
//! - otherwise: on **wall time** (the ratio of wall times, as the catalogues were measured), which also counts what
//!   the import itself waits for — files, the network, a sleep — as INIT does;
//! - without CPU times (a script that does not report them): wall time.

use super::reference::Referenced;
use serde::Serialize;

/// The reference's wall ÷ CPU time above which the machine counts as busy.
pub const BUSY_WALL_PER_CPU: f64 = 1.10;

/// The import's wall ÷ CPU time, as a multiple of the reference's, above which the import itself is said to wait.
const WAITS_ITSELF: f64 = 1.25;

/// A clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Clock {
    /// Elapsed time.
    Wall,
    /// CPU time (user + system) of the process.
    Cpu,
}

impl Clock {
    /// `wall` or `CPU`, for people.
    pub fn label(self) -> &'static str {
        match self {
            Clock::Wall => "wall",
            Clock::Cpu => "CPU",
        }
    }
}

/// The clock a figure rests on, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Basis {
    /// The clock.
    pub clock: Clock,
    /// Why, in a sentence with the figures that decided it.
    pub reason: String,
}

impl Referenced {
    /// The run-for-run ratio of the import to the reference on `clock` (`None`: no CPU times).
    pub fn ratio_on(&self, clock: Clock) -> Option<f64> {
        match clock {
            Clock::Wall => Some(self.ratio),
            Clock::Cpu => self.cpu_ratio,
        }
    }

    /// The clock this measurement's figure rests on (see the module's doc for the rule).
    pub fn basis(&self) -> Basis {
        let (Some(_), Some(busy)) = (self.cpu_ratio, self.reference_wall_per_cpu) else {
            return Basis {
                clock: Clock::Wall,
                reason: "wall time: the runs reported no CPU time".into(),
            };
        };
        if busy > BUSY_WALL_PER_CPU {
            return Basis {
                clock: Clock::Cpu,
                reason: format!(
                    "CPU time: the machine was busy — the reference, which only computes, took {busy:.2}× its CPU \
                     time in wall time (above {BUSY_WALL_PER_CPU:.2}×), so wall time counted waiting for a CPU, \
                     which CPU time does not"
                ),
            };
        }
        let mut reason = format!(
            "wall time: the machine was quiet — the reference took {busy:.2}× its CPU time in wall time (at most \
             {BUSY_WALL_PER_CPU:.2}×); wall time, like INIT on Lambda, also counts what the import waits for"
        );
        if let Some(own) = self
            .wall_per_cpu
            .filter(|w| *w > busy.max(1.0) * WAITS_ITSELF)
        {
            reason.push_str(&format!(
                "; this import did wait ({own:.2}× its CPU time): files, the network or a sleep at import"
            ));
        }
        Basis {
            clock: Clock::Wall,
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::{Measurement, Spread};

    fn referenced(reference_wall_per_cpu: Option<f64>, wall_per_cpu: Option<f64>) -> Referenced {
        let none = Spread::of(Vec::new());
        Referenced {
            measurement: Measurement {
                module: "app".into(),
                interpreter: "python 3.12.1".into(),
                runs: 0,
                total: none,
                cpu: none,
                dependencies: Vec::new(),
                totals_ms: Vec::new(),
                wall_ms: Vec::new(),
                cpu_ms: Vec::new(),
            },
            reference: none,
            ratio: 1.2,
            cpu_reference: none,
            cpu_ratio: reference_wall_per_cpu.map(|_| 0.9),
            wall_per_cpu,
            reference_wall_per_cpu,
        }
    }

    #[test]
    fn a_busy_machine_puts_the_figure_on_cpu_time() {
        let r = referenced(Some(1.6), Some(1.5));
        let b = r.basis();
        assert_eq!(b.clock, Clock::Cpu);
        assert!(b.reason.contains("1.60×"), "{}", b.reason);
        assert_eq!(r.ratio_on(b.clock), Some(0.9));
    }

    #[test]
    fn a_quiet_machine_keeps_wall_time_and_says_when_the_import_waits() {
        let b = referenced(Some(1.02), Some(1.04)).basis();
        assert_eq!(b.clock, Clock::Wall);
        assert!(!b.reason.contains("did wait"), "{}", b.reason);
        let b = referenced(Some(1.02), Some(3.0)).basis();
        assert_eq!(b.clock, Clock::Wall);
        assert!(b.reason.contains("did wait (3.00×"), "{}", b.reason);
    }

    #[test]
    fn without_cpu_times_the_figure_is_wall_time() {
        let r = referenced(None, None);
        assert_eq!(r.basis().clock, Clock::Wall);
        assert_eq!(r.ratio_on(Clock::Cpu), None);
        assert_eq!(r.ratio_on(Clock::Wall), Some(1.2));
    }
}
