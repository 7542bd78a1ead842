//! The process groups of the children running now. Each measured child leads its own group, so that everything
//! the package's import code starts (a daemon, a pool of workers) can be killed with it: when the child ends,
//! when it times out, and — once [`kill_children_on_interrupt`] has installed its handlers — when coldcost is
//! interrupted by SIGINT, SIGTERM or SIGHUP (the handlers kill the groups and note the signal; the measurement
//! then stops with an error, cleaning up as it goes, and the program ends by the signal).

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

/// The signal caught by the handlers of [`kill_children_on_interrupt`], 0 while none was.
static INTERRUPTED: AtomicI32 = AtomicI32::new(0);

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that kill the process groups of the children running (the
/// package code `measure` executes) and note the signal: the measurement then stops at once with an error, its
/// scratch directories removed, and starts no further child ([`interrupted`] says so). Call
/// [`end_if_interrupted`] afterwards to end the program as the signal would have; a second signal does so at once.
/// A signal that was ignored (e.g. SIGHUP under `nohup`) stays ignored. A library user who handles these signals
/// already can call [`kill_live_children`] from their own handler instead.
#[cfg(unix)]
pub fn kill_children_on_interrupt() -> std::io::Result<()> {
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: a zeroed sigaction is a valid "default" value; the handler only stores and reads atomics and
        // calls killpg, all async-signal-safe.
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
            // Once caught, the signal's default action is back: a second one ends the program.
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

/// The signal the handlers of [`kill_children_on_interrupt`] caught, if one was.
pub fn interrupted() -> Option<i32> {
    match INTERRUPTED.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// Ends the program by the signal the handlers caught, as it would have without them (a shell then reports
/// 130 for SIGINT, 143 for SIGTERM); returns when none was caught.
pub fn end_if_interrupted() {
    #[cfg(unix)]
    if let Some(sig) = interrupted() {
        // SAFETY: resetting a disposition and raising a signal have no memory-safety preconditions.
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }
}

#[cfg(unix)]
extern "C" fn on_signal(sig: libc::c_int) {
    INTERRUPTED.store(sig, Ordering::SeqCst);
    kill_live_children();
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
