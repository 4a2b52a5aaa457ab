"""The first run is documented: every environment variable that the scripts and the program read is in the
README's table, the install says what it is doing, and each check the build's last line names is explained in the
guide's "Build warnings" section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dsi_graph.build.pipeline import check_name
from dsi_graph.config import ENV_PREFIX, PROJECT_ROOT, SETTINGS

SCRIPTS = sorted((PROJECT_ROOT / "scripts").glob("*.sh")) + [PROJECT_ROOT / ".ci" / "run"]
READ = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
ASSIGNED = re.compile(r"(?:^|[\s;(])(?:local\s+|export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:\+)?=|"
                      r"\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b|\bread\s+(?:-r\s+)?([A-Za-z_][A-Za-z0-9_]*)")
# the process environment only (a WSGI request's environ is no environment variable)
PY_READ = re.compile(r"""os\.(?:environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
                     r"""|os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']""")


def shell_variables(text: str) -> set[str]:
    """Variables a shell script reads from its environment: those it expands but never sets itself."""
    code = "\n".join(line.split(" #", 1)[0] for line in text.splitlines() if not line.lstrip().startswith("#"))
    assigned = {name for match in ASSIGNED.finditer(code) for name in match.groups() if name}
    return {name for name in READ.findall(code) if name not in assigned}


def python_variables(root: Path) -> set[str]:
    """Environment variables the package reads by name (``os.environ.get("X")``, ``os.getenv("X")``)."""
    found = set()
    for path in root.rglob("*.py"):
        for match in PY_READ.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found


def readme_section(title: str) -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, f"README.md has no section '## {title}'"
    return match.group(1)


def test_the_finders_find_what_a_script_reads():
    script = 'set -eu\nSUDO=""; for f in a b; do echo "$f"; done\nexec x --port "${PORT:-8080}" $HOST $SUDO # $NOTE\n'
    assert shell_variables(script) == {"PORT", "HOST"}


def test_every_variable_the_scripts_and_the_program_read_is_documented():
    names = set().union(*(shell_variables(path.read_text(encoding="utf-8")) for path in SCRIPTS))
    names |= python_variables(PROJECT_ROOT / "dsi_graph")
    assert {"HOST", "PORT", "VISUAL", "EDITOR"} <= names  # what they read today: the finders are not blind
    section = readme_section("Environment variables")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", section))
    assert sorted(names - documented) == []
    settings = readme_section("Settings")
    assert sorted(n for n in (ENV_PREFIX + s.name.upper() for s in SETTINGS) if f"`{n}`" not in settings) == []


def test_install_shows_its_progress():
    text = (PROJECT_ROOT / "scripts" / "install.sh").read_text(encoding="utf-8")
    commands = [line.strip() for line in text.splitlines() if re.search(r"pip install|-m venv|apt-get install", line)]
    assert commands and not [c for c in commands if re.search(r"\s-q{1,2}\s", c) and "pip" in c]
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.search(r"pip install|-m venv|apt-get install", line):
            before = "\n".join(lines[max(0, i - 3):i])
            assert 'step "' in before, f"no progress line before: {line.strip()}"


def warning_checks() -> set[str]:
    """The short names (as the build's last line gives them) of every check that reports warnings."""
    shapes = (PROJECT_ROOT / "shapes" / "recommended.ttl").read_text(encoding="utf-8")
    names = {check_name(m) for m in re.findall(r"^dsish:(\w+Shape) a sh:NodeShape", shapes, re.M)}
    for path in (PROJECT_ROOT / "queries" / "checks").glob("*-violation.rq"):
        if re.search(r"^#\+ severity:\s*warning\s*$", path.read_text(encoding="utf-8"), re.M | re.I):
            names.add(check_name(f"check {path.stem}"))
    return names


def test_every_warning_check_is_explained_in_the_guide():
    guide = (PROJECT_ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    section = re.search(r"^## \d+\. Build warnings\n(.*?)(?=^## )", guide, re.S | re.M)
    assert section, "docs/guide.md has no 'Build warnings' section"
    checks = warning_checks()
    assert {"Document", "Meeting", "position-without-evidence"} <= checks
    assert sorted(c for c in checks if f"- **{c}**" not in section.group(1)) == []
    assert "never" in section.group(1) and "validation.txt" in section.group(1)


@pytest.mark.parametrize(("shape", "name"), [
    ("DocumentRecommendedShape dcterms:date", "Document"), ("MeetingRecommendedShape", "Meeting"),
    ("check position-without-evidence-violation", "position-without-evidence")])
def test_check_names_are_short(shape, name):
    assert check_name(shape) == name
