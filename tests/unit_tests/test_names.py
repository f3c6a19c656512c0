"""Names in ID fields and search filters, and conversation numbers, on the Front double."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from langchain_front import FrontToolkit
from langchain_front.auth.context import acting_as
from langchain_front.testing import SEED, FrontDouble
from langchain_front.tools import _names
from langchain_front.tools._fields import CONVERSATION, TAG, to_base36
from tests.unit_tests.calls import acall, call


@pytest.fixture
def toolkit(double: FrontDouble) -> FrontToolkit:
    return FrontToolkit.offline(double)


def paths(double: FrontDouble) -> list[str]:
    """``METHOD path?query`` of every request the double saw, unquoted."""
    return [f"{m} {unquote(u.split('frontapp.com', 1)[1])}" for m, u in double.requests]


def writes(double: FrontDouble) -> list[str]:
    return [p for p in paths(double) if not p.startswith("GET ")]


# ----------------------------------------------------------------------------- ID fields


def test_tag_names_resolve_and_the_content_says_so(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit.get_tool("front_add_tags"),
        {"conversation_id": SEED.unassigned_conversation_id, "tag_ids": ["vip", "Urgent"]},
    )
    assert message.status == "success"
    assert message.content.startswith(
        f"Resolved: tag 'vip' is {SEED.vip_tag_id}; tag 'Urgent' is {SEED.urgent_tag_id}."
    )
    conv = double.store.conversations[SEED.unassigned_conversation_id]
    assert {SEED.vip_tag_id, SEED.urgent_tag_id} <= set(conv.tag_ids)
    assert paths(double)[0] == "GET /tags?limit=100"


@pytest.mark.parametrize(
    "name", ["Ben", "ben ortiz", "beno", "@beno", "ben.ortiz@acme.example", "  Ben   Ortiz "]
)
def test_teammate_names_resolve(toolkit: FrontToolkit, double: FrontDouble, name: str) -> None:
    message = call(
        toolkit.get_tool("front_assign_conversation"),
        {"conversation_id": SEED.unassigned_conversation_id, "teammate_id": name},
    )
    assert message.status == "success", message.content
    assert f"is {SEED.teammate_ids[1]}" in message.content
    assert (
        double.store.conversations[SEED.unassigned_conversation_id].assignee_id
        == (SEED.teammate_ids[1])
    )


def test_ids_and_aliases_cost_no_list_request(toolkit: FrontToolkit, double: FrontDouble) -> None:
    tool = toolkit.get_tool("front_assign_conversation")
    message = call(
        tool, {"conversation_id": SEED.conversation_id, "teammate_id": "alt:email:ben@x.example"}
    )
    assert "Resolved" not in message.content
    assert not any(p.startswith("GET /teammates") for p in paths(double))


def test_one_list_request_serves_every_tool_of_a_toolkit(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    add = toolkit.get_tool("front_add_tags")
    remove = toolkit.get_tool("front_remove_tags")
    search = toolkit.get_tool("front_search_conversations")
    call(add, {"conversation_id": SEED.conversation_id, "tag_ids": ["VIP"]})
    call(remove, {"conversation_id": SEED.conversation_id, "tag_ids": ["vip"]})
    call(search, {"query": "tag:Billing"})
    assert [p for p in paths(double) if p.startswith("GET /tags")] == ["GET /tags?limit=100"]
    # another toolkit (another client) has its own cache
    other = FrontToolkit.offline(double)
    call(
        other.get_tool("front_add_tags"),
        {"conversation_id": SEED.conversation_id, "tag_ids": ["VIP"]},
    )
    assert len([p for p in paths(double) if p.startswith("GET /tags")]) == 2


def test_the_cache_expires(
    toolkit: FrontToolkit, double: FrontDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(_names, "_now", lambda: now[0])
    tool = toolkit.get_tool("front_add_tags")
    args = {"conversation_id": SEED.conversation_id, "tag_ids": ["VIP"]}
    call(tool, args)
    now[0] += _names.TTL_SECONDS - 1
    call(tool, args)
    assert len([p for p in paths(double) if p.startswith("GET /tags")]) == 1
    now[0] += 2
    call(tool, args)
    assert len([p for p in paths(double) if p.startswith("GET /tags")]) == 2


def test_the_cache_is_per_acting_user(toolkit: FrontToolkit, double: FrontDouble) -> None:
    tool = toolkit.get_tool("front_add_tags")
    args = {"conversation_id": SEED.conversation_id, "tag_ids": ["VIP"]}
    with acting_as("user-a"):
        call(tool, args)
        call(tool, args)
    with acting_as("user-b"):
        call(tool, args)
    assert len([p for p in paths(double) if p.startswith("GET /tags")]) == 2


def test_a_new_tag_is_found_after_the_cache_expires(
    toolkit: FrontToolkit, double: FrontDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [0.0]
    monkeypatch.setattr(_names, "_now", lambda: now[0])
    tool = toolkit.get_tool("front_add_tags")
    call(tool, {"conversation_id": SEED.conversation_id, "tag_ids": ["VIP"]})
    toolkit.client.call("create-tag", body={"name": "Churn risk"})
    missing = call(tool, {"conversation_id": SEED.conversation_id, "tag_ids": ["churn risk"]})
    assert missing.status == "error"
    now[0] += _names.TTL_SECONDS + 1
    found = call(tool, {"conversation_id": SEED.conversation_id, "tag_ids": ["churn risk"]})
    assert found.status == "success", found.content


def test_an_ambiguous_name_lists_the_candidates_and_changes_nothing(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    second = toolkit.client.call("create-tag", body={"name": "billing"})["id"]
    double.requests.clear()
    message = call(
        toolkit.get_tool("front_add_tags"),
        {"conversation_id": SEED.unassigned_conversation_id, "tag_ids": ["Billing"]},
    )
    assert message.status == "error"
    assert "'Billing' matches 2 tags" in message.content
    assert SEED.tag_id in message.content and second in message.content
    assert "Pass the ID" in message.content
    assert writes(double) == []


def test_an_ambiguous_teammate_first_name(toolkit: FrontToolkit, double: FrontDouble) -> None:
    twin = dict(double.store.teammates[SEED.teammate_ids[1]])
    twin.update(id="tea_9zz", last_name="Stone", username="bens", email="ben.stone@acme.example")
    double.store.teammates["tea_9zz"] = twin
    message = call(
        toolkit.get_tool("front_assign_conversation"),
        {"conversation_id": SEED.unassigned_conversation_id, "teammate_id": "ben"},
    )
    assert message.status == "error"
    assert "Ben Ortiz" in message.content and "Ben Stone" in message.content
    assert writes(double) == []
    # the full name is not ambiguous
    ok = call(
        toolkit.get_tool("front_assign_conversation"),
        {"conversation_id": SEED.unassigned_conversation_id, "teammate_id": "Ben Stone"},
    )
    assert ok.status == "success" and "tea_9zz" in ok.content


def test_an_unknown_name_suggests_the_nearest(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        toolkit.get_tool("front_add_tags"),
        {"conversation_id": SEED.conversation_id, "tag_ids": ["Bugs"]},
    )
    assert message.status == "error"
    assert "no tag is named 'Bugs'" in message.content
    assert f"Bug ({SEED.bug_tag_id})" in message.content
    assert writes(double) == []


def test_inbox_names_resolve_in_list_conversations(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(toolkit.get_tool("front_list_conversations"), {"inbox_id": "sms"})
    assert message.status == "success"
    assert f"inbox 'sms' is {SEED.sms_inbox_id}" in message.content
    assert f"GET /inboxes/{SEED.sms_inbox_id}/conversations" in paths(double)[-1]


async def test_names_resolve_on_the_async_path(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = await acall(
        toolkit.get_tool("front_add_tags"),
        {"conversation_id": SEED.unassigned_conversation_id, "tag_ids": ["VIP"]},
    )
    assert message.status == "success"
    assert SEED.vip_tag_id in double.store.conversations[SEED.unassigned_conversation_id].tag_ids


def test_name_fields_show_no_id_pattern_to_the_model(toolkit: FrontToolkit) -> None:
    schema = toolkit.get_tool("front_add_tags").tool_call_schema.model_json_schema()
    items = schema["properties"]["tag_ids"]["items"]
    assert "pattern" not in items
    assert "name" in items["description"]
    conv = schema["properties"]["conversation_id"]
    assert "number" in conv["description"]


# ----------------------------------------------------------------------------- search filters


def test_search_filters_take_names(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        toolkit.get_tool("front_search_conversations"),
        {"query": 'invoice tag:billing assignee:"Ava Chen" inbox:Support is:open'},
    )
    assert message.status == "success"
    assert "Resolved: tag:billing is tag:tag_4d0" in message.content
    assert 'assignee:"Ava Chen" is assignee:tea_1a0' in message.content
    assert SEED.conversation_id in message.content
    sent = [p for p in paths(double) if p.startswith("GET /conversations/search/")]
    assert sent == [
        "GET /conversations/search/invoice tag:tag_4d0 assignee:tea_1a0 inbox:inb_2b0 is:open"
        "?limit=20"
    ]


def test_search_filters_with_ids_are_sent_unchanged(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    query = f"tag:{SEED.tag_id} assignee:{SEED.teammate_id} from:jane.doe@globex.example"
    message = call(toolkit.get_tool("front_search_conversations"), {"query": query})
    assert "Resolved" not in message.content
    assert len(double.requests) == 1


def test_search_filter_with_an_unknown_name_is_an_error_before_searching(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(toolkit.get_tool("front_search_conversations"), {"query": "inbox:Sales"})
    assert message.status == "error"
    assert "query (inbox:Sales): no inbox is named 'Sales'" in message.content
    assert not any("/search/" in p for p in paths(double))


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("number", "digits"), [(0, "0"), (35, "z"), (36, "10"), (9648, "7g0")])
def test_to_base36(number: int, digits: str) -> None:
    assert to_base36(number) == digits
    assert int(digits, 36) == number


def test_front_example_inbox_number() -> None:
    # Front's own example: inb_4bj7r is inbox 7256583 in the app.
    assert to_base36(7256583) == "4bj7r"


@pytest.mark.parametrize("value", ["9648", "#9648", " 9648 "])
def test_conversation_numbers_convert(
    toolkit: FrontToolkit, double: FrontDouble, value: str
) -> None:
    assert CONVERSATION(value) == SEED.conversation_id
    message = call(toolkit.get_tool("front_get_conversation"), {"conversation_id": value})
    assert message.status == "success"
    assert "Invoice #4521" in message.content
    assert paths(double)[0] == f"GET /conversations/{SEED.conversation_id}"


def test_numbers_are_not_tag_ids() -> None:
    # a number is a name for a kind that accepts names (not converted)
    assert TAG("2024") == "2024"
    assert not TAG.is_id("2024")


def test_a_name_on_a_later_page_of_tags_is_found(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    for number in range(120):
        toolkit.client.call("create-tag", body={"name": f"Project {number}"})
    double.requests.clear()
    message = call(
        toolkit.get_tool("front_add_tags"),
        {"conversation_id": SEED.conversation_id, "tag_ids": ["project 117"]},
    )
    assert message.status == "success", message.content
    tag_reads = [p for p in paths(double) if p.startswith("GET /tags")]
    assert len(tag_reads) == 2 and tag_reads[0] == "GET /tags?limit=100"
    assert "page_token=" in tag_reads[1]


def test_a_quoted_phrase_is_never_resolved(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        toolkit.get_tool("front_search_conversations"),
        {"query": '"see tag:Billing here" TAG:"VIP" inbox:'},
    )
    assert message.status == "success"
    sent = next(p for p in paths(double) if "/search/" in p)
    assert sent.startswith(
        f'GET /conversations/search/"see tag:Billing here" tag:{SEED.vip_tag_id}'
    )
