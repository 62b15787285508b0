#!/usr/bin/env bash
# Side-by-side benchmark of docket against the tools people would pick
# instead, on the same generated records, in one run.
#
#   benches/compare.sh [RECORDS]        (default 100000 recommendation records)
#
# Installs its peers on first use: a Python virtual environment in
# benches/.venv (jsonschema, fastjsonschema, check-jsonschema, DuckDB,
# pyarrow) and node_modules in benches/peers (ajv, ajv-formats). Slow peers
# (Python jsonschema, check-jsonschema) run on the first SAMPLE records
# (default 20000) and are reported in records per second like the rest.
# Prints one line per tool: records/s, wall seconds, peak RSS, ratio to docket.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${1:-100000}
SAMPLE=${SAMPLE:-20000}
WORK=${WORK:-$(mktemp -d)}
PEERS=benches/peers

echo "# docket comparison: $RECORDS recommendation records (+ documents, organisations, treaties), 1% invalid"
echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "# date: $(date -u +%Y-%m-%d)"

cargo build --release --quiet --bin docket
cargo bench --quiet --bench floor --no-run 2>/dev/null
TARGET=${CARGO_TARGET_DIR:-target}
FLOOR=$(find "$TARGET"/release/deps -name 'floor-*' -type f -executable -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2)
DOCKET="$TARGET"/release/docket

if [ ! -x benches/.venv/bin/python ]; then python3 -m venv benches/.venv; fi
benches/.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$PEERS/requirements.txt"
if [ ! -d "$PEERS/node_modules/ajv" ]; then (cd "$PEERS" && npm install --silent --no-audit --no-fund >/dev/null); fi
PY=benches/.venv/bin/python

# The corpus, in both layouts, and its valid twin for the export comparison.
"$DOCKET" generate --records "$RECORDS" --layout jsonl --out "$WORK/jsonl" >/dev/null
"$DOCKET" generate --records "$RECORDS" --layout jsonl --invalid 0 --out "$WORK/valid" >/dev/null
FILES_RECORDS=$(( RECORDS < 100000 ? RECORDS : 100000 ))
"$DOCKET" generate --records "$FILES_RECORDS" --layout files --out "$WORK/files" >/dev/null
RECS="$WORK/jsonl/datasets/recommendations/recommendations.jsonl"
SCHEMA="$WORK/jsonl/schemas/recommendations.schema.json"
TOTAL=$(cat "$WORK"/jsonl/datasets/*/*.jsonl | wc -l)
RECS_N=$(wc -l < "$RECS")
SAMPLE_N=$(( RECS_N < SAMPLE ? RECS_N : SAMPLE ))
find "$WORK/files/datasets/recommendations" -mindepth 1 -maxdepth 1 -printf '%f\n' | LC_ALL=C sort | awk -v n="$SAMPLE" -v d="$WORK/files/datasets/recommendations/" 'NR <= n { print d $0 }' > "$WORK/sample-files.txt"

# The valid corpus with every collection's lines in a fixed random order:
# records that do not arrive in key order.
cp -r "$WORK/valid" "$WORK/shuffled"
for f in "$WORK"/shuffled/datasets/*/*.jsonl; do
  shuf --random-source=<(yes) "$f" > "$f.tmp" && mv "$f.tmp" "$f"
done

# Warm the page cache so every tool reads from memory.
cat "$WORK"/jsonl/datasets/*/*.jsonl "$WORK"/valid/datasets/*/*.jsonl "$WORK"/shuffled/datasets/*/*.jsonl > /dev/null
find "$WORK/files/datasets" -type f -exec cat {} + > /dev/null

declare -A RATE
measure() { # name records command...
  local name=$1 records=$2; shift 2
  /usr/bin/time -f "%e %M" "$@" > /dev/null 2> "$WORK/err" || true
  local line; line=$(tail -1 "$WORK/err")
  local wall=${line% *} rss=${line#* }
  local rate; rate=$(awk -v n="$records" -v s="$wall" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  RATE[$name]=$rate
  printf "%-44s %10s rec/s %8.2f s %7.0f MiB" "$name" "$rate" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
  if [ -n "${BASE:-}" ]; then
    awk -v a="$BASE" -v b="$rate" 'BEGIN { printf "   docket is %.1fx\n", (b > 0 ? a / b : 0) }'
  else
    echo
  fi
}

echo
echo "## validate (schema; docket also checks references, ids, keys and dates)"
BASE=""
measure "docket validate, JSONL ($TOTAL records)" "$TOTAL" "$DOCKET" --root "$WORK/jsonl" validate --format json
BASE=${RATE["docket validate, JSONL ($TOTAL records)"]}
measure "serde_json parse, 1 thread (the floor)" "$TOTAL" "$FLOOR" "$WORK"/jsonl/datasets/*/*.jsonl
measure "ajv allErrors + formats (node)" "$RECS_N" node "$PEERS/ajv_check.mjs" "$SCHEMA" "$RECS"
measure "fastjsonschema (Python)" "$RECS_N" "$PY" "$PEERS/fastjsonschema_check.py" "$SCHEMA" "$RECS"
measure "jsonschema Draft202012 (Python, $SAMPLE_N)" "$SAMPLE_N" "$PY" "$PEERS/python_jsonschema.py" "$SCHEMA" "$RECS" "$SAMPLE_N"

echo
echo "## one file per record ($FILES_RECORDS recommendations as YAML)"
FILES_TOTAL=$(find "$WORK/files/datasets" -type f | wc -l)
BASE=""
measure "docket validate, YAML files ($FILES_TOTAL)" "$FILES_TOTAL" "$DOCKET" --root "$WORK/files" validate --format json
BASE=${RATE["docket validate, YAML files ($FILES_TOTAL)"]}
measure "check-jsonschema ($SAMPLE_N files)" "$SAMPLE_N" xargs -a "$WORK/sample-files.txt" benches/.venv/bin/check-jsonschema --schemafile "$SCHEMA"

echo
echo "## export of the valid records, all four collections"
VALID_TOTAL=$(cat "$WORK"/valid/datasets/*/*.jsonl | wc -l)
BASE=""
measure "docket validate (valid records)" "$VALID_TOTAL" "$DOCKET" --root "$WORK/valid" validate --format json
for formats in parquet csv sqlite json,jsonl "json,jsonl,csv,parquet,sqlite"; do
  measure "docket export --formats $formats" "$VALID_TOTAL" "$DOCKET" --root "$WORK/valid" export --quiet --formats "$formats" --out "$WORK/export-${formats//,/-}"
done
BASE=""
measure "DuckDB COPY to Parquet (zstd)" "$VALID_TOTAL" "$PY" "$PEERS/duckdb_export.py" "$WORK/valid/datasets" "$WORK/duck-parquet" parquet
measure "DuckDB COPY to CSV" "$VALID_TOTAL" "$PY" "$PEERS/duckdb_export.py" "$WORK/valid/datasets" "$WORK/duck-csv" csv
measure "polars scan_ndjson + sink_parquet (zstd)" "$VALID_TOTAL" "$PY" "$PEERS/polars_export.py" "$WORK/valid/datasets" "$WORK/polars-parquet"
measure "sqlite-utils insert --nl + enable-fts" "$VALID_TOTAL" "$PEERS/sqlite_utils_export.sh" benches/.venv/bin/sqlite-utils "$WORK/valid/datasets" "$WORK/sqlite-utils.sqlite"
measure "pyarrow to Parquet (recommendations)" "$(wc -l < "$WORK/valid/datasets/recommendations/recommendations.jsonl")" "$PY" "$PEERS/pyarrow_export.py" "$WORK/valid/datasets/recommendations/recommendations.jsonl" "$WORK/arrow.parquet" parquet

echo
echo "## export of the same records, shuffled (not in key order)"
BASE=""
for formats in parquet csv; do
  measure "docket export --formats $formats, shuffled" "$VALID_TOTAL" "$DOCKET" --root "$WORK/shuffled" export --quiet --formats "$formats" --out "$WORK/shuffled-export-$formats"
done
measure "DuckDB COPY to Parquet (zstd), ORDER BY id" "$VALID_TOTAL" "$PY" "$PEERS/duckdb_export.py" "$WORK/shuffled/datasets" "$WORK/duck-shuffled-parquet" parquet
measure "DuckDB COPY to CSV, ORDER BY id" "$VALID_TOTAL" "$PY" "$PEERS/duckdb_export.py" "$WORK/shuffled/datasets" "$WORK/duck-shuffled-csv" csv

echo
echo "# work directory: $WORK (remove it when done)"
