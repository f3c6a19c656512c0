"""The Front double's conversation search: free words plus Front's filters.

Supported filters: ``is:`` (open, archived, assigned, unassigned, trashed, snoozed, unreplied,
spam), ``inbox:``, ``tag:`` (ID or name), ``assignee:``, ``author:``, ``commenter:``,
``mention:`` (ID or email), ``from:``/``to:``/``cc:``/``bcc:``/``recipient:`` (handle or contact)
and ``before:``/``after:`` (Unix seconds). Trashed and spam conversations only match when asked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import httpx

from langchain_front.testing.builders import conversation_json
from langchain_front.testing.double.calls import Call, bad_request, handles
from langchain_front.testing.double.conversations import visible_conversations
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response
from langchain_front.testing.double.tags import tag_by_name
from langchain_front.testing.records import (
    ARCHIVED,
    OPEN,
    SPAM,
    TRASHED,
    Conversation,
    html_to_text,
    normalize_handle,
)
from langchain_front.testing.store import teammate_by_email

_SEARCH_TOKEN_RE = re.compile(r'(\w+):"([^"]*)"|"([^"]*)"|(\S+)')
_SEARCH_STATUSES = frozenset(
    {"open", "archived", "assigned", "unassigned", "trashed", "snoozed", "unreplied", "spam"}
)
_SEARCH_FILTERS = frozenset(
    {
        "is",
        "inbox",
        "tag",
        "assignee",
        "author",
        "commenter",
        "mention",
        "from",
        "to",
        "cc",
        "bcc",
        "recipient",
        "before",
        "after",
    }
)
_HANDLE_ROLES = {"from": ("from",), "to": ("to",), "cc": ("cc",), "bcc": ("bcc",)}


@handles("search-conversations")
def search(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    query = call.params["query"]
    words: list[str] = []
    filters: dict[str, list[str]] = {}
    for m in _SEARCH_TOKEN_RE.finditer(query):
        name_quoted, value_quoted, phrase, bare = m.groups()
        if name_quoted is not None:
            filters.setdefault(name_quoted.lower(), []).append(value_quoted)
        elif phrase is not None:
            if phrase.strip():
                words.append(phrase.lower())
        else:
            name, sep, value = bare.partition(":")
            if sep and value and name.lower() in _SEARCH_FILTERS:
                filters.setdefault(name.lower(), []).append(value)
            else:
                words.append(bare.lower())
    for value in filters.get("is", []):
        if value.lower() not in _SEARCH_STATUSES:
            raise bad_request(
                f"Unsupported search filter is:{value}",
                [f"is: accepts {', '.join(sorted(_SEARCH_STATUSES))}"],
            )
    wants = {v.lower() for v in filters.get("is", [])}
    matches = []
    for conv in visible_conversations(double):
        if conv.state == TRASHED and "trashed" not in wants:
            continue
        if conv.state == SPAM and "spam" not in wants:
            continue
        if not all(_is(double, conv, v) for v in wants):
            continue
        if not _search_filters(double, conv, filters):
            continue
        haystack = _haystack(double, conv)
        if all(w in haystack for w in words):
            matches.append(conversation_json(st, conv.id))
    return list_response(double, call, matches, total=True)


def _is(double: FrontDouble, conv: Conversation, status: str) -> bool:
    snoozed = conv.state == OPEN and conv.snoozed_until is not None
    checks = {
        "open": conv.state == OPEN and not snoozed,
        "archived": conv.state == ARCHIVED,
        "assigned": conv.assignee_id is not None,
        "unassigned": conv.assignee_id is None,
        "trashed": conv.state == TRASHED,
        "spam": conv.state == SPAM,
        "snoozed": snoozed,
        "unreplied": double.store.is_unreplied(conv),
    }
    return checks[status]


def _search_filters(
    double: FrontDouble, conv: Conversation, filters: Mapping[str, list[str]]
) -> bool:
    st = double.store
    for value in filters.get("inbox", []):
        if double.resolve("inbox", value) not in conv.inbox_ids:
            return False
    for value in filters.get("tag", []):
        tag = double.resolve("tag", value) or tag_by_name(st.tags, value)
        if tag not in conv.tag_ids:
            return False
    for value in filters.get("assignee", []):
        teammate = double.resolve("teammate", value) or teammate_by_email(st, value)
        if teammate is None or conv.assignee_id != teammate:
            return False
    messages = st.conversation_messages(conv.id)
    for value in filters.get("author", []):
        teammate = double.resolve("teammate", value) or teammate_by_email(st, value)
        if teammate is None or not any(m.author_id == teammate for m in messages):
            return False
    comments = [c for c in st.comments.values() if c.conversation_id == conv.id]
    for value in filters.get("commenter", []):
        teammate = double.resolve("teammate", value) or teammate_by_email(st, value)
        if teammate is None or not any(c.author_id == teammate for c in comments):
            return False
    for value in filters.get("mention", []):
        teammate = double.resolve("teammate", value) or teammate_by_email(st, value)
        if teammate is None or not any(teammate in st.mentioned_teammates(c.id) for c in comments):
            return False
    for value in filters.get("before", []):
        if not conv.updated_at < _as_float(value):
            return False
    for value in filters.get("after", []):
        if not conv.updated_at > _as_float(value):
            return False
    for name in ("from", "to", "cc", "bcc", "recipient"):
        values = filters.get(name, [])
        if not values:
            continue
        roles = _HANDLE_ROLES.get(name)
        wanted = set()
        for value in values:
            contact = double.resolve("contact", value)
            if contact is not None:
                wanted |= {normalize_handle(h["handle"]) for h in st.contacts[contact]["handles"]}
            else:
                wanted.add(normalize_handle(value))
        if not any(
            normalize_handle(r.handle) in wanted and (roles is None or r.role in roles)
            for m in messages
            for r in m.recipients
        ):
            return False
    return True


def _haystack(double: FrontDouble, conv: Conversation) -> str:
    parts = [conv.subject]
    for msg in double.store.conversation_messages(conv.id):
        parts.append(msg.subject)
        parts.append(msg.text if msg.text is not None else html_to_text(msg.body))
    return " ".join(parts).lower()


def _as_float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise bad_request(f"Invalid timestamp {value!r} in search query") from None
