//! The idle environments of the simulated pool, under two routing rules. Both retire an environment when its idle
//! period passes its expiry, and report each retirement (birth, death) to the statistics.

use super::sim_stats::Stats;

/// An environment's handle, given by the pool when the environment starts (a cold start).
pub(super) type EnvId = u64;

/// The idle set of the simulator.
pub(super) trait IdlePool {
    /// A new environment, born (and busy) at `t`.
    fn create(&mut self, t: f64) -> EnvId;
    /// When `env` was born, s.
    fn born(&self, env: EnvId) -> f64;
    /// `env` became idle at `since` and will expire at `expires`.
    fn make_idle(&mut self, env: EnvId, since: f64, expires: f64);
    /// `env` retires at `at` as it finishes a request (its lifetime is over).
    fn retire(&mut self, env: EnvId, at: f64, st: &mut Stats);
    /// Retires the idle environments whose expiry is at or before `t` (those the structure can see cheaply; the
    /// rest are retired when met).
    fn expire(&mut self, t: f64, st: &mut Stats);
    /// Takes an idle environment alive at `t` for a request.
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<EnvId>;
    /// End of the simulation at `end`: retire what expired, count the idle rest alive to the end.
    fn close(self, end: f64, st: &mut Stats);
}

/// A stack of idle environments in the order they became idle: a request takes the top, expiry takes the bottom.
/// A `Vec` with a moving bottom (`head`), cheaper than a `VecDeque` in the hot loop; compacted now and then.
#[derive(Default)]
pub(super) struct MostRecentlyIdle {
    idle: Vec<(f64, f64)>,
    head: usize,
}

impl MostRecentlyIdle {
    #[cold]
    fn expire_slow(&mut self, t: f64, st: &mut Stats) {
        while self.head < self.idle.len() {
            let (expires, born) = self.idle[self.head];
            if expires > t {
                break;
            }
            st.death(born, expires);
            self.head += 1;
        }
        if self.head == self.idle.len() {
            self.idle.clear();
            self.head = 0;
        } else if self.head > 4096 && self.head * 2 > self.idle.len() {
            self.idle.drain(..self.head);
            self.head = 0;
        }
    }
}

impl IdlePool for MostRecentlyIdle {
    #[inline]
    fn create(&mut self, t: f64) -> EnvId {
        t.to_bits()
    }

    #[inline]
    fn born(&self, env: EnvId) -> f64 {
        f64::from_bits(env)
    }

    #[inline]
    fn make_idle(&mut self, env: EnvId, _since: f64, expires: f64) {
        self.idle.push((expires, f64::from_bits(env)));
    }

    fn retire(&mut self, env: EnvId, at: f64, st: &mut Stats) {
        st.death(f64::from_bits(env), at);
    }

    #[inline]
    fn expire(&mut self, t: f64, st: &mut Stats) {
        // The common case: the oldest idle environment is still alive.
        match self.idle.get(self.head) {
            Some(&(expires, _)) if expires <= t => self.expire_slow(t, st),
            _ => {}
        }
    }

    #[inline]
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<EnvId> {
        // With a random keep-alive or a lifetime, an entry above the bottom may have expired already.
        while self.idle.len() > self.head {
            let (expires, born) = self.idle.pop().unwrap_or((0.0, 0.0));
            if expires > t {
                return Some(born.to_bits());
            }
            st.death(born, expires);
        }
        None
    }

    fn close(self, end: f64, st: &mut Stats) {
        for &(expires, born) in &self.idle[self.head..] {
            st.idle_at_end(born, expires, end);
        }
    }
}

/// One environment of [`NewestCreated`]; slots are reused after a death.
#[derive(Clone, Copy)]
struct Env {
    born: f64,
    /// When the current idle period ends (meaningful while idle).
    expires: f64,
    /// Rank of creation among the live environments (the position of its bit in the idle set).
    pos: u32,
}

/// No environment at this position.
const VACANT: u32 = u32::MAX;

/// SimFaaS's rule: a request takes the idle environment created last. Live environments get positions in order of
/// creation, and the idle ones are a two-level bit set over the positions, so the newest idle environment is two
/// leading-zero counts away. Expiry is lazy: an idle environment whose expiry has passed is dead, and is retired
/// (its death dated at its expiry) when a request meets it or at the end. Positions of the
/// dead are reclaimed by renumbering the live ones when the positions run out.
pub(super) struct NewestCreated {
    envs: Vec<Env>,
    free: Vec<u32>,
    /// Bit `p % 64` of `words[p / 64]`: the environment at position p is idle.
    words: Vec<u64>,
    /// Bit `w % 64` of `summary[w / 64]`: `words[w]` is not zero.
    summary: Vec<u64>,
    /// The slot of the environment at each position, or `VACANT`.
    at_pos: Vec<u32>,
    /// Positions handed out so far (since the last renumbering).
    next_pos: usize,
    live: usize,
}

impl NewestCreated {
    /// An empty pool.
    pub(super) fn new() -> NewestCreated {
        let positions = 4096;
        NewestCreated {
            envs: Vec::new(),
            free: Vec::new(),
            words: vec![0; positions / 64],
            summary: vec![0; positions / 4096],
            at_pos: vec![VACANT; positions],
            next_pos: 0,
            live: 0,
        }
    }

    #[inline]
    fn set(&mut self, pos: usize) {
        let w = pos / 64;
        self.words[w] |= 1 << (pos % 64);
        self.summary[w / 64] |= 1 << (w % 64);
    }

    #[inline]
    fn clear(&mut self, pos: usize) {
        let w = pos / 64;
        self.words[w] &= !(1 << (pos % 64));
        if self.words[w] == 0 {
            self.summary[w / 64] &= !(1 << (w % 64));
        }
    }

    #[inline]
    fn is_set(&self, pos: usize) -> bool {
        self.words[pos / 64] & (1 << (pos % 64)) != 0
    }

    /// The highest idle position.
    #[inline]
    fn highest(&self) -> Option<usize> {
        let top = self.next_pos.saturating_sub(1) / 4096;
        for si in (0..=top.min(self.summary.len().saturating_sub(1))).rev() {
            let s = self.summary[si];
            if s != 0 {
                let w = si * 64 + 63 - s.leading_zeros() as usize;
                return Some(w * 64 + 63 - self.words[w].leading_zeros() as usize);
            }
        }
        None
    }

    /// A death: the slot and its position are free.
    #[inline]
    fn release(&mut self, slot: u32) {
        let pos = self.envs[slot as usize].pos as usize;
        self.at_pos[pos] = VACANT;
        self.free.push(slot);
        self.live -= 1;
    }

    /// Positions ran out: renumber the live environments 0, 1, … in order (when at most half the positions are
    /// live), or double the positions. (Environments are created only when no idle one is left alive, and `take`
    /// has retired the dead ones by then, so the idle set is empty here; the renumbering keeps idle bits anyway.)
    #[cold]
    fn make_room(&mut self) {
        let positions = self.at_pos.len();
        if self.live * 2 > positions {
            let n = positions * 2;
            self.at_pos.resize(n, VACANT);
            self.words.resize(n / 64, 0);
            self.summary.resize(n / 4096, 0);
            return;
        }
        let mut next = 0;
        for old in 0..self.next_pos {
            let slot = self.at_pos[old];
            if slot == VACANT {
                continue;
            }
            let idle = self.is_set(old);
            self.clear(old);
            self.at_pos[old] = VACANT;
            self.at_pos[next] = slot;
            self.envs[slot as usize].pos = next as u32;
            if idle {
                self.set(next);
            }
            next += 1;
        }
        self.next_pos = next;
    }
}

impl IdlePool for NewestCreated {
    #[inline]
    fn create(&mut self, t: f64) -> EnvId {
        if self.next_pos == self.at_pos.len() {
            self.make_room();
        }
        let pos = self.next_pos;
        self.next_pos += 1;
        let env = Env {
            born: t,
            expires: t,
            pos: pos as u32,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.envs[slot as usize] = env;
                slot
            }
            None => {
                self.envs.push(env);
                (self.envs.len() - 1) as u32
            }
        };
        self.at_pos[pos] = slot;
        self.live += 1;
        EnvId::from(slot)
    }

    #[inline]
    fn born(&self, env: EnvId) -> f64 {
        self.envs[env as usize].born
    }

    #[inline]
    fn make_idle(&mut self, env: EnvId, _since: f64, expires: f64) {
        let e = &mut self.envs[env as usize];
        e.expires = expires;
        let pos = e.pos as usize;
        self.set(pos);
    }

    fn retire(&mut self, env: EnvId, at: f64, st: &mut Stats) {
        st.death(self.envs[env as usize].born, at);
        self.release(env as u32);
    }

    #[inline]
    fn expire(&mut self, _t: f64, _st: &mut Stats) {}

    #[inline]
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<EnvId> {
        while let Some(pos) = self.highest() {
            self.clear(pos);
            let slot = self.at_pos[pos];
            let e = self.envs[slot as usize];
            if e.expires > t {
                return Some(EnvId::from(slot));
            }
            st.death(e.born, e.expires);
            self.release(slot);
        }
        None
    }

    fn close(self, end: f64, st: &mut Stats) {
        for pos in 0..self.next_pos {
            let slot = self.at_pos[pos];
            if slot == VACANT || !self.is_set(pos) {
                continue;
            }
            let e = self.envs[slot as usize];
            st.idle_at_end(e.born, e.expires, end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coldstart::sim::Window;
    use crate::rng::Rng;
    use std::collections::HashMap;

    /// One environment of the reference model.
    struct Naive {
        born: f64,
        busy: bool,
        expires: f64,
        dead: bool,
    }

    /// The bit-set pool against a plain list scanned in full: the same environment for every request, the same
    /// deaths, through thousands of environments (so positions are renumbered and grown many times).
    #[test]
    fn newest_created_matches_a_plain_scan() {
        let window = Window {
            warmup_s: 0.0,
            end_s: 1e12,
            hour_offset_s: 0.0,
        };
        let mut st = Stats::new(&window);
        let mut pool = NewestCreated::new();
        let mut rng = Rng::new(11);
        let mut naive: Vec<Naive> = Vec::new();
        // Pool handle → index in `naive` (handles are reused after deaths).
        let mut of: HashMap<EnvId, usize> = HashMap::new();
        let mut busy: Vec<EnvId> = Vec::new();
        let (mut deaths, mut lifespans) = (0u64, 0.0);
        let mut t = 0.0;
        for step in 0..200_000u32 {
            t += rng.exp1() * 0.01;
            // The number of busy environments wanders between 0 and about 6,000.
            let target = 3000.0 * (1.0 + (f64::from(step) / 9000.0).sin());
            if (busy.len() as f64) < target || rng.uniform_open0() < 0.3 {
                // A request: the pool's choice against the newest-created live idle environment.
                let want = naive
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, e)| !e.dead && !e.busy && e.expires > t)
                    .map(|(i, _)| i);
                let got = pool.take(t, &mut st);
                match (got, want) {
                    (Some(env), Some(i)) => {
                        assert_eq!(of[&env], i, "step {step}");
                        naive[i].busy = true;
                        busy.push(env);
                    }
                    (None, None) => {
                        let env = pool.create(t);
                        of.insert(env, naive.len());
                        naive.push(Naive {
                            born: t,
                            busy: true,
                            expires: t,
                            dead: false,
                        });
                        busy.push(env);
                    }
                    (got, want) => panic!("step {step}: pool {got:?}, reference {want:?}"),
                }
            } else if !busy.is_empty() {
                let k = (rng.next_u64() % busy.len() as u64) as usize;
                let env = busy.swap_remove(k);
                let e = &mut naive[of[&env]];
                e.busy = false;
                if rng.uniform_open0() < 0.01 {
                    // Retired at the end of its lifetime.
                    e.dead = true;
                    deaths += 1;
                    lifespans += t - e.born;
                    pool.retire(env, t, &mut st);
                } else {
                    e.expires = t + 0.5 + 20.0 * rng.uniform_open0();
                    pool.make_idle(env, t, e.expires);
                }
            }
            // Idle environments past their expiry are dead in the reference (the pool finds out lazily).
            if step % 97 == 0 {
                for e in naive
                    .iter_mut()
                    .filter(|e| !e.dead && !e.busy && e.expires <= t)
                {
                    e.dead = true;
                    deaths += 1;
                    lifespans += e.expires - e.born;
                }
            }
        }
        let end = t + 1.0;
        for e in naive
            .iter_mut()
            .filter(|e| !e.dead && !e.busy && e.expires < end)
        {
            e.dead = true;
            deaths += 1;
            lifespans += e.expires - e.born;
        }
        pool.close(end, &mut st);
        assert!(naive.len() > 8000, "{} environments", naive.len());
        assert_eq!(st.deaths, deaths);
        assert!(
            (st.lifespans - lifespans).abs() <= 1e-9 * lifespans,
            "{} vs {lifespans}",
            st.lifespans
        );
    }
}
