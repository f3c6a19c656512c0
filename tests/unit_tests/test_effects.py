"""Every operation's effect: the rule plus the one reviewed table, checked over all 244."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from langchain_front import FrontToolkit
from langchain_front.catalog import EFFECTS, Operation, load_catalog
from langchain_front.catalog._effect_review import EFFECT_REVIEW

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_catalog.py"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_catalog_effects", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _expected(generator: ModuleType, op: Operation) -> str:
    review = EFFECT_REVIEW.get(op.id)
    if review is not None:
        return review.effect
    effect: str = generator.classify_effect(op.method, op.scopes)
    return effect


def test_all_244_operations_have_the_rule_or_reviewed_effect(generator: ModuleType) -> None:
    catalog = load_catalog()
    assert len(catalog) == 244
    wrong = [
        f"{op.id}: {op.effect} != {_expected(generator, op)}"
        for op in catalog
        if op.effect != _expected(generator, op)
    ]
    assert wrong == []


def test_the_review_table_names_real_operations_with_reasons() -> None:
    catalog = load_catalog()
    assert list(EFFECT_REVIEW) == sorted(EFFECT_REVIEW)
    for op_id, review in EFFECT_REVIEW.items():
        assert op_id in catalog, op_id
        assert review.effect in EFFECTS, op_id
        assert len(review.reason) >= 20, op_id
        if review.irreversible:
            assert review.effect == "destructive", op_id


def test_irreversible_is_exactly_the_reviewed_permanent_deletes() -> None:
    catalog = load_catalog()
    irreversible = {op.id for op in catalog if op.irreversible}
    assert irreversible == {k for k, r in EFFECT_REVIEW.items() if r.irreversible}
    # Each DELETE of a whole resource (not a link between two) is a permanent delete.
    whole = {
        op.id
        for op in catalog
        if op.method == "DELETE" and op.path.rstrip("/").split("/")[-1].startswith("{")
    }
    assert whole <= irreversible, sorted(whole - irreversible)


@pytest.mark.parametrize(
    ("op_id", "effect"),
    [
        ("merge-contacts", "destructive"),
        ("delete-conversation", "destructive"),
        ("create-analytics-report", "read"),
        ("create-analytics-export", "read"),
        ("remove-conversation-tag", "destructive"),
        ("create-message", "send"),
        ("create-message-reply", "send"),
        ("create-draft-reply", "write"),
        ("import-inbox-message", "write"),
        ("receive-custom-messages", "write"),
        ("update-conversation", "write"),
    ],
)
def test_reviewed_effects(op_id: str, effect: str) -> None:
    assert load_catalog().get(op_id).effect == effect


def test_sends_are_exactly_the_two_that_reach_customers() -> None:
    sends = {op.id for op in load_catalog() if op.effect == "send"}
    assert sends == {"create-message", "create-message-reply"}


def test_merge_says_it_cannot_be_undone_and_read_only_cannot_call_it() -> None:
    tool = FrontToolkit.offline().get_tool("front_find_operations")
    content = str(tool.invoke({"query": "merge contacts"}))
    assert "merge-contacts: POST /contacts/merge [destructive, cannot be undone]" in content
    read_only = FrontToolkit.offline(read_only=True).get_tool("front_call_operation")
    message = read_only.invoke(
        {
            "type": "tool_call",
            "id": "t",
            "name": read_only.name,
            "args": {"operation_id": "merge-contacts", "body": {"contact_ids": ["a", "b"]}},
        }
    )
    assert message.status == "error" and "destructive" in str(message.content)


def test_analytics_reports_are_reachable_read_only() -> None:
    tool = FrontToolkit.offline(read_only=True).get_tool("front_find_operations")
    assert "create-analytics-report" in str(tool.invoke({"query": "create analytics report"}))


def test_a_review_of_an_operation_the_spec_dropped_is_refused() -> None:
    from langchain_front.catalog._effect_review import apply_effect_review

    records = [{"id": op.id, "effect": op.effect} for op in load_catalog()]
    apply_effect_review(records)
    merge = next(r for r in records if r["id"] == "merge-contacts")
    assert merge == {"id": "merge-contacts", "effect": "destructive", "irreversible": True}
    with pytest.raises(ValueError, match="merge-contacts"):
        apply_effect_review([r for r in records if r["id"] != "merge-contacts"])
