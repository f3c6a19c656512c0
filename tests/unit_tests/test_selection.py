"""Budgets and selection: the default tool set fits 20,000 bytes of definitions, presets and
groups choose more, and what lies beyond the budget is deferred for provider tool search.

Sizes are measured here independently of ``langchain_front.selection``, on the registry, so
the budget is checked on whatever tools the package has (including those added later).
"""

from __future__ import annotations

import json

import pytest
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from langchain_front import FrontConfigurationError, FrontToolkit
from langchain_front.selection import DEFAULT_BUDGET, PRESET_NAMES, PRESETS, PRIORITY
from langchain_front.tools import tool_classes

BUDGET = 20_000
CORE = {
    "front_search_conversations",
    "front_get_conversation",
    "front_reply_to_conversation",
    "front_create_draft_reply",
    "front_add_comment",
    "front_find_operations",
    "front_call_operation",
}
#: The tool names planned in this round (docs/architecture.md); presets may name them early.
PLANNED = {
    "front_snooze_conversation",
    "front_unsnooze_conversation",
    "front_reopen_conversation",
    "front_list_ticket_statuses",
    "front_set_ticket_status",
    "front_add_followers",
    "front_remove_followers",
    "front_add_links",
    "front_remove_links",
    "front_move_conversation",
    "front_list_custom_fields",
    "front_update_custom_fields",
    "front_create_contact",
    "front_update_contact",
    "front_add_contact_handle",
    "front_remove_contact_handle",
    "front_list_contact_notes",
    "front_add_contact_note",
    "front_list_contact_conversations",
    "front_merge_contacts",
    "front_find_accounts",
    "front_list_account_contacts",
    "front_create_account",
    "front_update_account",
    "front_list_events",
    "front_run_analytics_report",
    "front_find_templates",
    "front_get_template",
    "front_list_signatures",
    "front_search_knowledge_base",
    "front_get_knowledge_base_article",
    "front_list_message_attachments",
    "front_download_attachment",
    "front_get_message",
    "front_resolve_message",
    "front_send_new_message",
    "front_import_message",
    "front_find_teammate",
    "front_get_teammate_availability",
    "front_bulk_update_conversations",
}


def _size(tool: BaseTool) -> int:
    text = json.dumps(convert_to_openai_tool(tool), separators=(",", ":"), ensure_ascii=False)
    return len(text.encode("utf-8"))


def _loaded(tools: list[BaseTool]) -> list[BaseTool]:
    return [t for t in tools if not (t.extras or {}).get("defer_loading")]


def _registered() -> set[str]:
    return {cls.model_fields["name"].default for cls in tool_classes()}


def test_default_selection_fits_the_budget_and_holds_the_core() -> None:
    assert DEFAULT_BUDGET == BUDGET
    tools = FrontToolkit.offline().get_tools()
    assert sum(_size(t) for t in tools) <= BUDGET
    assert _loaded(tools) == tools, "the default selection defers nothing: it is what is loaded"
    assert {t.name for t in tools} >= CORE


def test_read_only_default_fits_too() -> None:
    tools = FrontToolkit.offline(read_only=True).get_tools()
    assert sum(_size(t) for t in tools) <= BUDGET
    assert "front_reply_to_conversation" not in {t.name for t in tools}


def test_all_is_every_tool_with_the_rest_deferred() -> None:
    toolkit = FrontToolkit.offline()
    everything = toolkit.get_tools(preset="all")
    assert {t.name for t in everything} == _registered()
    default = {t.name for t in toolkit.get_tools()}
    for tool in everything:
        deferred = bool((tool.extras or {}).get("defer_loading"))
        assert deferred == (tool.name not in default), tool.name
    assert sum(_size(t) for t in _loaded(everything)) <= BUDGET


def test_a_small_budget_defers_in_priority_order() -> None:
    toolkit = FrontToolkit.offline(tool_budget=5_000)
    default = toolkit.get_tools()
    assert 0 < sum(_size(t) for t in default) <= 5_000
    names = [t.name for t in default]
    assert names[0] == "front_search_conversations" or "front_search_conversations" in names
    ranked = [n for n in PRIORITY if n in _registered()]
    assert set(names) == set(ranked[: len(names)])
    everything = toolkit.get_tools(preset="all")
    deferred = [t for t in everything if t.extras == {"defer_loading": True}]
    assert len(deferred) == len(everything) - len(default)
    plain = FrontToolkit.offline(tool_budget=5_000, defer_loading=False).get_tools(preset="all")
    assert all(not t.extras for t in plain) and len(plain) == len(everything)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_presets_pick_their_tools(preset: str) -> None:
    tools = FrontToolkit.offline().get_tools(preset=preset)
    names = {t.name for t in tools}
    assert names == set(PRESETS[preset]) & _registered()
    assert names, f"preset {preset} has no registered tool"
    assert sum(_size(t) for t in _loaded(tools)) <= BUDGET


def test_presets_name_only_existing_or_planned_tools() -> None:
    known = _registered() | PLANNED
    for preset, members in PRESETS.items():
        assert set(members) <= known, (preset, sorted(set(members) - known))
    assert set(PRIORITY) <= known
    assert PRESET_NAMES[0] == "default" and PRESET_NAMES[-1] == "all"


def test_names_and_groups_choose_from_every_tool() -> None:
    toolkit = FrontToolkit.offline()
    assert [t.name for t in toolkit.get_tools(names=["front_whoami"])] == ["front_whoami"]
    contacts = toolkit.get_tools(groups=["contacts"])
    assert contacts and {getattr(t, "group", "") for t in contacts} == {"contacts"}
    crm = FrontToolkit.offline(preset="crm").get_tools(groups=["contacts"])
    assert {t.name for t in crm} <= set(PRESETS["crm"])


def test_unknown_preset_is_refused_with_the_presets() -> None:
    with pytest.raises(FrontConfigurationError, match="support_agent"):
        FrontToolkit.offline().get_tools(preset="everything")
    with pytest.raises(FrontConfigurationError, match="triage"):
        FrontToolkit.offline(preset="nope")


def test_get_tool_reaches_tools_outside_the_default() -> None:
    toolkit = FrontToolkit.offline(tool_budget=3_000)
    assert "front_whoami" not in {t.name for t in toolkit.get_tools()}
    assert toolkit.get_tool("front_whoami").name == "front_whoami"


def test_all_tools_report_lists_every_tool_with_its_size() -> None:
    toolkit = FrontToolkit.offline()
    rows = toolkit.all_tools_report()
    assert {r["name"] for r in rows} == _registered()
    by_name = {t.name: t for t in toolkit.get_tools(preset="all")}
    for row in rows:
        assert row["bytes"] == _size(by_name[row["name"]])
        assert row["effect"] in {"read", "write", "destructive", "send"}
    default = {t.name for t in toolkit.get_tools()}
    assert {r["name"] for r in rows if r["default"]} == default
    assert sum(r["bytes"] for r in rows if r["default"]) <= BUDGET


def test_langchain_tool_search_middleware_sees_the_deferred_tools() -> None:
    middleware = pytest.importorskip("langchain.agents.middleware.provider_tool_search")
    is_deferred = getattr(middleware, "_is_deferred_tool", None)
    if is_deferred is None:
        pytest.skip("this langchain has no _is_deferred_tool")
    everything = FrontToolkit.offline(tool_budget=3_000).get_tools(preset="all")
    deferred = {t.name for t in everything if is_deferred(t, set())}
    assert deferred == {t.name for t in everything if t.extras}
    assert deferred and len(deferred) < len(everything)
