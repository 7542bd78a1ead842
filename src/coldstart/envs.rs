//! The environments of one simulated function: which are running and until when, which are idle. Two
//! representations answer the same questions: [`General`] (a heap of running executions and an idle pool, any size,
//! any routing) and [`super::small::Small`] (up to 64 environments in arrays and bit masks, newest-created routing,
//! no queue at all). The simulator starts small and hands over to the general one when 64 are not enough.

use super::pool::{EnvId, IdlePool};
use super::running::Running;
use super::sim_config::{KeepAlive, Lifetime};
use super::sim_stats::Stats;
use crate::rng::Rng;

/// What happens to an environment when it finishes a request.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rules {
    /// Idle expiry.
    keep_alive: KeepAlive,
    /// Shortest lifetime, s (infinite when none).
    life_min_s: f64,
    /// Longest minus shortest lifetime, s (0 for a fixed lifetime).
    life_spread_s: f64,
    /// The keep-alive when it is fixed and no lifetime applies (every idle period then lasts exactly that).
    fixed_keep_alive_s: Option<f64>,
}

/// A number in [0, 1) that depends only on `born` (SplitMix64's finaliser of its bits): an environment's lifetime
/// is drawn from its birth time, so the representations need not store it and every check of the same
/// environment sees the same draw. Environments born at the same instant (one burst) share a draw.
#[inline]
fn unit_of(born: f64) -> f64 {
    let mut z = born.to_bits().wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

impl Rules {
    /// The rules of a keep-alive and a lifetime (none: environments live until idle too long).
    pub(super) fn new(keep_alive: KeepAlive, lifetime: Option<Lifetime>) -> Rules {
        let (life_min_s, life_spread_s) = match lifetime {
            Some(l) => (l.min_s, (l.max_s - l.min_s).max(0.0)),
            None => (f64::INFINITY, 0.0),
        };
        let fixed_keep_alive_s = match keep_alive {
            KeepAlive::Fixed { s } if !life_min_s.is_finite() => Some(s),
            _ => None,
        };
        Rules {
            keep_alive,
            life_min_s,
            life_spread_s,
            fixed_keep_alive_s,
        }
    }

    /// Whether a lifetime applies.
    #[inline]
    pub(super) fn has_lifetime(&self) -> bool {
        self.life_min_s.is_finite()
    }

    /// The mean lifetime, s (infinite when none).
    #[inline]
    pub(super) fn mean_life_s(&self) -> f64 {
        self.life_min_s + self.life_spread_s / 2.0
    }

    /// The lifetime of the environment born at `born`, s.
    #[inline]
    fn life_of(&self, born: f64) -> f64 {
        if self.life_spread_s > 0.0 {
            self.life_min_s + self.life_spread_s * unit_of(born)
        } else {
            self.life_min_s
        }
    }

    /// The keep-alive when it is fixed and no lifetime applies (every idle period then lasts exactly that).
    #[inline]
    pub(super) fn fixed_keep_alive_s(&self) -> Option<f64> {
        self.fixed_keep_alive_s
    }

    /// An environment born at `born` finishes a request at `end`: `None` when its lifetime is over (it retires),
    /// else when its idle period will end. Draws the keep-alive when it is random.
    #[inline]
    pub(super) fn after(&self, born: f64, end: f64, rng: &mut Rng) -> Option<f64> {
        let life_s = self.life_of(born);
        if end - born >= life_s {
            return None;
        }
        let ka = match self.keep_alive {
            KeepAlive::Fixed { s } => s,
            KeepAlive::Uniform { min_s, max_s } => min_s + (max_s - min_s) * rng.uniform_open0(),
        };
        let expires = end + ka;
        let dies = born + life_s;
        Some(if dies < expires { dies } else { expires })
    }
}

/// One representation of the environments.
pub(super) trait Envs {
    /// Executions that ended by `t` finish in order of their end, and their environments become idle or retire;
    /// idle environments expired by `t` may be retired. The statistics advance to `t`.
    fn finish_until(&mut self, t: f64, rules: &Rules, st: &mut Stats, rng: &mut Rng);
    /// Executions running now.
    fn running(&self) -> usize;
    /// Whether a new environment fits in this representation.
    fn has_room(&self) -> bool;
    /// Takes an idle environment alive at `t`, retiring dead ones it meets.
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<EnvId>;
    /// A new environment born at `t` (only when `has_room`).
    fn create(&mut self, t: f64) -> EnvId;
    /// `env` runs a request until `end`.
    fn start(&mut self, env: EnvId, end: f64);
    /// End of the window at `end`: running environments live to it; idle ones to their expiry or to it.
    fn close(self, end: f64, st: &mut Stats);
}

/// Any number of environments, any routing: a heap of running executions and an [`IdlePool`].
pub(super) struct General<P: IdlePool> {
    pub(super) busy: Running,
    pub(super) idle: P,
}

impl<P: IdlePool> General<P> {
    /// Nothing running, and `idle` as the idle pool.
    pub(super) fn new(idle: P) -> General<P> {
        General {
            busy: Running::default(),
            idle,
        }
    }
}

impl<P: IdlePool> Envs for General<P> {
    #[inline]
    fn finish_until(&mut self, t: f64, rules: &Rules, st: &mut Stats, rng: &mut Rng) {
        let has_lifetime = rules.has_lifetime();
        while let Some(end) = self.busy.next_end() {
            if end > t {
                break;
            }
            let Some(env) = self.busy.pop() else { break };
            st.advance(end, self.busy.len() + 1);
            let born = if has_lifetime {
                self.idle.born(env)
            } else {
                0.0
            };
            match rules.after(born, end, rng) {
                Some(expires) => self.idle.make_idle(env, end, expires),
                None => self.idle.retire(env, end, st),
            }
        }
        st.advance(t, self.busy.len());
        self.idle.expire(t, st);
    }

    #[inline]
    fn running(&self) -> usize {
        self.busy.len()
    }

    #[inline]
    fn has_room(&self) -> bool {
        true
    }

    #[inline]
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<EnvId> {
        self.idle.take(t, st)
    }

    #[inline]
    fn create(&mut self, t: f64) -> EnvId {
        self.idle.create(t)
    }

    #[inline]
    fn start(&mut self, env: EnvId, end: f64) {
        self.busy.push(end, env);
    }

    fn close(self, end: f64, st: &mut Stats) {
        let idle = self.idle;
        let running: Vec<(f64, f64)> = self
            .busy
            .drain()
            .map(|(e, env)| (e, idle.born(env)))
            .collect();
        close_running(running, end, st);
        idle.close(end, st);
    }
}

/// The running executions at the end of the window, as (end, born): concurrency falls as they end, and their
/// environments count as alive to the end.
pub(super) fn close_running(mut running: Vec<(f64, f64)>, end: f64, st: &mut Stats) {
    running.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut n = running.len();
    for (e, born) in &running {
        st.advance(e.min(end), n);
        n -= 1;
        st.env_seconds += st.overlap(*born, end);
    }
    st.advance(end, n);
}
