#!/usr/bin/env bash
# Runs docket validate once for the action: annotations on stdout (GitHub
# turns the `::error` lines into annotations), the Markdown job summary and,
# when asked, SARIF, all from the same run. Exits 0 even when the data is
# invalid, so that the summary and the SARIF upload still happen; the exit
# code is the step output `exit-code`, which a later step fails on.
#
# SARIF is uploaded only where the workflow's token may write code
# scanning: not on a pull request from a fork, nor on one Dependabot opens
# (GitHub gives both a read-only token). There the upload is skipped with a
# notice instead of failing a job whose data is valid.
#
# Environment: DOCKET (the binary), DOCKET_ROOT, DOCKET_PATHS (space
# separated), DOCKET_CHANGED_SINCE, DOCKET_SOURCES, DOCKET_SARIF (a file to
# write SARIF to, or empty), DOCKET_EVENT, DOCKET_REPOSITORY,
# DOCKET_HEAD_REPOSITORY, DOCKET_ACTOR (the event, the repository, the pull
# request's head repository and the actor), GITHUB_STEP_SUMMARY,
# GITHUB_OUTPUT.
set -uo pipefail
docket="${DOCKET:-docket}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
args=(validate --root "${DOCKET_ROOT:-.}" --format github)
[ -n "${DOCKET_CHANGED_SINCE:-}" ] && args+=(--changed-since "$DOCKET_CHANGED_SINCE")
[ -n "${DOCKET_SOURCES:-}" ] && args+=(--sources "$DOCKET_SOURCES")

sarif="${DOCKET_SARIF:-}"
if [ -n "$sarif" ] && [ "${DOCKET_EVENT:-}" = pull_request ]; then
  if [ -n "${DOCKET_HEAD_REPOSITORY:-}" ] && [ "$DOCKET_HEAD_REPOSITORY" != "${DOCKET_REPOSITORY:-}" ]; then
    echo "::notice title=docket::SARIF not uploaded: a pull request from a fork has no permission to write code scanning"
    sarif=""
  elif [ "${DOCKET_ACTOR:-}" = "dependabot[bot]" ]; then
    echo "::notice title=docket::SARIF not uploaded: Dependabot's pull requests have no permission to write code scanning"
    sarif=""
  fi
fi

summary="$(mktemp)"
trap 'rm -f "$summary"' EXIT
args+=(--report "markdown=$summary")
[ -n "$sarif" ] && args+=(--report "sarif=$sarif")

# shellcheck disable=SC2206 # paths are separated by spaces on purpose
paths=(${DOCKET_PATHS:-})
"$docket" "${args[@]}" "${paths[@]}"
status=$?
if [ -n "$sarif" ] && [ -s "$sarif" ]; then
  echo "sarif=$sarif" >> "$outputs"
fi
cat "$summary" >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
echo "exit-code=$status" >> "$outputs"
exit 0
