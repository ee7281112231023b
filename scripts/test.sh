#!/usr/bin/env bash
# Runs every check and test on a fresh machine: formatting, clippy, the Rust unit/integration/reference
# tests, the pandas reference check, the release build, the browser tests of the built page in headless
# Chromium and Firefox, the page in Firefox and WebKit over plain WebDriver, and a short run of each fuzz target. Each step prints how long it took, and the last lines sum them up.
#
# KOKYAKU_FUZZ_SECONDS sets the fuzzing time per target (default 60; 0 leaves the fuzzing out).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

steps=()
step() {
  local name="$1" start=$SECONDS
  shift
  echo "== $name"
  "$@"
  steps+=("$(printf '%5d s  %s' $((SECONDS - start)) "$name")")
  echo "== $name: $((SECONDS - start)) s"
}

setup_start=$SECONDS
source "$ROOT/scripts/setup.sh" --browser --engines
steps+=("$(printf '%5d s  %s' $((SECONDS - setup_start)) "setup (scripts/setup.sh --browser --engines)")")
cd "$ROOT"

step "rustfmt" cargo fmt --all -- --check
step "clippy, native" cargo clippy --locked --workspace --exclude kokyaku-web --all-targets -- -D warnings
step "clippy, wasm32" cargo clippy --locked -p kokyaku-web -p kokyaku-wasm --target wasm32-unknown-unknown -- -D warnings
step "cargo test" cargo test --locked --workspace --exclude kokyaku-web
# The page's own tests (the layering of web/src) run natively: they read its sources, no browser.
step "cargo test, page layering" cargo test --locked -p kokyaku-web
step "pandas reference check" "$ROOT/scripts/pandas-check.sh"
step "release build of the site" "$ROOT/scripts/build-web.sh"
step "browser tests, Chromium" bash -c 'cd tests/browser && node --test'
step "browser tests, Firefox" bash -c 'cd tests/browser && KOKYAKU_BROWSER=firefox node --test'
step "Firefox and WebKit over WebDriver" node tests/engines/engines.mjs
fuzz_seconds="${KOKYAKU_FUZZ_SECONDS:-60}"
if [ "$fuzz_seconds" -gt 0 ]; then
  step "fuzzing, ${fuzz_seconds} s per target" "$ROOT/scripts/fuzz.sh" --ci "$fuzz_seconds"
else
  echo "== fuzzing left out (KOKYAKU_FUZZ_SECONDS=0)"
fi

echo "== time per step"
printf '%s\n' "${steps[@]}"
