#!/usr/bin/env bash
# Runs each fuzz target of fuzz/ for a fixed time (default 120 s each), with the nightly toolchain and
# cargo-fuzz (both installed when missing). Crashes are written to fuzz/artifacts/<target>/; new inputs grow
# fuzz/corpus/<target>/ (shrink it with `cargo +nightly fuzz cmin <target>`, then restore the named
# regression-* inputs it may drop: `git checkout -- 'fuzz/corpus/*/regression-*'`).
#
#   scripts/fuzz.sh [--ci] [seconds] [target...]
#
# --ci (how scripts/test.sh runs it): the checked-in corpus is read but left as it is (new inputs go to a
# scratch folder); the targets are built without AddressSanitizer, into fuzz/target/ci, since in a short run
# twice the inputs matter more than a sanitizer whose only work in the core would be a prefetch hint and a
# checked UTF-8 conversion (its two unsafe blocks); a machine where nightly or cargo-fuzz cannot be installed
# skips the fuzzing with the reason printed instead of failing. Without --ci a missing toolchain is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

ci=0
if [ "${1:-}" = "--ci" ]; then
  ci=1
  shift
fi
seconds="${1:-120}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=()
  for file in fuzz/fuzz_targets/*.rs; do
    targets+=("$(basename "$file" .rs)")
  done
fi

# The cargo-fuzz release the targets are run with (installed with the same version everywhere).
CARGO_FUZZ_VERSION=0.13.2

unavailable() {
  if [ "$ci" = 1 ]; then
    echo "fuzz: SKIPPED, $1; the fuzz targets were not run"
    exit 0
  fi
  echo "fuzz: $1" >&2
  exit 1
}

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: installing the nightly toolchain (cargo-fuzz needs it)"
  rustup toolchain install nightly --profile minimal ||
    unavailable "the nightly toolchain cannot be installed on this machine (rustup failed)"
fi
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION (a minute or two)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked ||
    unavailable "cargo-fuzz $CARGO_FUZZ_VERSION cannot be installed on this machine (cargo install failed)"
fi

scratch=""
build_options=()
if [ "$ci" = 1 ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  build_options=(--sanitizer none --target-dir target/ci)
fi

# Built first, so that a target that no longer compiles is told apart from one that crashes.
for target in "${targets[@]}"; do
  echo "== building fuzz target $target"
  start=$SECONDS
  build=(cargo +nightly fuzz build "${build_options[@]}" "$target")
  if [ -n "$scratch" ]; then
    # Cargo's line per crate compiled is kept in a log, shown only when the build fails.
    if ! (cd fuzz && "${build[@]}") >"$scratch/build-$target.log" 2>&1; then
      tail -n 60 "$scratch/build-$target.log"
      build_failed=1
    fi
  elif ! (cd fuzz && "${build[@]}"); then
    build_failed=1
  fi
  if [ "${build_failed:-0}" = 1 ]; then
    echo "!! fuzz target $target does not build (did the core's API change under fuzz/fuzz_targets/$target.rs?)"
    exit 1
  fi
  echo "   built in $((SECONDS - start)) s"
done

status=0
for target in "${targets[@]}"; do
  echo "== fuzz target $target for ${seconds}s"
  # Corpus folders as seen from fuzz/.
  corpus=("corpus/$target")
  if [ -n "$scratch" ]; then
    # libFuzzer writes new inputs into the first folder and only reads the others.
    mkdir -p "$scratch/$target"
    corpus=("$scratch/$target" "corpus/$target")
  fi
  # -rss_limit_mb and -timeout turn runaway memory or time on one input into reported failures.
  run=(cargo +nightly fuzz run "${build_options[@]}" "$target" "${corpus[@]}" --
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1)
  if [ -n "$scratch" ]; then
    # libFuzzer prints a line per new input: keep the log, print the totals (or the log's end on a failure).
    if (cd fuzz && "${run[@]}") >"$scratch/$target.log" 2>&1; then
      grep -E 'INITED|^Done|^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$scratch/$target.log"
    else
      tail -n 80 "$scratch/$target.log"
      echo "!! $target failed; the input is in fuzz/artifacts/$target/"
      status=1
    fi
  elif ! (cd fuzz && "${run[@]}"); then
    echo "!! $target failed; the input is in fuzz/artifacts/$target/"
    status=1
  fi
done
exit "$status"
