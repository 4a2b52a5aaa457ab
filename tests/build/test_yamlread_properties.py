"""Properties of the YAML reader (build.yamlread): any file gives Map/Seq/Str/None values or a yaml.YAMLError
(a syntax or duplicate-key error with its line), never another exception; parse_date gives a date or None."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from properties import PROFILE, TEXT

from dsi_graph.build.yamlread import Map, Seq, Str, load_yaml, parse_date

YAML_BITS = st.sampled_from(["a: 1\n", "- x\n", "  - y\n", "a: &r [1]\n", "b: *r\n", "<<: {c: 2}\n", "? k\n",
                             "!!python/object:os.system x\n", "!!binary AA==\n", "{a: 1, a: 2}\n", "'q\n", "---\n",
                             "a: !!int 3\n", "%YAML 1.1\n", "\t- tab\n", "key: |\n  block\n", "x: null\n"])
DOCUMENT = st.lists(YAML_BITS | TEXT, max_size=8).map("".join)
FOLDER = Path(tempfile.mkdtemp(prefix="dsi-graph-yaml-properties-"))


def _plain(value) -> bool:
    if value is None or isinstance(value, Str):
        return True
    if isinstance(value, Map):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, Seq):
        return all(_plain(v) for v in value)
    return not isinstance(value, str | list | dict)  # a tagged scalar such as !!int or !!binary


@PROFILE
@given(text=DOCUMENT)
def test_load_yaml_gives_values_or_a_yaml_error(text) -> None:
    path = FOLDER / "fuzz.yaml"
    path.write_text(text.encode("utf-8", "replace").decode("utf-8"), encoding="utf-8")
    try:
        value = load_yaml(path)
    except yaml.YAMLError:
        return
    assert _plain(value)


@PROFILE
@given(text=TEXT | st.from_regex(r"\A\s*\d{4}(-\d{2}(-\d{2})?)?\s*\Z"))
def test_parse_date_gives_a_date_or_none(text) -> None:
    literal = parse_date(text)
    assert literal is None or str(literal)[:4] == text.strip()[:4]
