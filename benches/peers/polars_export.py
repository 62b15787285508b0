"""Export every collection's JSONL files to Parquet (zstd) with polars'
streaming engine, sorted by id as docket sorts them.
Usage: polars_export.py DATASETS_DIR OUT_DIR"""

import pathlib
import sys

import polars as pl

datasets, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for folder in sorted(p for p in datasets.iterdir() if p.is_dir()):
    files = sorted(str(f) for f in folder.glob("*.jsonl"))
    (
        pl.scan_ndjson(files, infer_schema_length=None)
        .sort("id")
        .sink_parquet(out / f"{folder.name}.parquet", compression="zstd")
    )
print('{"done": true}')
