#!/usr/bin/env bash
# Runs docket validate for the action: annotations on stdout (GitHub turns
# the `::error` lines into annotations), the JSON report turned into the job
# summary, SARIF when asked. Exits 0 even when the data is invalid, so the
# summary and the SARIF upload still happen; the exit code is the step
# output `exit-code`, which a later step fails on.
#
# Environment: DOCKET (the binary), DOCKET_ROOT, DOCKET_PATHS (space
# separated), DOCKET_CHANGED_SINCE, DOCKET_SOURCES, DOCKET_SARIF (a file to
# write SARIF to, or empty), GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
docket="${DOCKET:-docket}"
args=(validate --root "${DOCKET_ROOT:-.}")
[ -n "${DOCKET_CHANGED_SINCE:-}" ] && args+=(--changed-since "$DOCKET_CHANGED_SINCE")
[ -n "${DOCKET_SOURCES:-}" ] && args+=(--sources "$DOCKET_SOURCES")
# shellcheck disable=SC2206 # paths are separated by spaces on purpose
paths=(${DOCKET_PATHS:-})
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

"$docket" "${args[@]}" --format github "${paths[@]}"
status=$?
"$docket" "${args[@]}" --format json "${paths[@]}" > "$report"
if [ -n "${DOCKET_SARIF:-}" ]; then
  "$docket" "${args[@]}" --format sarif "${paths[@]}" > "$DOCKET_SARIF"
  echo "sarif=$DOCKET_SARIF" >> "${GITHUB_OUTPUT:-/dev/null}"
fi
if [ -s "$report" ]; then
  python3 "$here/summary.py" "$report" >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
fi
echo "exit-code=$status" >> "${GITHUB_OUTPUT:-/dev/null}"
exit 0
