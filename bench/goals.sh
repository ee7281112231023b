#!/usr/bin/env bash
# Every goal of the benchmarks measured in one run, on this machine: the native commands against DuckDB and
# pandas, the model fits against lifetimes, the page against DuckDB-Wasm in Chromium, the page in Firefox and
# WebKit, and the warehouse paths (Parquet, customers tables). Each bench prints its own tables, kept in the
# report file; their `goal |` lines are gathered into one table at the end.
#
#   bench/goals.sh [REPORT.md]     (default target/goals-<date>.md)
#
# Needs what the benches need: the release CLI and harness (built here), the site (scripts/build-web.sh,
# run here), Python with pandas, duckdb and lifetimes (the harness sets up target/bench-venv), Chromium,
# Firefox and WebKit (scripts/setup.sh --browser --engines). Takes 15–25 minutes; run it on an idle machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
report="${1:-target/goals-$(date -u +%F).md}"
mkdir -p "$(dirname "$report")"

cargo build --locked --release -p kokyaku-cli -p kokyaku-bench
scripts/build-web.sh >/dev/null

run() {
  echo "== $*" >&2
  echo
  echo "## \`$*\`"
  echo
  "$@"
}

{
  echo "# Kokyaku's goals, measured $(date -u +'%F %H:%M') UTC"
  echo
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) threads;" \
    "load average at start $(cut -d' ' -f1-3 /proc/loadavg)."
  run target/release/kokyaku-bench --compare --lines 1M --repeat 3
  run target/release/kokyaku-bench --ltv --customers 10k,100k,1M --repeat 3
  run node bench/browser.mjs --lines 1M --runs 3
  run node bench/engines.mjs --lines 1M --runs 3
  run target/release/kokyaku-bench --warehouse --lines 5M --customers 10M --repeat 3
} >"$report.tmp"

{
  cat "$report.tmp"
  echo
  echo "## The goals"
  echo
  echo "| goal | target | measured | met? |"
  echo "|---|---|---|---|"
  grep '^goal | ' "$report.tmp" | sed 's/^goal //'
} >"$report"
rm "$report.tmp"
sed -n '/^## The goals/,$p' "$report"
echo "(the whole report: $report)"
