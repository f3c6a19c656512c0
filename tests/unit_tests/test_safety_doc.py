"""docs/safety.md's table of what each effect does under each policy is what the code does.

Each cell is derived from ``Policy.<preset>().for_effect(effect)`` and checked against the
toolkit itself: an allowed or approved tool is offered, a denied one is not, and an approved
one is named by ``interrupt_on()``. The tools named as examples carry the row's effect.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from langchain_front import FrontToolkit
from langchain_front.policy import Policy

DOC = Path(__file__).resolve().parents[2] / "docs" / "safety.md"
PRESETS = {
    "draft_first": Policy.draft_first,
    "read_only": Policy.read_only,
    "allow_all": Policy.allow_all,
}
CELL = {
    "allow": "runs",
    "approve": "pauses for approval",
    "deny": "not offered; `front_call_operation` refuses",
}


def table() -> dict[str, list[str]]:
    """The rows of the table, by effect: examples, then one cell per preset."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### What each effect does under each policy") :]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in ("read", "write", "destructive", "send"):
            rows[cells[0]] = cells[1:]
    return rows


def test_the_table_has_a_row_per_effect_and_a_column_per_preset() -> None:
    header = DOC.read_text(encoding="utf-8").split("| effect | examples |")[1].splitlines()[0]
    assert [p for p in PRESETS if f"`{p}()`" in header] == list(PRESETS)
    assert list(table()) == ["read", "write", "destructive", "send"]


@pytest.mark.parametrize("effect", ["read", "write", "destructive", "send"])
def test_each_cell_is_what_the_policy_does(effect: str) -> None:
    examples, *cells = table()[effect]
    for (preset, make), cell in zip(PRESETS.items(), cells, strict=True):
        rule = make().for_effect(effect)
        assert cell == CELL[rule], f"{preset}/{effect}: the policy says {rule}"
        toolkit = FrontToolkit.offline(policy=make())
        offered = {t.name for t in toolkit.get_tools()}
        asked = set(toolkit.interrupt_on())
        for name in re.findall(r"`(front_\w+)`", examples):
            assert (name in offered) == (rule != "deny"), (preset, name)
            assert (name in asked) == (rule == "approve"), (preset, name)


@pytest.mark.parametrize("effect", ["read", "write", "destructive", "send"])
def test_the_examples_have_the_rows_effect(effect: str) -> None:
    tools = {t.name: t for t in FrontToolkit.offline(policy=Policy.allow_all()).get_tools()}
    examples = re.findall(r"`(front_\w+)`", table()[effect][0])
    assert examples
    for name in examples:
        assert (tools[name].metadata or {})["effect"] == effect, name


def test_read_only_true_is_the_read_only_preset() -> None:
    shorthand = {t.name for t in FrontToolkit.offline(read_only=True).get_tools()}
    preset = {t.name for t in FrontToolkit.offline(policy=Policy.read_only()).get_tools()}
    assert shorthand == preset


def test_the_names_in_the_examples_exist() -> None:
    """A misspelt override would be ignored silently, so the doc's must be real names."""
    from langchain_front.catalog import load_catalog

    text = DOC.read_text(encoding="utf-8")
    tools = {t.name for t in FrontToolkit.offline(policy=Policy.allow_all()).get_tools()}
    for block in re.findall(r"operations=\{([^}]*)\}", text):
        for operation in re.findall(r'"([a-z0-9-]+)":', block):
            load_catalog().get(operation)  # raises for an unknown operation
    for block in re.findall(r"tools=\{([^}]*)\}", text):
        for name in re.findall(r'"(front_\w+)":', block):
            assert name in tools
