"""Front events start the triage graph: a signed webhook in, one graph thread per conversation,
exactly once, and a human before anything reaches the customer.

What it shows, offline on the Front double (real HTTP requests to the ASGI app):

1. a new inbound message, signed like Front signs application webhooks, is stored, acknowledged
   with 200 at once, and handled in the background by the triage graph of
   ``examples/triage_graph.py`` (it reads the conversation, tags and assigns it, and writes a
   reply, whose send pauses for a human's approval under the default draft-first policy);
2. Front's retry of the same event is acknowledged as a duplicate and does not run the graph;
3. a replayed request (a captured one, six minutes later) and a bad signature get 401;
4. a reviewer approves the paused reply, and it is sent once.

For real use: ``FrontToolkit.for_users(...)``, your own graph and chat model, a persistent event
store (``open_event_store("sqlite:...")``) and checkpointer, and ``langchain-front events serve``
or ``uvicorn`` with the app mounted in yours (docs/events.md).

    uv run python examples/events_to_graph.py
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from langchain_front import FrontToolkit
from langchain_front.events import (
    GraphEventHandler,
    MemoryEventStore,
    sign_application,
    webhook_app,
)
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.double.events import record_event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from triage_graph import TRIAGE_TAG, build_graph, sent_bodies

APP_SECRET = "example-app-secret"  # REAL APP: your Front app's secret (Developers page)


def thread_of(conversation_id: str) -> dict[str, Any]:
    """The graph thread the events of a conversation run in (``GraphEventHandler``'s naming)."""
    return {"configurable": {"thread_id": f"front:{conversation_id}"}}


def signed(body: bytes, *, age: float = 0.0, secret: str = APP_SECRET) -> dict[str, str]:
    """Headers as Front sends them: timestamp in ms, base64 HMAC-SHA256 of ``timestamp:body``."""
    stamp = str(int((time.time() - age) * 1000))
    return {
        "content-type": "application/json",
        "x-front-request-timestamp": stamp,
        "x-front-signature": sign_application(secret, body, stamp),
    }


async def run() -> dict[str, Any]:
    """Deliver the four requests, then approve the paused reply; return what happened."""
    double = FrontDouble()
    toolkit = FrontToolkit.offline(double)  # draft-first: the send asks a human
    graph = build_graph(toolkit, InMemorySaver())
    handler = GraphEventHandler(graph, types={"inbound_received"})
    app = webhook_app(handler, store=MemoryEventStore(), app_secret=APP_SECRET)

    event = record_event(
        double, "inbound_received", SEED.conversation_id, message_id=SEED.message_id
    )
    body = json.dumps(event).encode()
    answers: dict[str, int] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
        url = "http://127.0.0.1/"
        for case, headers in (
            ("valid", signed(body)),
            ("duplicate", signed(body)),
            ("replay", signed(body, age=360)),
            ("bad signature", signed(body, secret="guess")),
        ):
            answers[case] = (await http.post(url, content=body, headers=headers)).status_code
        await app.state.worker.drain()
        await app.state.worker.stop()

    config = thread_of(SEED.conversation_id)
    (waiting,) = graph.get_state(config).interrupts  # the reply, paused for a human
    sent_before = sent_bodies(double, SEED.conversation_id)
    result = await graph.ainvoke(
        Command(resume={waiting.id: {"type": "approve", "approver": "lead"}}), config
    )
    conversation = double.store.conversations[SEED.conversation_id]
    return {
        "answers": answers,
        "runs": handler.runs,
        "tag_ids": list(conversation.tag_ids),
        "assignee_id": conversation.assignee_id,
        "pending": waiting.value,
        "sent_before_approval": sent_before,
        "sent": sent_bodies(double, SEED.conversation_id),
        "final": str(result["messages"][-1].content),
    }


def main() -> None:
    """Print each request's answer and what the graph did."""
    outcome = asyncio.run(run())
    for case, status in outcome["answers"].items():
        print(f"{case}: HTTP {status}")
    print(f"graph runs: {len(outcome['runs'])} ({outcome['runs'][0][0]})")
    print(f"tagged: {TRIAGE_TAG in outcome['tag_ids']}; assigned to {outcome['assignee_id']}")
    request = outcome["pending"]
    print(f"paused for approval: {request['tool']} ({request['effect']}) to {request['recipient']}")
    print(f"sent before approval: {len(outcome['sent_before_approval'])}")
    print(f"sent after approval: {len(outcome['sent'])}")


if __name__ == "__main__":
    main()
