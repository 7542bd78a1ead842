//! Running the package's import code contained: each child leads its own process group, runs with no stdin,
//! within a time limit, with its output read on threads and capped; when it ends — normally, on timeout, or when
//! coldcost is interrupted — its whole group is killed, so nothing it started survives it.

mod capture;
mod groups;

pub(crate) use capture::Capped;
pub use groups::{end_if_interrupted, interrupted, kill_children_on_interrupt, kill_live_children};

use capture::drain;
use groups::Group;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Bytes of stdout and of stderr kept from each child (1 MiB each); the rest is read and dropped.
pub const CAPTURE_BYTES: usize = 1 << 20;

/// How long to wait for a child's pipes to close once its group is dead (a process that left the group, e.g. with
/// `setsid`, may hold them open forever).
const PIPE_GRACE: Duration = Duration::from_secs(2);

/// What a contained child did.
#[derive(Debug)]
pub(crate) enum Finished {
    /// It exited (or was killed by a signal not ours) within the time limit.
    Exited {
        /// Its exit status.
        status: ExitStatus,
        /// Its standard output, capped.
        stdout: Capped,
        /// Its standard error, capped.
        stderr: Capped,
    },
    /// It was still running at the time limit; its group was killed.
    TimedOut,
    /// coldcost was interrupted (this signal) before or while it ran; its group was killed.
    Interrupted(i32),
}

/// Runs `cmd` contained (see the module's doc) and waits at most `timeout` for it.
pub(crate) fn run(cmd: &mut Command, timeout: Duration) -> std::io::Result<Finished> {
    if let Some(sig) = interrupted() {
        return Ok(Finished::Interrupted(sig));
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(cmd, 0);
    let mut child = cmd.spawn()?;
    // The child leads a new group whose id is its pid.
    let group = Group::adopt(i32::try_from(child.id()).unwrap_or(0));
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let status = wait_until(&mut child, deadline);
    // Whatever the child left running (a daemon, workers) goes with it; then the pipes close.
    group.kill();
    let status = match status {
        Wait::Exited(s) => s,
        Wait::Deadline | Wait::Interrupted(_) => {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(match status {
                Wait::Interrupted(sig) => Finished::Interrupted(sig),
                _ => Finished::TimedOut,
            });
        }
    };
    let grace = Instant::now() + PIPE_GRACE;
    Ok(Finished::Exited {
        status,
        stdout: collect(out, grace),
        stderr: collect(err, grace),
    })
}

type Reader = Option<(Arc<Mutex<Capped>>, JoinHandle<()>)>;

fn reader(pipe: Option<impl std::io::Read + Send + 'static>) -> Reader {
    let pipe = pipe?;
    let buf = Arc::new(Mutex::new(Capped::new(CAPTURE_BYTES)));
    let into = Arc::clone(&buf);
    let handle = std::thread::Builder::new()
        .name("coldcost-capture".into())
        .spawn(move || drain(pipe, into))
        .ok()?;
    Some((buf, handle))
}

/// What the reader kept, once it has read to the end or `grace` has passed.
fn collect(r: Reader, grace: Instant) -> Capped {
    let Some((buf, handle)) = r else {
        return Capped::new(CAPTURE_BYTES);
    };
    while !handle.is_finished() && Instant::now() < grace {
        std::thread::sleep(Duration::from_millis(5));
    }
    if handle.is_finished() {
        let _ = handle.join();
    }
    let kept = buf.lock().map(|c| c.clone());
    kept.unwrap_or_else(|_| Capped::new(CAPTURE_BYTES))
}

/// How waiting for a child ended.
enum Wait {
    Exited(ExitStatus),
    Deadline,
    /// A signal was caught (also when it came between the spawn and the group's adoption: the handler could not
    /// kill a group it did not know yet).
    Interrupted(i32),
}

/// Waits for the child until `deadline`. Polls (from 1 ms up to 20 ms apart): the figures are timed inside the
/// child, so the poll's latency does not enter them.
fn wait_until(child: &mut Child, deadline: Instant) -> Wait {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(sig) = interrupted() {
            return Wait::Interrupted(sig);
        }
        match child.try_wait() {
            Ok(Some(status)) => return Wait::Exited(status),
            Ok(None) => {}
            Err(_) => return child.wait().map_or(Wait::Deadline, Wait::Exited),
        }
        let now = Instant::now();
        if now >= deadline {
            return Wait::Deadline;
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_child_past_its_time_limit_is_stopped() {
        let t0 = Instant::now();
        let r = run(
            Command::new("sh").args(["-c", "sleep 30"]),
            Duration::from_millis(300),
        )
        .unwrap();
        assert!(matches!(r, Finished::TimedOut), "{r:?}");
        assert!(t0.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_child_output_is_captured() {
        let r = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(30),
        )
        .unwrap();
        let Finished::Exited {
            status,
            stdout,
            stderr,
        } = r
        else {
            panic!("timed out")
        };
        assert_eq!(status.code(), Some(3));
        assert_eq!(stdout.head(), b"out\n");
        assert_eq!(stderr.last_line(), "err");
    }
}
