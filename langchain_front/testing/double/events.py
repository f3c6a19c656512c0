"""Front double: the events API (``list-events``) as a log that tests and examples write.

:func:`record_event` appends an event the way Front would emit it (the conversation as it is now,
the message as target, the conversation's inboxes as source) and returns its JSON, which is
also what a webhook would carry; ``list-events`` lists the log newest first (``sort_order=asc``
reverses it) with ``q[after]``, ``q[before]``, ``q[types]`` and ``q[inboxes]`` filters.
"""

from __future__ import annotations

import copy
import weakref
from typing import Any

import httpx

from langchain_front.testing.builders import conversation_json, message_json
from langchain_front.testing.double.calls import Call, handles
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response
from langchain_front.testing.store import FrontStore

__all__ = ["event_log", "record_event"]

_LOGS: weakref.WeakKeyDictionary[FrontStore, list[dict[str, Any]]] = weakref.WeakKeyDictionary()


def event_log(double: FrontDouble) -> list[dict[str, Any]]:
    """The double's events, oldest first (the list itself: tests may append)."""
    return _LOGS.setdefault(double.store, [])


def record_event(
    double: FrontDouble,
    event_type: str,
    conversation_id: str,
    *,
    message_id: str | None = None,
    emitted_at: float | None = None,
) -> dict[str, Any]:
    """Append an event of ``event_type`` on ``conversation_id`` and return its JSON."""
    st = double.store
    event_id = st.new_id("evt")
    conv = conversation_json(st, conversation_id)
    inbox_ids = st.conversations[conversation_id].inbox_ids
    event: dict[str, Any] = {
        "_links": {"self": st.url(f"/events/{event_id}")},
        "id": event_id,
        "type": event_type,
        "emitted_at": st.now() if emitted_at is None else emitted_at,
        "conversation": conv,
        "source": {
            "_meta": {"type": "inboxes"},
            "data": [copy.deepcopy(st.inboxes[i]) for i in inbox_ids if i in st.inboxes],
        },
        "target": None,
    }
    if message_id is not None:
        event["target"] = {"_meta": {"type": "message"}, "data": message_json(st, message_id)}
    event_log(double).append(event)
    return copy.deepcopy(event)


def _values(call: Call, name: str) -> list[str]:
    keys = (f"q[{name}]", f"q[{name}][]")
    return [v for k, v in call.pairs if k in keys or k.startswith(f"q[{name}][")]


@handles("list-events")
def list_events(double: FrontDouble, call: Call) -> httpx.Response:
    after = call.first("q[after]")
    before = call.first("q[before]")
    types = set(_values(call, "types"))
    inboxes = set(_values(call, "inboxes"))
    items = []
    for event in event_log(double):
        stamp = float(event["emitted_at"])
        if after is not None and not stamp > float(after):
            continue
        if before is not None and not stamp < float(before):
            continue
        if types and event["type"] not in types:
            continue
        source = (event.get("source") or {}).get("data") or []
        if inboxes and not inboxes & {i.get("id") for i in source}:
            continue
        items.append(copy.deepcopy(event))
    if call.first("sort_order") != "asc":
        items.reverse()
    return list_response(double, call, items)
