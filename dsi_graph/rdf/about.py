"""What the dataset is and on which terms it may be used: title, creator, the two licences, how to cite a build.

One place for these facts: the VoID (:mod:`dsi_graph.build.void`), the pages' footer, the home page's citation and
schema.org ``Dataset``, and ``/index.json`` read them from here; ``tests/cli/test_citation.py`` checks that
``LICENSE``, ``LICENSE-DATA``, ``CITATION.cff`` and ``pyproject.toml`` say the same. No I/O.
"""

from __future__ import annotations

from typing import Any

TITLE = "DSI negotiation knowledge graph"
DESCRIPTION = (
    "A linked-data knowledge graph of the international negotiation on Digital Sequence Information on genetic "
    "resources (DSI) under the Convention on Biological Diversity and the Nagoya Protocol: meetings, decisions, "
    "documents, actors, positions and processes, each statement kept in the named graph of its source."
)
CREATOR = "The dsi-graph contributors"

#: The data (data/, ontology/, every artefact of a build): CC BY 4.0 (LICENSE-DATA).
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENSE_SPDX = "CC-BY-4.0"
DATA_LICENSE_NAME = "CC BY 4.0"
#: The code (dsi_graph/, scripts/, tests/, benchmarks/): MIT (LICENSE).
CODE_LICENSE = "https://spdx.org/licenses/MIT.html"
CODE_LICENSE_SPDX = "MIT"
CODE_LICENSE_NAME = "MIT"
SOURCES_NOTE = "Facts come from the named public sources: every statement names its source."


def licence() -> dict[str, Any]:
    """The licences as JSON (``/index.json``, the footer)."""
    return {
        "data": {"name": DATA_LICENSE_NAME, "spdx": DATA_LICENSE_SPDX, "url": DATA_LICENSE},
        "code": {"name": CODE_LICENSE_NAME, "spdx": CODE_LICENSE_SPDX, "url": CODE_LICENSE},
        "note": SOURCES_NOTE,
    }


def citation(version: str, build: dict[str, Any], url: str) -> dict[str, Any]:
    """How to cite one build: a sentence, BibTeX and its parts (version, build id, build date, URL, licence).

    :param build: the build's ``build.json`` (``build_id``, ``built_at``; either may be missing).
    :param url: the dataset's home page.
    """
    build_id = str(build.get("build_id") or "")
    built_at = str(build.get("built_at") or "")
    date, year = built_at[:10], built_at[:4]
    edition = f"version {version}" + (f", build {build_id[:12]}" if build_id else "")
    dated = f" ({year})" if year else ""
    text = f"{CREATOR}{dated}. {TITLE} [data set], {edition}" + (f", built {date}" if date else "") + \
        f". {DATA_LICENSE_NAME}. {url}"
    fields = [("author", "{" + CREATOR + "}"), ("title", TITLE), ("version", version)]
    if year:
        fields.append(("year", year))
    if build_id:
        fields.append(("note", f"build {build_id[:12]}" + (f", built {date}" if date else "")))
    fields += [("url", url), ("howpublished", "Linked-data service and dumps"), ("license", DATA_LICENSE_NAME)]
    bibtex = "@misc{dsi-graph,\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}\n"
    return {"text": text, "bibtex": bibtex, "title": TITLE, "creator": CREATOR, "version": version,
            "build_id": build_id or None, "date": date or None, "url": url, "license": DATA_LICENSE}


def schema_org_dataset(version: str, build: dict[str, Any], url: str,
                       dumps: list[dict[str, str]]) -> dict[str, Any]:
    """The schema.org ``Dataset`` of the home page (JSON-LD): licence, version, date, dumps, creator, citation.

    :param dumps: ``{"url", "media_type", "name"}`` of each download (absolute URLs).
    """
    cited = citation(version, build, url)
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": url,
        "name": TITLE,
        "description": DESCRIPTION,
        "url": url,
        "license": DATA_LICENSE,
        "version": version,
        "creator": {"@type": "Organization", "name": CREATOR},
        "citation": cited["text"],
        "isAccessibleForFree": True,
        "distribution": [{"@type": "DataDownload", "name": d["name"], "contentUrl": d["url"],
                          "encodingFormat": d["media_type"]} for d in dumps],
    }
    if cited["date"]:
        data["dateModified"] = cited["date"]
    if cited["build_id"]:
        data["identifier"] = f"build {cited['build_id']}"
    return data
