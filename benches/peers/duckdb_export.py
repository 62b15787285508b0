"""Export every collection's JSONL files to Parquet (zstd) or CSV with
DuckDB's COPY, sorted by id as docket sorts them.
Usage: duckdb_export.py DATASETS_DIR OUT_DIR parquet|csv"""

import pathlib
import sys

import duckdb

datasets, out, kind = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
out.mkdir(parents=True, exist_ok=True)
con = duckdb.connect()
options = "(FORMAT parquet, COMPRESSION zstd)" if kind == "parquet" else "(FORMAT csv, HEADER)"
for folder in sorted(p for p in datasets.iterdir() if p.is_dir()):
    files = sorted(str(f) for f in folder.glob("*.jsonl"))
    target = out / f"{folder.name}.{kind}"
    con.execute(
        f"COPY (SELECT * FROM read_json({files!r}, format='newline_delimited') ORDER BY id) TO '{target}' {options}"
    )
print('{"done": true}')
