"""examples/events_to_graph.py: a signed inbound event runs the triage graph exactly once, and its
reply waits for a human."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from langchain_front.testing import SEED

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "events_to_graph.py"


def test_events_to_graph(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "valid: HTTP 200" in out and "duplicate: HTTP 200" in out
    assert "replay: HTTP 401" in out and "bad signature: HTTP 401" in out
    assert f"graph runs: 1 (front:{SEED.conversation_id})" in out
    assert f"tagged: True; assigned to {SEED.teammate_id}" in out
    assert "paused for approval: front_reply_to_conversation (send)" in out
    assert "sent before approval: 0" in out and "sent after approval: 1" in out


async def test_events_to_graph_state_on_the_double() -> None:
    module = runpy.run_path(str(EXAMPLE))
    outcome = await module["run"]()
    assert outcome["answers"] == {
        "valid": 200,
        "duplicate": 200,
        "replay": 401,
        "bad signature": 401,
    }
    assert len(outcome["runs"]) == 1  # the duplicate did not run the graph again
    assert SEED.urgent_tag_id in outcome["tag_ids"]  # on the double itself
    assert outcome["assignee_id"] == SEED.teammate_id
    assert outcome["pending"]["tool"] == "front_reply_to_conversation"
    assert outcome["sent_before_approval"] == []  # the send waited for the reviewer
    assert len(outcome["sent"]) == 1  # and went out once on approval


async def test_a_signed_event_reaches_the_graph_once_across_a_restart(tmp_path: Path) -> None:
    """Receiver 1 acknowledges the event and dies before handling it; receiver 2, on the same
    SQLite store, runs the triage graph for it once (up to the reply's approval), and Front's
    retry is a duplicate."""
    import httpx

    from langchain_front import FrontToolkit
    from langchain_front.events import GraphEventHandler, SQLiteEventStore, webhook_app
    from langchain_front.testing import FrontDouble
    from langchain_front.testing.double.events import record_event

    example = runpy.run_path(str(EXAMPLE))
    double = FrontDouble()
    event = record_event(double, "inbound_received", SEED.conversation_id)
    body = json.dumps(event).encode()
    path = tmp_path / "events.sqlite3"
    secret = example["APP_SECRET"]

    first = webhook_app(None, store=SQLiteEventStore(path), app_secret=secret)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=first)) as http:
        sent = await http.post("http://h/", content=body, headers=example["signed"](body))
    assert sent.json()["status"] == "queued"

    from langgraph.checkpoint.memory import InMemorySaver

    graph = example["build_graph"](FrontToolkit.offline(double), InMemorySaver())
    handler = GraphEventHandler(graph)
    second = webhook_app(handler, store=SQLiteEventStore(path), app_secret=secret)
    async with second.router.lifespan_context(second):
        await second.state.worker.drain()
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=second)) as http:
            retry = await http.post("http://h/", content=body, headers=example["signed"](body))
        await second.state.worker.drain()
    assert retry.json()["status"] == "duplicate"
    assert handler.runs == [(f"front:{SEED.conversation_id}", event["id"])]
    conversation = double.store.conversations[SEED.conversation_id]
    assert SEED.urgent_tag_id in conversation.tag_ids and conversation.assignee_id
    (waiting,) = graph.get_state(example["thread_of"](SEED.conversation_id)).interrupts
    assert waiting.value["effect"] == "send"  # one run, paused once, for the reply
    assert example["sent_bodies"](double, SEED.conversation_id) == []
