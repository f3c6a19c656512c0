"""Conversations: one line per conversation for lists, or the full record with its timeline.

The timeline merges messages and comments oldest first and keeps within a size budget by leaving
out middle entries (their IDs are listed so the model can read them one by one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from langchain_front.tools.render.messages import (
    _comment_time,
    _handle_ref,
    _timeline_comment,
    _timeline_message,
)
from langchain_front.tools.render.text import (
    _SEP,
    DEFAULT_BODY_CHARS,
    DEFAULT_MAX_CHARS,
    _custom_fields,
    _fit,
    _get,
    _kv,
    _mappings,
    _sort_time,
    _str,
    customer_data,
    format_time,
    html_to_text,
    truncate,
)
from langchain_front.tools.render.workspace import _teammate


def _tag_names(tags: Any, *, with_ids: bool) -> list[str]:
    out: list[str] = []
    if not isinstance(tags, (list, tuple)):
        return out
    for tag in tags:
        if isinstance(tag, str):
            if tag.strip():
                out.append(tag.strip())
            continue
        if not isinstance(tag, Mapping):
            continue
        name = _str(tag.get("name"))
        tid = _str(tag.get("id"))
        if with_ids and name and tid:
            out.append(f"{name} ({tid})")
        elif name or tid:
            out.append(name or tid or "")
    return out


def _status(c: Mapping[str, Any]) -> str | None:
    status = _str(c.get("status"))
    category = _str(c.get("status_category"))
    if status and category:
        return f"{status} (ticket: {category})"
    return status or (f"ticket: {category}" if category else None)


def _last_activity(c: Mapping[str, Any]) -> tuple[str, str] | None:
    for label, value in (
        ("updated", c.get("updated_at")),
        ("last message", _get(c.get("last_message"), "created_at")),
        ("created", c.get("created_at")),
    ):
        when = format_time(value)
        if when:
            return label, when
    return None


def render_conversation_line(c: Mapping[str, Any]) -> str:
    """One line: ``cnv_1 | "Subject" | status: assigned | assignee: Ann (tea_1) | ...``."""
    if not isinstance(c, Mapping):
        return "(invalid conversation)"
    parts = [_str(c.get("id")) or "(no id)"]
    subject = _str(c.get("subject"))
    parts.append(customer_data(subject) if subject else "(no subject)")
    ctype = _str(c.get("type"))
    if ctype and ctype != "conversation":
        parts.append(f"type: {ctype}")
    status = _status(c)
    if status:
        parts.append(f"status: {status}")
    assignee = _teammate(c.get("assignee"))
    if assignee:
        parts.append(f"assignee: {assignee}")
    recipient = _handle_ref(c.get("recipient"), with_name=False)
    if recipient:
        parts.append(f"recipient: {recipient}")
    tags = _tag_names(c.get("tags"), with_ids=False)
    if tags:
        parts.append(f"tags: {', '.join(tags)}")
    activity = _last_activity(c)
    if activity:
        parts.append(f"{activity[0]}: {activity[1]}")
    if c.get("is_private") is True:
        parts.append("private")
    return _SEP.join(parts)


def _conversation_header(c: Mapping[str, Any]) -> list[str]:
    lines: list[str] = [f"conversation: {_str(c.get('id')) or '(no id)'}"]
    subject = _str(c.get("subject"))
    _kv(lines, "subject", customer_data(subject) if subject else "(no subject)")
    ctype = _str(c.get("type"))
    if ctype and ctype != "conversation":
        _kv(lines, "type", ctype)
    _kv(lines, "status", _status(c))
    _kv(lines, "ticket status id", _str(c.get("status_id")))
    ticket_ids = c.get("ticket_ids")
    if isinstance(ticket_ids, (list, tuple)):
        _kv(lines, "tickets", ", ".join(t for t in (_str(x) for x in ticket_ids) if t))
    _kv(lines, "assignee", _teammate(c.get("assignee"), with_email=True))
    _kv(lines, "recipient", _handle_ref(c.get("recipient")))
    _kv(lines, "tags", ", ".join(_tag_names(c.get("tags"), with_ids=True)))
    links: list[str] = []
    for link in _mappings(c.get("links")):
        bits = [b for b in (_str(link.get("name")), _str(link.get("external_url"))) if b]
        lid = _str(link.get("id"))
        if lid:
            bits.append(f"({lid})")
        if bits:
            links.append(" ".join(bits))
    _kv(lines, "links", ", ".join(links))
    _kv(lines, "custom fields", _custom_fields(c.get("custom_fields")))
    if c.get("is_private") is True:
        lines.append("private: yes")
    _kv(lines, "created", format_time(c.get("created_at")))
    _kv(lines, "updated", format_time(c.get("updated_at")))
    _kv(lines, "waiting since", format_time(c.get("waiting_since")))
    _kv(lines, "due", format_time(c.get("due_at")))
    reminders = [
        format_time(r.get("scheduled_at")) or "" for r in _mappings(c.get("scheduled_reminders"))
    ]
    _kv(lines, "reminders", ", ".join(r for r in reminders if r))
    description = c.get("description")
    if isinstance(description, str) and description.strip():
        text = truncate(html_to_text(description), DEFAULT_BODY_CHARS)
        _kv(lines, "description", customer_data(text))
    return lines


def render_conversation(
    c: Mapping[str, Any],
    messages: Sequence[Mapping[str, Any]] | None = None,
    comments: Sequence[Mapping[str, Any]] | None = None,
    *,
    body_chars: int = DEFAULT_BODY_CHARS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> str:
    """Conversation metadata (one field per line), then ``Timeline (oldest first):`` merging
    messages and comments by time. Each body is trimmed to ``body_chars``.

    When messages and comments are both ``None`` the timeline is left out; when they are empty it
    says ``(no messages)``. If the result would exceed ``max_chars``, the first entry and the most
    recent ones are kept and the IDs of the omitted ones are listed.
    """
    conv: Mapping[str, Any] = c if isinstance(c, Mapping) else {}
    header = "\n".join(_conversation_header(conv))
    if messages is None and comments is None:
        return header
    subject = _str(conv.get("subject"))
    keyed: list[tuple[tuple[int, float], str, str]] = []
    for m in _mappings(messages):
        t = _sort_time(m.get("created_at"))
        text = _timeline_message(m, subject, body_chars)
        keyed.append(((0, t) if t is not None else (1, 0.0), _str(m.get("id")) or "?", text))
    for cm in _mappings(comments):
        t = _sort_time(_comment_time(cm))
        text = _timeline_comment(cm, body_chars)
        keyed.append(((0, t) if t is not None else (1, 0.0), _str(cm.get("id")) or "?", text))
    keyed.sort(key=lambda entry: entry[0])
    entries = [text for _, _, text in keyed]
    entry_ids = [eid for _, eid, _ in keyed]
    title = "Timeline (oldest first):"
    if not entries:
        return f"{header}\n{title}\n(no messages)"

    total = len(header) + len(title) + sum(len(e) + 1 for e in entries) + 1
    if total > max_chars and len(entries) > 2:
        budget = max_chars - len(header) - len(title) - len(entries[0]) - 3 - 200
        tail: list[str] = []
        for entry in reversed(entries[1:]):
            if budget - len(entry) - 1 < 0 and tail:
                break
            budget -= len(entry) + 1
            tail.append(entry)
        tail.reverse()
        omitted = entries[1 : len(entries) - len(tail)]
        if omitted:
            ids = entry_ids[1 : len(entries) - len(tail)]
            shown_ids = ", ".join(ids[:20]) + (", …" if len(ids) > 20 else "")
            note = (
                f"[{len(omitted)} entries omitted to fit the size limit "
                f"(read them by id): {shown_ids}]"
            )
            entries = [entries[0], note, *tail]
    return _fit("\n".join([header, title, *entries]), max_chars)
