"""The one reader of ``.rq`` files and their grlc-style ``#+`` headers (every query consumer uses it).

A header is the block of ``#+ key: value`` comment lines at the top of the file (before the first line that is
neither blank nor a comment); it is read as YAML, so ``#+ params:`` can hold a list of mappings, and the file
stays valid SPARQL. No I/O beyond reading the file asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class RqHeaderError(ValueError):
    """A ``#+`` header that is not a YAML mapping."""


@dataclass(frozen=True)
class RqFile:
    """One query file: ``name`` (file stem), ``header`` (the ``#+`` mapping), ``text`` (the whole file)."""

    name: str
    header: dict[str, Any]
    text: str
    path: Path | None = None

    def get(self, key: str, default: str = "") -> str:
        """A header value as text (``default`` when absent)."""
        value = self.header.get(key)
        return default if value is None else str(value).strip()

    def words(self, key: str) -> list[str]:
        """A header value written ``a, b, c`` (or as a YAML list) as a list of words."""
        value = self.header.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).split(",")
        return [str(item).strip() for item in items if str(item).strip()]


def read_header(text: str) -> dict[str, Any]:
    """The YAML mapping of the ``#+`` lines at the top of a query (empty when there are none).

    :raise RqHeaderError: when the lines are not a YAML mapping.
    """
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            lines.append(stripped[3:] if stripped.startswith("#+ ") else stripped[2:])
        elif stripped and not stripped.startswith("#"):
            break
    if not lines:
        return {}
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as error:
        raise RqHeaderError(f"the #+ header is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise RqHeaderError("the #+ header is not a YAML mapping")
    return data


def parse_rq(text: str, name: str = "", path: Path | None = None) -> RqFile:
    """An :class:`RqFile` from query text."""
    return RqFile(name, read_header(text), text, path)


def load_rq(path: str | Path) -> RqFile:
    """Read one ``.rq`` file.

    :raise RqHeaderError: for a malformed header (the message names the file).
    :raise OSError: when the file cannot be read.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        return parse_rq(text, path.stem, path)
    except RqHeaderError as error:
        raise RqHeaderError(f"{path}: {error}") from error


def load_folder(folder: str | Path, pattern: str = "*.rq") -> list[RqFile]:
    """Every ``.rq`` file of ``folder`` matching ``pattern``, in file-name order (none when it is missing)."""
    folder = Path(folder)
    return [load_rq(path) for path in sorted(folder.glob(pattern))] if folder.is_dir() else []
