#!/usr/bin/env bash
# Coverage-guided fuzzing of docket with cargo-fuzz (libFuzzer + ASan).
# Not part of CI: run it by hand.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# Builds every target once, then runs each one (all of them by default) for
# SECONDS (default 120), one after another, with -max_len=65536. Prints per
# target the number of executions and whether it crashed or timed out.
#
# Environment:
#   FUZZ_TIMEOUT=10   seconds one input may take before it counts as a hang
#   FUZZ_FORK=1       keep going after a crash or timeout (libFuzzer's fork
#                     mode with -ignore_crashes/-ignore_timeouts): every
#                     finding is saved, not only the first
#   FUZZ_ARGS=...     more libFuzzer flags
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz uses nightly-only
# rustc flags (-Zsanitizer, sancov passes); RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them.
#
# New corpus entries go to corpus/<target>/ (named by their SHA-1, ignored
# by git), findings to artifacts/<target>/, full logs to logs/<target>.log.
# Reproduce a finding: cargo fuzz run <target> <artifact>
# (with RUSTC_BOOTSTRAP=1), minimise it: cargo fuzz tmin <target> <artifact>.
set -uo pipefail
cd "$(dirname "$0")" || exit 2

export RUSTC_BOOTSTRAP=1
seconds=${1:-120}
shift || true
case $seconds in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
timeout=${FUZZ_TIMEOUT:-10}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2
  exit 2
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

echo "== building ${targets[*]}"
if [ $# -gt 0 ]; then
  for target in "${targets[@]}"; do
    cargo fuzz build "$target" || { echo "build of $target failed" >&2; exit 2; }
  done
else
  cargo fuzz build || { echo "build failed" >&2; exit 2; }
fi
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir=target/$triple/release

mkdir -p logs
summary=()
status=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  log=logs/$target.log
  marker=$(mktemp)
  flags=(-max_len=65536 -max_total_time="$seconds" -timeout="$timeout"
         -print_final_stats=1 -artifact_prefix="artifacts/$target/")
  if [ "${FUZZ_FORK:-0}" = 1 ]; then
    flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  fi
  # shellcheck disable=SC2206
  flags+=(${FUZZ_ARGS:-})
  echo "== $target: ${seconds}s"
  start=$(date +%s)
  "$bin_dir/$target" "${flags[@]}" "corpus/$target" >"$log" 2>&1
  code=$?
  elapsed=$(( $(date +%s) - start ))

  # Executions: the final stats, else libFuzzer's "Done N runs", else the
  # last status line (#N), which is what fork mode prints.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  [ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n1)
  [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -n1 | tr -d '#')
  [ -n "$execs" ] || execs='?'

  mapfile -t found < <(find "artifacts/$target" -type f -newer "$marker" \
    \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
  rm -f "$marker"
  if [ ${#found[@]} -gt 0 ] || [ $code -ne 0 ]; then
    result="FOUND ${#found[@]} (exit $code)"
    status=1
  else
    result="no crash"
  fi
  line="$target: $execs executions in ${elapsed}s, $result"
  echo "$line"
  for f in "${found[@]}"; do echo "    $f"; done
  grep -m1 -E "panicked at|ERROR: (libFuzzer|AddressSanitizer)" "$log" | sed 's/^/    /'
  summary+=("$line")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
