#!/usr/bin/env bash
# Runs each fuzz target of fuzz/ for a fixed time (default 120 s each), with the nightly toolchain and
# cargo-fuzz (installed when missing). Not part of CI. Crashes are written to fuzz/artifacts/<target>/; new
# inputs grow fuzz/corpus/<target>/ (shrink it with `cargo +nightly fuzz cmin <target>`, then restore the
# named regression-* inputs it may drop: `git checkout -- 'fuzz/corpus/*/regression-*'`).
#
#   scripts/fuzz.sh [seconds] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-120}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ingest segment_query)
fi

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz

status=0
for target in "${targets[@]}"; do
  echo "== fuzz target $target for ${seconds}s"
  # -rss_limit_mb and -timeout turn runaway memory or time on one input into reported failures.
  if ! (cd fuzz && cargo +nightly fuzz run "$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1); then
    echo "!! $target failed; the input is in fuzz/artifacts/$target/"
    status=1
  fi
done
exit "$status"
