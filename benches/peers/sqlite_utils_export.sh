#!/usr/bin/env bash
# Every collection's JSONL into one SQLite file with sqlite-utils, keyed by
# id, with a full-text index over the text columns docket indexes.
# Usage: sqlite_utils_export.sh SQLITE_UTILS DATASETS_DIR OUT.sqlite
set -euo pipefail
tool=$1 datasets=$2 out=$3
rm -f "$out"
for folder in "$datasets"/*/; do
  name=$(basename "$folder")
  cat "$folder"*.jsonl | "$tool" insert "$out" "$name" - --nl --pk id
done
"$tool" enable-fts "$out" recommendations text
"$tool" enable-fts "$out" documents title summary
"$tool" enable-fts "$out" organizations name
