//! The process groups of the children running now. Each measured child leads its own group, so that everything
//! the package's import code starts (a daemon, a pool of workers) can be killed with it: when the child ends,
//! when it times out, and — once [`kill_children_on_interrupt`] has installed its handlers — when coldcost is
//! interrupted by SIGINT, SIGTERM or SIGHUP.

use std::sync::atomic::{AtomicI32, Ordering};

/// Groups that can be live at once (coldcost runs one child at a time; a library user may run a few in threads).
const SLOTS: usize = 64;

/// Live process group ids; 0 is a free slot. Read by the signal handler, so atomics only.
static LIVE: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];

/// A child's process group, killed (SIGKILL to every member) when dropped.
#[derive(Debug)]
pub(crate) struct Group {
    pgid: i32,
    slot: Option<usize>,
}

impl Group {
    /// Takes charge of the group `pgid` (the id of a child spawned as its group's leader).
    pub(crate) fn adopt(pgid: i32) -> Group {
        let slot = LIVE.iter().position(|s| {
            s.compare_exchange(0, pgid, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        });
        Group { pgid, slot }
    }

    /// Kills every process of the group. The leader's pid stays reserved as the group's id for as long as any
    /// member lives, so this reaches no other process.
    pub(crate) fn kill(&self) {
        kill_group(self.pgid);
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
        if let Some(i) = self.slot {
            LIVE[i].store(0, Ordering::SeqCst);
        }
    }
}

#[cfg(unix)]
fn kill_group(pgid: i32) {
    if pgid > 0 {
        // SAFETY: killpg only sends a signal; a group that no longer exists gives ESRCH, which is fine.
        unsafe {
            libc::killpg(pgid, libc::SIGKILL);
        }
    }
}

#[cfg(not(unix))]
fn kill_group(_pgid: i32) {}

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that kill the process groups of the children running (the
/// package code `measure` executes) and then end coldcost as the signal would have. A signal that was ignored
/// (e.g. SIGHUP under `nohup`) stays ignored. Meant for a program that measures; a library user who handles
/// these signals already can call [`kill_live_children`] from their own handler instead.
#[cfg(unix)]
pub fn kill_children_on_interrupt() -> std::io::Result<()> {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: a zeroed sigaction is a valid "default" value; the handler only calls async-signal-safe
        // functions (killpg, raise) and reads atomics.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if old.sa_sigaction == libc::SIG_IGN {
                continue;
            }
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            sa.sa_flags = libc::SA_RESETHAND;
            libc::sigemptyset(&mut sa.sa_mask);
            if libc::sigaction(sig, &sa, std::ptr::null_mut()) != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
    }
    Ok(())
}

/// Without process groups there is nothing to install.
#[cfg(not(unix))]
pub fn kill_children_on_interrupt() -> std::io::Result<()> {
    Ok(())
}

/// Kills the process group of every child running now. Async-signal-safe (atomics and `killpg` only).
pub fn kill_live_children() {
    for s in &LIVE {
        kill_group(s.load(Ordering::SeqCst));
    }
}

#[cfg(unix)]
extern "C" fn on_signal(sig: libc::c_int) {
    kill_live_children();
    // SA_RESETHAND restored the default action: raised again, the signal ends coldcost once this handler returns.
    // SAFETY: raise is async-signal-safe.
    unsafe {
        libc::raise(sig);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_holds_a_slot_until_dropped() {
        // A pgid no process has (pid_max is at most 2^22), so the kill on drop reaches nothing.
        let g = Group::adopt(i32::MAX - 7);
        let held = |pgid| LIVE.iter().any(|s| s.load(Ordering::SeqCst) == pgid);
        assert!(g.slot.is_some());
        assert!(held(i32::MAX - 7));
        drop(g);
        assert!(!held(i32::MAX - 7));
    }
}
