"""Named queries: ``queries/api/*.rq`` files with a grlc-style ``#+`` YAML header, their parameters and runner.

A parameter is declared in the header (name, type, default, description) and appears in the query as the
variable ``?name``. Values are checked against the type and bound as RDF terms through the store's ``bindings``
argument (Oxigraph substitutions, rdflib ``initBindings``, a ``VALUES`` block of escaped terms for a remote
endpoint). Raw input is never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Identifier

from dsi_graph.config import PROJECT_ROOT, Settings
from dsi_graph.rdf import sparqltext
from dsi_graph.rdf.rqfile import RqHeaderError, parse_rq
from dsi_graph.rdf.uris import DEFAULT_BASE
from dsi_graph.read.query_params import PARAM_TYPES, Param, ParamError, check_values, rebase_text
from dsi_graph.stores.base import GraphStore, SelectResult, StoreError

DEFAULT_API_DIR = PROJECT_ROOT / "queries" / "api"
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

QueryAnswer = SelectResult | Graph | bool


class QueryFileError(ValueError):
    """A named query file whose header is missing or malformed."""


class UnknownQuery(KeyError):
    """No named query has this name."""

    def __str__(self) -> str:
        return f"no named query {self.args[0]!r}"


QUERY_ERRORS: tuple[type[Exception], ...] = (UnknownQuery, ValueError, StoreError)


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (the file name without ``.rq``), header and text."""

    name: str
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    form: str = "select"
    path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        """Metadata as plain data (for ``/queries.json`` and the SPARQL editor's examples)."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": list(self.tags),
            "form": self.form,
            "params": [p.as_dict() for p in self.params],
            "query": self.text,
        }


def query_form(text: str) -> str:
    """The form of a query (``select``, ``ask``, ``construct``, ``describe``), by the one SPARQL tokenizer.

    :raise QueryFileError: for a text that is no query (an update, or nothing).
    """
    form = sparqltext.query_form(text)
    if form is None:
        raise QueryFileError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")
    return form


def _param(raw: Any, text: str) -> Param:
    if not isinstance(raw, dict) or "name" not in raw:
        raise QueryFileError(f"a parameter needs at least a name: {raw!r}")
    name, ptype = str(raw["name"]), str(raw.get("type", "string"))
    if not _NAME_RE.match(name):
        raise QueryFileError(f"parameter name {name!r} is not a SPARQL variable name")
    if ptype not in PARAM_TYPES:
        raise QueryFileError(f"parameter {name!r}: type {ptype!r} is not one of {', '.join(PARAM_TYPES)}")
    if not re.search(rf"[?$]{name}\b", text):
        raise QueryFileError(f"parameter {name!r} does not appear as ?{name} in the query")
    default = raw.get("default")
    return Param(
        name=name,
        type=ptype,
        default=None if default is None else str(default),
        description=str(raw.get("description", "")),
        required=bool(raw.get("required", False)),
        kind=raw.get("kind"),
        prefix=str(raw.get("prefix", "")),
    )


def load_query(path: str | Path, *, require_header: bool = True) -> NamedQuery:
    """Read one ``.rq`` file.

    :raise QueryFileError: naming the file when its header is missing or malformed.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        header = parse_rq(text, path.stem, path).header
        if require_header and not header.get("summary"):
            raise QueryFileError("the header has no '#+ summary:'")
        tags = header.get("tags") or []
        if not isinstance(tags, list):
            raise QueryFileError("'#+ tags:' must be a list")
        params = tuple(_param(p, text) for p in header.get("params") or [])
        known = {"summary", "description", "tags", "params"}
        return NamedQuery(
            name=path.stem,
            text=text,
            summary=str(header.get("summary", path.stem)),
            description=str(header.get("description", "")),
            tags=tuple(str(t) for t in tags),
            params=params,
            form=query_form(text),
            path=str(path),
            extra={k: v for k, v in header.items() if k not in known},
        )
    except (QueryFileError, RqHeaderError) as error:
        raise QueryFileError(f"{path}: {error}") from error


_CACHE: dict[str, tuple[tuple, dict[str, NamedQuery]]] = {}


def load_queries(directory: str | Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of ``directory`` (default ``queries/api``) by name; re-read when a file changes."""
    folder = Path(directory or DEFAULT_API_DIR)
    files = sorted(folder.glob("*.rq"))
    stamp = tuple((f.name, f.stat().st_mtime_ns) for f in files)
    cached = _CACHE.get(str(folder))
    if cached and cached[0] == stamp:
        return cached[1]
    queries = {f.stem: load_query(f) for f in files}
    _CACHE[str(folder)] = (stamp, queries)
    return queries


def list_queries(directory: str | Path | None = None) -> list[NamedQuery]:
    """Named queries sorted by name (the SPARQL editor offers them as examples)."""
    return [q for _, q in sorted(load_queries(directory).items())]


def get_query(name: str, directory: str | Path | None = None) -> NamedQuery:
    """The named query ``name``.

    :raise UnknownQuery: when there is none.
    """
    try:
        return load_queries(directory)[name]
    except KeyError:
        raise UnknownQuery(name) from None


def api_dir(queries_dir: str | Path) -> Path:
    """The folder of published queries under a ``queries/`` folder."""
    return Path(queries_dir) / "api"


def bind_params(
    query: NamedQuery,
    raw: Mapping[str, str] | None = None,
    *,
    base: str = DEFAULT_BASE,
    store: GraphStore | None = None,
) -> dict[str, Identifier]:
    """Check ``raw`` values (defaults fill the gaps) and return the bindings variable -> RDF term.

    :raise ParamError: for an unknown parameter, a missing required one or a value of the wrong type.
    """
    return check_values(query.params, raw, base=base, store=store)


def run(
    store: GraphStore,
    query: NamedQuery,
    params: Mapping[str, str] | None = None,
    *,
    base: str = DEFAULT_BASE,
    timeout: float | None = None,
) -> QueryAnswer:
    """Run a named query with checked parameters: rows for SELECT, a graph for CONSTRUCT/DESCRIBE, bool for ASK.

    :raise ParamError: for a bad parameter value.
    """
    bindings = bind_params(query, params, base=base, store=store)
    return run_bound(store, query, bindings, base=base, timeout=timeout)


def run_bound(
    store: GraphStore,
    query: NamedQuery,
    bindings: Mapping[str, Identifier],
    *,
    base: str = DEFAULT_BASE,
    timeout: float | None = None,
) -> QueryAnswer:
    """Run a named query with bindings already checked by :func:`bind_params`."""
    text = rebase_text(query.text, base)
    if query.form == "select":
        return store.select(text, bindings or None, timeout=timeout)
    if query.form == "ask":
        return store.ask(text, bindings or None)
    return store.construct(text, bindings or None)


def resolve(target: str, directory: str | Path | None = None) -> NamedQuery:
    """A named query by name, or a ``.rq`` file by path (its header is optional).

    :raise UnknownQuery: when ``target`` is neither.
    """
    if target.endswith(".rq") and Path(target).is_file():
        return load_query(target, require_header=False)
    return get_query(target, directory)


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``key=value`` strings (from ``--param``) as a dict.

    :raise ParamError: for an option without ``=``.
    """
    params: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise ParamError(option, "write parameters as key=value")
        params[key.strip()] = value
    return params


def run_command(
    settings: Settings,
    target: str,
    param_options: tuple[str, ...] | list[str] = (),
    *,
    fmt: str = "table",
    endpoint: str | None = None,
    build_dir: str | None = None,
) -> str:
    """What ``dsi-graph query`` prints: run ``target`` on the build (or ``endpoint``) and render it in ``fmt``.

    :raise UnknownQuery, ParamError, QueryFileError, StoreError: with a message fit for the terminal.
    """
    from dsi_graph.read.query_output import render
    from dsi_graph.stores import open_store

    query = resolve(target, api_dir(settings.queries_dir))
    params = parse_param_options(param_options)
    if endpoint:
        from dsi_graph.stores.remote import RemoteStore

        store: GraphStore = RemoteStore(endpoint, timeout=settings.query_timeout)
    else:
        store = open_store(settings.with_(store="oxigraph"), build_dir=build_dir)
    try:
        answer = run(store, query, params, base=settings.base_iri, timeout=settings.query_timeout)
    finally:
        store.close()
    return render(answer, fmt, settings.base_iri)
