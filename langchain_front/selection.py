"""Which tools a toolkit hands a model: named presets, a byte budget, and deferred loading.

Every tool definition a model is sent (name, description, input schema) costs context on every
turn. ``FrontToolkit.get_tools()`` therefore returns by default only the tools a support agent
needs most, at most :data:`DEFAULT_BUDGET` bytes of definitions (compact JSON in OpenAI tool
format, as :func:`definition_bytes` measures them). Applications choose more with a named preset
(:data:`PRESETS`, ``get_tools(preset="crm")``), with ``groups=``/``names=``, or take everything
with ``preset="all"``.

In any selection, tools are loaded in :data:`PRIORITY` order while their definitions fit the
budget; the rest carry ``extras={"defer_loading": True}``, which LangChain's provider tool-search
middleware (``ProviderToolSearchMiddleware``) and providers with server-side tool search read as
"send the schema only when the model searches for it". The default selection is the loaded part
of ``preset="all"``, so it never holds a deferred tool.

Presets name tools, not classes, and may name tools a version does not have: those are skipped,
so a preset keeps working as tools are added. A tool not in :data:`PRIORITY` ranks after every
tool that is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from langchain_core.tools import BaseTool

#: Bytes of tool definitions loaded in one selection (the rest is deferred).
DEFAULT_BUDGET = 20_000

#: The order tools are loaded in (most needed first); the default selection is the longest
#: prefix of the registered ones that fits :data:`DEFAULT_BUDGET`.
PRIORITY: tuple[str, ...] = (
    "front_search_conversations",
    "front_get_conversation",
    "front_reply_to_conversation",
    "front_create_draft_reply",
    "front_add_comment",
    "front_assign_conversation",
    "front_set_conversation_status",
    "front_add_tags",
    "front_remove_tags",
    "front_find_contact",
    "front_find_operations",
    "front_call_operation",
    "front_list_conversation_messages",
    "front_unassign_conversation",
    "front_get_contact",
    "front_list_tags",
    "front_list_teammates",
    "front_list_inboxes",
    "front_snooze_conversation",
    "front_find_templates",
    "front_search_knowledge_base",
    "front_find_teammate",
    "front_list_conversations",
    "front_whoami",
    "front_get_account",
    "front_list_channels",
)

_TRIAGE = (
    "front_search_conversations",
    "front_list_conversations",
    "front_get_conversation",
    "front_list_conversation_messages",
    "front_assign_conversation",
    "front_unassign_conversation",
    "front_set_conversation_status",
    "front_add_tags",
    "front_remove_tags",
    "front_add_comment",
    "front_snooze_conversation",
    "front_unsnooze_conversation",
    "front_reopen_conversation",
    "front_list_ticket_statuses",
    "front_set_ticket_status",
    "front_move_conversation",
    "front_add_followers",
    "front_remove_followers",
    "front_list_tags",
    "front_list_teammates",
    "front_list_inboxes",
    "front_find_teammate",
    "front_get_teammate_availability",
    "front_bulk_update_conversations",
)

#: Named selections; ``"all"`` is every registered tool and ``"default"`` the budgeted default.
PRESETS: dict[str, tuple[str, ...]] = {
    "triage": _TRIAGE,
    "support_agent": (
        "front_search_conversations",
        "front_get_conversation",
        "front_list_conversation_messages",
        "front_reply_to_conversation",
        "front_create_draft_reply",
        "front_add_comment",
        "front_assign_conversation",
        "front_set_conversation_status",
        "front_add_tags",
        "front_remove_tags",
        "front_snooze_conversation",
        "front_find_contact",
        "front_get_contact",
        "front_find_templates",
        "front_get_template",
        "front_list_signatures",
        "front_search_knowledge_base",
        "front_get_knowledge_base_article",
        "front_list_message_attachments",
        "front_download_attachment",
        "front_get_message",
        "front_resolve_message",
        "front_find_teammate",
    ),
    "crm": (
        "front_find_contact",
        "front_get_contact",
        "front_create_contact",
        "front_update_contact",
        "front_add_contact_handle",
        "front_remove_contact_handle",
        "front_list_contact_notes",
        "front_add_contact_note",
        "front_list_contact_conversations",
        "front_merge_contacts",
        "front_get_account",
        "front_find_accounts",
        "front_list_account_contacts",
        "front_create_account",
        "front_update_account",
        "front_list_custom_fields",
        "front_update_custom_fields",
        "front_search_conversations",
        "front_get_conversation",
    ),
    "admin": (
        "front_whoami",
        "front_list_inboxes",
        "front_list_channels",
        "front_list_teammates",
        "front_list_tags",
        "front_find_teammate",
        "front_get_teammate_availability",
        "front_list_ticket_statuses",
        "front_list_custom_fields",
        "front_list_signatures",
        "front_list_events",
        "front_run_analytics_report",
        "front_bulk_update_conversations",
        "front_find_operations",
        "front_call_operation",
    ),
}
#: Every preset name ``get_tools(preset=...)`` accepts.
PRESET_NAMES: tuple[str, ...] = ("default", *PRESETS, "all")

_sizes: dict[tuple[type, str, str], int] = {}


def definition_bytes(tool: BaseTool) -> int:
    """Bytes of the tool's definition as a model is sent it (compact OpenAI tool JSON)."""
    key = (type(tool), tool.name, tool.description)
    size = _sizes.get(key)
    if size is None:
        # Imported on first use: the toolkit's import stays as light as it was.
        from langchain_core.utils.function_calling import convert_to_openai_tool

        text = json.dumps(convert_to_openai_tool(tool), separators=(",", ":"), ensure_ascii=False)
        size = len(text.encode("utf-8"))
        _sizes[key] = size
    return size


def total_bytes(tools: Iterable[BaseTool]) -> int:
    """Bytes of the definitions of the tools a model is sent (deferred ones left out)."""
    return sum(definition_bytes(t) for t in tools if not is_deferred(t))


def is_deferred(tool: BaseTool) -> bool:
    """Whether the tool carries ``extras={"defer_loading": True}``."""
    return bool((tool.extras or {}).get("defer_loading"))


def _rank(name: str) -> int:
    try:
        return PRIORITY.index(name)
    except ValueError:
        return len(PRIORITY)


def prioritized(tools: Sequence[BaseTool]) -> list[BaseTool]:
    """``tools`` in loading order: :data:`PRIORITY` first, then the others as given."""
    order = {id(tool): index for index, tool in enumerate(tools)}
    return sorted(tools, key=lambda t: (_rank(t.name), order[id(t)]))


def split_budget(
    tools: Sequence[BaseTool], budget: int = DEFAULT_BUDGET
) -> tuple[list[BaseTool], list[BaseTool]]:
    """(loaded, deferred): the longest prefix in loading order that fits ``budget``, the rest."""
    ranked = prioritized(tools)
    used = 0
    for index, tool in enumerate(ranked):
        used += definition_bytes(tool)
        if used > budget:
            return ranked[:index], ranked[index:]
    return ranked, []


def check_preset(preset: str | None) -> None:
    """Raise ``ValueError`` naming the presets when ``preset`` is not one."""
    if preset is not None and preset not in PRESET_NAMES:
        raise ValueError(f"unknown preset {preset!r}; presets: {', '.join(PRESET_NAMES)}")


def select(
    tools: Sequence[BaseTool],
    *,
    preset: str | None = None,
    explicit: bool = False,
    budget: int = DEFAULT_BUDGET,
    defer: bool = True,
) -> list[BaseTool]:
    """The tools to hand a model, from ``tools`` (built, allowed by the policy, and narrowed by
    any ``names``/``groups``, which make the selection ``explicit``).

    With no preset and no explicit narrowing: the default selection (the loaded part only).
    Otherwise the preset's tools (``"all"`` when none is named): what fits ``budget`` in loading
    order is loaded, and the rest gets ``defer_loading`` (or is returned as is with
    ``defer=False``). The result keeps the order of ``tools``.
    """
    check_preset(preset)
    chosen = preset or ("all" if explicit else "default")
    picked = list(tools)
    if chosen in PRESETS:
        wanted = set(PRESETS[chosen])
        picked = [t for t in picked if t.name in wanted]
    loaded, deferred = split_budget(picked, budget)
    if chosen == "default":
        deferred = []
    keep = {id(t) for t in (*loaded, *deferred)}
    late = {id(t) for t in deferred}
    result = []
    for tool in picked:
        if id(tool) not in keep:
            continue
        if defer and id(tool) in late:
            tool.extras = {**(tool.extras or {}), "defer_loading": True}
        result.append(tool)
    return result


def report(tools: Sequence[BaseTool], budget: int = DEFAULT_BUDGET) -> list[dict[str, Any]]:
    """One row per tool: name, group, effect, definition bytes, default?, presets it is in."""
    loaded, _ = split_budget(tools, budget)
    in_default = {t.name for t in loaded}
    rows = []
    for tool in prioritized(tools):
        effect = getattr(tool, "effective_effect", None)
        rows.append(
            {
                "name": tool.name,
                "group": getattr(tool, "group", ""),
                "effect": effect() if callable(effect) else None,
                "bytes": definition_bytes(tool),
                "default": tool.name in in_default,
                "presets": [p for p, members in PRESETS.items() if tool.name in members],
            }
        )
    return rows
