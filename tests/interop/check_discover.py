"""Checks that a docket release can be found, browsed and loaded: the
metadata each reader sees (pyarrow, polars, datasette), the Croissant file
(mlcroissant), the Hugging Face card (datasets), .zenodo.json, the card's
loading snippets, and the static site and charts (Chromium via Playwright).
Written independently of docket's code: expectations come from the JSON
release and the JSON Schemas in it.

Usage: check_discover.py RELEASE_DIR CHECK...   (exits non-zero on the
first mismatch; CHECK is one of the functions named check_<CHECK>)
"""

import asyncio
import datetime
import json
import os
import pathlib
import re
import sqlite3
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(sys.argv[1]).resolve()
SCHEMAS = {
    p.name.removesuffix(".schema.json"): json.loads(p.read_text())
    for p in sorted((ROOT / "schemas").glob("*.schema.json"))
}
RECORDS = {name: json.loads((ROOT / "json" / f"{name}.json").read_text()) for name in SCHEMAS}
VERSION = json.loads((ROOT / "datapackage.json").read_text()).get("version", "unversioned")


def resolve(schema, node):
    while "$ref" in node:
        node = {**schema["$defs"][node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def properties(name):
    schema = SCHEMAS[name]
    return {k: resolve(schema, v) for k, v in resolve(schema, schema)["properties"].items()}


def check_parquet_metadata():
    import polars as pl
    import pyarrow.parquet as pq

    for name, schema in SCHEMAS.items():
        path = ROOT / "parquet" / f"{name}.parquet"
        metadata = pq.read_table(path).schema.metadata
        assert metadata is not None, f"{path}: pyarrow sees no schema metadata"
        assert metadata[b"docket.dataset_version"].decode() == VERSION, metadata[b"docket.dataset_version"]
        assert json.loads(metadata[b"docket.schema"]) == schema
        assert metadata[b"docket.collection"].decode() == name
        seen = pl.read_parquet_metadata(path)
        assert seen["docket.dataset_version"] == VERSION and json.loads(seen["docket.schema"]) == schema, seen.keys()
    print(f"parquet metadata: pyarrow and polars read version {VERSION} and the schema of {len(SCHEMAS)} files")


def free_text(schema, node, path, out, key=False):
    """Dotted paths of the free-text fields under node, as the card defines them."""
    node = resolve(schema, node)
    if key or "x-references" in node or "pattern" in node or "enum" in node or "const" in node:
        return
    types = node.get("type")
    types = [types] if isinstance(types, str) else (types or [])
    if "string" in types and "format" not in node:
        out.add(path)
    if "array" in types and "items" in node:
        free_text(schema, node["items"], path, out)
    if "object" in types or "properties" in node:
        for name, sub in node.get("properties", {}).items():
            free_text(schema, sub, f"{path}.{name}" if path else name, out)


def check_sqlite_metadata():
    con = sqlite3.connect(ROOT / "sqlite" / "dataset.sqlite")
    metadata = json.loads((ROOT / "sqlite" / "metadata.json").read_text())
    tables = metadata["databases"]["dataset"]["tables"]
    searched = 0
    for name in SCHEMAS:
        props = properties(name)
        described = tables[name]
        assert described["description"] == resolve(SCHEMAS[name], SCHEMAS[name]).get("description", ""), name
        columns = {row[1] for row in con.execute(f'PRAGMA table_info("{name}")')}
        for field, node in props.items():
            if "description" in node and field in columns:
                assert described["columns"].get(field) == node["description"], (name, field)
        enums = {f for f, n in props.items() if "enum" in n}
        assert enums <= set(described.get("facets", [])), (name, enums, described.get("facets"))
        # Every free-text field of the schema that has a value is in the index.
        wanted = set()
        for field, node in props.items():
            free_text(SCHEMAS[name], node, field, wanted, key=field == "id")
        indexed = {f for (f,) in con.execute("SELECT DISTINCT field FROM search WHERE collection = ?", (name,))}
        present = set()
        for record in RECORDS[name]:
            for path in wanted:
                values = [record]
                for part in path.split("."):
                    values = [v.get(part) for v in values if isinstance(v, dict)]
                    values = [x for v in values for x in (v if isinstance(v, list) else [v])]
                if any(isinstance(v, str) for v in values):
                    present.add(path)
        assert present <= indexed, f"{name}: not indexed: {present - indexed}"
        assert indexed <= wanted, f"{name}: indexed but not free text: {indexed - wanted}"
        searched += len(wanted)
    # Aliases and cited_as wordings are searchable.
    alias = next(a for r in RECORDS["organizations"] for a in r.get("aliases", []))
    hits = con.execute("SELECT id FROM search WHERE search MATCH ? AND field = 'aliases'", (f'"{alias}"',)).fetchall()
    assert hits, alias
    from datasette.app import Datasette

    async def browse():
        ds = Datasette([str(ROOT / "sqlite" / "dataset.sqlite")], metadata=metadata)
        page = await ds.client.get("/dataset/recommendations.json")
        assert page.status_code == 200, page.text
        facets = page.json()["facet_results"]
        assert "kind" in facets and facets["kind"]["results"], facets.keys()
        html = (await ds.client.get("/dataset/recommendations")).text
        assert tables["recommendations"]["description"][:40].replace("'", "&#39;") in html
        found = await ds.client.get("/dataset/search.json", params={"_search": f'"{alias}"', "_shape": "objects"})
        assert any(r["field"] == "aliases" for r in found.json()["rows"]), found.text

    asyncio.run(browse())
    print(f"sqlite metadata: datasette shows descriptions and facets; the full-text index covers {searched} free-text fields, aliases searchable")


def normalise(value):
    """A value as mlcroissant or the JSON release gives it, in one shape:
    text as str, dates and instants as ISO text in UTC, empty lists and
    all-empty objects as None."""
    import numpy as np
    import pandas as pd

    if isinstance(value, bytes):
        return value.decode()
    if type(value) is datetime.date:
        return value.isoformat()
    if isinstance(value, (pd.Timestamp, datetime.datetime)):
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_convert("UTC") if stamp.tzinfo else stamp
        return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() and not stamp.tzinfo else stamp.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT.*", value):
        return normalise(pd.Timestamp(value))
    if isinstance(value, np.generic):
        return normalise(value.item())
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [normalise(v) for v in value]
        return items if any(i is not None for i in items) else None
    if isinstance(value, dict):
        out = {str(k).split("/")[-1]: normalise(v) for k, v in value.items()}
        out = {k: v for k, v in out.items() if v is not None}
        return out or None
    if isinstance(value, float) and value != value:
        return None
    return value


def expected_record(name, record):
    """The JSON record with the schema's defaults filled in, as Parquet
    writes them."""
    out = dict(record)
    for field, node in properties(name).items():
        if out.get(field) is None and "default" in node:
            out[field] = node["default"]
    return normalise(out)


def check_croissant():
    import mlcroissant as mlc

    path = ROOT / "croissant.json"
    croissant = json.loads(path.read_text())
    assert croissant["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    assert croissant["version"] == VERSION
    files = {f["contentUrl"]: f for f in croissant["distribution"]}
    import hashlib

    for url, f in files.items():
        assert hashlib.sha256((ROOT / url).read_bytes()).hexdigest() == f["sha256"], url
    for name in SCHEMAS:
        assert f"parquet/{name}.parquet" in files, name
    # Validation: mlcroissant raises on any error in the file.
    dataset = mlc.Dataset(str(path))
    errors = dataset.metadata.ctx.issues.errors
    assert not errors, errors
    for record_set in dataset.metadata.record_sets:
        name = record_set.uuid
        key = [k.uuid if hasattr(k, "uuid") else k for k in (record_set.key or [])]
        assert key == [f"{name}/id"], key
        loaded = [normalise(r) for r in dataset.records(name)]
        want = [expected_record(name, r) for r in RECORDS[name]]
        assert len(loaded) == len(want), f"{name}: {len(loaded)} records, {len(want)} in JSON"
        by_id = {r["id"]: r for r in loaded}
        for record in want:
            got = by_id[record["id"]]
            assert got == record, f"{name} {record['id']}:\n{json.dumps(got, default=str)[:800]}\n{json.dumps(record, default=str)[:800]}"
    references = [f for rs in croissant["recordSet"] for f in rs["field"] if "references" in f]
    assert references, "some field references another record set"
    print(f"croissant: valid, {len(files)} files with SHA-256, {len(dataset.metadata.record_sets)} record sets load with the JSON release's records and values")


def front_matter():
    import yaml

    text = (ROOT / "README.md").read_text()
    assert text.startswith("---\n"), "the README opens with YAML front matter"
    return yaml.safe_load(text.split("---\n")[1])


def check_huggingface():
    os.environ.setdefault("HF_HOME", tempfile.mkdtemp())
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    import datasets

    matter = front_matter()
    assert matter["pretty_name"] and matter["license"] and "docket" in matter["tags"], matter.keys()
    configs = {c["config_name"]: c for c in matter["configs"]}
    assert set(configs) == set(SCHEMAS), configs.keys()
    infos = {i["config_name"]: i for i in matter["dataset_info"]}
    for name in SCHEMAS:
        assert configs[name]["data_files"][0]["path"] == f"parquet/{name}.parquet"
        loaded = datasets.load_dataset(str(ROOT), name, split="train")
        assert loaded.num_rows == len(RECORDS[name]), (name, loaded.num_rows)
        declared = datasets.Features._from_yaml_list(infos[name]["features"])
        assert loaded.features == declared, f"{name}: {loaded.features} != {declared}"
        props = properties(name)
        dates = [f for f, n in props.items() if n.get("format") == "date"]
        for field in dates:
            assert loaded.features[field].dtype == "date32", (name, field, loaded.features[field])
        for row, record in zip(loaded, RECORDS[name]):
            assert normalise(row) == expected_record(name, record), (name, record["id"])
    print(f"huggingface: load_dataset(<release>, <collection>) loads {len(SCHEMAS)} configs offline with the declared features and the JSON release's values")


def check_zenodo():
    zenodo = json.loads((ROOT / ".zenodo.json").read_text())
    package = json.loads((ROOT / "datapackage.json").read_text())
    assert zenodo["upload_type"] == "dataset"
    assert zenodo["title"] == package["title"] and zenodo["version"] == VERSION
    assert zenodo["license"] == package["licenses"][0]["name"].lower()
    assert [c["name"] for c in zenodo["creators"]] == [c["title"] for c in package.get("contributors", [])]
    assert zenodo["keywords"] == package["keywords"]
    print(f"zenodo: {len(zenodo)} fields agree with datapackage.json")


def check_snippets():
    """Runs every Python snippet of the card's "Load it" section in the
    release folder, and checks the attribution table names every field
    that refers to another collection."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Load it", 1)[1].split("\n## ", 1)[0]
    snippets = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(snippets) >= 4, f"{len(snippets)} Python snippets"
    assert "```r\n" in section, "an R snippet"
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": tempfile.mkdtemp()}
    for snippet in snippets:
        result = subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, capture_output=True, text=True, env=env)
        assert result.returncode == 0, f"snippet failed:\n{snippet}\n{result.stderr[-2000:]}"
    stored = text.split("## How values are stored", 1)[1].split("\n## ", 1)[0]
    for format in ["JSON", "Parquet", "CSV", "SQLite"]:
        assert f"| {format}" in stored, format
    who = text.split("## Who said it", 1)[1].split("\n## ", 1)[0]
    for name in SCHEMAS:
        refs = []

        def walk(node, path):
            node = resolve(SCHEMAS[name], node)
            if "x-references" in node or "x-references" in resolve(SCHEMAS[name], node.get("items", {})):
                refs.append(path)
            items = resolve(SCHEMAS[name], node.get("items", {}))
            for sub, child in items.get("properties", {}).items():
                walk(child, f"{path}[].{sub}")
            for sub, child in node.get("properties", {}).items():
                walk(child, f"{path}.{sub}")

        for field, node in properties(name).items():
            walk(node, field)
        for path in refs:
            row = next((l for l in who.splitlines() if l.startswith(f"| `{name}` | `{path}` |")), None)
            assert row, f"no attribution row for {name}.{path}"
            filled = sum(1 for r in RECORDS[name] if has_value(r, path))
            assert row.rstrip(" |").endswith(f"{filled} of {len(RECORDS[name])}"), (row, filled)
    print(f"card: {len(snippets)} Python snippets run; value storage for 4 formats; attribution fields listed with counts")


def has_value(record, path):
    values = [record]
    for part in path.replace("[]", "").split("."):
        values = [v.get(part) for v in values if isinstance(v, dict)]
        values = [x for v in values for x in (v if isinstance(v, list) else [v])]
    return any(v not in (None, "") for v in values)


def browser(playwright):
    """Chromium from the system packages (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])


def check_charts():
    from playwright.sync_api import sync_playwright

    charts = sorted((ROOT / "charts").glob("*.svg"))
    assert charts, "charts are written"
    names = {}
    for name in SCHEMAS:
        for record in RECORDS[name]:
            label = record.get("name") or record.get("title") or record.get("supplied_title")
            if label:
                names[(name, record["id"])] = label
    with sync_playwright() as p:
        chrome = browser(p)
        page = chrome.new_page()
        for chart in charts:
            target = chart.name.removesuffix("-referred.svg")
            page.goto(chart.as_uri())
            box = page.evaluate("() => document.documentElement.viewBox.baseVal && [document.documentElement.viewBox.baseVal.width, document.documentElement.viewBox.baseVal.height]")
            texts = page.evaluate("() => [...document.querySelectorAll('text')].map(t => { const b = t.getBBox(); return [b.x, b.y, b.width, b.height, t.textContent, (t.querySelector('title') || {}).textContent || null]; })")
            for x, y, w, h, text, _ in texts:
                assert x >= 0 and y >= 0 and x + w <= box[0] and y + h <= box[1], f"{chart.name}: {text!r} at {x},{y} {w}x{h} outside {box}"
            bars = [(text, id) for *_, text, id in texts if id]
            assert bars, chart.name
            for text, id in bars:
                # Labelled with the record's name (shortened when long), the id in its tooltip.
                name = names.get((target, id), id)
                shown = text.removeprefix(id) if text.startswith(id) and name != id else text
                assert name.startswith(shown.rstrip("…")), (chart.name, text, name)
            heading = " ".join(t for *_, t, _ in texts[:2])
            assert "counts the records that name" in heading, heading
            # Roles apart: one legend entry per referring field.
            legend = [t for *_, t, i in texts if i is None and re.fullmatch(r"\w+\.[\w\[\].]+", t)]
            assert legend, f"{chart.name}: no legend of referring fields"
        chrome.close()
    print(f"charts: {len(charts)} charts, every label inside the viewBox in Chromium, bars named, roles in a legend")


def check_site():
    from playwright.sync_api import sync_playwright

    index = ROOT / "site" / "index.html"
    html = index.read_text()
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://cdn" not in html, "no network access"
    recommendation = next(r for r in RECORDS["recommendations"] if len(r["text"].split()) > 8)
    words = " ".join(recommendation["text"].split()[2:7])
    document = next(d for d in RECORDS["documents"] if d["id"] == recommendation["document"])
    errors = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as shots:
        chrome = browser(p)
        page = chrome.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: errors.append(f"network: {r.url}") if not r.url.startswith("file:") else None)
        page.goto(index.as_uri())
        # The JSON-LD parses and describes this release.
        ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert ld["@type"] in ("Dataset", "sc:Dataset") and ld["version"] == VERSION, ld
        for d in ld["distribution"]:
            assert d["encodingFormat"] and (ROOT / d["contentUrl"]).is_file(), d
        # The card is rendered, with its charts.
        assert page.locator("article.card h2").count() >= 3
        charts = page.locator("article.card img")
        assert charts.count() >= 1 and all(charts.nth(i).evaluate("i => i.naturalWidth > 0") for i in range(charts.count()))
        # A search narrows the table to a known record.
        page.goto(index.as_uri() + "#/recommendations")
        total = page.locator("tbody tr").count()
        assert total == len(RECORDS["recommendations"]), total
        page.fill("#search", words)
        keys = page.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.key)")
        assert recommendation["id"] in keys and len(keys) < total, (words, keys)
        shot = pathlib.Path(shots) / "recommendations.png"
        page.screenshot(path=str(shot), full_page=True)
        size = shot.stat().st_size
        assert size > 10_000, f"screenshot of {size} bytes"
        # A filter by code narrows too.
        kind = recommendation["kind"]
        page.fill("#search", "")
        page.select_option('select[data-field="kind"]', kind)
        assert page.locator("tbody tr").count() == sum(1 for r in RECORDS["recommendations"] if r["kind"] == kind)
        # A reference link opens the referenced record.
        page.goto(index.as_uri() + "#/recommendations/" + recommendation["id"])
        page.locator(f'a.ref[title="{document["id"]}"]').first.click()
        page.wait_for_function("() => location.hash.startsWith('#/documents/')")
        shown = page.locator("#record-title").text_content()
        assert shown == (document.get("title") or document.get("supplied_title") or document["id"]), shown
        assert page.locator(f'dl.record[data-key="{document["id"]}"]').count() == 1
        chrome.close()
    assert not errors, errors
    site = sum(f.stat().st_size for f in (ROOT / "site").rglob("*") if f.is_file())
    print(f"site: no console errors, JSON-LD parses, search and filters narrow, references open, screenshot of {size} bytes, site {site} bytes")


if __name__ == "__main__":
    for name in sys.argv[2:]:
        globals()[f"check_{name}"]()
