"""Reads a docket export of any dataset back with pyarrow, polars, DuckDB
and frictionless, and checks, independently of docket's code, that every
value of every record survives: each Parquet row and each main CSV row is
compared, by key, with the record as the JSON export holds it.

Usage: check_export.py EXPORT_DIR [EXPECTED_TYPES_JSON]

EXPECTED_TYPES_JSON, when given, maps "collection.column" to the Arrow type
pyarrow must report (its `str()`), e.g. {"things.when": "timestamp[us, tz=UTC]"}.
"""

import datetime as dt
import json
import math
import sys
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from frictionless import Package, system

failures = []


def fail(message):
    failures.append(message)


def instant(text):
    text = text.replace("t", "T").replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    # A leap second is the first instant of the next minute, as docket
    # documents (no reader's timestamp type has a 61st second).
    leap = text[17:19] == "60"
    if leap:
        text = text[:17] + "59" + text[19:]
    value = dt.datetime.fromisoformat(text)
    return value + dt.timedelta(seconds=1) if leap else value


def is_json_type(arrow_field):
    meta = arrow_field.metadata or {}
    return meta.get(b"ARROW:extension:name") == b"arrow.json" or str(arrow_field.type).startswith("extension<arrow.json")


def same(field, got, want, where):
    """Compares a value read from Parquet with the JSON value."""
    if want is None:
        default = (field.metadata or {}).get(b"default")
        if default is not None:
            # docket writes an absent value as the schema's default, and
            # says so in the field metadata.
            want = json.loads(default)
        elif got is not None and not is_json_type(field):
            fail(f"{where}: expected null, got {got!r}")
            return
        else:
            return
    if is_json_type(field):
        if got is None or json.loads(got) != want:
            fail(f"{where}: JSON text {got!r} != {want!r}")
        return
    t = field.type
    if pa.types.is_timestamp(t):
        if got is None or got != instant(want):
            fail(f"{where}: timestamp {got!r} != {want!r}")
    elif pa.types.is_date32(t):
        if got != dt.date.fromisoformat(want):
            fail(f"{where}: date {got!r} != {want!r}")
    elif pa.types.is_list(t):
        if not isinstance(got, list) or len(got) != len(want):
            fail(f"{where}: list {got!r} != {want!r}")
            return
        for i, (g, w) in enumerate(zip(got, want)):
            same(t.value_field, g, w, f"{where}[{i}]")
    elif pa.types.is_struct(t):
        if not isinstance(got, dict):
            fail(f"{where}: struct {got!r} != {want!r}")
            return
        for child in t:
            same(child, got.get(child.name), want.get(child.name), f"{where}.{child.name}")
    elif pa.types.is_floating(t):
        if got is None or not math.isclose(got, float(want)):
            fail(f"{where}: number {got!r} != {want!r}")
    elif pa.types.is_integer(t):
        if got != int(want):
            fail(f"{where}: integer {got!r} != {want!r}")
    else:
        if got != want:
            fail(f"{where}: {got!r} != {want!r}")


def declared(field, value, pointer, extras, where):
    """Every member of every object in `value` has a column, or is in the
    record's column of undeclared values."""
    t = field.type
    if value is None or is_json_type(field):
        return
    if pa.types.is_struct(t) and isinstance(value, dict):
        names = {c.name for c in t}
        for key, child in value.items():
            at = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key in names:
                declared(t.field(key), child, at, extras, where)
            elif extras.get(at, object()) != child:
                fail(f"{where}: undeclared {at} lost")
    elif pa.types.is_list(t) and isinstance(value, list):
        for i, item in enumerate(value):
            declared(t.value_field, item, f"{pointer}/{i}", extras, where)


def check_parquet(export, collection, records, key, expected):
    path = export / "parquet" / f"{collection}.parquet"
    table = pq.read_table(path)
    schema = table.schema
    for name, arrow_type in expected.items():
        c, column = name.split(".", 1)
        if c == collection:
            got = str(schema.field(column).type)
            if got != arrow_type:
                fail(f"{collection}.{column}: Arrow type {got}, expected {arrow_type}")
    rows = table.to_pylist()
    if len(rows) != len(records):
        fail(f"{collection}: {len(rows)} Parquet rows, {len(records)} records")
    extra_name = next((f.name for f in schema if (f.metadata or {}).get(b"description", b"").startswith(b"Values the records carry")), None)
    for row, record in zip(rows, records):
        where = f"{collection}[{[record.get(k) for k in key]}]"
        extras = json.loads(row[extra_name]) if extra_name and row.get(extra_name) else {}
        for pointer, value in extras.items():
            parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
            at = record
            for p in parts:
                at = at[int(p)] if isinstance(at, list) else at.get(p)
            if at != value:
                fail(f"{where}: extra {pointer} {value!r} != {at!r}")
        names = {f.name for f in schema}
        for field in schema:
            if field.name == extra_name:
                continue
            same(field, row.get(field.name), record.get(field.name), f"{where}.{field.name}")
            declared(field, record.get(field.name), f"/{field.name}", extras, where)
        for member, value in record.items():
            pointer = "/" + member.replace("~", "~0").replace("/", "~1")
            if member not in names and extras.get(pointer, object()) != value:
                fail(f"{where}: undeclared member {member} lost")
    # polars and DuckDB read the same file, JSON columns included.
    frame = pl.read_parquet(path)
    if frame.height != len(records):
        fail(f"{collection}: polars read {frame.height} rows")
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
    if count != len(records):
        fail(f"{collection}: DuckDB read {count} rows")
    for field in schema:
        if is_json_type(field):
            bad = duckdb.sql(
                f"SELECT count(*) FROM read_parquet('{path}') WHERE \"{field.name}\" IS NOT NULL AND NOT json_valid(\"{field.name}\")"
            ).fetchall()[0][0]
            if bad:
                fail(f"{collection}.{field.name}: {bad} values DuckDB does not read as JSON")


def scalar_equal(kind, cell, want):
    """Whether a CSV cell of a Table Schema type holds the JSON value."""
    if kind == "datetime":
        return instant(cell) == instant(want)
    if kind == "integer":
        return int(cell) == want
    if kind == "number":
        return math.isclose(float(cell), want)
    if kind == "boolean":
        return cell == ("true" if want else "false")
    return cell == want


def check_csv(export, package, collection, records, key):
    """The main CSV table, read by DuckDB with the Table Schema's types:
    every top-level column equals the record's value."""
    resource = next(r for r in package["resources"] if r["name"] == collection)
    fields = resource["schema"]["fields"]
    path = export / resource["path"]
    rows = duckdb.sql(f"SELECT * FROM read_csv('{path}', all_varchar=true, header=true)").fetchall()
    columns = [f["name"] for f in fields]
    if len(rows) != len(records):
        fail(f"{collection}.csv: {len(rows)} rows, {len(records)} records")
    for row, record in zip(rows, records):
        cells = dict(zip(columns, row))
        for f in fields:
            name = f["name"]
            if name not in record:
                continue
            want, cell = record[name], cells[name]
            where = f"{collection}.csv[{[record.get(k) for k in key]}].{name}"
            if want is None or want == "":
                # CSV has one empty cell for a missing value and an empty
                # string (Table Schema's default `missingValues`).
                if cell not in (None, ""):
                    fail(f"{where}: expected empty, got {cell!r}")
                continue
            kind = f["type"]
            if kind in ("object", "array", "any"):
                ok = cell is not None and json.loads(cell) == want
            elif kind == "list":
                items = (cell or "").split(f["delimiter"]) if cell else []
                ok = len(items) == len(want) and all(
                    scalar_equal(f.get("itemType", "string"), c, w) for c, w in zip(items, want)
                )
            else:
                ok = scalar_equal(kind, cell, want)
            if not ok:
                fail(f"{where}: CSV {cell!r} != {want!r}")


def check_sqlite(export, package):
    """Every CSV table is a SQLite table with as many rows, and every key holds."""
    import sqlite3

    path = export / "sqlite" / "dataset.sqlite"
    db = sqlite3.connect(path)
    if db.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
        fail("sqlite: integrity check failed")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        fail(f"sqlite: foreign keys broken: {broken[:5]}")
    for resource in package["resources"]:
        rows = duckdb.sql(f"SELECT count(*) FROM read_csv('{export / resource['path']}', all_varchar=true, header=true)").fetchall()[0][0]
        count = db.execute(f'SELECT count(*) FROM "{resource["name"]}"').fetchall()[0][0]
        if rows != count:
            fail(f"sqlite: {resource['name']} has {count} rows, the CSV {rows}")


def main():
    export = Path(sys.argv[1])
    expected = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    package = json.loads((export / "datapackage.json").read_text())
    with system.use_context(trusted=True):
        report = Package(str(export / "datapackage.json")).validate()
    if not report.valid:
        for task in report.tasks:
            for error in task.errors[:5]:
                fail(f"frictionless: {task.name}: {error.message}")
    for path in sorted((export / "json").glob("*.json")):
        collection = path.stem
        records = json.loads(path.read_text())
        schema_key = [f for f in package["resources"] if f["name"] == collection][0]["schema"]["primaryKey"]
        check_parquet(export, collection, records, schema_key, expected)
        check_csv(export, package, collection, records, schema_key)
    if (export / "sqlite" / "dataset.sqlite").exists():
        check_sqlite(export, package)
    if failures:
        print("\n".join(failures[:80]))
        print(f"{len(failures)} problems")
        sys.exit(1)
    print("export read back: every value survives")


if __name__ == "__main__":
    main()
