#!/usr/bin/env bash
# Runs every check and test on a fresh machine: formatting, clippy, the Rust unit/integration/reference
# tests, the release build, and the headless-Chromium tests of the built page.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh" --browser
cd "$ROOT"

cargo fmt --all -- --check
cargo clippy --locked --workspace --exclude kokyaku-web --all-targets -- -D warnings
cargo clippy --locked -p kokyaku-web -p kokyaku-wasm --target wasm32-unknown-unknown -- -D warnings
cargo test --locked --workspace --exclude kokyaku-web
# The page's own tests (the layering of web/src) run natively: they read its sources, no browser.
cargo test --locked -p kokyaku-web

"$ROOT/scripts/build-web.sh"
(cd tests/browser && node --test)
