"""Messages and comments: a full message, a timeline entry per message or comment, accepted sends.

Also the parties of a message (``Name <handle>``), its attachments and its body as trimmed text;
:mod:`~langchain_front.tools.render.conversations` merges the timeline entries into a conversation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from langchain_front.tools.render.text import (
    DEFAULT_BODY_CHARS,
    _get,
    _indent,
    _is_empty,
    _kv,
    _mappings,
    _related_ids,
    _scalar,
    _str,
    customer_data,
    format_time,
    html_to_text,
    truncate,
)
from langchain_front.tools.render.workspace import _teammate


def _handle_ref(r: Any, *, with_name: bool = True) -> str | None:
    """``Name <handle>`` for a recipient or contact handle, or just the handle."""
    if isinstance(r, str):
        return r.strip() or None
    if not isinstance(r, Mapping):
        return None
    handle = _str(r.get("handle"))
    name = _str(r.get("name"))
    if with_name and name and handle and name != handle:
        return f"{name} <{handle}>"
    return handle or name


def _recipients(m: Mapping[str, Any], role: str, *, with_name: bool) -> list[str]:
    out: list[str] = []
    for r in _mappings(m.get("recipients")):
        if _str(r.get("role")) == role:
            ref = _handle_ref(r, with_name=with_name)
            if ref and ref not in out:
                out.append(ref)
    return out


def _attachments(value: Any) -> str | None:
    """``attachments (2): a.pdf (fil_1), b.png (fil_2)``; inline images are only counted."""
    files = _mappings(value)
    if not files:
        return None
    shown: list[str] = []
    inline = 0
    for f in files:
        if _get(f.get("metadata"), "is_inline") is True:
            inline += 1
            continue
        name = _str(f.get("filename")) or _str(f.get("name")) or "(unnamed)"
        fid = _str(f.get("id"))
        shown.append(f"{name} ({fid})" if fid else name)
    text = f"attachments ({len(shown)}): {', '.join(shown)}" if shown else "attachments (0)"
    if inline:
        text += f" (+{inline} inline)"
    return text


def _body_text(obj: Mapping[str, Any], body_chars: int, *, drop_quotes: bool = False) -> str:
    body = obj.get("body")
    text = html_to_text(body, drop_quotes=drop_quotes) if isinstance(body, str) else ""
    if not text:  # fall back to the plain-text version or the preview
        fallback = _str(obj.get("text")) or _str(obj.get("blurb")) or ""
        text = html_to_text(fallback, drop_quotes=drop_quotes)
    return truncate(text, body_chars) if text else ""


_REPLY_PREFIX_RE = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|tr|sv|wg)\s*(?:\[\d+\])?\s*:\s*)+", re.I)


def _same_subject(a: str | None, b: str | None) -> bool:
    def norm(s: str | None) -> str:
        return " ".join(_REPLY_PREFIX_RE.sub("", s or "").split()).casefold()

    return norm(a) == norm(b)


def _message_kind(m: Mapping[str, Any]) -> str:
    mode = _str(m.get("draft_mode"))
    mtype = _str(m.get("type")) or "message"
    if m.get("is_draft") is True or mode:
        return f"draft {mtype} ({mode})" if mode else f"draft {mtype}"
    inbound = m.get("is_inbound")
    if inbound is True:
        return f"inbound {mtype}"
    if inbound is False:
        return f"outbound {mtype}"
    return mtype


def _timeline_message(m: Mapping[str, Any], subject: str | None, body_chars: int) -> str:
    head = [f"- {format_time(m.get('created_at')) or '(no time)'}", _message_kind(m)]
    head.append(_str(m.get("id")) or "(no id)")
    sender = _recipients(m, "from", with_name=True)
    if sender:
        head.append(f"from {', '.join(sender)}")
    author = _teammate(m.get("author"))
    if author:
        head.append(f"by {author}")
    for role, word in (("to", "to"), ("cc", "cc"), ("bcc", "bcc")):
        handles = _recipients(m, role, with_name=False)
        if handles:
            head.append(f"{word} {', '.join(handles)}")
    lines = [" ".join(head)]
    msg_subject = _str(m.get("subject"))
    if msg_subject and not _same_subject(msg_subject, subject):
        lines.append(f"  subject: {customer_data(msg_subject)}")
    error = _str(m.get("error_type"))
    if error:
        lines.append(f"  error: {error}")
    attachments = _attachments(m.get("attachments"))
    if attachments:
        lines.append(f"  {attachments}")
    body = _body_text(m, body_chars, drop_quotes=True)
    if body:
        lines.append(_indent(customer_data(body, block=True)))
    return "\n".join(lines)


def render_message_entry(m: Mapping[str, Any], *, body_chars: int = DEFAULT_BODY_CHARS) -> str:
    """A message as one entry of a conversation's message list: a one-line header (time,
    direction, ID, parties, subject) and the body without its quoted history."""
    msg: Mapping[str, Any] = m if isinstance(m, Mapping) else {}
    return _timeline_message(msg, None, body_chars)[2:]


def _comment_time(c: Mapping[str, Any]) -> Any:
    posted = c.get("posted_at")
    return posted if posted is not None else c.get("created_at")


def _timeline_comment(c: Mapping[str, Any], body_chars: int) -> str:
    head = [f"- {format_time(_comment_time(c)) or '(no time)'}", "comment"]
    head.append(_str(c.get("id")) or "(no id)")
    author = _teammate(c.get("author"))
    if author:
        head.append(f"by {author}")
    if c.get("is_pinned") is True:
        head.append("[pinned]")
    lines = [" ".join(head)]
    attachments = _attachments(c.get("attachments"))
    if attachments:
        lines.append(f"  {attachments}")
    body = _body_text(c, body_chars)
    if body:
        lines.append(_indent(customer_data(body, block=True)))
    return "\n".join(lines)


def _message_lines(
    m: Mapping[str, Any], *, ids: Literal["all", "conversation", "none"]
) -> list[str]:
    """The lines before a message's subject and body.

    ``ids``: ``"all"`` opens with ``msg_1 in cnv_1 (reply to msg_0):``, ``"conversation"`` leaves
    out the message ID (the caller gave it), ``"none"`` leaves out both (the caller states them).
    Then the direction and time, the parties on one line (the sender with their name, the others
    by handle, as in a timeline), the author of an outbound message, a draft's version, an error
    and the attachments with their IDs.
    """
    related = _related_ids(m)
    where: list[str] = []
    if ids == "all":
        where.append(_str(m.get("id")) or "(no id)")
    if ids != "none" and related.get("conversation"):
        where.append(f"in {related['conversation']}")
    if ids != "none" and related.get("message_replied_to"):
        where.append(f"(reply to {related['message_replied_to']})")
    what = ", ".join(filter(None, [_message_kind(m), format_time(m.get("created_at"))]))
    lines = [f"{' '.join(where)}: {what}" if where else what]
    parties: list[str] = []
    for role in ("from", "reply-to", "to", "cc", "bcc"):
        refs = _recipients(m, role, with_name=role == "from")
        if refs:
            parties.append(f"{role} {', '.join(refs)}")
    if parties:
        lines.append(" ".join(parties))
    _kv(lines, "author", _teammate(m.get("author"), with_email=True))
    if m.get("is_draft") is True or _str(m.get("draft_mode")):
        _kv(lines, "draft version", _str(m.get("version")))
    _kv(lines, "error", _str(m.get("error_type")))
    _kv(lines, "attachments", (_attachments(m.get("attachments")) or "").partition(": ")[2])
    return lines


def render_message(
    m: Mapping[str, Any], *, body_chars: int = DEFAULT_BODY_CHARS, with_id: bool = True
) -> str:
    """A message (or draft): IDs, direction, time, parties, attachments, then its subject and
    body in one customer_data block.

    ``with_id=False`` leaves out the message ID, for a caller that asked for it by that ID.
    """
    msg: Mapping[str, Any] = m if isinstance(m, Mapping) else {}
    lines = _message_lines(msg, ids="all" if with_id else "conversation")
    subject = _str(msg.get("subject"))
    body = _body_text(msg, body_chars)
    written = "\n".join(filter(None, [f"subject: {subject}" if subject else None, body]))
    if written:
        lines.append(customer_data(written, block=True))
    if not body:
        lines.append("body: (empty)")
    return "\n".join(lines)


def render_message_head(m: Mapping[str, Any]) -> str:
    """A message without its IDs and body, for a caller that states the IDs and whose user wrote
    the body: direction, time, parties, attachments and the subject."""
    msg: Mapping[str, Any] = m if isinstance(m, Mapping) else {}
    lines = _message_lines(msg, ids="none")
    subject = _str(msg.get("subject"))
    _kv(lines, "subject", customer_data(subject) if subject else None)
    return "\n".join(lines)


def render_accepted(result: Mapping[str, Any], *, what: str) -> str:
    """A 202 answer, e.g. ``Reply accepted by Front (asynchronous). message_uid=… — …``."""
    res: Mapping[str, Any] = result if isinstance(result, Mapping) else {}
    label = what.strip() if isinstance(what, str) and what.strip() else "Request"
    label = label[0].upper() + label[1:]
    status = _str(res.get("status")) or "accepted"
    text = f"{label} {status} by Front (asynchronous)."
    uid = _str(res.get("message_uid"))
    if uid:
        text += (
            f" message_uid={uid}. Front creates the message a few seconds later: to get its "
            f"message and conversation IDs, call front_resolve_message with message_uid={uid} "
            f"(it waits for it; never send again to find out), or later read alt:uid:{uid} with "
            "front_get_message."
        )
    for key, value in res.items():
        if key in ("status", "message_uid", "_links") or _is_empty(value):
            continue
        text += f" {key}={_scalar(value)}"
    return text
