//! Helpers shared by the CLI's integration tests: running the built `kokyaku` binary and scratch files.

#![allow(dead_code)] // Each test crate uses a different subset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

use kokyaku_gen::{Format, GenOptions, Truth};

/// The result of one run of the binary.
pub struct Run {
    /// The exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `kokyaku` with these arguments.
pub fn kokyaku<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_kokyaku"))
        // The tests read English, whatever the locale they run in.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .output()
        .expect("the kokyaku binary runs")
        .into()
}

/// Runs `kokyaku`, asserts that it succeeded and parses its standard output as JSON.
pub fn kokyaku_json<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> serde_json::Value {
    let run = kokyaku(args);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// A scratch directory removed when dropped, unique to this process and call.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A new empty scratch directory; `label` makes leftovers recognisable.
    pub fn new(label: &str) -> Scratch {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("kokyaku-cli-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the scratch directory can be created");
        Scratch(dir)
    }

    /// A path inside the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes a file in the directory and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("the scratch file can be written");
        path
    }

    /// The directory itself.
    pub fn dir(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Generates `orders` orders of `format` with `seed` into `scratch` (named after the format) and returns the
/// file's path and the generator's truth.
pub fn generate(scratch: &Scratch, format: Format, orders: usize, seed: u64) -> (PathBuf, Truth) {
    let mut bytes = Vec::new();
    let truth = kokyaku_gen::generate(
        &GenOptions {
            format,
            orders,
            seed,
        },
        &mut bytes,
    )
    .expect("generating into memory does not fail");
    let path = scratch.write(&format!("{}.csv", format.name()), bytes);
    (path, truth)
}

/// The first three words of an English sentence in `text`, if it has one: three words of two or more Latin
/// letters in a row with only spaces between them. Ids (`first_active`), codes (`JPY`, `BG/NBD`), options
/// (`--json`) and addresses do not count. What the Japanese reports are checked with.
pub fn english_sentence(text: &str) -> Option<String> {
    let latin = |c: char| c.is_ascii_alphabetic() || c == ' ' || c == '\'' || c == '_';
    for stretch in text.split(|c: char| !latin(c)) {
        let mut words: Vec<&str> = Vec::new();
        for word in stretch.split(' ').filter(|w| !w.is_empty()) {
            if word.len() < 2 || word.contains('_') {
                words.clear();
                continue;
            }
            words.push(word);
            if words.len() == 3 {
                return Some(words.join(" "));
            }
        }
    }
    None
}
