"""Front events start a LangGraph triage run: a signed webhook in, one graph thread per
conversation, exactly once.

What it shows, offline on the Front double (real HTTP requests to the ASGI app):

1. a new inbound message, signed like Front signs application webhooks, is stored, acknowledged
   with 200 at once, and handled in the background by a triage graph (it reads the conversation,
   tags it, leaves an internal note);
2. Front's retry of the same event is acknowledged as a duplicate and does not run the graph;
3. a replayed request (a captured one, six minutes later) and a bad signature get 401.

NOTE: the approvals work provides ``examples/triage_graph.py``; until it is merged this example
carries a small deterministic triage graph of its own (:func:`build_triage_graph`), so it runs
without a model. For real use: ``FrontToolkit.for_users(...)``, your own graph, a persistent
event store (``open_event_store("sqlite:...")``), and ``langchain-front events serve`` or
``uvicorn`` with the app mounted in yours (docs/events.md).

    uv run python examples/events_to_graph.py
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from typing_extensions import TypedDict

from langchain_front import FrontToolkit
from langchain_front.events import (
    FrontEvent,
    GraphEventHandler,
    MemoryEventStore,
    sign_application,
    webhook_app,
)
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.double.events import record_event

APP_SECRET = "example-app-secret"  # REAL APP: your Front app's secret (Developers page)

#: Keyword -> tag name: a stand-in for a model's classification.
RULES = {"invoice": "Billing", "charged": "Billing", "refund": "Billing", "crash": "Bug"}


class Triage(TypedDict, total=False):
    conversation_id: str
    event_type: str
    summary: str
    tag: str


def build_triage_graph(toolkit: FrontToolkit) -> Any:
    """read the conversation -> pick a tag -> tag it and leave an internal note."""
    read = toolkit.get_tool("front_get_conversation")
    tag_tool = toolkit.get_tool("front_add_tags")
    note = toolkit.get_tool("front_add_comment")
    tags = {t["name"]: t["id"] for t in toolkit.client.call("list-tags")["_results"]}

    async def read_conversation(state: Triage) -> Triage:
        text = await read.ainvoke({"conversation_id": state["conversation_id"]})
        return {"summary": str(text)}

    async def classify(state: Triage) -> Triage:
        lowered = state["summary"].lower()
        tag = next((name for word, name in RULES.items() if word in lowered), "Urgent")
        return {"tag": tag}

    async def act(state: Triage) -> Triage:
        conversation_id = state["conversation_id"]
        tag_ids = [tags[state["tag"]]]
        await tag_tool.ainvoke({"conversation_id": conversation_id, "tag_ids": tag_ids})
        body = f"Triage bot: tagged {state['tag']} after a {state['event_type']} event."
        await note.ainvoke({"conversation_id": conversation_id, "body": body})
        return {}

    graph = StateGraph(Triage)
    graph.add_node("read_conversation", read_conversation)
    graph.add_node("classify", classify)
    graph.add_node("act", act)
    graph.add_edge(START, "read_conversation")
    graph.add_edge("read_conversation", "classify")
    graph.add_edge("classify", "act")
    graph.add_edge("act", END)
    return graph.compile(checkpointer=InMemorySaver())


def graph_input(event: FrontEvent) -> Triage:
    """What the graph starts from: the conversation and the kind of event."""
    return {"conversation_id": event.conversation_id or "", "event_type": event.type}


def signed(body: bytes, *, age: float = 0.0, secret: str = APP_SECRET) -> dict[str, str]:
    """Headers as Front sends them: timestamp in ms, base64 HMAC-SHA256 of ``timestamp:body``."""
    stamp = str(int((time.time() - age) * 1000))
    return {
        "content-type": "application/json",
        "x-front-request-timestamp": stamp,
        "x-front-signature": sign_application(secret, body, stamp),
    }


async def run() -> dict[str, Any]:
    """Deliver the four requests; return what happened (the test reads it)."""
    double = FrontDouble()
    toolkit = FrontToolkit.offline(double)
    graph = build_triage_graph(toolkit)
    handler = GraphEventHandler(graph, types={"inbound_received"}, graph_input=graph_input)
    app = webhook_app(handler, store=MemoryEventStore(), app_secret=APP_SECRET)

    event = record_event(
        double, "inbound_received", SEED.conversation_id, message_id=SEED.message_id
    )
    body = json.dumps(event).encode()
    answers: dict[str, int] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
        url = "http://127.0.0.1/"
        answers["valid"] = (await http.post(url, content=body, headers=signed(body))).status_code
        answers["duplicate"] = (
            await http.post(url, content=body, headers=signed(body))
        ).status_code
        answers["replay"] = (
            await http.post(url, content=body, headers=signed(body, age=360))
        ).status_code
        answers["bad signature"] = (
            await http.post(url, content=body, headers=signed(body, secret="guess"))
        ).status_code
        await app.state.worker.drain()
        await app.state.worker.stop()

    conversation = double.store.conversations[SEED.conversation_id]
    notes = [c for c in double.store.comments.values() if str(c.body).startswith("Triage bot")]
    state = graph.get_state({"configurable": {"thread_id": f"front:{SEED.conversation_id}"}})
    return {
        "answers": answers,
        "runs": handler.runs,
        "tag_ids": list(conversation.tag_ids),
        "notes": len(notes),
        "thread_tag": state.values.get("tag"),
    }


def main() -> None:
    """Print each request's answer and what the graph did."""
    outcome = asyncio.run(run())
    for case, status in outcome["answers"].items():
        print(f"{case}: HTTP {status}")
    print(f"graph runs: {len(outcome['runs'])} ({outcome['runs'][0][0]})")
    print(f"tagged: {outcome['thread_tag']}; notes left: {outcome['notes']}")


if __name__ == "__main__":
    main()
