#!/usr/bin/env bash
# The pandas reference check, part of scripts/test.sh: installs the pinned pandas into target/pandas-venv when
# missing, then
#   1. recomputes the reference tables with tests/reference/reference.py and fails unless they are the checked-in
#      tests/reference/golden/ (which crates/cli/tests/reference.rs compares the CLI with), so the golden tables
#      stay what pandas computes from the raw files;
#   2. runs tests/reference/customers_table.py: the DuckDB SQL of docs/customers-table.md builds a customers
#      table from a generated export, and kokyaku must give every customer the same figures from it (CSV and
#      Parquet) as from the orders;
#   3. runs bench/pandas_tables.py (the tables of `kokyaku-bench --compare`) on a generated export and fails
#      unless its customers, orders, revenue, RFM segment counts and cohort sizes equal Kokyaku's.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

VENV="$ROOT/target/pandas-venv"
REQUIREMENTS="$ROOT/tests/reference/requirements.txt"
if [ ! -f "$VENV/.installed" ] || [ "$REQUIREMENTS" -nt "$VENV/.installed" ]; then
  start=$SECONDS
  echo "pandas-check: installing $(grep -v '^#' "$REQUIREMENTS" | tr '\n' ' ')into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  touch "$VENV/.installed"
  echo "pandas-check: installed in $((SECONDS - start)) s"
fi
PYTHON="$VENV/bin/python"

start=$SECONDS
cargo build --locked --quiet -p kokyaku-cli -p kokyaku-bench
echo "pandas-check: kokyaku and kokyaku-bench built in $((SECONDS - start)) s"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
"$PYTHON" tests/reference/reference.py --cli target/debug/kokyaku --out "$scratch/golden"
if ! diff -r tests/reference/golden "$scratch/golden" >"$scratch/diff"; then
  head -40 "$scratch/diff"
  echo "pandas-check: the tables pandas computes differ from tests/reference/golden/ (above); if a definition" \
    "changed on purpose, re-run tests/reference/reference.py and commit golden/" >&2
  exit 1
fi
echo "pandas-check: $(ls tests/reference/golden | wc -l) reference tables equal tests/reference/golden/"

"$PYTHON" tests/reference/customers_table.py --cli target/debug/kokyaku

# Debug builds give the same figures; 30k lines keep this step to seconds.
target/debug/kokyaku-bench --compare --lines 30k --repeat 1 --no-fits --no-duckdb --python "$PYTHON" \
  >"$scratch/compare" 2>&1 || { cat "$scratch/compare"; exit 1; }
grep -F -- '- pandas' "$scratch/compare"
