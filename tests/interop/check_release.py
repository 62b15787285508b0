"""Reads a docket release back with the tools data users pick (pyarrow,
pandas, polars, DuckDB, frictionless, sha256sum) and checks every format
against the JSON release. Written independently of docket's own code: the
expected Arrow types and CSV cells are derived here from the JSON Schemas.

Usage: check_release.py RELEASE_DIR   (exits non-zero on the first mismatch)
"""

import datetime
import json
import pathlib
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from frictionless import validate

ROOT = pathlib.Path(sys.argv[1])
DELIMITER = "|"
SCHEMAS = {
    p.name.removesuffix(".schema.json"): json.loads(p.read_text())
    for p in sorted((ROOT / "schemas").glob("*.schema.json"))
}
RECORDS = {name: json.loads((ROOT / "json" / f"{name}.json").read_text()) for name in SCHEMAS}


def resolve(schema, node):
    while "$ref" in node:
        node = {**schema["$defs"][node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def arrow_type(schema, node):
    node = resolve(schema, node)
    if "enum" in node:
        return pa.dictionary(pa.int32(), pa.string())
    kind = node.get("type")
    if kind == "string":
        return pa.date32() if node.get("format") == "date" else pa.string()
    if kind == "integer":
        return pa.int64()
    if kind == "number":
        return pa.float64()
    if kind == "boolean":
        return pa.bool_()
    if kind == "array":
        return pa.list_(pa.field("item", arrow_type(schema, node["items"]), nullable=False))
    if kind == "object":
        required = set(node.get("required", []))
        return pa.struct(
            [pa.field(k, arrow_type(schema, v), nullable=k not in required) for k, v in node["properties"].items()]
        )
    raise AssertionError(f"unexpected schema node {node}")


def with_defaults(schema, node, value):
    """The record as a reader sees it: absent fields with a schema default filled in."""
    node = resolve(schema, node)
    if isinstance(value, dict) and "properties" in node:
        out = {}
        for key, sub in node["properties"].items():
            sub_resolved = resolve(schema, sub)
            if key in value:
                out[key] = with_defaults(schema, sub, value[key])
            else:
                out[key] = sub_resolved.get("default")
        return out
    if isinstance(value, list) and "items" in node:
        return [with_defaults(schema, node["items"], v) for v in value]
    return value


def plain(value):
    """A value read back by pandas/polars/pyarrow, as JSON would hold it."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (datetime.date, pd.Timestamp)):
        return value.isoformat()[:10]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is pd.NA:
        return None
    return value


def check_parquet():
    for name, schema in SCHEMAS.items():
        path = ROOT / "parquet" / f"{name}.parquet"
        table = pq.read_table(path)
        metadata = pq.read_metadata(path).metadata
        assert metadata[b"docket.collection"].decode() == name
        assert json.loads(metadata[b"docket.schema"]) == schema
        assert path.read_bytes()[-8:-4] and pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
        required = set(schema.get("required", []))
        for key, node in schema["properties"].items():
            field = table.schema.field(key)
            expected = arrow_type(schema, node)
            assert field.type.equals(expected), f"{name}.{key}: {field.type} != {expected}"
            assert field.nullable == (key not in required), f"{name}.{key} nullability"
            assert field.metadata[b"description"].decode() == resolve(schema, node).get("description", node.get("description"))
        expected_rows = [with_defaults(schema, schema, r) for r in RECORDS[name]]
        assert [plain(r) for r in table.to_pylist()] == expected_rows, f"pyarrow {name}"

        frame = pd.read_parquet(path)
        rows = [{k: plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
        assert rows == expected_rows, f"pandas parquet {name}"
        for key, node in schema["properties"].items():
            if "enum" in resolve(schema, node):
                assert isinstance(frame[key].dtype, pd.CategoricalDtype), f"{name}.{key} is not categorical in pandas"
                assert set(frame[key].cat.categories) <= set(resolve(schema, node)["enum"])

        polars_rows = [{k: plain(v) for k, v in row.items()} for row in pl.read_parquet(path).to_dicts()]
        assert polars_rows == expected_rows, f"polars parquet {name}"
    print("parquet: pyarrow, pandas and polars read every column as in the JSON release")


def csv_columns(schema, node, prefix, path):
    """(column name, path in record, is list) for the main CSV table, as docket documents it."""
    node = resolve(schema, node)
    for key, sub in node["properties"].items():
        sub_resolved = resolve(schema, sub)
        kind = sub_resolved.get("type")
        if kind == "object":
            yield from csv_columns(schema, sub_resolved, f"{prefix}{key}_", path + [key])
        elif kind == "array" and resolve(schema, sub_resolved["items"]).get("type") == "object":
            continue
        else:
            yield f"{prefix}{key}", path + [key], kind == "array"


def cell(value, is_list):
    if value is None:
        return ""
    if is_list:
        return DELIMITER.join(cell(v, False) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def dig(record, path):
    for key in path:
        record = record.get(key) if isinstance(record, dict) else None
    return record


def check_csv():
    for name, schema in SCHEMAS.items():
        columns = list(csv_columns(schema, schema, "", []))
        expected = [
            {column: cell(dig(with_defaults(schema, schema, r), path), is_list) for column, path, is_list in columns}
            for r in RECORDS[name]
        ]
        path = ROOT / "csv" / f"{name}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(frame.columns) == [c for c, _, _ in columns], f"{name}.csv header"
        assert frame.to_dict(orient="records") == expected, f"pandas csv {name}"
        polars_rows = [
            {k: ("" if v is None else v) for k, v in row.items()}
            for row in pl.read_csv(path, infer_schema=False).to_dicts()
        ]
        assert polars_rows == expected, f"polars csv {name}"

        # Link tables: one row per item of each list of references or of objects.
        singular = name[:-3] + "y" if name.endswith("ies") else name.rstrip("s")
        for key, node in schema["properties"].items():
            node = resolve(schema, node)
            if node.get("type") != "array":
                continue
            items = resolve(schema, node["items"])
            link = ROOT / "csv" / f"{name}__{key}.csv"
            if items.get("type") != "object" and "x-references" not in node["items"]:
                assert not link.exists()
                continue
            rows = pd.read_csv(link, dtype=str, keep_default_na=False).to_dict(orient="records")
            expected_links = []
            for record in RECORDS[name]:
                for position, item in enumerate(record.get(key, []), start=1):
                    row = {f"{singular}_id": record["id"], "position": str(position)}
                    if items.get("type") == "object":
                        full = with_defaults(schema, items, item)
                        for column, sub_path, is_list in csv_columns(schema, items, "", []):
                            row[column] = cell(dig(full, sub_path), is_list)
                    else:
                        row[key[:-1] if key.endswith("s") else key] = item
                    expected_links.append(row)
            assert rows == expected_links, f"link table {link.name}"
    print("csv: pandas and polars read every table as in the JSON release, link tables included")


def check_duckdb():
    con = duckdb.connect()
    p = lambda name: str(ROOT / "parquet" / f"{name}.parquet")
    joined = con.execute(
        f"""
        SELECT r.id, d.id, o.id, d.date
        FROM '{p("recommendations")}' r
        JOIN '{p("documents")}' d ON d.id = r.document
        CROSS JOIN UNNEST(r.addressees) AS a(addressee)
        JOIN '{p("organizations")}' o ON o.id = a.addressee
        """
    ).fetchall()
    expected = sum(len(r.get("addressees", [])) for r in RECORDS["recommendations"])
    assert len(joined) == expected, f"duckdb join: {len(joined)} rows, {expected} expected"
    types = dict(con.execute(f"DESCRIBE SELECT * FROM '{p('documents')}'").fetchall() and [
        (row[0], row[1]) for row in con.execute(f"DESCRIBE SELECT * FROM '{p('documents')}'").fetchall()
    ])
    assert types["date"] == "DATE" and types["authors"] == "VARCHAR[]", types
    link = str(ROOT / "csv" / "recommendations__addressees.csv")
    via_csv = con.execute(
        f"SELECT count(*) FROM read_csv('{link}') l JOIN '{p('organizations')}' o ON o.id = l.addressee"
    ).fetchone()[0]
    assert via_csv == expected
    print(f"duckdb: joined {len(joined)} recommendation-addressee pairs across collections")


def check_frictionless():
    report = validate(ROOT / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((ROOT / "datapackage.json").read_text())
    assert all(r.get("hash", "").startswith("sha256:") and r.get("bytes") for r in package["resources"])
    assert any(r["schema"].get("foreignKeys") for r in package["resources"])
    print(f"frictionless: {len(package['resources'])} resources valid, foreign keys and hashes included")


def check_sqlite():
    import sqlite3

    path = ROOT / "sqlite" / "dataset.sqlite"
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == [], "foreign keys hold"
    for name, records in RECORDS.items():
        count = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        assert count == len(records), f"sqlite {name}: {count} rows, {len(records)} records"
    # A full-text query finds a known recommendation by words of its text.
    some = next(r for r in RECORDS["recommendations"] if len(r["text"].split()) > 4)
    words = " ".join(w for w in some["text"].split()[:4] if w.isalpha())
    found = con.execute("SELECT id FROM search WHERE search MATCH ?", (f'"{words}"',)).fetchall()
    assert (some["id"],) in found, f"full-text search for {words!r} found {found}"
    datasette = pathlib.Path(sys.executable).parent / "datasette"
    result = subprocess.run([str(datasette), "inspect", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    inspected = json.loads(result.stdout)
    tables = next(iter(inspected.values()))["tables"]
    assert tables["recommendations"]["count"] == len(RECORDS["recommendations"]), tables["recommendations"]
    print(f"sqlite: integrity and foreign keys hold, full-text search works, datasette inspects {len(tables)} tables")


def check_checksums():
    result = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    print("sha256sum -c SHA256SUMS: OK")


if __name__ == "__main__":
    check_parquet()
    check_csv()
    check_duckdb()
    check_frictionless()
    check_sqlite()
    check_checksums()
