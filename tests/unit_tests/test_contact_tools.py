"""Contact tools on the Front double: what reached Front, Front's traps, actionable errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontToolkit
from langchain_front.policy import Policy
from langchain_front.testing import SEED, FrontDouble
from langchain_front.tools import tool_class


@pytest.fixture
def toolkit(double: FrontDouble) -> FrontToolkit:
    """A toolkit on a fresh double, so writes can be checked in its state."""
    return FrontToolkit.offline(double, policy=Policy.allow_all())  # approvals: test_approvals.py


def call(toolkit: FrontToolkit, name: str, args: dict[str, Any]) -> ToolMessage:
    message = toolkit.get_tool(name).invoke(
        {"type": "tool_call", "id": "t1", "name": name, "args": args}
    )
    assert isinstance(message, ToolMessage)
    return message


def writes(double: FrontDouble) -> list[tuple[str, str]]:
    """The requests that could change Front (every method but GET)."""
    return [(method, url) for method, url in double.requests if method != "GET"]


def handles_of(double: FrontDouble, contact_id: str) -> list[tuple[str, str]]:
    return [(h["source"], h["handle"]) for h in double.store.contacts[contact_id]["handles"]]


# ----------------------------------------------------------------------------- create, update


def test_create_contact_normalizes_and_guesses_handle_sources(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_create_contact",
        {
            "handles": [
                {"handle": " Lee.Wong@Initech.example "},
                {"handle": "+1 (555) 010-7777"},
                {"handle": "alt:twitter:@leewong"},
                {"handle": "lee.wong@initech.example"},
            ],
            "name": "Lee Wong",
        },
    )
    assert message.status == "success"
    new_id = message.artifact["id"]
    assert new_id in message.content
    assert handles_of(double, new_id) == [
        ("email", "lee.wong@initech.example"),
        ("phone", "+15550107777"),
        ("twitter", "@leewong"),
    ]


def test_create_contact_with_a_taken_handle_says_whose_it_is(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    before = set(double.store.contacts)
    message = call(toolkit, "front_create_contact", {"handles": [{"handle": SEED.contact_email}]})
    assert message.status == "error"
    assert SEED.contact_id in message.content
    assert "front_merge_contacts" in message.content
    assert set(double.store.contacts) == before


def test_handle_source_outside_fronts_enum_is_refused_with_the_valid_values(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_add_contact_handle",
        {"contact_id": SEED.contact_id, "handle": "jane", "source": "linkedin"},
    )
    assert message.status == "error"
    assert "front_chat" in message.content and "intercom" in message.content
    assert double.requests == []


def test_handle_schema_lists_fronts_sources() -> None:
    tool = tool_class("front_add_contact_handle")(client=None)
    schema = tool.tool_call_schema.model_json_schema()
    text = json.dumps(schema)
    for source in ("email", "phone", "twitter", "facebook", "intercom", "front_chat", "custom"):
        assert f'"{source}"' in text


def test_update_contact_merges_links_instead_of_replacing_them(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    double.store.contacts[SEED.contact_id]["links"] = ["https://crm.example/1", "https://old"]
    message = call(
        toolkit,
        "front_update_contact",
        {
            "contact_id": SEED.contact_id,
            "add_links": ["https://linkedin.example/jane"],
            "remove_links": ["https://old", "https://never-there"],
        },
    )
    assert message.status == "success"
    assert double.store.contacts[SEED.contact_id]["links"] == [
        "https://crm.example/1",
        "https://linkedin.example/jane",
    ]
    assert "https://never-there" in message.content  # said, not silently ignored
    assert message.artifact["request"] == {
        "links": ["https://crm.example/1", "https://linkedin.example/jane"]
    }


def test_update_contact_sends_only_the_fields_given(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    double.store.contacts[SEED.contact_id]["custom_fields"] = {"Tier": "Gold"}
    message = call(toolkit, "front_update_contact", {"contact_id": SEED.contact_id, "name": "J D"})
    assert message.status == "success"
    assert message.artifact["request"] == {"name": "J D"}
    assert [m for m, _ in double.requests] == ["PATCH"]  # no read needed without links
    rec = double.store.contacts[SEED.contact_id]
    assert rec["name"] == "J D"
    assert rec["custom_fields"] == {"Tier": "Gold"}


def test_update_contact_with_nothing_to_change_is_refused(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(toolkit, "front_update_contact", {"contact_id": SEED.contact_id})
    assert message.status == "error"
    assert "front_update_custom_fields" in message.content
    assert double.requests == []


# ----------------------------------------------------------------------------- handles


def test_add_handle_takes_an_alias_apart(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        toolkit,
        "front_add_contact_handle",
        {"contact_id": SEED.contact_id, "handle": "alt:email:Jane@Globex-Mail.example"},
    )
    assert message.status == "success"
    assert ("email", "jane@globex-mail.example") in handles_of(double, SEED.contact_id)


def test_add_a_handle_of_another_contact_points_to_merge(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_add_contact_handle",
        {"contact_id": SEED.contact_id, "handle": "raj.kumar@initech.example"},
    )
    assert message.status == "error"
    assert "crd_5e1" in message.content and "front_merge_contacts" in message.content


def test_remove_handle_finds_it_however_it_is_written(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_remove_contact_handle",
        {"contact_id": SEED.contact_id, "handle": "+1 555-010-1234"},
    )
    assert message.status == "success"
    assert handles_of(double, SEED.contact_id) == [("email", SEED.contact_email)]
    # Front got the handle exactly as it stores it, and never force.
    assert message.artifact["request"] == {
        "source": "phone",
        "handle": SEED.contact_phone,
        "force": False,
    }


def test_removing_the_last_handle_is_refused_and_the_contact_kept(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_remove_contact_handle",
        {"contact_id": SEED.phone_only_contact_id, "handle": SEED.phone_only_contact_phone},
    )
    assert message.status == "error"
    assert "last handle" in message.content
    assert SEED.phone_only_contact_id in double.store.contacts
    assert writes(double) == []


def test_removing_an_unknown_handle_lists_the_contacts_handles(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_remove_contact_handle",
        {"contact_id": SEED.contact_id, "handle": "nobody@nowhere.example"},
    )
    assert message.status == "error"
    assert SEED.contact_email in message.content and SEED.contact_phone in message.content
    assert writes(double) == []


# ----------------------------------------------------------------------------- notes, history


def test_add_then_list_notes_by_alias(toolkit: FrontToolkit, double: FrontDouble) -> None:
    added = call(
        toolkit,
        "front_add_contact_note",
        {
            "contact_id": f"alt:email:{SEED.contact_email}",
            "body": "Prefers email; pays by wire.",
            "author_id": f"alt:email:{SEED.teammate_email}",
        },
    )
    assert added.status == "success"
    listed = call(toolkit, "front_list_contact_notes", {"contact_id": SEED.contact_id})
    assert listed.content.startswith("2 notes:")  # the seeded one and this one
    assert "Prefers email; pays by wire." in listed.content
    assert f"({SEED.teammate_id})" in listed.content


def test_note_needs_an_author(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(toolkit, "front_add_contact_note", {"contact_id": SEED.contact_id, "body": "x"})
    assert message.status == "error"
    assert "author_id" in message.content
    assert double.requests == []


def test_no_notes_says_so(toolkit: FrontToolkit) -> None:
    message = call(toolkit, "front_list_contact_notes", {"contact_id": "crd_5e1"})
    assert message.content == "No notes found."


def test_contact_conversations_filter_by_status(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        toolkit,
        "front_list_contact_conversations",
        {"contact_id": SEED.contact_id, "statuses": ["archived"]},
    )
    assert message.status == "success"
    assert SEED.conversation_id not in message.content  # Jane's one conversation is assigned
    assert "q%5Bstatuses%5D=archived" in double.requests[-1][1]
    everything = call(toolkit, "front_list_contact_conversations", {"contact_id": SEED.contact_id})
    assert SEED.conversation_id in everything.content


# ----------------------------------------------------------------------------- merge


def test_merge_is_destructive() -> None:
    assert tool_class("front_merge_contacts").effect() == "destructive"


def test_merge_resolves_aliases_and_deletes_the_duplicates(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_merge_contacts",
        {
            "target_contact_id": SEED.contact_id,
            "contact_ids": ["alt:email:raj.kumar@initech.example", SEED.contact_id],
        },
    )
    assert message.status == "success"
    assert "crd_5e1" not in double.store.contacts
    assert ("email", "raj.kumar@initech.example") in handles_of(double, SEED.contact_id)
    assert "deleted" in message.content
    merge = [url for method, url in double.requests if method == "POST"]
    assert len(merge) == 1 and merge[0].endswith("/contacts/merge")


def test_merge_into_itself_sends_nothing(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        toolkit,
        "front_merge_contacts",
        {"target_contact_id": SEED.contact_id, "contact_ids": [SEED.contact_id]},
    )
    assert message.status == "error"
    assert writes(double) == []


async def test_merge_async(toolkit: FrontToolkit, double: FrontDouble) -> None:
    tool = toolkit.get_tool("front_merge_contacts")
    message = await tool.ainvoke(
        {
            "type": "tool_call",
            "id": "t1",
            "name": tool.name,
            "args": {"target_contact_id": SEED.contact_id, "contact_ids": ["crd_5e2"]},
        }
    )
    assert message.status == "success"
    assert "crd_5e2" not in double.store.contacts
