#!/usr/bin/env bash
# Installs what building and testing Kokyaku needs, idempotently: the wasm32 target, wasm-bindgen-cli at the
# exact wasm-bindgen version in Cargo.lock, the npm tools (binaryen's wasm-opt, playwright-core, typescript for
# checking the package's types), with --browser Debian's Chromium, and with --engines the other engines the
# page is tested in: Debian's firefox-esr with geckodriver (built from crates.io) and webkit2gtk's
# WebKitWebDriver under xvfb. Sourced by the other scripts; safe to run again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

need_browser=0
need_engines=0
for arg in "$@"; do
  [ "$arg" = "--browser" ] && need_browser=1
  [ "$arg" = "--engines" ] && need_engines=1
done

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

# The lock file pins wasm-bindgen; the CLI must be the very same version.
(cd "$ROOT" && [ -f Cargo.lock ] || cargo generate-lockfile)
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WB_VERSION (a few minutes)"
  # Not --locked: a dependency version locked by the CLI is missing from the registry mirror here.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

if [ ! -x "$ROOT/tests/browser/node_modules/.bin/wasm-opt" ] || [ ! -x "$ROOT/tests/browser/node_modules/.bin/tsc" ] || [ "$ROOT/tests/browser/package-lock.json" -nt "$ROOT/tests/browser/node_modules/.package-lock.json" ]; then
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund)
fi
export PATH="$ROOT/tests/browser/node_modules/.bin:$PATH"

if [ "$need_browser" = 1 ] && ! command -v chromium >/dev/null; then
  echo "setup: installing Chromium from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if [ "$need_engines" = 1 ]; then
  if ! command -v firefox-esr >/dev/null || ! command -v WebKitWebDriver >/dev/null || ! command -v xvfb-run >/dev/null \
    || ! command -v xauth >/dev/null; then
    echo "setup: installing Firefox ESR, WebKitWebDriver and Xvfb from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb xauth >/dev/null
  fi
  if ! command -v geckodriver >/dev/null; then
    echo "setup: building geckodriver (a few minutes)"
    cargo install geckodriver --version 0.37.1 --locked
  fi
fi
