"""Export a JSONL file to Parquet or CSV with DuckDB's COPY.
Usage: duckdb_export.py FILE.jsonl OUT parquet|csv"""

import sys

import duckdb

source, out, kind = sys.argv[1:4]
con = duckdb.connect()
options = "(FORMAT parquet, COMPRESSION zstd)" if kind == "parquet" else "(FORMAT csv, HEADER)"
con.execute(f"COPY (SELECT * FROM read_json('{source}', format='newline_delimited') ORDER BY id) TO '{out}' {options}")
print('{"done": true}')
