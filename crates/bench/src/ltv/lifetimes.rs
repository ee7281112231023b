//! The Python side of `--ltv`: `lifetimes` found or installed into a venv, and `bench/lifetimes_fit.py` run
//! on a summary CSV, its JSON line read back.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use kokyaku_core::analysis::ltv::bgnbd::BgNbdParams;
use kokyaku_core::analysis::ltv::gamma_gamma::GammaGammaParams;

use crate::measure::Error;

/// The Python side.
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/lifetimes_fit.py");

/// The `lifetimes` release installed into the venv when no Python at hand has it.
const LIFETIMES: &str = "lifetimes==0.11.3";

/// What lifetimes printed.
#[derive(Debug, Clone)]
pub(super) struct LifetimesResult {
    pub(super) version: String,
    pub(super) pandas: String,
    pub(super) runs: usize,
    pub(super) bgnbd: Duration,
    pub(super) bg: BgNbdParams,
    pub(super) gg_time: Duration,
    pub(super) gg: GammaGammaParams,
}

/// Runs `bench/lifetimes_fit.py` and reads its JSON line.
pub(super) fn run_lifetimes(
    python: &Path,
    csv: &Path,
    runs: usize,
) -> Result<LifetimesResult, Error> {
    let out = Command::new(python)
        .arg(SCRIPT)
        .arg(csv)
        .arg(runs.to_string())
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{SCRIPT} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .ok_or_else(|| format!("{SCRIPT} printed no JSON:\n{stdout}"))?;
    let fields = parse_flat_json(line)?;
    let get = |key: &str| -> Result<&str, Error> {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("{SCRIPT}: no '{key}' in {line}").into())
    };
    let num = |key: &str| -> Result<f64, Error> {
        let v = get(key)?;
        v.parse()
            .map_err(|_| format!("{SCRIPT}: '{key}' is not a number: {v}").into())
    };
    Ok(LifetimesResult {
        version: get("lifetimes_version")?.to_string(),
        pandas: get("pandas_version")?.to_string(),
        runs: num("runs")? as usize,
        bgnbd: Duration::from_secs_f64(num("bgnbd_seconds")?),
        bg: BgNbdParams {
            r: num("r")?,
            alpha: num("alpha")?,
            a: num("a")?,
            b: num("b")?,
        },
        gg_time: Duration::from_secs_f64(num("gg_seconds")?),
        gg: GammaGammaParams {
            p: num("p")?,
            q: num("q")?,
            gamma: num("v")?,
        },
    })
}

/// The key/value pairs of a flat JSON object whose values are numbers or strings without escapes, commas or
/// quotes (what `lifetimes_fit.py` prints).
fn parse_flat_json(line: &str) -> Result<Vec<(String, String)>, String> {
    let body = line
        .trim()
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .ok_or_else(|| format!("not a JSON object: {line}"))?;
    body.split(',')
        .map(|pair| {
            let (k, v) = pair
                .split_once(':')
                .ok_or_else(|| format!("not a key/value pair: {pair}"))?;
            Ok((
                k.trim().trim_matches('"').to_string(),
                v.trim().trim_matches('"').to_string(),
            ))
        })
        .collect()
}

/// Whether `python` can import lifetimes.
fn has_lifetimes(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import lifetimes"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `python3` if it has lifetimes; else the venv `<target>/bench-venv`, created and given lifetimes 0.11.3
/// (with the current numpy, scipy, pandas and autograd pip picks for it) when it does not have it yet.
pub(crate) fn find_python() -> Result<PathBuf, Error> {
    let system = PathBuf::from("python3");
    if has_lifetimes(&system) {
        return Ok(system);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target")));
    let venv = target.join("bench-venv");
    let python = venv.join("bin").join("python");
    if has_lifetimes(&python) {
        return Ok(python);
    }
    let run = |cmd: &mut Command| -> Result<(), Error> {
        eprintln!("kokyaku-bench: {cmd:?}");
        let status = cmd.status()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{cmd:?} failed ({status})").into())
        }
    };
    if !python.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", LIFETIMES]))?;
    if !has_lifetimes(&python) {
        return Err(format!("{} still cannot import lifetimes", python.display()).into());
    }
    Ok(python)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_json() {
        let f =
            parse_flat_json(r#"{"lifetimes_version": "0.11.3", "r": 0.2425, "runs": 3}"#).unwrap();
        assert_eq!(f[0], ("lifetimes_version".into(), "0.11.3".into()));
        assert_eq!(f[1], ("r".into(), "0.2425".into()));
        assert_eq!(f[2].1, "3");
    }
}
