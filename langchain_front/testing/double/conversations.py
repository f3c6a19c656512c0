"""Front double handlers for conversations, and the conversation lists other resources share.

Lists show conversations that were not merged away, newest activity first, without trashed ones
unless ``q[statuses]`` asks for them. Updates cover assignee, inbox, tags, followers, status,
custom fields, due dates (tasks) and reminders (snoozing).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from langchain_front.testing.builders import conversation_json
from langchain_front.testing.double.calls import (
    Call,
    apply_membership,
    bad_request,
    handles,
    not_found,
    reply,
)
from langchain_front.testing.double.core import (
    FrontDouble,
    edit_membership,
    require_all,
    resolve_author,
)
from langchain_front.testing.double.custom_fields import check_custom_fields
from langchain_front.testing.double.pages import list_response, records_list
from langchain_front.testing.records import ARCHIVED, OPEN, SPAM, TRASHED, Comment, Conversation

__all__ = ["conversation_list", "visible_conversations"]

_LIST_STATUSES = frozenset({"assigned", "unassigned", "archived", "trashed"})


def visible_conversations(double: FrontDouble) -> list[Conversation]:
    """Conversations that appear in lists: not merged away, newest activity first."""
    convs = [c for c in double.store.conversations.values() if c.merged_into is None]
    return sorted(convs, key=lambda c: (-c.updated_at, c.id))


def _list_status(double: FrontDouble, conv: Conversation) -> str:
    if conv.state in (TRASHED, SPAM):
        return "trashed"
    return double.store.read_status(conv)


def _status_filter(call: Call) -> set[str] | None:
    q = call.query.get("q")
    if not isinstance(q, Mapping) or "statuses" not in q:
        return None
    raw = q["statuses"]
    values = raw if isinstance(raw, list) else [raw]
    statuses: set[str] = set()
    for value in values:
        for part in str(value).split(","):
            part = part.strip().lower()
            if part not in _LIST_STATUSES:
                raise bad_request(
                    "Query parameters did not satisfy requirements",
                    [
                        f"query.q.statuses: {part!r} is not one of "
                        f"{', '.join(sorted(_LIST_STATUSES))}"
                    ],
                )
            statuses.add(part)
    return statuses


def conversation_list(
    double: FrontDouble, call: Call, keep: Callable[[Conversation], bool] = lambda c: True
) -> httpx.Response:
    """A list of visible conversations kept by ``keep``, filtered by ``q[statuses]`` (trashed
    ones only when asked), newest first unless ``sort_order=asc``."""
    statuses = _status_filter(call)
    convs = []
    for conv in visible_conversations(double):
        status = _list_status(double, conv)
        if statuses is None:
            if status == "trashed":
                continue
        elif status not in statuses:
            continue
        if keep(conv):
            convs.append(conv)
    if call.first("sort_order") == "asc":
        convs.reverse()
    return list_response(double, call, [conversation_json(double.store, c.id) for c in convs])


@handles("list-conversations")
def list_conversations(double: FrontDouble, call: Call) -> httpx.Response:
    return conversation_list(double, call)


@handles("get-conversation-by-id")
def get_conversation(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, conversation_json(double.store, call.params["conversation_id"]))


@handles("create-conversation")
def create_conversation(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    inbox_raw = call.arg("inbox_id")
    inbox = double.require("inbox", inbox_raw) if inbox_raw is not None else None
    teammates = require_all(double, "teammate", call.arg("teammate_ids", []), "teammate_ids")
    if inbox is None and not teammates:
        raise bad_request(
            "Body did not satisfy requirements", ["either inbox_id or teammate_ids is required"]
        )
    comment = call.arg("comment")
    author = None
    if isinstance(comment, dict):
        author = resolve_author(double, comment.get("author_id"))
    now = st.now()
    conv = Conversation(
        id=st.new_id("cnv"),
        subject=str(call.arg("subject", "")),
        inbox_ids=[inbox] if inbox else [],
        created_at=now,
        updated_at=now,
        type=str(call.arg("type", "discussion")),
        follower_ids=teammates,
        is_private=inbox is None,
        custom_fields=copy.deepcopy(call.arg("custom_fields") or {}),
    )
    if conv.type == "task":
        conv.due_at = _due_at(call)
        conv.description = None
    st.conversations[conv.id] = conv
    if isinstance(comment, dict) and author is not None:
        com_id = st.new_id("com")
        st.comments[com_id] = Comment(com_id, conv.id, author, str(comment["body"]), now)
    return reply(call, conversation_json(st, conv.id))


def _due_at(call: Call) -> float | None:
    """A task's due date from the body's ``due_at`` (None when it is no number)."""
    due = call.arg("due_at")
    return float(due) if isinstance(due, (int, float)) else None


def _assign(double: FrontDouble, conv: Conversation, raw: Any) -> None:
    """Assign ``conv`` to the teammate ``raw`` names (404 for an unknown one); None unassigns."""
    conv.assignee_id = double.require("teammate", raw) if raw is not None else None


@handles("update-conversation")
def update_conversation(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    if "assignee_id" in (call.body or {}):
        _assign(double, conv, call.arg("assignee_id"))
    if call.arg("inbox_id") is not None:
        conv.inbox_ids = [double.require("inbox", call.arg("inbox_id"))]
    if call.arg("tag_ids") is not None:
        conv.tag_ids = require_all(double, "tag", call.arg("tag_ids"), "tag_ids")
    if isinstance(call.arg("custom_fields"), dict):
        fields = call.arg("custom_fields")
        check_custom_fields(double, "conversation", fields)
        conv.custom_fields = copy.deepcopy(fields)
    if "due_at" in (call.body or {}) and conv.type == "task":
        conv.due_at = _due_at(call)
    status = call.arg("status")
    if status is not None and call.arg("status_id") is not None:
        raise bad_request(
            "Body did not satisfy requirements", ["only one of status and status_id may be given"]
        )
    if call.arg("status_id") is not None:
        _set_ticket_status(double, conv, call.arg("status_id"))
    if status is not None:
        conv.state = {"archived": ARCHIVED, "open": OPEN, "deleted": TRASHED, "spam": SPAM}[
            str(status)
        ]
        if conv.state != OPEN:
            conv.snoozed_until = None
        if conv.status_id is not None and conv.state in (OPEN, ARCHIVED):
            conv.status_id = _default_status(double, "open" if conv.state == OPEN else "resolved")
    conv.updated_at = st.now()
    return reply(call)


def _default_status(double: FrontDouble, category: str) -> str | None:
    """The company's first ticket status of ``category``."""
    statuses = double.store.ticket_statuses.values()
    return next((s["id"] for s in statuses if s["category"] == category), None)


def _set_ticket_status(double: FrontDouble, conv: Conversation, raw: Any) -> None:
    """Set a ticket status (400 for an unknown one); a resolved one archives, others reopen."""
    status = double.store.ticket_statuses.get(str(raw))
    if status is None:
        raise bad_request("Body did not satisfy requirements", [f"unknown status_id {raw}"])
    conv.status_id = status["id"]
    conv.state = ARCHIVED if status["category"] == "resolved" else OPEN
    if conv.state != OPEN:
        conv.snoozed_until = None


@handles("update-conversation-assignee")
def update_assignee(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    _assign(double, conv, call.arg("assignee_id"))
    conv.updated_at = st.now()
    return reply(call)


@handles("delete-conversation")
def delete_conversation(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv_id = call.params["conversation_id"]
    if st.conversations[conv_id].state not in (TRASHED, SPAM):
        raise bad_request(f"Conversation {conv_id} must be in the trash before it can be deleted")
    del st.conversations[conv_id]
    for mid in [m for m, msg in st.messages.items() if msg.conversation_id == conv_id]:
        del st.messages[mid]
    for cid in [c for c, com in st.comments.items() if com.conversation_id == conv_id]:
        del st.comments[cid]
    return reply(call)


@handles("add-conversation-tag", "remove-conversation-tag")
def conversation_tags(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    edit_membership(double, call, conv.tag_ids, "tag")
    conv.updated_at = st.now()
    return reply(call)


@handles("list-conversation-followers")
def list_followers(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    return records_list(double, call, st.teammates, conv.follower_ids)


@handles("add-conversation-followers", "delete-conversation-followers")
def followers(double: FrontDouble, call: Call) -> httpx.Response:
    conv = double.store.conversations[call.params["conversation_id"]]
    edit_membership(double, call, conv.follower_ids, "teammate")
    return reply(call)


@handles("list-conversation-inboxes")
def list_conversation_inboxes(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    return records_list(double, call, st.inboxes, conv.inbox_ids)


@handles("update-conversation-reminders")
def update_reminders(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    scheduled = call.arg("scheduled_at")
    if isinstance(scheduled, (int, float)):
        if call.arg("status_id") is not None:
            _set_ticket_status(double, conv, call.arg("status_id"))
        conv.snoozed_until = float(scheduled)
        if call.arg("teammate_id") is not None:
            conv.reminder_owner_id = double.require("teammate", call.arg("teammate_id"))
    elif "scheduled_at" in (call.body or {}):
        conv.snoozed_until = None
    return reply(call)


@handles("add-conversation-link")
def add_links(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    ids, urls = call.arg("link_ids"), call.arg("link_external_urls")
    if (ids is None) == (urls is None):
        raise bad_request(
            "Body did not satisfy requirements",
            ["either link_ids or link_external_urls must be specified but not both"],
        )
    if ids is not None:
        found = [_require_link(double, i) for i in ids]
    else:
        found = [_link_for_url(double, str(u)) for u in urls]
    apply_membership(conv.link_ids, found, add=True)
    conv.updated_at = st.now()
    return reply(call)


@handles("remove-conversation-links")
def remove_links(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    found = [_require_link(double, i) for i in call.arg("link_ids", [])]
    apply_membership(conv.link_ids, found, add=False)
    conv.updated_at = st.now()
    return reply(call)


def _require_link(double: FrontDouble, raw: Any) -> str:
    if raw not in double.store.links:
        raise not_found(f"Unknown link ID {raw}")
    return str(raw)


def _link_for_url(double: FrontDouble, url: str) -> str:
    """The link of ``url``, created when there is none (as Front does)."""
    st = double.store
    for link_id, rec in st.links.items():
        if rec["external_url"] == url:
            return link_id
    link_id = st.new_id("top")
    st.links[link_id] = st.link_record(link_id, url.rstrip("/").rsplit("/", 1)[-1] or url, url)
    return link_id
