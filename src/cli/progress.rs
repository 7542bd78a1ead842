//! Progress on stderr for work that may take over a second (indicatif). A bar is drawn only when stderr is a
//! terminal and the work has already run a second; it is cleared when it is dropped, so an error or a broken pipe
//! leaves no half-drawn bar. The library knows nothing of it: the commands feed it through the hooks the library
//! offers (the ingest progress callback, a reader, the cold-start model).

use coldcost::coldstart::{ColdStartEstimate, ColdStartModel};
use coldcost::init::InitEstimate;
use coldcost::{Models, Profile};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long work runs before its bar is drawn, ms; `COLDCOST_PROGRESS_DELAY_MS` sets it (hidden, for the tests
/// that draw a bar on a pseudo-terminal without waiting).
fn delay() -> Duration {
    let ms = std::env::var("COLDCOST_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    Duration::from_millis(ms)
}

/// A progress bar that shows itself after [`delay`] on a terminal's stderr, and clears itself when dropped.
pub struct Progress {
    bar: ProgressBar,
    /// Dropped to tell the waiting thread the work is over.
    stop: Option<mpsc::Sender<()>>,
    waiter: Option<JoinHandle<()>>,
}

impl Progress {
    /// A bar of `len` steps, or a spinner when the length is unknown, drawn with indicatif's `template`.
    pub fn new(len: Option<u64>, template: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar,
                stop: None,
                waiter: None,
            };
        }
        let (stop, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let after = delay();
        // A thread the system refuses means no bar, not a failed run.
        let waiter = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || {
                if wait.recv_timeout(after) == Err(RecvTimeoutError::Timeout) {
                    // indicatif's stderr target itself draws nothing when stderr is not a terminal.
                    shown.set_draw_target(ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(Duration::from_millis(120));
                }
            })
            .ok();
        Progress {
            bar,
            stop: Some(stop),
            waiter,
        }
    }

    /// A bar never drawn: for work that waits on someone typing (stdin on a terminal), where a bar would be in
    /// the way.
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            stop: None,
            waiter: None,
        }
    }

    /// A bar of bytes read from `files` (`-` = stdin): of `total` bytes when known, else a count; hidden when one
    /// of them is stdin on a terminal (someone typing). `what` leads the line.
    pub fn reading(files: &[std::path::PathBuf], total: Option<u64>, what: &str) -> Progress {
        if files.iter().any(|f| f.as_os_str() == "-") && std::io::stdin().is_terminal() {
            return Progress::hidden();
        }
        match total {
            Some(t) => Progress::new(
                Some(t),
                &format!("{what} [{{wide_bar}}] {{binary_bytes}}/{{binary_total_bytes}} ({{binary_bytes_per_sec}}, {{eta}} left)"),
            ),
            None => Progress::new(
                None,
                &format!("{{spinner}} {what}: {{binary_bytes}} read ({{binary_bytes_per_sec}})"),
            ),
        }
    }

    /// The bar, to advance (cheap while hidden).
    pub fn bar(&self) -> &ProgressBar {
        &self.bar
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(w) = self.waiter.take() {
            // The thread ends at once when told; it cannot panic.
            let _ = w.join();
        }
        self.bar.finish_and_clear();
    }
}

/// A reader that advances a bar by the bytes read through it.
pub struct CountingReader<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> CountingReader<R> {
    /// Counts what `inner` yields on `bar`.
    pub fn new(inner: R, bar: ProgressBar) -> CountingReader<R> {
        CountingReader { inner, bar }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

/// A cold-start model that advances a bar by one each time it answers: the commands' hook into the estimates
/// (one per profile and setting, and one per volume of a curve). The bar never passes its length.
pub struct CountingModel {
    inner: Box<dyn ColdStartModel>,
    bar: ProgressBar,
}

impl CountingModel {
    /// Counts `inner`'s answers on `bar`.
    pub fn new(inner: Box<dyn ColdStartModel>, bar: ProgressBar) -> CountingModel {
        CountingModel { inner, bar }
    }
}

impl ColdStartModel for CountingModel {
    fn estimate(
        &self,
        profile: &Profile,
        invocations: u64,
        init: &InitEstimate,
        seed: u64,
    ) -> coldcost::Result<ColdStartEstimate> {
        let r = self.inner.estimate(profile, invocations, init, seed);
        if self
            .bar
            .length()
            .is_none_or(|len| self.bar.position() < len)
        {
            self.bar.inc(1);
        }
        r
    }
}

/// A spinner counting the cold-start estimates of `command` (one per profile and setting, one per volume of a
/// curve), and the built-in models that feed it.
pub fn counted_estimates(command: &str) -> coldcost::Result<(Progress, Models)> {
    let progress = Progress::new(
        None,
        &format!("{{spinner}} {command}: {{pos}} cold-start estimates ({{elapsed}})"),
    );
    let builtin = Models::builtin()?;
    let models = Models {
        init: builtin.init,
        coldstart: Box::new(CountingModel::new(
            builtin.coldstart,
            progress.bar().clone(),
        )),
    };
    Ok((progress, models))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_counts_every_byte_and_changes_none() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let bar = ProgressBar::hidden();
        let mut r = CountingReader::new(std::io::Cursor::new(data.clone()), bar.clone());
        let mut out = Vec::new();
        // Small reads as well as one large one.
        let mut small = [0u8; 7];
        let n = r.read(&mut small).unwrap();
        out.extend_from_slice(&small[..n]);
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
        assert_eq!(bar.position(), 100_000);
    }

    #[test]
    fn a_progress_off_a_terminal_is_never_drawn() {
        // The tests' stderr is not a terminal: no thread waits, and the bar stays hidden.
        if std::io::stderr().is_terminal() {
            return;
        }
        let p = Progress::new(Some(10), "{wide_bar}");
        assert!(p.waiter.is_none());
        p.bar().inc(10);
        assert!(p.bar().is_hidden());
    }
}
