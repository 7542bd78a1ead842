//! Measuring import weight with the real interpreters: `python3 -X importtime` in a fresh interpreter per run, and a
//! Node.js preload hook that times every `require`/`import`. The scripts live in `src/init/scripts/` and are embedded.
//!
//! This executes the package's import code. Each run is contained (see [`super::contain`]): its own process
//! group, killed whole when the run ends, times out or coldcost is interrupted; no stdin; output capped; and a
//! fresh, empty scratch working directory, removed afterwards (the package is found through `PYTHONPATH` or
//! `$COLDCOST_PACKAGE_DIR`, not the working directory).

use super::contain::{self, Capped, Finished, CAPTURE_BYTES};
use super::measurement::Measurement;
use super::timings::{parse_run, summarise};
use crate::error::{Error, Location, Result};
use crate::vocab::{Family, Runtime};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const PY_SCRIPT: &str = include_str!("scripts/py_import_times.py");
const NODE_HOOK: &str = include_str!("scripts/node_import_hook.cjs");
const NODE_RUN: &str = include_str!("scripts/node_run.cjs");
const NODE_ESM_LOADER: &str = include_str!("scripts/node_esm_loader.mjs");

static SCRATCH_SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The time limit of one run when none is given: 60 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How to run a measurement.
#[derive(Debug, Clone)]
pub struct MeasureOptions {
    /// Runs to take the median of (each in a fresh process).
    pub runs: usize,
    /// The interpreter to use; default `python3` or `node` from PATH.
    pub interpreter: Option<PathBuf>,
    /// Run once, unmeasured, first (fills the page cache, writes `.pyc` files).
    pub warm_up: bool,
    /// Time limit of each run (one fresh process); past it the run's process group is killed and the
    /// measurement fails.
    pub timeout: Duration,
}

impl MeasureOptions {
    /// `runs` measured runs after one warm-up, with the interpreter from PATH and the default time limit.
    pub fn new(runs: usize) -> MeasureOptions {
        MeasureOptions {
            runs,
            interpreter: None,
            warm_up: true,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// A fresh scratch directory (owner-only), removed when dropped: the scripts go in it, and its empty `cwd/` is the
/// children's working directory.
struct Scratch(PathBuf);

impl Scratch {
    fn create() -> Result<Scratch> {
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        loop {
            let seq = SCRATCH_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir =
                std::env::temp_dir().join(format!("coldcost-measure-{}-{seq}", std::process::id()));
            match builder.create(&dir) {
                Ok(()) => {
                    let scratch = Scratch(dir);
                    let cwd = scratch.cwd();
                    std::fs::create_dir(&cwd).map_err(|source| Error::Io { path: cwd, source })?;
                    return Ok(scratch);
                }
                // Left by an earlier process with our pid: take the next name.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && seq < 1_000_000 => {}
                Err(source) => return Err(Error::Io { path: dir, source }),
            }
        }
    }

    fn cwd(&self) -> PathBuf {
        self.0.join("cwd")
    }

    fn write(&self, name: &str, text: &str) -> Result<PathBuf> {
        let path = self.0.join(name);
        std::fs::write(&path, text).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Measures how long importing `module` takes in `dir` with the interpreter of `runtime`'s family. Executes the
/// package's import code, contained (see the module's doc).
pub fn measure(
    dir: &Path,
    runtime: Runtime,
    module: &str,
    opts: &MeasureOptions,
) -> Result<Measurement> {
    let at = Location::file(dir.display().to_string());
    if !dir.is_dir() {
        return Err(Error::Measure {
            at,
            message: "not a directory".into(),
        });
    }
    // The children run in a scratch directory: relative paths are the user's, from where they are.
    let cwd = std::env::current_dir().unwrap_or_default();
    let dir = &cwd.join(dir);
    let mut opts = opts.clone();
    if let Some(p) = &opts.interpreter {
        if p.is_relative() && p.components().count() > 1 {
            opts.interpreter = Some(cwd.join(p));
        }
    }
    let run = Runner {
        dir,
        module,
        opts: &opts,
        at: &at,
        scratch: Scratch::create()?,
    };
    match runtime.family() {
        Family::Python => run.python(),
        Family::Node => run.node(),
        Family::Custom => Err(Error::Measure {
            at: at.clone(),
            message: format!("{runtime} is a custom runtime: measure its bootstrap yourself and set package.extra_init_ms"),
        }),
    }
}

/// One measurement's runs of one module.
struct Runner<'a> {
    dir: &'a Path,
    module: &'a str,
    opts: &'a MeasureOptions,
    at: &'a Location,
    scratch: Scratch,
}

impl Runner<'_> {
    fn error(&self, message: String) -> Error {
        Error::Measure {
            at: self.at.clone(),
            message,
        }
    }

    /// Runs `cmd` contained in the scratch directory; its stdout when it exits 0, else the error it explains.
    fn contained(&self, program: &Path, cmd: &mut Command) -> Result<Capped> {
        cmd.current_dir(self.scratch.cwd());
        let finished = contain::run(cmd, self.opts.timeout).map_err(|e| {
            self.error(if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "interpreter `{}` not found: install it or pass --interpreter PATH",
                    program.display()
                )
            } else {
                format!("could not run `{}`: {e}", program.display())
            })
        })?;
        let module = self.module;
        let timed_out = || {
            let s = self.opts.timeout.as_secs_f64();
            self.error(format!(
                "importing `{module}` did not finish within the {s} s time limit; its process group was killed \
                 (raise --timeout if the import really takes this long)"
            ))
        };
        let (status, stdout, stderr) = match finished {
            Finished::TimedOut => return Err(timed_out()),
            Finished::Interrupted(sig) => {
                return Err(self.error(format!(
                    "interrupted (signal {sig}) while measuring `{module}`; its process group was killed"
                )))
            }
            Finished::Exited {
                status,
                stdout,
                stderr,
            } => (status, stdout, stderr),
        };
        if status.success() {
            return Ok(stdout);
        }
        let last = stderr.last_line();
        Err(match status.code() {
            Some(3) => self.error(format!("module `{module}` not found: {last}")),
            Some(4) => self.error(format!("importing `{module}` failed: {last}")),
            Some(5) => timed_out(),
            code => self.error(format!(
                "measuring `{module}` failed (exit {code:?}): {last}"
            )),
        })
    }

    fn interpreter(&self, default: &str) -> PathBuf {
        self.opts
            .interpreter
            .clone()
            .unwrap_or_else(|| PathBuf::from(default))
    }

    fn python(&self) -> Result<Measurement> {
        let script = self.scratch.write("py_import_times.py", PY_SCRIPT)?;
        let py = self.interpreter("python3");
        let mut paths = vec![self.dir.to_path_buf()];
        if let Some(p) = std::env::var_os("PYTHONPATH") {
            paths.extend(std::env::split_paths(&p));
        }
        let path = std::env::join_paths(paths).unwrap_or_default();
        self.repeat(|| {
            let out = self.contained(
                &py,
                Command::new(&py)
                    .arg(&script)
                    .arg(self.module)
                    .env("PYTHONPATH", &path)
                    .env(
                        "COLDCOST_TIMEOUT",
                        self.opts.timeout.as_secs_f64().to_string(),
                    ),
            )?;
            if out.truncated() {
                return Err(self.error(format!(
                    "the Python timing script printed {} bytes, more than the {CAPTURE_BYTES} kept",
                    out.total_bytes()
                )));
            }
            let v: Value = serde_json::from_slice(out.head()).map_err(|e| {
                self.error(format!(
                    "unexpected output from the Python timing script: {e}"
                ))
            })?;
            let label = format!("python {}", text(&v, "interpreter"));
            Ok((v, label))
        })
    }

    fn node(&self) -> Result<Measurement> {
        let hook = self.scratch.write("node_import_hook.cjs", NODE_HOOK)?;
        let run = self.scratch.write("node_run.cjs", NODE_RUN)?;
        self.scratch.write("node_esm_loader.mjs", NODE_ESM_LOADER)?;
        let node = self.interpreter("node");
        let timings = self.scratch.0.join("timings.json");
        self.repeat(|| {
            let _ = std::fs::remove_file(&timings);
            self.contained(
                &node,
                Command::new(&node)
                    .arg("--require")
                    .arg(&hook)
                    .arg(&run)
                    .arg(self.module)
                    .env("COLDCOST_PACKAGE_DIR", self.dir)
                    .env("COLDCOST_TIMINGS_OUT", &timings),
            )?;
            let text_out = std::fs::read_to_string(&timings).map_err(|source| Error::Io {
                path: timings.clone(),
                source,
            })?;
            let v: Value = serde_json::from_str(&text_out)
                .map_err(|e| self.error(format!("unexpected output from the Node.js hook: {e}")))?;
            let label = format!("node {}", text(&v, "node"));
            Ok((v, label))
        })
    }

    /// Runs `once` (one fresh interpreter process, returning the timing JSON and the interpreter's name) after one
    /// warm-up run when asked — which fills the page cache and writes `.pyc` files — then `opts.runs` times.
    fn repeat(&self, mut once: impl FnMut() -> Result<(Value, String)>) -> Result<Measurement> {
        let mut runs = Vec::new();
        let mut interpreter = String::new();
        for i in usize::from(!self.opts.warm_up)..=self.opts.runs.max(1) {
            let (v, label) = once()?;
            interpreter = label;
            if i > 0 {
                runs.push(parse_run(&v, self.module));
            }
        }
        Ok(summarise(self.module, interpreter, runs))
    }
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("?")
}
