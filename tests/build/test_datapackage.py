"""The Frictionless Data Package of a build (``build/datapackage.py``): validated by the ``frictionless`` package
against its own specs, rows with readable columns, IRIs on the served base; offered under ``/dumps``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fixtures_web import app_for
from frictionless import validate

from dsi_graph.build import datapackage
from dsi_graph.rdf import uris
from dsi_graph.stores.oxigraph import OxigraphStore

MINI = Path(__file__).resolve().parents[1] / "data" / "mini.trig"

BASE = uris.DEFAULT_BASE
MAIN_CLASSES = {"meetings", "documents", "decisions", "organisations", "persons", "positions", "topics"}


def rows(folder: Path, table: str) -> dict[str, dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_the_real_build_package_is_valid_frictionless_data(real_build: Path):
    folder = real_build / datapackage.FOLDER
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in descriptor["resources"]} == MAIN_CLASSES
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    void = (real_build / "void.ttl").read_text(encoding="utf-8")
    assert "creativecommons.org/licenses/by/4.0/" in void  # the licence the VoID states


def test_the_tables_have_readable_columns(real_build: Path):
    folder = real_build / datapackage.FOLDER
    cop16 = rows(folder, "meetings")[BASE + "id/meeting/cop-16"]
    assert cop16["code"] == "COP 16" and cop16["type"] == "Conference of the Parties"
    assert cop16["start_date"].startswith("2024-10") and cop16["label"].startswith("Sixteenth meeting")
    kenya = rows(folder, "organisations")[BASE + "id/organisation/party-kenya"]
    assert (kenya["iso_alpha2"], kenya["iso_alpha3"]) == ("KE", "KEN")
    assert "http://publications.europa.eu/resource/authority/country/KEN" in kenya["same_as"].split(" | ")
    decision = rows(folder, "decisions")[BASE + "id/decision/cbd-cop-dec-16-2"]
    assert decision["number"] == "16/2" and decision["type"] == "Decision" and decision["date"] == "2024-11-02"
    assert decision["adopted_at"] == BASE + "id/meeting/cop-16" and "(COP 16)" in decision["adopted_at_label"]
    documents = rows(folder, "documents")
    assert BASE + "id/decision/cbd-cop-dec-16-2" not in documents  # decisions have their own table
    assert documents[BASE + "id/document/rohden-scholz-2021"]["same_as"] == "https://doi.org/10.1002/ppp3.10198"


def test_iris_are_written_on_the_served_base(tmp_path: Path):
    base = "https://example.org/dsi/"
    rebased = tmp_path / "rebased.trig"  # the mini graph on another base, as a build on that base holds it
    rebased.write_text(MINI.read_text(encoding="utf-8").replace(BASE, base), encoding="utf-8")
    store = OxigraphStore()
    store.load(str(rebased))
    datapackage.write_package(store, tmp_path, base)
    table = rows(tmp_path / datapackage.FOLDER, "topics")
    assert table and all(iri.startswith(base + "id/topic/") for iri in table)
    descriptor = json.loads((tmp_path / datapackage.FOLDER / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["id"] == base + "dataset"


@pytest.fixture()
def dumps_client(real_build: Path, real_store: OxigraphStore):
    return app_for(real_store, real_build, "test").test_client()


def test_dumps_lists_the_package_and_serves_its_files(dumps_client):
    listing = dumps_client.get("/dumps.json").get_json()
    assert {d["name"] for d in listing["dumps"]} >= {"dsi-graph.nq", "void.ttl"}
    package = listing["datapackage"]
    assert {r["name"] for r in package["resources"]} == MAIN_CLASSES
    with dumps_client.get(package["path"]) as descriptor:  # send_file's file is closed with the response
        assert descriptor.status_code == 200 and descriptor.get_json()["profile"] == "tabular-data-package"
    meetings = next(r for r in package["resources"] if r["name"] == "meetings")
    with dumps_client.get(meetings["path"]) as table:
        assert table.status_code == 200 and table.mimetype == "text/csv"
        assert table.data.decode("utf-8").splitlines()[0].startswith("id,label,type,")
    page = dumps_client.get("/dumps")
    assert page.status_code == 200 and page.mimetype == "text/html" and meetings["path"].encode() in page.data
    assert dumps_client.get("/dumps/datapackage/..%2Fbuild.json").status_code == 404
    assert dumps_client.get("/dumps/datapackage/nothing.csv").status_code == 404
