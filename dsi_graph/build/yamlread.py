"""Read YAML keeping line numbers: scalars are text (``Str``), mappings ``Map``, lists ``Seq``, each with ``.line``.

No YAML 1.1 implicit typing except null: ``no``, ``on``, ``2024-01-23`` and ``12`` stay text, so that ``NO``
(Norway) is not ``False`` and a bad date is reported by the converter with its line, not by the parser.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from rdflib import Literal
from rdflib.namespace import XSD


class Str(str):
    """A scalar with the (1-based) line it was read from."""

    line: int = 0


class Map(dict):
    """A mapping with the line it starts on."""

    line: int = 0


class Seq(list):
    """A sequence with the line it starts on."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit types (except null) that records lines."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _scalar(loader: _Loader, node: yaml.ScalarNode) -> Str:
    value = Str(loader.construct_scalar(node))
    value.line = node.start_mark.line + 1
    return value


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Map:
    loader.flatten_mapping(node)
    result = Map()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice in one mapping", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    result = Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor("tag:yaml.org,2002:str", _scalar)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def load_yaml(path: str | Path):
    """Parse one YAML file into ``Map`` / ``Seq`` / ``Str`` / ``None``.

    :raise yaml.YAMLError: on a syntax error (with ``problem_mark``).
    """
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # ASCII digits only: int() reads "١" as 1


def parse_date(text: str) -> Literal | None:
    """``YYYY-MM-DD`` -> xsd:date, ``YYYY-MM`` -> xsd:gYearMonth, ``YYYY`` -> xsd:gYear; None if not a date."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return Literal(date(int(year), int(month), int(day)).isoformat(), datatype=XSD.date)
        if month:
            date(int(year), int(month), 1)
            return Literal(f"{year}-{month}", datatype=XSD.gYearMonth)
    except ValueError:
        return None
    return Literal(year, datatype=XSD.gYear)
