"""The long tail teaches: operation schemas as front_find_operations shows them, closed objects
in front_call_operation, and "Front's API has no such operation" for needs it cannot serve."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontToolkit
from langchain_front.catalog import load_catalog
from langchain_front.catalog._describe import Describer, clean, unit
from langchain_front.errors import FrontValidationError
from langchain_front.testing import SEED, FrontDouble
from langchain_front.tools.meta import SCHEMA_BUDGET


def _find(args: dict[str, Any], **options: Any) -> ToolMessage:
    tool = FrontToolkit.offline(**options).get_tool("front_find_operations")
    message = tool.invoke({"type": "tool_call", "id": "t", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


def _lines(op_id: str) -> list[str]:
    catalog = load_catalog()
    return Describer(catalog.components).operation(catalog.get(op_id))


def _line(lines: list[str], start: str) -> str:
    found = [line for line in lines if line.strip().startswith(start)]
    assert found, f"no line starting with {start!r} in:\n" + "\n".join(lines)
    return found[0]


# --------------------------------------------------------------------------- what is shown


def test_body_fields_show_type_required_default_and_whole_description() -> None:
    lines = _lines("create-message-reply")
    assert _line(lines, "body:").startswith("    body: string, required. Body of the message")
    archive = _line(lines, "archive:")
    # nested under options, one level deeper, with its default and description
    assert archive.startswith("      archive: boolean, default true. Archive the conversation")
    signature = _line(lines, "signature_id:")
    assert signature.endswith("If null, no signature is attached.")


def test_enums_units_and_nullable_types() -> None:
    lines = _lines("update-conversation")
    assert "one of archived, open, deleted, spam" in _line(lines, "status:")
    due = _line(lines, "due_at:")
    assert due.startswith("    due_at: number or null, Unix timestamp, seconds")
    report = _lines("create-analytics-report")
    assert "items one of " in _line(report, "metrics:") and "num_messages_sent" in "".join(report)
    assert "Unix timestamp, seconds" in _line(report, "start:")


def test_refs_are_resolved_and_alternative_shapes_listed() -> None:
    report = _lines("create-analytics-report")
    filters = report.index(_line(report, "filters:"))
    assert "one of these 6 shapes" in report[filters + 1]
    assert any(line.strip().startswith("tag_ids: array of string, required") for line in report)


def test_arrays_of_objects_show_their_item_fields() -> None:
    lines = _lines("create-contact")
    handles = _line(lines, "handles:")
    assert handles.startswith("    handles: array of objects, required")
    first = lines.index(handles)
    assert lines[first + 1].startswith("      handle: string, required")
    assert "one of twitter, email, phone" in lines[first + 2]


def test_query_filter_object_and_bounds() -> None:
    lines = _lines("list-conversations")
    q = _line(lines, "query q:")
    assert '{"q": {' in q and "statuses" in q
    assert "max 100" in _line(lines, "query limit:")
    assert "one of asc, desc" in _line(lines, "query sort_order:")


def test_descriptions_are_never_cut() -> None:
    catalog = load_catalog()
    describer = Describer(catalog.components)
    for op in catalog:
        text = "\n".join(describer.operation(op))
        assert "…" not in text, op.id
    merge = catalog.get("merge-contacts")
    assert "other conflicts will use the most recently updated contact's value" in (
        merge.description
    )


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("created_at", {"type": "number"}, "Unix timestamp, seconds"),
        ("start", {"type": "number", "description": "seconds since 1970-01-01"}, None),
        ("undo_send_time", {"type": "integer", "description": "measured in seconds"}, "seconds"),
        ("delay", {"type": "integer", "description": "Delay in milliseconds"}, "milliseconds"),
        ("t", {"type": "number", "description": "Timestamp in milliseconds"}, None),
        ("name", {"type": "string", "description": "timestamp"}, "none"),
        ("limit", {"type": "integer"}, "none"),
    ],
)
def test_units_are_derived_from_the_text(
    name: str, schema: dict[str, Any], expected: str | None
) -> None:
    found = unit(name, schema)
    if expected == "none":
        assert found is None
    elif expected is None:
        assert found is not None and "timestamp" in found.lower()
    else:
        assert found == expected


def test_clean_reduces_links_and_quotes() -> None:
    assert clean("See [docs](https://x.y)\n> **Note**") == "See docs Note"


def test_find_operations_shows_schemas_within_the_budget() -> None:
    message = _find({"query": "message", "include_schema": True, "limit": 25})
    content = str(message.content)
    assert "left out to keep this short" in content
    first_id = content.split(":", 1)[0]
    first_details = len("\n".join(_lines(first_id)))
    details = sum(len(line) + 1 for line in content.splitlines() if line.startswith("  "))
    assert details <= SCHEMA_BUDGET + first_details + 25
    assert len(message.artifact) == 25
    small = _find({"query": "merge contacts", "include_schema": True, "limit": 1})
    assert "[destructive, cannot be undone]" in str(small.content)
    assert "contact_ids: array of string, required" in str(small.content)


# --------------------------------------------------------------------------- no such operation


@pytest.mark.parametrize(
    ("need", "op_id"),
    [
        ("list shifts", "list-shifts"),
        ("merge two contacts", "merge-contacts"),
        ("list ticket statuses", "list-company-ticket-statuses"),
        ("snooze conversation", "update-conversation-reminders"),
        ("add teammate to team", "add-teammates-to-team"),
        ("time off for a teammate", "list-teammate-time-offs"),
        ("update a tag color", "update-a-tag"),
        ("knowledge base articles", "get-a-knowledge-base-article"),
        ("download attachment", "download-attachment"),
        ("contact notes", "list-notes"),
        ("custom fields of accounts", "list-account-custom-fields"),
        ("mark message seen", "mark-message-seen"),
    ],
)
def test_needs_front_serves_are_found(need: str, op_id: str) -> None:
    message = _find({"query": need})
    assert op_id in str(message.content), message.content
    assert "has no operation" not in str(message.content)


@pytest.mark.parametrize(
    "need",
    [
        "create a webhook",
        "create a new rule",
        "create custom field",
        "delete teammate",
        "invite a new user",
        "translate a message",
        "send sms via twilio",
        "billing invoice",
        "export to salesforce",
        "restore deleted contact",
        "change company logo",
        "print a conversation",
    ],
)
def test_needs_front_cannot_serve_say_so(need: str) -> None:
    message = _find({"query": need})
    assert str(message.content).startswith("Front's API has no operation for"), message.content
    assert message.artifact == []


def test_read_only_search_says_nothing_allowed_matches() -> None:
    message = _find({"query": "delete contact"}, read_only=True)
    assert "No Front operation this toolkit allows" in str(message.content)
    assert "destructive" in str(message.content)


# --------------------------------------------------------------------------- closed objects


def test_unknown_nested_keys_are_refused_with_the_keys_that_exist() -> None:
    op = load_catalog().get("create-message-reply")
    with pytest.raises(FrontValidationError) as info:
        op.validate({"conversation_id": "cnv_1"}, {}, {"body": "hi", "options": {"archiv": 1}})
    (problem,) = info.value.problems
    assert problem.startswith("body.options: unknown key(s) archiv")
    assert "archive, tag_ids" in problem


def test_every_problem_is_reported_in_one_message() -> None:
    op = load_catalog().get("create-message-reply")
    body = {"bogus": 1, "to": [3], "options": {"archiv": True, "tag_ids": "x"}}
    with pytest.raises(FrontValidationError) as info:
        op.validate({}, {"nope": 1}, body)
    text = "\n".join(info.value.problems)
    for part in ("conversation_id", "nope", "'body' is a required property", "body.to[0]"):
        assert part in text
    assert "body: unknown key(s) bogus" in text and "body.options: unknown key(s) archiv" in text
    assert "body.options.tag_ids" in text


def test_open_objects_and_discriminated_shapes() -> None:
    catalog = load_catalog()
    # custom_fields is a map of the company's own field names: open
    catalog.get("update-conversation").validate(
        {"conversation_id": "cnv_1"}, {}, {"custom_fields": {"Anything": 1}}
    )
    report = catalog.get("create-analytics-report")
    with pytest.raises(FrontValidationError) as info:
        report.validate({}, {}, {"start": 1, "end": 2, "metrics": [], "filters": {"inbox": []}})
    assert any("inbox_ids" in p for p in info.value.problems)


def test_arrays_of_closed_objects_are_checked_item_by_item() -> None:
    op = load_catalog().get("import-inbox-message")
    schema_lines = "\n".join(Describer(load_catalog().components).operation(op))
    assert "sender" in schema_lines
    with pytest.raises(FrontValidationError) as info:
        op.validate(
            {"inbox_id": "inb_1"},
            {},
            {
                "sender": {"handle": "a@b.c", "nam": "x"},
                "to": ["x@y.z"],
                "body": "b",
                "external_id": "e",
                "created_at": 1,
                "metadata": {"is_inbound": True},
            },
        )
    assert any(p.startswith("body.sender: unknown key(s) nam") for p in info.value.problems)
    contact = load_catalog().get("create-contact")
    with pytest.raises(FrontValidationError) as info:
        contact.validate({}, {}, {"handles": [{"handle": "a@b.c", "source": "email", "kind": 1}]})
    (problem,) = info.value.problems
    assert problem.startswith("body.handles[0]: unknown key(s) kind")
    assert problem.endswith("the keys here are: handle, source")


def test_call_operation_refuses_a_misspelt_nested_key_before_any_request(
    double: FrontDouble,
) -> None:
    from langchain_front.policy import Policy

    toolkit = FrontToolkit.offline(double, policy=Policy.allow_all())
    tool = toolkit.get_tool("front_call_operation")
    args = {
        "operation_id": "create-message-reply",
        "path_params": {"conversation_id": SEED.conversation_id},
        "body": {"body": "Thanks!", "options": {"archiv": False}},
    }
    message = tool.invoke({"type": "tool_call", "id": "t", "name": tool.name, "args": args})
    assert message.status == "error"
    assert "archiv" in str(message.content) and "archive" in str(message.content)
    assert double.requests == []


def test_a_policy_check_per_operation_is_honoured() -> None:
    from langchain_front.tools.meta import FindOperationsInput, find_operations

    args = FindOperationsInput(query="merge contacts")
    allowed = frozenset({"read", "write", "destructive", "send"})
    content, artifact = find_operations(args, allowed, keep=lambda op: op.id != "merge-contacts")
    assert "policy denies" in content and artifact == []
    content, artifact = find_operations(args, allowed)
    assert content.startswith("merge-contacts:") and artifact[0]["irreversible"] is True
