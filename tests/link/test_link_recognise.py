"""The recogniser over the real build: names in any case, spelling and line layout; ambiguity; citations."""

from __future__ import annotations

from pathlib import Path

from dsi_graph.link.index import split_iri
from dsi_graph.link.recognise import Recogniser

BASE = "https://w3id.org/dsi-graph/id/"


def linked(recogniser: Recogniser, text: str) -> list[tuple[str, str | None]]:
    """(mention text, slug) of each mention, after checking the offsets."""
    mentions = recogniser.mentions(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False)), "mentions overlap"
    return [(m.text, m.iri.rsplit("/", 1)[-1] if m.iri else None) for m in mentions]


def test_case_and_diacritics_do_not_matter(link_recogniser):
    assert linked(link_recogniser, "Remarks by DAPHNE YONG-D'HERVE today.") == [
        ("DAPHNE YONG-D'HERVE", "daphne-yong-dherve")
    ]


def test_a_name_split_over_a_line_break_or_a_hyphenated_break_is_found(link_recogniser):
    for text in ("the Global Biodiversity\nInformation Facility", "the Global Biodiver-\nsity Information Facility"):
        [(_, slug)] = linked(link_recogniser, text)
        assert slug == "gbif"


def test_a_name_does_not_run_over_a_blank_line(link_recogniser):
    assert linked(link_recogniser, "Global Biodiversity\n\nInformation Facility") == []


def test_a_small_misspelling_links_with_a_lower_score(link_recogniser):
    [mention] = link_recogniser.mentions("Kathryn Garfotrh chaired the session.")
    assert mention.iri == BASE + "person/kathryn-garforth"
    assert 0.7 < mention.score < 0.9


def test_an_acronym_matches_only_with_its_case(link_recogniser):
    assert linked(link_recogniser, "gbif, GBIF") == [("GBIF", "gbif")]


def test_the_spelling_a_source_used_links_through_the_alternative_label(link_recogniser):
    assert linked(link_recogniser, "Tim Hirsh (GBIF)") == [("Tim Hirsh", "tim-hirsch"), ("GBIF", "gbif")]


def test_an_ambiguous_name_is_not_linked_and_lists_its_candidates(link_recogniser):
    [mention] = link_recogniser.mentions("An Informal Advisory Group meeting was held.")
    assert mention.iri is None and len(mention.candidates) == 6
    assert all(c.startswith(BASE + "meeting/iag-2024-0") for c in mention.candidates)
    assert mention.score < 0.5


def test_a_name_shared_by_an_agenda_item_and_its_topic_follows_how_it_is_written(link_recogniser):
    [title] = link_recogniser.mentions("Fund host")
    assert title.iri == BASE + "agenda-item/iag-2024-04-item-2" and title.score < 1.0
    [common] = link_recogniser.mentions("Parties disagreed on the fund host.")
    assert common.iri == BASE + "topic/fund-host"


def test_a_shortened_name_written_as_common_words_is_not_linked(link_recogniser):
    assert linked(link_recogniser, "many researchers agree") == []
    assert linked(link_recogniser, "Many researchers agree") == [("Many researchers", "many-researchers")]


def test_citations_link_to_the_graph_or_say_what_is_missing(link_recogniser):
    text = "See decision 16/9, paragraph 9 of decision 16/2, paragraph 6(a) of decision 16/2 and XIII/16."
    mentions = link_recogniser.mentions(text)
    unknown, fallback, paragraph, roman = mentions
    assert (unknown.iri, unknown.kind, unknown.label) == (None, "decision", "CBD/COP/DEC/16/9")
    assert (fallback.iri, fallback.score) == (BASE + "decision/cbd-cop-dec-16-2", 0.9)
    assert paragraph.iri == BASE + "paragraph/cbd-cop-dec-16-2-para-6-a" and paragraph.kind == "paragraph"
    assert roman.iri == BASE + "decision/cbd-cop-dec-13-16"


def test_sections_named_after_their_document(link_recogniser):
    text = "Report of the IAG from Nov 2021 (Section II.B.2, p. 12, and Section II.B.3(b), p. 13)"
    assert [slug for _, slug in linked(link_recogniser, text)] == [
        "iag-report-2021-11-sec-ii-b-2",
        "iag-report-2021-11-sec-ii-b-3-b",
    ]


def test_a_surname_before_et_al_links_a_unique_person(link_recogniser):
    assert linked(link_recogniser, "as Houssen et al. (2020) show") == [("Houssen", "wael-houssen")]


def test_lookup_iri_by_slug_symbol_identifier_or_number(link_recogniser):
    lookup = link_recogniser.lookup_iri
    assert lookup("cop-16") == BASE + "meeting/cop-16"
    assert lookup("CBD/WGDSI/1/2") == BASE + "document/cbd-wgdsi-1-2"
    assert lookup("CBD/SBSTTA/22/INF/3") == BASE + "document/cbd-dsi-ahteg-2018-1-3"  # a second identifier
    assert lookup("15/9") == BASE + "decision/cbd-cop-dec-15-9"
    assert lookup("XIII/16") == BASE + "decision/cbd-cop-dec-13-16"
    assert lookup("no-such-thing") is None


def test_resolve_orders_candidates_best_first(link_recogniser):
    [found] = link_recogniser.resolve("decision 15/9")
    assert found.iri == BASE + "decision/cbd-cop-dec-15-9" and found.score == 1.0
    tied = link_recogniser.resolve("Informal Advisory Group meeting")
    assert len(tied) == 6 and len({m.score for m in tied}) == 1
    missing = link_recogniser.resolve("decision 16/9")
    assert missing[0].iri is None and missing[0].kind == "decision"
    assert BASE + "decision/cbd-cop-dec-16-2" in [m.iri for m in missing[1:]]
    assert all(m.score < missing[0].score for m in missing[1:])


def test_every_backend_gives_the_same_recognition():
    from dsi_graph.stores.memory import MemoryStore
    from dsi_graph.stores.oxigraph import OxigraphStore

    mini = Path(__file__).resolve().parent.parent / "data" / "mini.trig"
    text = "Tim Hirsh (GBIF) on decision 16/2, paragraph 2 at COP 16"
    answers = []
    for store in (MemoryStore(), OxigraphStore()):
        store.load(str(mini))
        answers.append(Recogniser.from_store(store).mentions(text))
    assert answers[0] == answers[1] and len(answers[0]) == 4


def test_iris_under_another_base_are_read_by_their_path():
    iri = "https://example.org/kg/id/person/tim-hirsch"
    assert split_iri(iri) == ("https://example.org/kg/", "person", "tim-hirsch")
    assert split_iri("https://example.org/kg/def/Person") is None


def test_empty_texts_and_references(link_recogniser):
    assert link_recogniser.mentions("") == [] and link_recogniser.mentions(" \n ") == []
    assert link_recogniser.resolve("   ") == []
