"""Curated YAML (``data/*.yaml``) -> an rdflib Dataset with one named graph per source (design.md sections 3, 6).

Every record's statements go into ``{base}graph/{source}`` for each source it names; a value written
``{value, sources, status, note}`` goes into its own sources' graphs, and its status/note become a
``dsi:StatementAnnotation`` with the IRI ``{graph}#a-{hash of the triple}`` in the same graph.
Participations, memberships and places are blank nodes with labels hashed from their content, so the build is
deterministic. All scalars are read as text (no YAML 1.1 booleans or timestamps) and typed here.
A record of an id that another record already gives (same kind) may omit ``label`` and ``type``.
Every problem is collected and raised once as :class:`DataError` with ``file:line: field: message`` lines.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, VOID

from dsi_graph.build.evidence import field_evidence
from dsi_graph.build.records import KINDS, NESTED, RecordKind, Spec
from dsi_graph.build.structured import SCHEMA, StructuredFields, stable_hash, suggest
from dsi_graph.build.yamlread import Map, Seq, Str, load_yaml, parse_date
from dsi_graph.rdf import uris
from dsi_graph.rdf.namespaces import DSI, PREFIXES

PAV_RETRIEVED = URIRef(PREFIXES["pav"] + "retrievedOn")
STATUSES = ("verified", "unverified", "conflicting", "planned")
FORMATS = {"in person": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
           "hybrid": "MixedEventAttendanceMode"}
SOURCE_FIELDS = ("id", "title", "url", "publisher", "retrieved", "local_copy", "note")


class DataError(ValueError):
    """The curated data has errors; ``errors`` lists them as ``file:line: field: message``."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in the data:\n" + "\n".join(errors))


class Entry:
    """One entity record (top level or nested) found by the first pass."""

    def __init__(self, spec: RecordKind, record: Map, file: str, slug: str, parent: Entry | None, srcs) -> None:
        self.spec, self.record, self.file, self.slug, self.parent, self.srcs = spec, record, file, slug, parent, srcs

    @property
    def iri(self) -> URIRef:
        """The entity IRI (default base; the build rebases)."""
        return URIRef(uris.entity_iri(self.spec.kind, self.slug))


class Converter:
    """Two passes over the YAML records: index the slugs, then emit the statements."""

    def __init__(self, root: Path, concepts: set[str] | None = None, dataset: Dataset | None = None) -> None:
        self.root, self.concepts = root, concepts
        self.errors: list[str] = []
        self.ds = Dataset() if dataset is None else dataset
        self.sources: dict[str, tuple[Map, str]] = {}
        self.index: dict[str, tuple[str, str, int]] = {}  # slug -> (kind, file, line)
        self.entries: list[Entry] = []
        self.labels: dict[str, bool] = {}
        self.typed: dict[str, bool] = {}
        self.structured = StructuredFields(self)

    # -- helpers ---------------------------------------------------------------------------------------------
    def err(self, file: str, line: int, field: str, msg: str) -> None:
        """Record one error."""
        self.errors.append(f"{file}:{line}: {field}: {msg}" if field else f"{file}:{line}: {msg}")

    def display(self, path: Path) -> str:
        """A path as curators see it (relative to the working directory, else to the data's parent)."""
        for root in (Path.cwd().resolve(), self.root):
            try:
                return str(path.resolve().relative_to(root))
            except ValueError:
                continue
        return str(path)

    # -- pass 1 ----------------------------------------------------------------------------------------------
    def read(self, path: Path) -> None:
        """Load one file and index its records."""
        file = self.display(path)
        try:
            doc = load_yaml(path)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            problem = getattr(error, "problem", None) or str(error)
            self.err(file, line, "", f"YAML syntax error: {problem}")
            return
        if doc is None:
            return
        if not isinstance(doc, Map):
            self.err(file, 1, "", "the file must be a mapping of record kinds (meetings:, persons:, ...) to lists")
            return
        for key, records in doc.items():
            if key != "sources" and key not in KINDS:
                self.err(file, key.line, "", f"unknown record kind '{key}'{suggest(key, [*KINDS, 'sources'])}")
                continue
            if not isinstance(records, Seq):
                self.err(file, key.line, key, "expected a list of records ('- id: ...')")
                continue
            for record in records:
                if not isinstance(record, Map):
                    self.err(file, key.line, key, "each record must be a mapping with 'id:'")
                elif key == "sources":
                    self.index_source(record, file)
                else:
                    self.index_record(KINDS[key], record, file, None, None)

    def index_source(self, record: Map, file: str) -> None:
        """Index a ``sources`` record."""
        for field in record:
            if field not in SOURCE_FIELDS:
                self.err(file, field.line, field, f"unknown field for a source{suggest(field, SOURCE_FIELDS)}")
        sid, title = record.get("id"), record.get("title")
        if not isinstance(sid, Str):
            self.err(file, record.line, "id", "a source needs an id")
            return
        if not uris.SLUG_RE.match(sid):
            self.err(file, sid.line, "id", f"bad slug '{sid}': use lower-case letters, digits, '-' and '.'")
            return
        if not isinstance(title, Str):
            self.err(file, record.line, "title", f"source '{sid}' needs a title")
        if sid in self.sources:
            known, where = self.sources[sid]
            if _plain(known) != _plain(record):  # the same record written again in another file is one source
                self.err(file, sid.line, "id", f"source '{sid}' is listed twice with other fields (also {where})")
            return
        self.sources[sid] = (record, file)

    def index_record(self, spec: RecordKind, record: Map, file: str, parent: Entry | None, srcs) -> None:
        """Index a record and its nested records; check its fields."""
        for field in record:
            if field not in spec.allowed:
                self.err(file, field.line, field, f"unknown field for {spec.key}{suggest(field, spec.allowed)}")
        slug = record.get("id")
        if slug is None and parent is not None and spec.default_id and isinstance(record.get("number"), Str):
            number = uris.slugify(record["number"]).replace(".", "-")
            slug = Str(spec.default_id.format(parent=parent.slug, number=number))
            slug.line = record.line
        if not isinstance(slug, Str):
            self.err(file, record.line, "id", f"a {spec.kind} record needs an id")
            return
        if not uris.SLUG_RE.match(slug):
            self.err(file, slug.line, "id", f"bad slug '{slug}': use lower-case letters, digits, '-' and '.'")
            return
        if "sources" in record:
            srcs = record["sources"]
        elif parent is None:
            self.err(file, record.line, "sources", f"record '{slug}' names no sources")
            return
        known = self.index.get(slug)
        if known and known[0] != spec.kind:
            self.err(file, slug.line, "id", f"'{slug}' is already a {known[0]} ({known[1]}:{known[2]})")
            return
        self.index.setdefault(slug, (spec.kind, file, slug.line))
        entry = Entry(spec, record, file, slug, parent, srcs)
        self.entries.append(entry)
        self.labels[slug] = self.labels.get(slug, False) or "label" in record or spec.default_label is not None
        self.typed[slug] = self.typed.get(slug, False) or "type" in record or spec.default_type is not None
        for key in spec.nested:
            items = record.get(key)
            if key in NESTED and items is not None:
                if not isinstance(items, Seq) or not all(isinstance(i, Map) for i in items):
                    self.err(file, record.line, key, "expected a list of mappings")
                    continue
                for item in items:
                    self.index_record(NESTED[key], item, file, entry, srcs)

    # -- pass 2 ----------------------------------------------------------------------------------------------
    def values(self, raw, ctx: tuple, file: str, field: str) -> list[tuple[Str, tuple]]:
        """Unfold a field into ``(value, (sources, status, note))`` pairs (value-level overrides applied)."""
        if isinstance(raw, Map):
            if "value" not in raw:
                self.err(file, raw.line, field, "a value with provenance needs 'value:'")
                return []
            extra = set(raw) - {"value", "sources", "status", "note", "locator", "quote"}
            for key in extra:
                use = "value, sources, status, note, locator, quote"
                self.err(file, raw.line, field, f"unknown key '{key}' (use {use})")
            srcs = raw.get("sources", ctx[0])
            evidence = ctx[3]
            if "locator" in raw or "quote" in raw:
                found = (raw.get("locator"), raw.get("quote"))
                evidence = {str(sid): found for sid in (srcs if isinstance(srcs, Seq) else [srcs])}
            ctx = (srcs, raw.get("status"), raw.get("note"), evidence)
            raw = raw["value"]
        if isinstance(raw, Seq):
            return [pair for item in raw for pair in self.values(item, ctx, file, field)]
        if raw is None:
            return []
        if not isinstance(raw, Str):
            self.err(file, getattr(raw, "line", 0), field, "expected a value or a list of values")
            return []
        return [(raw, ctx)]

    def graphs(self, srcs, file: str) -> list[URIRef]:
        """Graph IRIs of a ``sources`` list, reporting unknown source ids."""
        items = srcs if isinstance(srcs, Seq) else [srcs]
        out = []
        for sid in items:
            if not isinstance(sid, Str) or sid not in self.sources:
                line = getattr(sid, "line", getattr(srcs, "line", 0))
                self.err(file, line, "sources", f"unknown source id '{sid}'{suggest(sid, self.sources)}")
            else:
                out.append(URIRef(uris.graph_iri(sid)))
        return out

    def emit(self, s, p, o, ctx: tuple, file: str, line: int) -> None:
        """Add one triple to the graphs of ``ctx``; annotate it when the value has a status, note or evidence."""
        srcs, status, note, evidence = ctx
        for g in self.graphs(srcs, file):
            graph = self.ds.graph(g)
            graph.add((s, p, o))
            found = (evidence or {}).get(str(g).rsplit("/", 1)[-1])
            if status is not None or note is not None or found is not None:
                ann = URIRef(f"{g}#a-{stable_hash(s.n3(), p.n3(), o.n3())}")
                graph.add((ann, RDF.type, DSI.StatementAnnotation))
                graph.add((ann, RDF.subject, s))
                graph.add((ann, RDF.predicate, p))
                graph.add((ann, RDF.object, o))
                if status is not None:
                    graph.add((ann, DSI.status, self.concept("status", status, file, line)))
                if note is not None:
                    graph.add((ann, SKOS.editorialNote, Literal(str(note), lang="en")))
                if found is not None:
                    locator, quote = found
                    if locator is not None:
                        graph.add((ann, DSI.locator, Literal(str(locator))))
                    if quote is not None:
                        graph.add((ann, DSI.quote, Literal(str(quote))))

    def concept(self, scheme: str, value: Str, file: str, line: int, field: str = "") -> URIRef:
        """The concept IRI of ``value`` in ``scheme`` (``co-chair`` or ``role-co-chair``)."""
        slug = value if value.startswith(scheme + "-") else f"{scheme}-{value}"
        if scheme == "status" and slug[7:] not in STATUSES:
            self.err(file, line, field or "status", f"unknown status '{value}' (use {', '.join(STATUSES)})")
        elif self.concepts is not None and slug not in self.concepts:
            options = [c for c in self.concepts if c.startswith(scheme + "-")]
            self.err(file, line, field, f"unknown {scheme} '{value}'{suggest(slug, options)}")
        try:
            return URIRef(uris.entity_iri("concept", slug))
        except uris.IRIError:
            return URIRef(uris.entity_iri("concept", "status-unverified"))

    def ref(self, value: Str, kinds: tuple[str, ...], file: str, field: str) -> URIRef | None:
        """Resolve a slug to an entity IRI, reporting unknown slugs and wrong kinds."""
        known = self.index.get(value)
        if known is None:
            self.err(file, value.line, field, f"unknown slug '{value}'{suggest(value, self.index)}")
            return None
        if kinds and known[0] not in kinds:
            self.err(file, value.line, field, f"'{value}' is a {known[0]}, expected {' or '.join(kinds)}")
            return None
        return URIRef(uris.entity_iri(known[0], value))

    def term(self, spec: Spec, value: Str, file: str, field: str):
        """Convert one scalar by its field spec; None (after reporting) when it is bad."""
        conv = spec.conv
        if conv == "text":
            return Literal(str(value), lang="en")
        if conv == "plain":
            return Literal(str(value))
        if conv == "date":
            typed = parse_date(value)
            if typed is None:
                self.err(file, value.line, field, f"bad date '{value}' (use YYYY-MM-DD, YYYY-MM or YYYY)")
            return typed
        if conv == "int":
            if not value.isdigit():
                self.err(file, value.line, field, f"expected a whole number, not '{value}'")
                return None
            return Literal(int(value))
        if conv == "iri":
            if not value.startswith(("http://", "https://")) or any(c in value for c in ' <>"{}|\\^`'):
                self.err(file, value.line, field, f"expected an http(s) address, not '{value}'")
                return None
            return URIRef(str(value))
        if conv == "orcid":
            return URIRef("https://orcid.org/" + value.removeprefix("https://orcid.org/"))
        if conv == "format":
            if value not in FORMATS:
                self.err(file, value.line, field, f"unknown format '{value}' (use {', '.join(FORMATS)})")
                return None
            return URIRef(SCHEMA + FORMATS[value])
        if conv == "concept":
            return self.concept(spec.kinds[0], value, file, value.line, field)
        return self.ref(value, spec.kinds, file, field)

    def convert(self, entry: Entry) -> None:
        """Emit every statement of one record."""
        rec, file, spec, s = entry.record, entry.file, entry.spec, entry.iri
        ctx = (entry.srcs, None, None, None)
        claimed = field_evidence(self, entry, ctx)
        line = rec.line
        if not self.labels.get(entry.slug):
            self.err(file, line, "label", f"'{entry.slug}' has no label")
        if not self.typed.get(entry.slug):
            self.err(file, line, "type", f"'{entry.slug}' needs a type ({', '.join(spec.types)})")
        cls = rec.get("type", spec.default_type)
        if isinstance(cls, Str) and cls not in spec.types:
            self.err(file, cls.line, "type", f"unknown type '{cls}' for {spec.key}{suggest(cls, spec.types)}")
        elif cls is not None:
            self.emit(s, RDF.type, DSI[str(cls)], ctx, file, line)
        if "label" not in rec and spec.default_label and entry.parent is not None:
            plabel = entry.parent.record.get("label")
            label = spec.default_label.format(parent=plabel or entry.parent.slug, number=rec.get("number"))
            self.emit(s, RDFS.label, Literal(label, lang="en"), ctx, file, line)
        if "status" in rec and isinstance(rec["status"], Str):
            self.emit(s, DSI.status, self.concept("status", rec["status"], file, rec["status"].line), ctx, file, line)
        for field, fspec in spec.fields.items():
            if field not in rec:
                continue
            pairs = self.values(rec[field], claimed.get(field, ctx), file, field)
            if not fspec.many and len(pairs) > 1:
                self.err(file, field_line(rec, field), field, "expects one value, not a list")
            for value, vctx in pairs:
                o = self.term(fspec, value, file, field)
                if o is None:
                    continue
                for p in fspec.preds:
                    self.emit(s, p, o, vctx, file, value.line)
                if fspec.inverse is not None:
                    self.emit(o, fspec.inverse, s, vctx, file, value.line)
        if spec.link is not None and entry.parent is not None:
            down, up = spec.link
            self.emit(entry.parent.iri, down, s, ctx, file, line)
            self.emit(s, up, entry.parent.iri, ctx, file, line)
        if spec.scheme:
            self.emit(s, SKOS.inScheme, URIRef(uris.entity_iri("scheme", spec.scheme)), ctx, file, line)
        self.structured.special(entry, ctx, claimed)

    def describe_sources(self) -> None:
        """The meta graph: each source and its named graph."""
        meta = self.ds.graph(URIRef(uris.graph_iri("meta")))
        for sid, (rec, file) in sorted(self.sources.items()):
            src, g = URIRef(uris.entity_iri("source", sid)), URIRef(uris.graph_iri(sid))
            meta.add((src, RDF.type, DSI.Source))
            if isinstance(rec.get("title"), Str):
                meta.add((src, RDFS.label, Literal(str(rec["title"]), lang="en")))
                meta.add((src, DCTERMS.title, Literal(str(rec["title"]), lang="en")))
            for key, pred, conv in (("url", URIRef(SCHEMA + "url"), "iri"), ("publisher", DCTERMS.publisher, "plain"),
                                    ("retrieved", PAV_RETRIEVED, "date"), ("local_copy", DSI.localCopy, "plain"),
                                    ("note", SKOS.editorialNote, "text")):
                value = rec.get(key)
                if isinstance(value, Str):
                    o = self.term(Spec((pred,), conv), value, file, key)
                    if o is not None:
                        meta.add((src, pred, o))
            meta.add((g, RDF.type, DSI.SourceGraph))
            meta.add((g, RDF.type, VOID.Dataset))
            meta.add((g, DSI.derivedFromSource, src))
            meta.add((g, PROV.wasDerivedFrom, src))


def _plain(record: Map) -> dict[str, str]:
    """A source record as plain text values, to compare two copies of it."""
    return {str(k): str(v).strip() for k, v in record.items()}


def field_line(rec: Map, field: str) -> int:
    """The line of ``field`` in ``rec``."""
    for key in rec:
        if key == field:
            return key.line
    return rec.line


def load_data(
    data_dir: str | Path, *, concepts: set[str] | None = None, root: Path | None = None, dataset: Dataset | None = None
) -> Dataset:
    """Read every ``*.yaml`` in ``data_dir`` into a Dataset (one graph per source, plus ``graph/meta``).

    :param concepts: known concept slugs (``role-co-chair``...); when given, other concept values are errors.
    :param root: paths in messages are relative to it (default: the parent of ``data_dir``).
    :param dataset: add to this Dataset instead of a new one.
    :raise DataError: listing every problem found, each with file and line.
    """
    data = Path(data_dir)
    conv = Converter((root or data.resolve().parent).resolve(), concepts, dataset)
    for path in sorted(data.glob("*.yaml")) + sorted(data.glob("*.yml")):
        conv.read(path)
    for entry in conv.entries:
        conv.convert(entry)
    conv.describe_sources()
    if conv.errors:
        raise DataError(sorted(set(conv.errors), key=_error_order))
    return conv.ds


def _error_order(message: str) -> tuple[str, int, str]:
    """Sort errors by file, then line."""
    file, _, rest = message.partition(":")
    line, _, text = rest.partition(":")
    return (file, int(line) if line.isdigit() else 0, text)
