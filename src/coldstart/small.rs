//! Up to 64 environments without a queue: per-environment end, expiry and birth times in arrays indexed by
//! creation rank, and bit masks for live and running ones. A request compares the arrays with the time (a few
//! instructions an environment, no branches that depend on the data) and takes the highest idle rank — the newest
//! environment created, as SimFaaS routes. With up to tens of environments alive this is faster than the priority
//! queue of [`General`], whose comparisons a processor cannot predict; the simulator hands over to it past 64.

use super::envs::{close_running, Envs, General, Rules};
use super::pool::{EnvId, IdlePool, NewestCreated};
use super::sim_stats::Stats;
use crate::rng::Rng;

/// Environments this representation holds.
const CAP: usize = 64;

/// Slots of the per-rank arrays: one more than the ranks, for the sentinel at `CAP` (the rank of "none":
/// `trailing_zeros` of an empty mask is 64).
const SLOTS: usize = CAP + 1;

/// Environments by creation rank (newest-created routing only).
pub(super) struct Small {
    /// While running: when the request ends, s. Slot `CAP` is a sentinel that [`Small::finish_few`] sets.
    until: [f64; SLOTS],
    /// While idle: when the idle period ends, s.
    expires: [f64; SLOTS],
    /// Birth, s.
    born: [f64; CAP],
    /// Ranks in use: bit r is set when rank r holds a live environment.
    live: u64,
    /// Ranks running a request.
    busy: u64,
    /// How many are running (the number of bits in `busy`).
    running: usize,
    /// Ranks handed out since the last renumbering.
    ranks: usize,
    /// At or before the earliest expiry among the idle (it may lag behind when that environment is taken again):
    /// none has expired before it.
    next_expiry: f64,
}

impl Small {
    /// No environments.
    pub(super) fn new() -> Small {
        Small {
            until: [0.0; SLOTS],
            expires: [0.0; SLOTS],
            born: [0.0; CAP],
            live: 0,
            busy: 0,
            running: 0,
            ranks: 0,
            next_expiry: f64::INFINITY,
        }
    }

    /// Renumbers the live environments 0, 1, … in order, closing the gaps the dead left.
    #[cold]
    fn compact(&mut self) {
        let (mut live, mut busy) = (0u64, 0u64);
        let mut next = 0;
        for r in 0..self.ranks {
            if self.live >> r & 1 == 0 {
                continue;
            }
            self.until[next] = self.until[r];
            self.expires[next] = self.expires[r];
            self.born[next] = self.born[r];
            live |= 1 << next;
            busy |= (self.busy >> r & 1) << next;
            next += 1;
        }
        self.live = live;
        self.busy = busy;
        self.ranks = next;
    }

    /// Up to three executions (ranks `done`) ended by `t`; each environment is idle for `ka` s. The statistics
    /// advance to `t`. Without branches on the data: an absent end's rank is 64 (`trailing_zeros` of an empty mask),
    /// the sentinel slot, which holds the last time the statistics reached and takes the absent writes.
    #[inline(always)]
    fn finish_few(&mut self, done: u64, t: f64, ka: f64, st: &mut Stats) {
        let d2 = done & done.wrapping_sub(1);
        let d3 = d2 & d2.wrapping_sub(1);
        let (r1, r2, r3) = (
            (done.trailing_zeros() as usize).min(CAP),
            (d2.trailing_zeros() as usize).min(CAP),
            (d3.trailing_zeros() as usize).min(CAP),
        );
        self.until[CAP] = st.last_t();
        let (a, b, c) = (self.until[r1], self.until[r2], self.until[r3]);
        // A sorting network of three (min/max, no branches).
        let (lo, hi) = if b < a { (b, a) } else { (a, b) };
        let (mid, top) = if c < hi { (c, hi) } else { (hi, c) };
        let (first, second) = if mid < lo { (mid, lo) } else { (lo, mid) };
        // Absent ends stand at the last time and sort first: time at the levels above is zero.
        let n = usize::from(done != 0) + usize::from(d2 != 0) + usize::from(d3 != 0);
        st.advance_steps([first, second, top, t], self.running + 3 - n);
        self.running -= n;
        self.busy &= !done;
        self.expires[r3] = c + ka;
        self.expires[r2] = b + ka;
        self.expires[r1] = a + ka;
        // The earliest new expiry bounds the idle ones' from below: the first present end is at 3 − n in order.
        let sorted = [first, second, top, f64::INFINITY];
        let soonest = sorted[if n == 0 { 3 } else { 3 - n }] + ka;
        if soonest < self.next_expiry {
            self.next_expiry = soonest;
        }
    }

    /// Executions at ranks `done` ended: in order of their end, each environment becomes idle or retires.
    #[cold]
    fn finish_in_order(&mut self, done: u64, rules: &Rules, st: &mut Stats, rng: &mut Rng) {
        self.busy &= !done;
        let mut order = [0u8; CAP];
        let mut n = 0;
        let mut rest = done;
        while rest != 0 {
            let r = rest.trailing_zeros() as u8;
            rest &= rest - 1;
            let end = self.until[r as usize];
            let mut j = n;
            while j > 0 && self.until[order[j - 1] as usize] > end {
                order[j] = order[j - 1];
                j -= 1;
            }
            order[j] = r;
            n += 1;
        }
        let mut retired = false;
        for &r in &order[..n] {
            let r = r as usize;
            let end = self.until[r];
            st.advance(end, self.running);
            self.running -= 1;
            match rules.after(self.born[r], end, rng) {
                Some(expires) => {
                    self.expires[r] = expires;
                    self.next_expiry = self.next_expiry.min(expires);
                }
                None => {
                    st.death(self.born[r], end);
                    self.live &= !(1 << r);
                    retired = true;
                }
            }
        }
        if retired {
            self.compact();
        }
    }

    /// The same environments in the general representation, in the same order of creation.
    pub(super) fn into_general(self) -> General<NewestCreated> {
        let mut g = General::new(NewestCreated::new());
        for r in 0..self.ranks {
            if self.live >> r & 1 == 0 {
                continue;
            }
            let env = g.idle.create(self.born[r]);
            if self.busy >> r & 1 == 1 {
                g.busy.push(self.until[r], env);
            } else {
                g.idle.make_idle(env, self.born[r], self.expires[r]);
            }
        }
        g
    }

    /// Ranks (among the first `ranks`) whose `times` entry is at or before `t`, and the earliest entry after `t`
    /// among the ranks of `among`.
    /// Ranks (among the first `ranks`) whose `times` entry is at or before `t`.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn at_or_before(times: &[f64; SLOTS], ranks: usize, t: f64) -> u64 {
        use std::arch::x86_64::{_mm_cmple_pd, _mm_loadu_pd, _mm_movemask_pd, _mm_set1_pd};
        // SAFETY: SSE2 is part of every x86_64 processor; each load reads times[2p] and times[2p + 1] with
        // 2p + 1 < CAP.
        let pair = |p: usize| unsafe {
            let x = _mm_loadu_pd(times.as_ptr().add(2 * p));
            (_mm_movemask_pd(_mm_cmple_pd(x, _mm_set1_pd(t))) as u64) << (2 * p)
        };
        // The first 8 or 16 ranks unrolled (the usual case; stale ranks are masked off below).
        let mut mask = pair(0) | pair(1) | pair(2) | pair(3);
        if ranks > 8 {
            mask |= pair(4) | pair(5) | pair(6) | pair(7);
            for p in 8..ranks.div_ceil(2).min(CAP / 2) {
                mask |= pair(p);
            }
        }
        // A rank past `ranks` holds a stale time.
        if ranks >= CAP {
            mask
        } else {
            mask & ((1u64 << ranks) - 1)
        }
    }

    /// Ranks (among the first `ranks`) whose `times` entry is at or before `t`.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    fn at_or_before(times: &[f64; SLOTS], ranks: usize, t: f64) -> u64 {
        Small::at_or_before_scalar(times, ranks, t)
    }

    /// [`Small::at_or_before`] one rank at a time.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    #[inline(always)]
    fn at_or_before_scalar(times: &[f64; SLOTS], ranks: usize, t: f64) -> u64 {
        let mut mask = 0u64;
        for (r, &x) in times.iter().enumerate().take(ranks) {
            mask |= u64::from(x <= t) << r;
        }
        mask
    }

    /// The earliest of `times` at the ranks of `among` (infinite for none).
    fn earliest(times: &[f64; SLOTS], among: u64) -> f64 {
        let mut next = f64::INFINITY;
        let mut rest = among;
        while rest != 0 {
            let r = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            next = next.min(times[r]);
        }
        next
    }
}

impl Envs for Small {
    #[inline]
    fn finish_until(&mut self, t: f64, rules: &Rules, st: &mut Stats, rng: &mut Rng) {
        let done = Small::at_or_before(&self.until, self.ranks, t) & self.busy;
        let d2 = done & done.wrapping_sub(1);
        let d3 = d2 & d2.wrapping_sub(1);
        match rules.fixed_keep_alive_s() {
            // The common case (a fixed keep-alive, no lifetime, at most three ends since the last arrival) without
            // a branch that depends on the data: processors cannot predict whether an execution ended in the gap.
            Some(ka) if d3 & d3.wrapping_sub(1) == 0 => self.finish_few(done, t, ka, st),
            _ => {
                if done != 0 {
                    self.finish_in_order(done, rules, st, rng);
                }
                st.advance(t, self.running);
            }
        }
    }

    #[inline]
    fn running(&self) -> usize {
        self.running
    }

    #[inline]
    fn has_room(&self) -> bool {
        self.live != u64::MAX
    }

    #[inline]
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<EnvId> {
        let idle = self.live & !self.busy;
        if idle == 0 {
            return None;
        }
        let mut alive = idle;
        if t >= self.next_expiry {
            let dead = Small::at_or_before(&self.expires, self.ranks, t) & idle;
            self.next_expiry = Small::earliest(&self.expires, idle & !dead);
            if dead != 0 {
                let mut rest = dead;
                while rest != 0 {
                    let r = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    st.death(self.born[r], self.expires[r]);
                }
                self.live &= !dead;
                self.compact();
                alive = self.live & !self.busy;
                if alive == 0 {
                    return None;
                }
            }
        }
        Some(EnvId::from(63 - alive.leading_zeros()))
    }

    #[inline]
    fn create(&mut self, t: f64) -> EnvId {
        if self.ranks == CAP {
            self.compact();
        }
        let r = self.ranks;
        self.ranks += 1;
        self.live |= 1 << r;
        self.born[r] = t;
        r as EnvId
    }

    #[inline]
    fn start(&mut self, env: EnvId, end: f64) {
        let r = env as usize;
        self.until[r] = end;
        self.busy |= 1 << r;
        self.running += 1;
    }

    fn close(self, end: f64, st: &mut Stats) {
        let mut running = Vec::with_capacity(self.running);
        for r in 0..self.ranks {
            if self.live >> r & 1 == 0 {
                continue;
            }
            if self.busy >> r & 1 == 1 {
                running.push((self.until[r], self.born[r]));
            }
        }
        close_running(running, end, st);
        for r in 0..self.ranks {
            if self.live >> r & 1 == 0 || self.busy >> r & 1 == 1 {
                continue;
            }
            st.idle_at_end(self.born[r], self.expires[r], end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector compare gives the one-rank-at-a-time answer, for every count of ranks, with ties, signed zeros,
    /// negative and infinite times, and stale entries past the ranks in use.
    #[test]
    fn masks_match_the_scalar_compare() {
        let mut rng = Rng::new(9);
        let specials = [0.0, -0.0, -5.0, f64::INFINITY, f64::NEG_INFINITY, 1.0, 1.5];
        for _ in 0..2000 {
            let mut times = [0.0; SLOTS];
            for x in times.iter_mut() {
                *x = if rng.uniform_open0() < 0.3 {
                    specials[(rng.next_u64() % specials.len() as u64) as usize]
                } else {
                    rng.uniform_open0() * 3.0 - 1.0
                };
            }
            let t = specials[(rng.next_u64() % specials.len() as u64) as usize];
            for ranks in 0..=CAP {
                assert_eq!(
                    Small::at_or_before(&times, ranks, t),
                    Small::at_or_before_scalar(&times, ranks, t),
                    "{ranks} ranks, t = {t}"
                );
            }
        }
    }
}
