#!/usr/bin/env bash
# Installs the light build of docket (validation only: no Parquet or SQLite
# writers) from the action's own source into $DOCKET_HOME, unless the cache
# already holds it.
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
: "${DOCKET_HOME:?DOCKET_HOME names the install folder}"
if [ -x "$DOCKET_HOME/bin/docket" ]; then
  echo "docket $("$DOCKET_HOME/bin/docket" --version) from the cache"
  exit 0
fi
cargo install --locked --no-default-features --root "$DOCKET_HOME" --path "$source_dir"
