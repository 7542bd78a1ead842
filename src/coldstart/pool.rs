//! The idle environments of the simulated pool, under two routing rules. Both retire an environment when its idle
//! period passes its expiry, and report each retirement (birth, death) to the statistics.

use super::sim::Stats;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// The idle set of the simulator.
pub(super) trait IdlePool {
    /// An environment born at `born` became idle at `since` and will expire at `expires`.
    fn make_idle(&mut self, born: f64, since: f64, expires: f64);
    /// Retires the idle environments whose expiry is at or before `t` (those the structure can see cheaply; the
    /// rest are retired when met).
    fn expire(&mut self, t: f64, st: &mut Stats);
    /// Takes an idle environment alive at `t` for a request; returns its birth time.
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<f64>;
    /// End of the simulation at `end`: retire what expired, count the rest alive to the end.
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
    fn make_idle(&mut self, born: f64, _since: f64, expires: f64) {
        self.idle.push((expires, born));
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
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<f64> {
        // With a random keep-alive or a lifetime, an entry above the bottom may have expired already.
        while self.idle.len() > self.head {
            let (expires, born) = self.idle.pop().unwrap_or((0.0, 0.0));
            if expires > t {
                return Some(born);
            }
            st.death(born, expires);
        }
        None
    }

    fn close(self, end: f64, st: &mut Stats) {
        for &(expires, born) in &self.idle[self.head..] {
            if expires < end {
                st.death(born, expires);
            } else {
                st.env_seconds += st.overlap(born, end);
            }
        }
    }
}

/// One idle environment's slot (slots are reused).
#[derive(Clone, Copy)]
struct Slot {
    born: f64,
    expires: f64,
    /// Bumped whenever the slot changes hands, so that stale queue entries are recognised.
    token: u32,
    idle: bool,
}

/// Idle environments in order of expiry: a FIFO when every idle period has the same length and no lifetime cuts
/// it short (expiry order is then the order of becoming idle), a heap otherwise.
enum ExpiryQueue {
    Fifo(VecDeque<(u64, u32, u32)>),
    Heap(BinaryHeap<Reverse<(u64, u32, u32)>>),
}

impl ExpiryQueue {
    #[inline]
    fn push(&mut self, e: (u64, u32, u32)) {
        match self {
            ExpiryQueue::Fifo(q) => q.push_back(e),
            ExpiryQueue::Heap(h) => h.push(Reverse(e)),
        }
    }

    #[inline]
    fn peek(&self) -> Option<(u64, u32, u32)> {
        match self {
            ExpiryQueue::Fifo(q) => q.front().copied(),
            ExpiryQueue::Heap(h) => h.peek().map(|r| r.0),
        }
    }

    #[inline]
    fn pop(&mut self) {
        match self {
            ExpiryQueue::Fifo(q) => {
                q.pop_front();
            }
            ExpiryQueue::Heap(h) => {
                h.pop();
            }
        }
    }
}

/// SimFaaS's rule: a request takes the idle environment created last. Two queues over the same slots — newest
/// birth first for routing, earliest expiry first for retiring — with stale entries skipped by token.
pub(super) struct NewestCreated {
    slots: Vec<Slot>,
    free: Vec<u32>,
    by_born: BinaryHeap<(u64, u32, u32)>,
    by_expiry: ExpiryQueue,
    count: usize,
}

impl NewestCreated {
    /// `fifo_expiry`: every idle period has the same length (fixed keep-alive, no lifetime).
    pub(super) fn new(fifo_expiry: bool) -> NewestCreated {
        NewestCreated {
            slots: Vec::new(),
            free: Vec::new(),
            by_born: BinaryHeap::new(),
            by_expiry: if fifo_expiry {
                ExpiryQueue::Fifo(VecDeque::new())
            } else {
                ExpiryQueue::Heap(BinaryHeap::new())
            },
            count: 0,
        }
    }

    fn release(&mut self, slot: u32) {
        let s = &mut self.slots[slot as usize];
        s.idle = false;
        s.token = s.token.wrapping_add(1);
        self.free.push(slot);
        self.count -= 1;
    }
}

impl IdlePool for NewestCreated {
    #[inline]
    fn make_idle(&mut self, born: f64, _since: f64, expires: f64) {
        let slot = match self.free.pop() {
            Some(i) => i,
            None => {
                self.slots.push(Slot {
                    born,
                    expires,
                    token: 0,
                    idle: false,
                });
                (self.slots.len() - 1) as u32
            }
        };
        let s = &mut self.slots[slot as usize];
        s.born = born;
        s.expires = expires;
        s.idle = true;
        s.token = s.token.wrapping_add(1);
        let token = s.token;
        self.by_born.push((born.to_bits(), slot, token));
        self.by_expiry.push((expires.to_bits(), slot, token));
        self.count += 1;
    }

    #[inline]
    fn expire(&mut self, t: f64, st: &mut Stats) {
        while let Some((exp_bits, slot, token)) = self.by_expiry.peek() {
            if f64::from_bits(exp_bits) > t {
                break;
            }
            self.by_expiry.pop();
            let s = self.slots[slot as usize];
            if s.idle && s.token == token {
                st.death(s.born, s.expires);
                self.release(slot);
                // Retired environments leave stale entries at the bottom of `by_born`; drop them in bulk.
                if self.by_born.len() > 2 * self.count + 64 {
                    let slots = &self.slots;
                    self.by_born.retain(|&(_, i, tok)| {
                        slots[i as usize].idle && slots[i as usize].token == tok
                    });
                }
            }
        }
    }

    #[inline]
    fn take(&mut self, t: f64, st: &mut Stats) -> Option<f64> {
        while let Some((_, slot, token)) = self.by_born.pop() {
            let s = self.slots[slot as usize];
            if !(s.idle && s.token == token) {
                continue;
            }
            self.release(slot);
            if s.expires > t {
                return Some(s.born);
            }
            st.death(s.born, s.expires);
        }
        None
    }

    fn close(mut self, end: f64, st: &mut Stats) {
        self.expire(end, st);
        for s in self.slots.iter().filter(|s| s.idle) {
            if s.expires < end {
                st.death(s.born, s.expires);
            } else {
                st.env_seconds += st.overlap(s.born, end);
            }
        }
    }
}
