#!/usr/bin/env bash
# Builds the release site into dist/ (the Yew app, its CSS, the sample data: one self-contained folder with
# relative URLs) and the embeddable JS/Wasm package into pkg/: the analysis API at its root, the
# <kokyaku-dashboard> element (the app) in pkg/dashboard/. dist/embed-example/ is a host page using the package.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh" "$@"
cd "$ROOT"
PROFILE=wasm-release
WASM_DIR="target/wasm32-unknown-unknown/$PROFILE"

cargo build --locked -p kokyaku-web -p kokyaku-wasm --target wasm32-unknown-unknown --profile "$PROFILE"
cargo build --locked --release -p kokyaku-cli

rm -rf dist pkg
mkdir -p dist/sample pkg
wasm-bindgen --target web --no-typescript --out-dir dist "$WASM_DIR/kokyaku_web.wasm"
wasm-bindgen --target web --out-dir pkg "$WASM_DIR/kokyaku_wasm.wasm"
for wasm in dist/kokyaku_web_bg.wasm pkg/kokyaku_wasm_bg.wasm; do
  wasm-opt -O3 "$wasm" -o "$wasm"
done
cp web/index.html web/boot.js web/worker.js web/style.css web/favicon.svg dist/
cp crates/wasm/js/package.json crates/wasm/js/README.md pkg/
mkdir -p pkg/dashboard
cp dist/kokyaku_web.js dist/kokyaku_web_bg.wasm dist/worker.js dist/style.css \
  web/kokyaku-dashboard.js web/kokyaku-dashboard.d.ts pkg/dashboard/

# The example host page, with the package copied beside it as a host would install it.
mkdir -p dist/embed-example
cp web/embed-example/* dist/embed-example/
cp -r pkg dist/embed-example/kokyaku

# The sample is generated, deterministic, in EC-CUBE's Shift_JIS format.
target/release/kokyaku gen --preset ec-cube --orders 5000 --seed 1 --out dist/sample/sample-orders-ec-cube.csv

printf 'built dist/ (app wasm %s bytes) and pkg/ (wasm %s bytes)\n' \
  "$(wc -c < dist/kokyaku_web_bg.wasm)" "$(wc -c < pkg/kokyaku_wasm_bg.wasm)"
