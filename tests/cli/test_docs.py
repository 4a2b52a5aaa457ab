"""The README documents every setting, every command and the two set-up commands CI relies on."""

from __future__ import annotations

import re

from click.testing import CliRunner

from dsi_graph.cli import cli
from dsi_graph.config import PROJECT_ROOT, SETTINGS, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default():
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(DSI_GRAPH_[A-Z_]+)` \| ([^|]+) \|", README, re.M)}
    for setting in SETTINGS:
        name = "DSI_GRAPH_" + setting.name.upper()
        assert name in rows, f"{name} is not in the README settings table"
        if isinstance(setting.default, bool):
            assert str(setting.default).lower() in rows[name]
        elif not str(setting.default).startswith(str(PROJECT_ROOT)):
            assert str(setting.default) in rows[name], f"{name}: README default {rows[name]!r}"
    assert set(rows) == {"DSI_GRAPH_" + s.name.upper() for s in SETTINGS}
    assert set(Settings().as_dict()) == {s.name for s in SETTINGS}


def test_every_command_is_documented(runner: CliRunner):
    for name in cli.commands:
        assert f"`dsi-graph {name}" in README, f"command {name} is not in the README"
        assert runner.invoke(cli, [name, "--help"]).exit_code == 0


def test_set_up_commands_exist_and_ci_runs_the_test_command():
    assert "bash scripts/run.sh" in README and "bash scripts/test.sh" in README
    assert (PROJECT_ROOT / "scripts" / "run.sh").exists()
    assert "scripts/test.sh" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
