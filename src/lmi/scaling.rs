//! Scaling lag of Managed Instances and the throttles it causes. AWS: "If your traffic more than doubles within 5
//! minutes, you may see throttles as Lambda scales up instances and execution environments to meet demand"
//! (Developer Guide, "Scaling Lambda Managed Instances", read 2026-12-03). coldcost's rule: running capacity
//! follows the instances the demand needs, growing at most ×2 per 5 minutes (×2^(1/5) a minute) and shrinking as
//! demand falls; requests in flight beyond what the running instances serve at full load are throttled (rejected,
//! not billed). With the default 50% utilisation target, traffic that at most doubles within 5 minutes never
//! throttles; a burst that arrives at once (batched traffic, a replayed spike) does.

use super::capacity::{Minute, Sizing};

/// The month's running instances and throttles.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaled {
    /// Instances running in each hour (the most of any of its minutes).
    pub hourly_instances: Vec<u32>,
    /// Requests throttled in the month.
    pub throttles: f64,
    /// Most requests in flight at once in the month.
    pub peak_concurrency: f64,
}

/// Growth of running capacity per minute: doubling in five minutes.
fn growth_per_minute() -> f64 {
    2f64.powf(1.0 / 5.0)
}

/// Runs the month's minutes through the scaler.
pub fn scale(minutes: &[Minute], s: &Sizing) -> Scaled {
    let mut hourly = vec![0u32; minutes.len().div_ceil(60)];
    let mut running = minutes.first().map_or(f64::from(s.floor_instances), |m| {
        f64::from(s.instances_for(m.mean_concurrency))
    });
    let mut throttles = 0.0;
    let mut peak = 0.0f64;
    for (i, m) in minutes.iter().enumerate() {
        let want = f64::from(s.instances_for(m.mean_concurrency));
        running = if want > running {
            want.min(running * growth_per_minute())
        } else {
            want
        };
        let instances = running.ceil().max(f64::from(s.floor_instances));
        let full = instances * s.full_concurrency_per_instance;
        if m.peak_concurrency > full && m.peak_concurrency > 0.0 {
            throttles += m.requests * (m.peak_concurrency - full) / m.peak_concurrency;
        }
        peak = peak.max(m.peak_concurrency);
        if let Some(h) = hourly.get_mut(i / 60) {
            *h = (*h).max(instances as u32);
        }
    }
    Scaled {
        hourly_instances: hourly,
        throttles,
        peak_concurrency: peak,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizing() -> Sizing {
        // 4 environments of 1 vCPU × 64 on an instance: 256 at full load, 128 at the 50% target.
        Sizing {
            vcpus_per_env: 1,
            concurrency_per_env: 64,
            envs_per_instance: 4,
            full_concurrency_per_instance: 256.0,
            floor_instances: 3,
            target: 0.5,
        }
    }

    fn minute(c: f64) -> Minute {
        Minute {
            requests: c * 60.0,
            mean_concurrency: c,
            peak_concurrency: c,
        }
    }

    #[test]
    fn doubling_within_five_minutes_is_absorbed() {
        // 3 instances sized for 384 at the target; jump to 768 (×2): 3 instances serve 768 at full load.
        let mut m: Vec<Minute> = (0..10).map(|_| minute(384.0)).collect();
        m.extend((0..10).map(|_| minute(768.0)));
        let r = scale(&m, &sizing());
        assert_eq!(r.throttles, 0.0);
        assert_eq!(r.hourly_instances, vec![6]);
    }

    #[test]
    fn a_jump_of_four_times_throttles_until_capacity_catches_up() {
        let mut m: Vec<Minute> = (0..10).map(|_| minute(384.0)).collect();
        m.extend((0..20).map(|_| minute(1536.0)));
        let r = scale(&m, &sizing());
        // First minute after the jump: 3.45 → 4 instances = 1,024 served of 1,536: a third throttled.
        assert!(r.throttles >= 1536.0 * 60.0 / 3.0, "{}", r.throttles);
        assert!(r.throttles < 1536.0 * 60.0 * 5.0, "{}", r.throttles);
        assert_eq!(r.hourly_instances, vec![12]);
    }
}
