"""Front double handlers for the company's event log (``GET /events``).

The double keeps no event log of its own: events are derived from the stored state each time, so
they follow what tests do (a reply sent through the double is an ``outbound`` event at once).
Every non-draft message is an ``inbound``, ``outbound`` or ``out_reply`` event, every comment a
``comment``, every assignee an ``assign``, every tag a ``tag``, and archived or trashed
conversations an ``archive`` or ``trash``. Filters (``q[types]``, ``q[inboxes]``, ``q[before]``,
``q[after]``) and ``sort_order`` behave as Front documents them, and pages hold at most 15 events.

Tests and examples that need an event the state does not imply (a webhook's payload, a poller's
next event) append one with :func:`record_event`; it is listed with the derived ones.
"""

from __future__ import annotations

import copy
import dataclasses
import weakref
from collections.abc import Iterator
from typing import Any

import httpx

from langchain_front.testing.builders import comment_json, conversation_json, message_json
from langchain_front.testing.double.calls import Call, bad_request, handles
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response
from langchain_front.testing.records import ARCHIVED, TRASHED, Conversation, stable_hex
from langchain_front.testing.seed import SEED
from langchain_front.testing.store import FrontStore

__all__ = ["event_log", "record_event"]

_LOGS: weakref.WeakKeyDictionary[FrontStore, list[dict[str, Any]]] = weakref.WeakKeyDictionary()

#: Front pages events at most 15 at a time (the spec: "Max number of results per page (max 15)").
MAX_EVENTS_PER_PAGE = 15


def _event(
    store: FrontStore,
    kind: str,
    conv: Conversation,
    emitted_at: float,
    key: str,
    source: dict[str, Any],
    target: dict[str, Any] | None,
) -> dict[str, Any]:
    event_id = "evt_" + stable_hex("event", kind, key, length=10)
    event = {
        "_links": {"self": store.url(f"/events/{event_id}")},
        "id": event_id,
        "type": kind,
        "emitted_at": emitted_at,
        "conversation": conversation_json(store, conv.id),
        "source": source,
    }
    if target is not None:
        event["target"] = target
    return event


def _teammate_source(store: FrontStore, teammate_id: str | None) -> dict[str, Any]:
    """The teammate who acted, or the API (as the company's API bot teammate)."""
    if teammate_id is not None and teammate_id in store.teammates:
        data = copy.deepcopy(store.teammates[teammate_id])
        return {"_meta": {"type": "teammate"}, "data": data}
    bot = store.teammates.get(SEED.api_bot_id) or next(iter(store.teammates.values()))
    return {"_meta": {"type": "api"}, "data": copy.deepcopy(bot)}


def event_log(double: FrontDouble) -> list[dict[str, Any]]:
    """The events recorded with :func:`record_event`, oldest first (the list itself)."""
    return _LOGS.setdefault(double.store, [])


def record_event(
    double: FrontDouble,
    event_type: str,
    conversation_id: str,
    *,
    message_id: str | None = None,
    emitted_at: float | None = None,
) -> dict[str, Any]:
    """Append an event of ``event_type`` on ``conversation_id`` (the conversation as it is now,
    the message as target, its inboxes as source) and return its JSON, which is also what a
    webhook would carry."""
    st = double.store
    event_id = st.new_id("evt")
    inbox_ids = st.conversations[conversation_id].inbox_ids
    event: dict[str, Any] = {
        "_links": {"self": st.url(f"/events/{event_id}")},
        "id": event_id,
        "type": event_type,
        "emitted_at": st.now() if emitted_at is None else emitted_at,
        "conversation": conversation_json(st, conversation_id),
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


def _events(store: FrontStore) -> Iterator[dict[str, Any]]:
    """Every event the stored state implies, in no particular order, then the recorded ones."""
    yield from (copy.deepcopy(e) for e in _LOGS.get(store, ()))
    for msg in store.messages.values():
        conv = store.conversations.get(msg.conversation_id)
        if msg.is_draft or conv is None:
            continue
        if msg.is_inbound:
            kind = "inbound"
            inboxes = [copy.deepcopy(store.inboxes[i]) for i in conv.inbox_ids]
            source: dict[str, Any] = {"_meta": {"type": "inboxes"}, "data": inboxes}
        else:
            kind = "out_reply" if msg.replied_to else "outbound"
            source = _teammate_source(store, msg.author_id)
        target = {"_meta": {"type": "message"}, "data": message_json(store, msg.id)}
        yield _event(store, kind, conv, msg.created_at, msg.id, source, target)
    for com in store.comments.values():
        conv = store.conversations[com.conversation_id]
        source = _teammate_source(store, com.author_id)
        target = {"_meta": {"type": "comment"}, "data": comment_json(store, com.id)}
        yield _event(store, "comment", conv, com.posted_at, com.id, source, target)
    for conv in store.conversations.values():
        yield from _state_events(store, conv)


def _state_events(store: FrontStore, conv: Conversation) -> Iterator[dict[str, Any]]:
    api = _teammate_source(store, None)
    if conv.assignee_id and conv.assignee_id in store.teammates:
        target = {
            "_meta": {"type": "teammate"},
            "data": copy.deepcopy(store.teammates[conv.assignee_id]),
        }
        yield _event(store, "assign", conv, conv.created_at + 60, conv.id, api, target)
    for offset, tag_id in enumerate(conv.tag_ids):
        if tag_id in store.tags:
            target = {"_meta": {"type": "tag"}, "data": copy.deepcopy(store.tags[tag_id])}
            at = conv.created_at + 120 + offset
            yield _event(store, "tag", conv, at, f"{conv.id}/{tag_id}", api, target)
    if conv.state in (ARCHIVED, TRASHED):
        kind = "archive" if conv.state == ARCHIVED else "trash"
        yield _event(store, kind, conv, conv.updated_at, conv.id, api, None)


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items]


def _seconds(value: Any, name: str) -> float | None:
    if value is None:
        return None
    try:
        return float(str(value))
    except ValueError:
        raise bad_request(
            "Query parameters did not satisfy requirements",
            [f"query.q.{name}: must be a timestamp in seconds"],
        ) from None


@handles("list-events")
def list_events(double: FrontDouble, call: Call) -> httpx.Response:
    q = call.query.get("q")
    q = q if isinstance(q, dict) else {}
    types = set(_values(q.get("types")))
    inboxes = {double.require("inbox", i) for i in _values(q.get("inboxes"))}
    before, after = _seconds(q.get("before"), "before"), _seconds(q.get("after"), "after")
    found = [
        e
        for e in _events(double.store)
        if (not types or e["type"] in types)
        and (before is None or e["emitted_at"] < before)
        and (after is None or e["emitted_at"] > after)
        and (
            not inboxes
            or inboxes & set(double.store.conversations[e["conversation"]["id"]].inbox_ids)
        )
    ]
    newest_first = call.first("sort_order") != "asc"
    found.sort(key=lambda e: (e["emitted_at"], e["id"]), reverse=newest_first)
    limit_text = call.first("limit")
    limit = min(int(limit_text), MAX_EVENTS_PER_PAGE) if limit_text else MAX_EVENTS_PER_PAGE
    pairs = [(k, v) for k, v in call.pairs if k != "limit"] + [("limit", str(limit))]
    return list_response(double, dataclasses.replace(call, pairs=pairs), found)
