//! The running executions of the simulator: a binary min-heap on end time, kept as two parallel arrays (keys
//! apart from payloads, so a sift touches only keys) with the pop that moves the hole to the bottom first. On the
//! SimFaaS case it is a few nanoseconds a request faster than `BinaryHeap<Reverse<…>>`, and more at high
//! concurrency, where the heap is deep.

/// Executions in progress, earliest end first.
#[derive(Default)]
pub(super) struct Running {
    /// End times, s (finite: they compare as numbers, negative ones too).
    ends: Vec<f64>,
    /// The environment of each execution.
    envs: Vec<u64>,
}

impl Running {
    /// How many are running.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The earliest end, s.
    #[inline]
    pub(super) fn next_end(&self) -> Option<f64> {
        self.ends.first().copied()
    }

    /// An execution on `env` ending at `end_s`.
    #[inline]
    pub(super) fn push(&mut self, end_s: f64, env: u64) {
        let key = end_s;
        let mut i = self.ends.len();
        self.ends.push(key);
        self.envs.push(env);
        while i > 0 {
            let parent = (i - 1) / 2;
            let pk = self.ends[parent];
            if pk <= key {
                break;
            }
            self.ends[i] = pk;
            self.envs[i] = self.envs[parent];
            i = parent;
        }
        self.ends[i] = key;
        self.envs[i] = env;
    }

    /// Removes the earliest execution and returns its environment.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<u64> {
        let top = *self.envs.first()?;
        let (last_key, last_env) = match (self.ends.pop(), self.envs.pop()) {
            (Some(k), Some(e)) => (k, e),
            _ => return Some(top),
        };
        let n = self.ends.len();
        if n == 0 {
            return Some(top);
        }
        // The hole at the root goes down along the smaller child to the bottom, then the last element rises.
        let mut i = 0;
        loop {
            let child = 2 * i + 1;
            if child + 1 < n {
                let c = child + usize::from(self.ends[child + 1] < self.ends[child]);
                self.ends[i] = self.ends[c];
                self.envs[i] = self.envs[c];
                i = c;
            } else {
                if child < n {
                    self.ends[i] = self.ends[child];
                    self.envs[i] = self.envs[child];
                    i = child;
                }
                break;
            }
        }
        while i > 0 {
            let parent = (i - 1) / 2;
            if self.ends[parent] <= last_key {
                break;
            }
            self.ends[i] = self.ends[parent];
            self.envs[i] = self.envs[parent];
            i = parent;
        }
        self.ends[i] = last_key;
        self.envs[i] = last_env;
        Some(top)
    }

    /// Everything still running, as (end s, environment), in no order.
    pub(super) fn drain(self) -> impl Iterator<Item = (f64, u64)> {
        self.ends.into_iter().zip(self.envs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn pops_in_order_of_end() {
        let mut rng = Rng::new(5);
        let mut r = Running::default();
        let mut reference: Vec<(f64, u64)> = Vec::new();
        // From negative times through zero to positive ones.
        let mut now = -300.0;
        for step in 0..100_000u64 {
            if rng.uniform_open0() < 0.5 + 0.3 * ((step / 5000) % 2) as f64 || r.len() == 0 {
                let end = now + rng.exp1() * 10.0;
                r.push(end, step);
                reference.push((end, step));
            } else {
                let end = r.next_end().unwrap();
                let env = r.pop().unwrap();
                let (i, _) = reference
                    .iter()
                    .enumerate()
                    .min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
                    .unwrap();
                let want = reference.swap_remove(i);
                assert_eq!((end, env), want, "step {step}");
                now = end;
            }
        }
        assert!(now > 0.0);
        assert_eq!(r.len(), reference.len());
    }
}
