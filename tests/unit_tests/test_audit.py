"""The audit trail: structured events for decisions and changes, without bodies or secrets.

One approved send leaves two events: the reviewer's decision (who, why) and the change (Front's
status and the new message's ID). Bodies only with ``include_bodies=True``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from langchain_front import FrontToolkit
from langchain_front.policy import (
    AuditEvent,
    LoggingAuditSink,
    MemoryAuditSink,
    Policy,
    SQLiteAuditSink,
    action_digest,
)
from langchain_front.testing import SEED, FrontDouble
from tests.unit_tests.calls import call
from tests.unit_tests.policy_helpers import REPLY, REPLY_ARGS

APPROVE = {"type": "approve", "approver": "lead@example.com", "reason": "Checked the invoice."}
AS_USER = {"configurable": {"front_user_id": "user-42", "thread_id": "run-7"}}


def test_the_audit_events_of_one_approved_send(double: FrontDouble) -> None:
    sink = MemoryAuditSink()
    toolkit = FrontToolkit.offline(double, approver=lambda r: APPROVE, audit=sink)
    message = call(toolkit.get_tool(REPLY), REPLY_ARGS, AS_USER)
    assert message.status == "success"
    decision, change = sink.dicts()
    common = {
        "tool": REPLY,
        "effect": "send",
        "conversation_id": SEED.conversation_id,
        "user_id": "user-42",
        "run_id": "run-7",
    }
    assert (
        decision.items()
        >= {
            **common,
            "kind": "decision",
            "decision": "approve",
            "approver": "lead@example.com",
            "reason": "Checked the invoice.",
        }.items()
    )
    assert (
        change.items()
        >= {
            **common,
            "kind": "call",
            "decision": "approve",
            "operation": "create-message-reply",
            "method": "POST",
            "status": 202,
        }.items()
    )
    assert change["resource_id"] == message.artifact["message_uid"]
    assert decision["action_id"] == change["action_id"] == message_digest()
    for event in (decision, change):
        assert "body" not in event and REPLY_ARGS["body"] not in json.dumps(event)
        assert "front-double-token" not in json.dumps(event)


def message_digest() -> str:
    from langchain_front.tools.messages import ReplyInput

    return action_digest(REPLY, ReplyInput.model_validate(REPLY_ARGS).model_dump(mode="json"))


def test_bodies_only_when_asked(double: FrontDouble) -> None:
    sink = MemoryAuditSink(include_bodies=True)
    toolkit = FrontToolkit.offline(double, approver=lambda r: APPROVE, audit=sink)
    call(toolkit.get_tool(REPLY), REPLY_ARGS)
    change = sink.dicts()[-1]
    assert change["body"]["text"] == REPLY_ARGS["body"]


def test_rejections_and_denials_are_recorded(double: FrontDouble) -> None:
    sink = MemoryAuditSink()
    toolkit = FrontToolkit.offline(
        double,
        approver=lambda r: {"type": "reject", "reason": "No.", "approver": "ann"},
        audit=sink,
        policy=Policy(operations={"delete-conversation": "deny"}),
    )
    call(toolkit.get_tool(REPLY), REPLY_ARGS)
    call(
        toolkit.get_tool("front_call_operation"),
        {"operation_id": "delete-conversation", "path_params": {"conversation_id": "cnv_1"}},
    )
    assert [(e.decision, e.approver, e.reason) for e in sink.events] == [
        ("reject", "ann", "No."),
        ("deny", "policy", None),
    ]


def test_allowed_writes_are_recorded_and_reads_are_not(double: FrontDouble) -> None:
    sink = MemoryAuditSink()
    toolkit = FrontToolkit.offline(double, audit=sink)
    call(toolkit.get_tool("front_list_tags"), {})
    call(
        toolkit.get_tool("front_add_comment"),
        {"conversation_id": SEED.conversation_id, "body": "Internal note."},
    )
    [event] = sink.events
    assert (event.kind, event.decision, event.approver, event.operation) == (
        "call",
        "allow",
        "policy",
        "add-comment",
    )
    assert event.resource_id and event.resource_id.startswith("com_")


def test_a_failed_change_records_front_s_status(double: FrontDouble) -> None:
    sink = MemoryAuditSink()
    toolkit = FrontToolkit.offline(double, audit=sink)
    message = call(
        toolkit.get_tool("front_add_comment"), {"conversation_id": "cnv_missing", "body": "x"}
    )
    assert message.status == "error"
    [event] = sink.events
    assert event.status == 404 and event.error


def test_the_logging_sink_writes_one_json_line(
    double: FrontDouble, caplog: pytest.LogCaptureFixture
) -> None:
    toolkit = FrontToolkit.offline(double)
    with caplog.at_level(logging.INFO, logger="langchain_front.audit"):
        call(
            toolkit.get_tool("front_add_comment"),
            {"conversation_id": SEED.conversation_id, "body": "Secret-ish note."},
        )
    [record] = [r for r in caplog.records if r.name == "langchain_front.audit"]
    event = json.loads(record.getMessage())
    assert event["tool"] == "front_add_comment" and event["kind"] == "call"
    assert "Secret-ish note." not in record.getMessage()
    assert isinstance(LoggingAuditSink().logger, logging.Logger)


def test_a_broken_sink_does_not_fail_a_change_front_made(
    double: FrontDouble, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        include_bodies = False

        def write(self, event: AuditEvent) -> None:
            raise RuntimeError("disk full")

    toolkit = FrontToolkit.offline(double, audit=Broken())
    message = call(
        toolkit.get_tool("front_add_comment"),
        {"conversation_id": SEED.conversation_id, "body": "x"},
    )
    assert message.status == "success"
    assert "audit sink" in caplog.text


def test_sqlite_sink_keeps_events(double: FrontDouble, tmp_path: Path) -> None:
    path = tmp_path / "audit" / "audit.sqlite3"
    sink = SQLiteAuditSink(path)
    toolkit = FrontToolkit.offline(double, approver=lambda r: APPROVE, audit=sink)
    call(toolkit.get_tool(REPLY), REPLY_ARGS, AS_USER)
    sink.close()
    events = SQLiteAuditSink(path).events()
    assert [(e.kind, e.decision) for e in events] == [("decision", "approve"), ("call", "approve")]
    assert events[1].status == 202 and events[1].user_id == "user-42"
    assert path.stat().st_mode & 0o077 == 0


def test_a_rejection_through_the_hitl_middleware_is_recorded(double: FrontDouble) -> None:
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage
    from langgraph.checkpoint.memory import InMemorySaver
    from langgraph.types import Command

    from tests.unit_tests.policy_helpers import changes, scripted, tool_call_message

    sink = MemoryAuditSink()
    toolkit = FrontToolkit.offline(double, audit=sink)
    agent = create_agent(
        scripted(tool_call_message(REPLY, REPLY_ARGS), AIMessage(content="ok")),
        tools=toolkit.get_tools(names=[REPLY]),
        middleware=[toolkit.approval_middleware()],
        checkpointer=InMemorySaver(),
    )
    config = {"configurable": {"thread_id": "m", "front_user_id": "u-9"}}
    agent.invoke({"messages": [("user", "reply")]}, config, version="v2")
    agent.invoke(Command(resume={"type": "reject", "message": "Too curt."}), config, version="v2")
    [event] = sink.events
    assert (event.decision, event.approver, event.reason, event.tool) == (
        "reject",
        "hitl-middleware",
        "Too curt.",
        REPLY,
    )
    assert event.user_id == "u-9" and changes(double) == []
