"""The documented shapes of the read models: what the HTML templates render and the JSON twins send.

Each is a ``TypedDict`` (plain dicts at run time, so ``jsonify`` sends them as they are). Keys marked
``NotRequired`` belong to one variant (literals, ASK answers) or are added by a later step (``pageview.enrich``
for the page presentation, the web layer for ``links`` and ``schema_org``). Search hits are the
:class:`~dsi_graph.read.search.Hit` dataclass. ``tests/web/test_twin_shapes.py`` checks the twins against them.
"""
from typing import Any, Literal, NotRequired, TypedDict


class TermView(TypedDict):
    """One RDF term: ``type`` iri/bnode/literal, its value, a label, the local path of an IRI under the base."""

    type: Literal["iri", "bnode", "literal"]
    value: str
    label: str
    path: str | None
    lang: NotRequired[str | None]  # literals
    datatype: NotRequired[str | None]  # literals
    source: NotRequired[str]  # source graphs: the IRI of their source
    title: NotRequired[str]  # document parts: the full label behind a short one
    curie: NotRequired[str | None]  # incoming properties whose labels collide


class Value(TypedDict):
    """One object of a property: the term, the graphs stating it, its annotations, a blank node's statements."""

    term: TermView
    graphs: list[TermView]
    annotations: list[TermView]
    nested: NotRequired[list["Property"]]
    refs: NotRequired[list[int]]  # the numbers of the page's sources that state it (``Entity.sources``)
    evidence: NotRequired[list["Evidence"]]  # where each source states it, in which words
    inferred: NotRequired[bool]  # stated by the build's alignment rules only


class Evidence(TypedDict):
    """Where one source states one statement: the source's number on the page, a locator and quoted words."""

    ref: int
    locator: str | None
    quote: str | None


class Property(TypedDict):
    """A property of an entity with its values (``inferred`` when every value comes from the inferred graph)."""

    property: TermView
    values: list[Value]
    inferred: NotRequired[bool]
    aligned: NotRequired[list[TermView]]  # aligned-vocabulary copies folded into it (schema:name of rdfs:label)
    in_section: NotRequired[str]  # the kind section that shows its values (a meeting's participations)


class PageSource(TypedDict):
    """A source of the statements on one page, listed once: its number, graph, title, URL and what it states."""

    ref: int
    label: str
    graph: TermView
    source: TermView | None
    url: str | None
    states: list[str]  # labels of the properties it states
    statements: int
    evidence: list[dict[str, Any]]  # {property, value, locator, quote}


class Identifier(TypedDict):
    """An outbound link to an authority (Wikidata, ROR, ORCID, DOI, GBIF, a country authority)."""

    authority: str
    id: str
    url: str
    match: str  # the matching property's label: "same as", "exact match", "close match"
    refs: list[int]


class IncomingGroup(TypedDict):
    """Subjects pointing to the entity through one property, one page of them."""

    property: TermView
    count: int
    page: int
    pages: int
    subjects: list[TermView]
    inferred: NotRequired[bool]


class Section(TypedDict):
    """A kind section table (a meeting's agenda, a person's presentations...): columns, keys and rows of terms."""

    title: str
    columns: list[str]
    keys: list[str]
    rows: list[dict[str, TermView | None]]
    display_rows: NotRequired[list[dict[str, Any]]]
    display_keys: NotRequired[list[str]]
    display_columns: NotRequired[list[str]]


class Entity(TypedDict):
    """The entity page model (``/page/{kind}/{slug}`` and its ``.json`` twin, ``/def/{term}``)."""

    iri: str
    label: str
    kind: str | None
    types: list[TermView]
    status: list[TermView]
    properties: list[Property]
    incoming: list[IncomingGroup]
    incoming_truncated: bool
    sections: list[Section]
    sources: NotRequired[list[PageSource]]
    identifiers: NotRequired[list[Identifier]]
    summary: NotRequired[list[dict[str, Any]]]
    agenda: NotRequired[list[dict[str, Any]]]
    schema_org: NotRequired[dict[str, Any]]
    links: NotRequired[dict[str, str]]


class Linked(TypedDict):
    """An IRI with its label and local path (lists of the dataset pages)."""

    value: str
    label: str
    path: str | None


class ClassCount(Linked):
    """Entities of one ``dsi:`` class (home page)."""

    count: int


class ClassGroups(TypedDict):
    """Home page classes: the domain ones (``level`` 0 or 1 under their parent) and the provenance ones."""

    domain: list[dict[str, Any]]
    provenance: list[ClassCount]


class DatasetIndex(TypedDict):
    """The home page (``/`` and ``/index.json``): what the dataset is, its classes and sources, dumps and links."""

    title: str
    base_iri: str
    triples: int
    build: dict[str, Any]
    classes: list[ClassCount]
    sources: list["SourceEntry"]
    dumps: list[dict[str, str]]
    links: dict[str, str]
    class_groups: ClassGroups
    licence: NotRequired[dict[str, Any]]  # the data and code licences (dsi_graph/rdf/about.py)
    citation: NotRequired[dict[str, Any]]  # how to cite this build: text, bibtex, version, build_id, date, url
    schema_org: NotRequired[dict[str, Any]]  # the schema.org Dataset of the page's <head> (JSON-LD)


class TimelineAgendaItem(Linked):
    """An agenda item shown under its meeting on the timeline."""

    notation: str | None


class TimelineEvent(Linked):
    """A meeting or a dated document on the timeline; ``sort`` is the date it is placed at.

    ``what`` is ``meeting``, ``decision``, ``recommendation``, ``notification`` or ``study``; ``kind`` the most
    specific class (the badge); ``formal`` true for formal meetings and what they adopted, false for informal
    meetings, None when unknown; ``at`` the adopting meeting; ``parts`` the meetings that are a part of this one
    (second parts, resumed sessions, co-located meetings), ``agenda`` its agenda items.
    """

    date: str
    end: str | None
    what: str
    sort: str
    kind: Linked | None
    formal: bool | None
    series: Linked | None
    at: Linked | None
    parts: list["TimelineEvent"]
    agenda: list[TimelineAgendaItem]


class TimelineFacet(TypedDict):
    """One value of a timeline filter: the query-parameter value, a label, how many events have it."""

    value: str
    label: str
    count: int


class TimelinePage(TypedDict):
    """``/timeline`` and ``/timeline.json``: the events after the filters, the filters applied, the facets."""

    events: list[TimelineEvent]
    count: int
    filters: dict[str, list[str]]
    facets: dict[str, list[TimelineFacet]]


class SourceEntry(Linked):
    """A source with its graph and statement count (``/sources``)."""

    url: str | None
    retrieved: str | None
    graph: Linked | None
    statements: int


class OntologyTerm(Linked):
    """A class or property of the ontology (``/def/``)."""

    what: str
    name: str
    definition: str | None
    parents: list[Linked]


class OntologyIndex(TypedDict):
    """The ontology's classes and properties."""

    classes: list[OntologyTerm]
    properties: list[OntologyTerm]


class GraphInfo(TypedDict):
    """A named graph's page (``/graph/{name}``)."""

    iri: str
    name: str
    label: str
    triples: int
    source: TermView | None


class ResultsJson(TypedDict):
    """A query answer in the SPARQL 1.1 JSON results shape (``results`` for SELECT, ``boolean`` for ASK)."""

    head: dict[str, list[str]]
    results: NotRequired[dict[str, list[dict[str, dict[str, str]]]]]
    boolean: NotRequired[bool]
