//! Running a measured child process: its standard output, and its peak resident memory as the kernel saw it
//! (`ru_maxrss` from `wait4`, Linux and other Unix systems; `None` elsewhere).
//!
//! The standard library has no `wait4`, so this module calls libc's, the only unsafe code of the harness.
#![allow(unsafe_code)]

use std::io::Read;
use std::process::{Command, Stdio};

use crate::measure::Error;

/// What a finished child left behind.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Everything it wrote to standard output.
    pub stdout: String,
    /// Its peak resident set size in bytes, if the platform reports it.
    pub peak_rss: Option<u64>,
}

/// Runs `command` to completion (standard error passes through) and fails unless it exits with 0.
pub fn run(mut command: Command) -> Result<Finished, Error> {
    let shown = format!("{command:?}");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)
            .map_err(|e| format!("{shown}: {e}"))?;
    }
    let (status, peak_rss) = wait(&mut child)?;
    if !status {
        return Err(format!("{shown} failed").into());
    }
    Ok(Finished { stdout, peak_rss })
}

/// Runs `command` to completion with its standard output thrown away (standard error passes through), and
/// fails unless it exits with 0; returns its peak RSS in bytes, if the platform reports it.
pub fn run_discarding_output(mut command: Command) -> Result<Option<u64>, Error> {
    let shown = format!("{command:?}");
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    let (status, peak_rss) = wait(&mut child)?;
    if !status {
        return Err(format!("{shown} failed").into());
    }
    Ok(peak_rss)
}

/// Waits for the child with `wait4`, returning whether it exited with 0 and its `ru_maxrss` (kB on Linux).
#[cfg(unix)]
fn wait(child: &mut std::process::Child) -> Result<(bool, Option<u64>), Error> {
    let pid = libc::pid_t::try_from(child.id()).map_err(|_| "child id out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a C struct of integers and `timeval`s, for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: both pointers are to live, writable locals of the right types; `pid` is our own child, not yet
        // reaped (std's `Child` never waited on it), so `wait4` cannot reap another process's child.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    if reaped != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()).into());
    }
    let exited_ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let kb = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    Ok((exited_ok, Some(kb * 1024)))
}

#[cfg(not(unix))]
fn wait(child: &mut std::process::Child) -> Result<(bool, Option<u64>), Error> {
    Ok((child.wait()?.success(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_and_status() {
        let mut ok = Command::new("sh");
        ok.args(["-c", "echo hello"]);
        let done = run(ok).unwrap();
        assert_eq!(done.stdout, "hello\n");
        if cfg!(target_os = "linux") {
            assert!(done.peak_rss.unwrap() > 0);
        }
        let mut bad = Command::new("sh");
        bad.args(["-c", "exit 3"]);
        assert!(run(bad).is_err());
    }
}
