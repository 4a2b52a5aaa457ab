"""The Frictionless Data Package of a build (``datapackage/``): one CSV per main class and ``datapackage.json``.

For people who do not speak SPARQL: each table is one query of ``build/tables/*.rq`` (its ``#+`` header gives
the title, the class and each column's description), one row per entity, with readable columns (the entity's
IRI, its label, its most specific class, dates, symbols, and links as IRIs beside their labels; several values in
one cell are separated by `` | ``). The descriptor gives a Table Schema per resource (``id`` the primary key, every
column a string, dates checked by a pattern since sources give days, months or years) and the licence the VoID
states (CC BY 4.0). The queries run on the build's own store (``store/``, whose default graph is the union of
the named graphs, so a statement several sources give is read once), their ``dsi:`` prefix on the served base.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from dsi_graph.build.void import DESCRIPTION, LICENSE, TITLE
from dsi_graph.rdf import uris
from dsi_graph.rdf.rqfile import RqFile, load_folder
from dsi_graph.stores.base import GraphStore

TABLES_DIR = Path(__file__).resolve().parent / "tables"
FOLDER = "datapackage"
SEPARATOR = " | "
DATE_PATTERN = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"


def tables() -> list[RqFile]:
    """The table queries, in file-name order."""
    return load_folder(TABLES_DIR, "*.rq")


def _text(table: RqFile, base: str) -> str:
    """The query on the served base (its only IRIs under the default base are the ``dsi:`` prefix's)."""
    return table.text if base == uris.DEFAULT_BASE else table.text.replace(uris.DEFAULT_BASE, base)


def _schema(table: RqFile) -> dict[str, Any]:
    fields = []
    for spec in table.header.get("fields", []):
        field: dict[str, Any] = {"name": spec["name"], "type": "string", "description": spec["description"]}
        if spec["name"] == "id":
            field.update(format="uri", constraints={"required": True, "unique": True})
        elif spec.get("date"):
            field["constraints"] = {"pattern": DATE_PATTERN}
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"]}


def write_package(store: GraphStore, out: Path, base: str = uris.DEFAULT_BASE) -> dict[str, int]:
    """Write ``out/datapackage/{table}.csv`` and ``datapackage.json`` from ``store`` (a build on ``base``).

    :return: rows per table.
    """
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    resources, counts = [], {}
    for table in tables():
        names = [spec["name"] for spec in table.header["fields"]]
        rows = store.select(_text(table, base)).rows
        with open(folder / f"{table.name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(names)
            for row in rows:
                writer.writerow(["" if row.get(name) is None else str(row[name]) for name in names])
        counts[table.name] = len(rows)
        resources.append({
            "name": table.name, "path": f"{table.name}.csv", "title": table.get("title"),
            "description": table.get("summary"), "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": _schema(table),
        })
    descriptor = {
        "profile": "tabular-data-package", "name": "dsi-graph", "title": TITLE, "description": DESCRIPTION,
        "homepage": uris.path_to_iri("/", base), "id": uris.path_to_iri("/dataset", base),
        "licenses": [{"name": "CC-BY-4.0", "path": str(LICENSE), "title": "Creative Commons Attribution 4.0"}],
        "sources": [{"title": "dsi-graph SPARQL endpoint", "path": uris.path_to_iri("/sparql", base)}],
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    return counts
