"""examples/triage_graph.py end to end: a send pauses, then runs once, edited, or never.

The workflow runs on the Front double with a scripted model and a SQLite checkpointer; each test
checks what reached the double (its store and the requests it saw), not only what the graph says.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontToolkit
from langchain_front.policy import MemoryAuditSink
from langchain_front.testing import SEED, FrontDouble

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "triage_graph.py"
triage: dict[str, Any] = runpy.run_path(str(EXAMPLE))
CONVERSATION = SEED.unassigned_conversation_id
SEND_URL = f"https://api2.frontapp.com/conversations/{CONVERSATION}/messages"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "triage.sqlite"


def graph_on(double: FrontDouble, db: Path, audit: MemoryAuditSink | None = None) -> Any:
    """A fresh graph object (new toolkit, new checkpointer connection) on the same file."""
    toolkit = FrontToolkit.offline(double, audit=audit)
    return triage["build_graph"](toolkit, triage["open_checkpointer"](db))


def sends(double: FrontDouble) -> list[tuple[str, str]]:
    return [r for r in double.requests if r == ("POST", SEND_URL)]


def paused(double: FrontDouble, db: Path) -> Any:
    """Run the workflow until it pauses; check nothing was sent and the pause is the send."""
    graph = graph_on(double, db)
    (waiting,) = triage["start"](graph, CONVERSATION)
    request = waiting.value
    assert request["tool"] == "front_reply_to_conversation"
    assert request["effect"] == "send"
    assert request["conversation_id"] == CONVERSATION
    assert "Hi Raj" in request["args"]["body"]
    assert set(request["allowed_decisions"]) == {"approve", "edit", "reject"}
    assert sends(double) == []
    assert triage["sent_bodies"](double, CONVERSATION) == []
    # The triage steps before the send ran: tagged and assigned.
    conversation = double.store.conversations[CONVERSATION]
    assert triage["TRIAGE_TAG"] in conversation.tag_ids
    assert conversation.assignee_id == triage["ASSIGNEE"]
    return graph


def reply_tool_message(graph: Any) -> ToolMessage:
    messages = graph.get_state(triage["thread"](CONVERSATION)).values["messages"]
    replies = [
        m
        for m in messages
        if isinstance(m, ToolMessage) and m.name == "front_reply_to_conversation"
    ]
    assert len(replies) == 1
    return replies[0]


def test_approve_sends_once(double: FrontDouble, db: Path) -> None:
    paused(double, db)
    audit = MemoryAuditSink()
    graph = graph_on(double, db, audit)
    answer = triage["resume"](graph, CONVERSATION, {"type": "approve", "approver": "ava"})
    assert answer.startswith("Triaged and answered")
    assert len(sends(double)) == 1
    (body,) = triage["sent_bodies"](double, CONVERSATION)
    assert "Hi Raj" in body and "reset your portal access" in body
    assert triage["pending"](graph, CONVERSATION) == []
    # The audit trail: the reviewer's approval, then the one send it allowed, with its outcome.
    decision, call = audit.events
    assert (decision.kind, decision.decision, decision.approver) == ("decision", "approve", "ava")
    assert (call.kind, call.operation, call.method) == ("call", "create-message-reply", "POST")
    assert (call.status, call.approver, call.conversation_id) == (202, "ava", CONVERSATION)
    assert call.action_id == decision.action_id
    assert call.body is None  # message bodies stay out of the trail unless asked


def test_edit_sends_the_edited_text(double: FrontDouble, db: Path) -> None:
    graph = paused(double, db)
    request = triage["pending"](graph, CONVERSATION)[0].value
    edited = {**request["args"], "body": "Hi Raj, a teammate will call you within the hour."}
    triage["resume"](graph, CONVERSATION, {"type": "edit", "args": edited})
    assert len(sends(double)) == 1
    assert triage["sent_bodies"](double, CONVERSATION) == [
        "Hi Raj, a teammate will call you within the hour."
    ]


def test_reject_reaches_the_model_and_front_receives_nothing(double: FrontDouble, db: Path) -> None:
    paused(double, db)
    audit = MemoryAuditSink()
    graph = graph_on(double, db, audit)
    before = len(double.requests)
    answer = triage["resume"](
        graph, CONVERSATION, {"type": "reject", "reason": "Do not promise a reset yet"}
    )
    # The rejection is a normal tool message for the model, with the reviewer's reason.
    message = reply_tool_message(graph)
    assert "Do not promise a reset yet" in str(message.content)
    assert answer.startswith("Not sent")
    assert "Do not promise a reset yet" in answer
    # Front received nothing: no send, and no change at all after the pause (reads may run).
    assert sends(double) == []
    assert triage["sent_bodies"](double, CONVERSATION) == []
    assert [r for r in double.requests[before:] if r[0] != "GET"] == []
    assert [(e.kind, e.decision, e.reason) for e in audit.events] == [
        ("decision", "reject", "Do not promise a reset yet")
    ]


def test_restart_between_pause_and_approval(double: FrontDouble, db: Path) -> None:
    paused(double, db)
    restarted = graph_on(double, db)  # new toolkit, connection and graph on the same file
    (waiting,) = triage["pending"](restarted, CONVERSATION)
    assert waiting.value["tool"] == "front_reply_to_conversation"
    triage["resume"](restarted, CONVERSATION, {"type": "approve"})
    assert len(sends(double)) == 1
    assert reply_tool_message(restarted).status == "success"


def test_restart_in_a_new_process(db: Path) -> None:
    """Pause in one process, which exits; approve in this one from the SQLite file alone."""
    env = {k: v for k, v in os.environ.items() if k != "FRONT_API_TOKEN"}
    started = subprocess.run(
        [sys.executable, str(EXAMPLE), "start", str(db), CONVERSATION],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    assert "paused: front_reply_to_conversation (send)" in started.stdout
    double = FrontDouble()  # this process's Front: nothing was sent to it yet
    graph = graph_on(double, db)
    triage["resume"](graph, CONVERSATION, {"type": "approve"})
    assert len(sends(double)) == 1
    assert "Hi Raj" in triage["sent_bodies"](double, CONVERSATION)[0]


def test_example_runs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["triage_graph.py"])
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "paused: front_reply_to_conversation (send) on cnv_7g1" in out
    assert "sent before approval: []" in out
    assert "model: Triaged and answered cnv_7g1" in out
    assert "sent after approval: ['Hi Raj," in out
    assert "audit: decision front_reply_to_conversation approve by ava.chen@acme.example" in out
    assert "audit: call front_reply_to_conversation approve by ava.chen@acme.example POST" in out


async def test_async_pause_restart_and_approve(double: FrontDouble, db: Path) -> None:
    """The same workflow with ``ainvoke`` on ``AsyncSqliteSaver``: the async tools pause too."""
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
    from langgraph.types import Command

    config = triage["thread"](CONVERSATION)
    prompt = {"messages": [("user", f"Triage {CONVERSATION} and answer the customer.")]}
    async with AsyncSqliteSaver.from_conn_string(str(db)) as saver:
        graph = triage["build_graph"](FrontToolkit.offline(double), saver)
        await graph.ainvoke(prompt, config)
        (waiting,) = (await graph.aget_state(config)).interrupts
        assert waiting.value["tool"] == "front_reply_to_conversation"
    assert sends(double) == []
    async with AsyncSqliteSaver.from_conn_string(str(db)) as saver:  # a restart
        graph = triage["build_graph"](FrontToolkit.offline(double), saver)
        result = await graph.ainvoke(Command(resume={waiting.id: {"type": "approve"}}), config)
    assert str(result["messages"][-1].content).startswith("Triaged and answered")
    assert len(sends(double)) == 1
