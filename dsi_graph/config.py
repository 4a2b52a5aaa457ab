"""Settings: one typed table read from ``DSI_GRAPH_*`` environment variables, with documented defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

ENV_PREFIX = "DSI_GRAPH_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Setting(NamedTuple):
    """One setting: its name (the env var is ``DSI_GRAPH_`` + name upper-cased), default and help."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("base_iri", "https://w3id.org/dsi-graph/", "Base IRI of entity, graph and ontology IRIs."),
    Setting("build_dir", "dist", "Directory of the build that `serve` serves and `build` writes."),
    Setting("data_dir", str(PROJECT_ROOT / "data"), "Directory of the curated YAML data."),
    Setting("ontology_dir", str(PROJECT_ROOT / "ontology"), "Directory of the ontology Turtle files."),
    Setting("shapes_dir", str(PROJECT_ROOT / "shapes"), "Directory of the SHACL shapes."),
    Setting("queries_dir", str(PROJECT_ROOT / "queries"), "Directory of the named queries (.rq files)."),
    Setting("store", "oxigraph", "Store backend: oxigraph | memory (rdflib) | remote (SPARQL endpoint)."),
    Setting("store_mode", "disk", "For the oxigraph backend: disk (the build's store/, else the dump) or memory."),
    Setting("sparql_endpoint", "", "Query URL of a remote SPARQL 1.1 endpoint (store=remote)."),
    Setting("graph_store", "", "Graph Store Protocol URL of a remote engine (for publish)."),
    Setting("query_timeout", 10.0, "Seconds a SPARQL query may run before it is stopped."),
    Setting("max_rows", 10000, "Most rows a SPARQL SELECT returns; a cut is signalled in the response."),
    Setting("max_body", 1_048_576, "Most bytes of a request body (413 past it, refused before the body is read)."),
    Setting("max_url_length", 8000, "Most bytes of a request's path and query string (414 past it)."),
    Setting("annotate_max_chars", 200_000, "Most characters of a text that /annotate reads (413 past it)."),
    Setting("retry_after", 5, "Seconds a client is asked to wait (Retry-After) after a 503 or 429."),
    Setting("sparql_slots", 3, "Unbounded /sparql queries one server process evaluates at once (keep it below its "
            "threads, so pages keep some; 0: no limit, no query processes)."),
    Setting("sparql_queue_wait", 0.5, "Seconds a /sparql query waits for a free slot (while one holds a query not yet "
            "expensive) before a 503."),
    Setting("sparql_per_client", 1, "Queries running past DSI_GRAPH_SPARQL_EXPENSIVE_AFTER that one client may have "
            "per server process; more get 429 (0 turns the cap off)."),
    Setting("sparql_expensive_after", 1.0, "Seconds after which a running /sparql query counts as expensive."),
    Setting("trusted_proxies", 0, "Proxies in front of the server whose X-Forwarded-For names the client (0: the "
            "remote address is the client)."),
    Setting("workers", 2, "Worker processes of the production WSGI server."),
    Setting("cache_size", 2048, "Responses kept in the in-process cache per worker (0 turns it off)."),
    Setting("cache_max_age", 300, "Seconds clients and proxies may reuse a response (Cache-Control max-age)."),
    Setting("allow_service", False, "Allow federated SERVICE calls to other hosts (off by default)."),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


def _coerce(value: str, default: Any) -> Any:
    """Turn an environment string into the type of the default."""
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


@dataclass(frozen=True)
class Settings:
    """The settings of one build or server; build one with :meth:`from_env`."""

    base_iri: str = _DEFAULTS["base_iri"]
    build_dir: str = _DEFAULTS["build_dir"]
    data_dir: str = _DEFAULTS["data_dir"]
    ontology_dir: str = _DEFAULTS["ontology_dir"]
    shapes_dir: str = _DEFAULTS["shapes_dir"]
    queries_dir: str = _DEFAULTS["queries_dir"]
    store: str = _DEFAULTS["store"]
    store_mode: str = _DEFAULTS["store_mode"]
    sparql_endpoint: str = _DEFAULTS["sparql_endpoint"]
    graph_store: str = _DEFAULTS["graph_store"]
    query_timeout: float = _DEFAULTS["query_timeout"]
    max_rows: int = _DEFAULTS["max_rows"]
    max_body: int = _DEFAULTS["max_body"]
    max_url_length: int = _DEFAULTS["max_url_length"]
    annotate_max_chars: int = _DEFAULTS["annotate_max_chars"]
    retry_after: int = _DEFAULTS["retry_after"]
    sparql_slots: int = _DEFAULTS["sparql_slots"]
    sparql_queue_wait: float = _DEFAULTS["sparql_queue_wait"]
    sparql_per_client: int = _DEFAULTS["sparql_per_client"]
    sparql_expensive_after: float = _DEFAULTS["sparql_expensive_after"]
    trusted_proxies: int = _DEFAULTS["trusted_proxies"]
    workers: int = _DEFAULTS["workers"]
    cache_size: int = _DEFAULTS["cache_size"]
    cache_max_age: int = _DEFAULTS["cache_max_age"]
    allow_service: bool = _DEFAULTS["allow_service"]

    def __post_init__(self) -> None:
        if not self.base_iri.endswith("/"):
            raise ValueError(f"DSI_GRAPH_BASE_IRI must end with '/': {self.base_iri!r}")
        if self.store not in {"oxigraph", "memory", "remote"}:
            raise ValueError(f"DSI_GRAPH_STORE must be oxigraph, memory or remote, not {self.store!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read ``DSI_GRAPH_*`` variables (defaults where unset), then apply ``overrides``."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(ENV_PREFIX + setting.name.upper())
            if raw is not None and raw != "":
                values[setting.name] = _coerce(raw, setting.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The settings as a plain dict (for `/-/settings.json` and docs)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
