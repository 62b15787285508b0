"""Load a docket release in a notebook-style session: polars for the tables,
DuckDB for SQL across them. Joins each recommendation to its document and to
the organisations it is addressed to.

    python examples/load_release.py dist/2.0.0
"""

import pathlib
import sys

import duckdb
import polars as pl

release = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist/2.0.0")
parquet = release / "parquet"

recommendations = pl.read_parquet(parquet / "recommendations.parquet")
documents = pl.read_parquet(parquet / "documents.parquet")
organizations = pl.read_parquet(parquet / "organizations.parquet")

# Recommendations with the title (or curator-supplied title) and date of their document.
with_documents = recommendations.join(
    documents.select(
        pl.col("id").alias("document"),
        pl.coalesce("title", "supplied_title").alias("document_title"),
        pl.col("date").alias("document_date"),
    ),
    on="document",
    how="left",
)

# One row per recommendation and addressee, with the addressee's name.
by_addressee = (
    with_documents.explode("addressees")
    .drop_nulls("addressees")
    .join(
        organizations.select(pl.col("id").alias("addressees"), pl.col("name").alias("addressee_name")),
        on="addressees",
        how="left",
    )
)
assert by_addressee["addressee_name"].null_count() == 0, "every addressee id joins to an organisation"

print(f"{recommendations.height} recommendations in {documents.height} documents, {organizations.height} organizations")
print("\nRecommendations per addressee:")
print(by_addressee.group_by("addressee_name").len().sort(["len", "addressee_name"], descending=[True, False]))

# The same question in SQL, straight from the Parquet files.
con = duckdb.connect()
rows = con.execute(
    f"""
    SELECT d.kind AS document_kind, r.kind AS recommendation_kind, count(*) AS n
    FROM '{parquet / "recommendations.parquet"}' r
    JOIN '{parquet / "documents.parquet"}' d ON d.id = r.document
    GROUP BY ALL ORDER BY n DESC, document_kind, recommendation_kind
    """
).fetchall()
print("\nRecommendations by document kind and recommendation kind:")
for document_kind, recommendation_kind, n in rows:
    print(f"  {document_kind:<24} {recommendation_kind:<16} {n}")

# Instruments cited by recommendations, through the citations list of structs.
cited = con.execute(
    f"""
    SELECT t.name, count(DISTINCT r.id) AS recommendations
    FROM '{parquet / "recommendations.parquet"}' r, UNNEST(r.citations) AS c(citation)
    JOIN '{parquet / "treaties.parquet"}' t ON t.id = citation.instrument
    GROUP BY t.name ORDER BY recommendations DESC, t.name
    """
).fetchall()
print("\nInstruments cited by recommendations:")
for name, n in cited:
    print(f"  {n}  {name}")
