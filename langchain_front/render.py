"""Model-facing text for every tool result.

Everything a tool hands back to the model goes through this module, so all tools are compact in
the same way and the size of their output can be measured in one place.

Conventions of the text produced here:

* plain ``key: value`` lines (one-line renderers use `` | `` between fields), never ``_links``,
  raw HTML, nulls or empty fields; the one exception is :func:`render_generic`, which emits
  compact JSON because it must handle any of Front's operations;
* IDs are always shown (``cnv_``, ``msg_``, ``tea_``...) so the model can act on them; people are
  written ``Name (tea_id)`` (teammates) or ``Name <handle>`` (contacts and recipients);
* times are ISO-8601 UTC with a ``Z`` suffix (Front sends Unix epoch seconds as floats);
* HTML bodies become plain text (inscriptis), and long texts end with a visible
  ``… [trimmed N more characters]`` note.

Every field may be missing, null or of an unexpected type: the renderers never raise on odd input.
"""

from __future__ import annotations

import html as _html
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "DEFAULT_BODY_CHARS",
    "DEFAULT_MAX_CHARS",
    "format_time",
    "html_to_text",
    "page_token_from_next",
    "render_accepted",
    "render_channel_line",
    "render_comment",
    "render_contact",
    "render_conversation",
    "render_conversation_line",
    "render_generic",
    "render_identity",
    "render_inbox_line",
    "render_list",
    "render_message",
    "render_tag_line",
    "render_teammate_line",
    "strip_links",
    "truncate",
]

DEFAULT_BODY_CHARS: int = 1200
"""Characters kept per message or comment body in a conversation timeline."""

DEFAULT_MAX_CHARS: int = 12000
"""Overall character budget for one tool result."""

_SEP = " | "

# ---------------------------------------------------------------------------------------------
# Small defensive accessors
# ---------------------------------------------------------------------------------------------


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else None


def _str(value: Any) -> str | None:
    """A non-empty, stripped string for scalars; ``None`` for null, empty, bools and containers."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


def _is_seq(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    if _is_seq(value):
        return [item for item in value if isinstance(item, Mapping)]
    return []


def _scalar(value: Any) -> str:
    """How a custom-field style value is written in a ``key: value`` line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) or value is None:
        return str(value)
    return _dumps(value)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, default=str)


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, dict, Mapping)) and not value


_ID_RE = re.compile(r"[a-z]{2,4}_[0-9a-z]+")


def _related_ids(obj: Any) -> dict[str, str]:
    """IDs that Front only exposes as URLs in ``_links.related`` (e.g. a message's conversation).

    ``{"conversation": "https://x.api.frontapp.com/conversations/cnv_1"}`` -> ``{"conversation":
    "cnv_1"}``; links whose last path segment is not an ID (``.../cnv_1/events``) are skipped.
    """
    related = _get(_get(obj, "_links"), "related")
    if not isinstance(related, Mapping):
        return {}
    out: dict[str, str] = {}
    for name, url in related.items():
        if not isinstance(name, str) or not isinstance(url, str) or not url:
            continue
        try:
            path = urlsplit(url).path
        except ValueError:
            continue
        segment = path.rstrip("/").rsplit("/", 1)[-1]
        if _ID_RE.fullmatch(segment):
            out[name] = segment
    return out


# ---------------------------------------------------------------------------------------------
# Text primitives
# ---------------------------------------------------------------------------------------------

_TAG_RE = re.compile(r"</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>|<!--|<!doctype", re.IGNORECASE)
_ANY_TAG_RE = re.compile(r"<[^>]*>")
_INVISIBLE_RE = re.compile("[\u00ad\u034f\u200b\u200c\u200d\u2060\ufeff]")
_INNER_SPACES_RE = re.compile(r"(?<=\S)[ \t]{3,}(?=\S)")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


@lru_cache(maxsize=1)
def _inscriptis() -> tuple[Callable[..., str], Any]:
    """inscriptis' ``get_text`` and our parser config, imported on first use (lxml is heavy)."""
    from inscriptis import get_text
    from inscriptis.css_profiles import STRICT_CSS_PROFILE
    from inscriptis.html_properties import Display
    from inscriptis.model.config import ParserConfig
    from inscriptis.model.html_element import HtmlElement

    css = dict(STRICT_CSS_PROFILE)
    # Quoted replies stay visibly quoted; lists are indented less than the browser default.
    css["blockquote"] = HtmlElement(display=Display.block, padding_inline=2)
    css["ul"] = HtmlElement(
        display=Display.block, margin_before=0, margin_after=0, padding_inline=2
    )
    css["ol"] = HtmlElement(
        display=Display.block, margin_before=0, margin_after=0, padding_inline=3
    )
    return get_text, ParserConfig(css=css)


def _tidy(text: str) -> str:
    """Normalise newlines, drop invisible characters, trailing spaces and runs of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = _INVISIBLE_RE.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _INNER_SPACES_RE.sub("  ", text)
    text = _BLANK_LINES_RE.sub("\n\n", text)
    return text.strip("\n")


def _looks_like_html(text: str) -> bool:
    return _TAG_RE.search(text) is not None


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML body (inscriptis), with blank-line runs collapsed.

    Text without any HTML tag is only tidied (its line breaks are kept). Never raises.
    """
    if not html or not isinstance(html, str):
        return ""
    if not _looks_like_html(html):
        return _tidy(html)
    try:
        get_text, config = _inscriptis()
        text = get_text(html, config)
    except Exception:  # malformed markup that lxml refuses: fall back to a crude strip
        text = _html.unescape(_ANY_TAG_RE.sub(" ", html))
    return _tidy(text if isinstance(text, str) else "")


def _to_datetime(ts: Any) -> datetime | None:
    if ts is None or isinstance(ts, bool):
        return None
    value: float
    if isinstance(ts, (int, float)):
        value = float(ts)
    elif isinstance(ts, str):
        raw = ts.strip()
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            try:
                parsed = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                return None
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed.astimezone(timezone.utc)
    else:
        return None
    if not math.isfinite(value):
        return None
    if abs(value) > 1e11:  # milliseconds
        value /= 1000.0
    try:
        return datetime.fromtimestamp(value, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def format_time(ts: float | int | str | None) -> str | None:
    """Epoch seconds (or milliseconds when > 1e11) as ISO-8601 UTC, e.g. ``2026-11-29T00:53:18Z``.

    Numeric strings and ISO strings are accepted too. ``None`` gives ``None``; so does a value that
    is not a time at all, except a non-empty string, which is returned unchanged.
    """
    dt = _to_datetime(ts)
    if dt is None:
        if isinstance(ts, str) and ts.strip():
            return ts.strip()
        return None
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sort_time(ts: Any) -> float | None:
    dt = _to_datetime(ts)
    return dt.timestamp() if dt is not None else None


def _trim_note(count: int) -> str:
    return f"… [trimmed {count} more characters]"


def truncate(text: str, limit: int) -> str:
    """``text`` unchanged if it has at most ``limit`` characters; otherwise cut at a word boundary
    near ``limit`` and followed by ``… [trimmed N more characters]`` (the note is extra)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    limit = max(int(limit), 0)
    if len(text) <= limit:
        return text
    cut = limit
    window = text[: limit + 1]
    space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
    if space > 0 and space >= limit - min(80, limit // 5):
        cut = space
    kept = text[:cut].rstrip()
    note = _trim_note(len(text) - len(kept))
    return f"{kept} {note}" if kept else note


def _fit(text: str, limit: int) -> str:
    """Like :func:`truncate`, but the result including the note stays within ``limit``."""
    if len(text) <= limit:
        return text
    reserve = len(_trim_note(len(text))) + 1
    return truncate(text, max(limit - reserve, 0))


def strip_links(obj: Any) -> Any:
    """A copy of a JSON value without any ``_links`` key, at any depth."""
    if isinstance(obj, Mapping):
        return {key: strip_links(value) for key, value in obj.items() if key != "_links"}
    if isinstance(obj, (list, tuple)):
        return [strip_links(item) for item in obj]
    return obj


def more_results(page_token: str | None) -> str:
    """The footer that tells a model how to get the next page ("" on the last page)."""
    return f"More results: call again with page_token={page_token}" if page_token else ""


def page_token_from_next(next_url: str | None) -> str | None:
    """The ``page_token`` query parameter of an absolute ``_pagination.next`` URL, if any."""
    if not next_url or not isinstance(next_url, str):
        return None
    try:
        query = urlsplit(next_url.strip()).query
    except ValueError:
        return None
    values = parse_qs(query).get("page_token")
    if values and values[0]:
        return values[0]
    return None


# ---------------------------------------------------------------------------------------------
# People, tags, attachments
# ---------------------------------------------------------------------------------------------


def _teammate_name(t: Mapping[str, Any]) -> str | None:
    first = _str(t.get("first_name")) or ""
    last = _str(t.get("last_name")) or ""
    full = f"{first} {last}".strip()
    return full or _str(t.get("username")) or _str(t.get("email"))


def _teammate(t: Any, *, with_email: bool = False) -> str | None:
    """``Michael Scott (tea_6r55a)``, or with the email: ``Michael Scott <m@x.com> (tea_6r55a)``."""
    if isinstance(t, str):  # some payloads carry a teammate as a bare ID or URL
        return t.strip() or None
    if not isinstance(t, Mapping):
        return None
    parts: list[str] = []
    name = _teammate_name(t)
    if name:
        parts.append(name)
    email = _str(t.get("email"))
    if with_email and email and email != name:
        parts.append(f"<{email}>")
    tid = _str(t.get("id"))
    if tid:
        parts.append(f"({tid})")
    return " ".join(parts) or None


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


def _custom_fields(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return None
    parts = [f"{k}: {_scalar(v)}" for k, v in value.items() if not _is_empty(v)]
    return "; ".join(parts) or None


def _kv(lines: list[str], key: str, value: str | None) -> None:
    if value:
        lines.append(f"{key}: {value}")


def _indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else "" for line in text.split("\n"))


def _body_text(obj: Mapping[str, Any], body_chars: int) -> str:
    body = obj.get("body")
    text = html_to_text(body) if isinstance(body, str) else ""
    if not text:  # fall back to the plain-text version or the preview
        text = _tidy(_str(obj.get("text")) or _str(obj.get("blurb")) or "")
    return truncate(text, body_chars) if text else ""


_REPLY_PREFIX_RE = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|tr|sv|wg)\s*(?:\[\d+\])?\s*:\s*)+", re.I)


def _same_subject(a: str | None, b: str | None) -> bool:
    def norm(s: str | None) -> str:
        return " ".join(_REPLY_PREFIX_RE.sub("", s or "").split()).casefold()

    return norm(a) == norm(b)


# ---------------------------------------------------------------------------------------------
# Identity, conversations, messages, comments, contacts
# ---------------------------------------------------------------------------------------------


def render_identity(me: Mapping[str, Any]) -> str:
    """``company: Dunder Mifflin Paper Company, Inc. (cmp_k30)`` for ``GET /me``."""
    name = _str(_get(me, "name")) or "(unnamed)"
    cid = _str(_get(me, "id"))
    return f"company: {name} ({cid})" if cid else f"company: {name}"


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
    parts.append(f'"{subject}"' if subject else "(no subject)")
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
    _kv(lines, "subject", _str(c.get("subject")) or "(no subject)")
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
        _kv(lines, "description", truncate(html_to_text(description), DEFAULT_BODY_CHARS))
    return lines


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
        lines.append(f"  subject: {msg_subject}")
    error = _str(m.get("error_type"))
    if error:
        lines.append(f"  error: {error}")
    attachments = _attachments(m.get("attachments"))
    if attachments:
        lines.append(f"  {attachments}")
    body = _body_text(m, body_chars)
    if body:
        lines.append(_indent(body))
    return "\n".join(lines)


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
        lines.append(_indent(body))
    return "\n".join(lines)


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


def _message_fields(m: Mapping[str, Any]) -> list[str]:
    lines: list[str] = [f"message: {_str(m.get('id')) or '(no id)'}"]
    related = _related_ids(m)
    _kv(lines, "conversation", related.get("conversation"))
    _kv(lines, "in reply to", related.get("message_replied_to"))
    _kv(lines, "kind", _message_kind(m))
    _kv(lines, "time", format_time(m.get("created_at")))
    for role in ("from", "reply-to", "to", "cc", "bcc"):
        _kv(lines, role, ", ".join(_recipients(m, role, with_name=True)))
    _kv(lines, "author", _teammate(m.get("author"), with_email=True))
    _kv(lines, "subject", _str(m.get("subject")))
    if m.get("is_draft") is True or _str(m.get("draft_mode")):
        _kv(lines, "draft version", _str(m.get("version")))
    _kv(lines, "error", _str(m.get("error_type")))
    _kv(lines, "attachments", (_attachments(m.get("attachments")) or "").partition(": ")[2])
    return lines


def render_message(m: Mapping[str, Any], *, body_chars: int = DEFAULT_BODY_CHARS) -> str:
    """A message (or draft): IDs, direction, parties, subject, attachments, then its body."""
    msg: Mapping[str, Any] = m if isinstance(m, Mapping) else {}
    lines = _message_fields(msg)
    body = _body_text(msg, body_chars)
    lines.append(f"body:\n{body}" if body else "body: (empty)")
    return "\n".join(lines)


def render_comment(c: Mapping[str, Any], *, body_chars: int = DEFAULT_BODY_CHARS) -> str:
    """A comment (internal note): IDs, author, time, pinned, attachments, then its body."""
    com: Mapping[str, Any] = c if isinstance(c, Mapping) else {}
    lines: list[str] = [f"comment: {_str(com.get('id')) or '(no id)'}"]
    related = _related_ids(com)
    _kv(lines, "conversation", related.get("conversation"))
    _kv(lines, "in reply to", related.get("comment_replied_to"))
    _kv(lines, "time", format_time(_comment_time(com)))
    _kv(lines, "author", _teammate(com.get("author"), with_email=True))
    if com.get("is_pinned") is True:
        lines.append("pinned: yes")
    _kv(lines, "attachments", (_attachments(com.get("attachments")) or "").partition(": ")[2])
    body = _body_text(com, body_chars)
    lines.append(f"body:\n{body}" if body else "body: (empty)")
    return "\n".join(lines)


def render_contact(c: Mapping[str, Any]) -> str:
    """A contact: id, name, handles, description, links, lists, account, custom fields."""
    con: Mapping[str, Any] = c if isinstance(c, Mapping) else {}
    lines: list[str] = [f"contact: {_str(con.get('id')) or '(no id)'}"]
    _kv(lines, "name", _str(con.get("name")))
    handles: list[str] = []
    for h in _mappings(con.get("handles")):
        handle = _str(h.get("handle"))
        if handle:
            source = _str(h.get("source"))
            handles.append(f"{source}: {handle}" if source else handle)
    _kv(lines, "handles", ", ".join(handles))
    description = con.get("description")
    if isinstance(description, str):
        _kv(lines, "description", truncate(html_to_text(description), DEFAULT_BODY_CHARS))
    links: list[str] = []
    raw_links = con.get("links")
    for link in raw_links if isinstance(raw_links, (list, tuple)) else []:
        url = _str(link) or _str(_get(link, "url")) or _str(_get(link, "external_url"))
        if url and url not in links:
            links.append(url)
    _kv(lines, "links", ", ".join(links))
    lists: list[str] = []
    for group in [*_mappings(con.get("lists")), *_mappings(con.get("groups"))]:
        name = _str(group.get("name"))
        gid = _str(group.get("id"))
        ref = f"{name} ({gid})" if name and gid else (name or gid)
        if ref and ref not in lists:
            lists.append(ref)
    _kv(lines, "lists", ", ".join(lists))
    account = con.get("account")
    if isinstance(account, Mapping):
        name = _str(account.get("name"))
        aid = _str(account.get("id"))
        _kv(lines, "account", f"{name} ({aid})" if name and aid else (name or aid))
    else:
        _kv(lines, "account", _str(account))
    _kv(lines, "custom fields", _custom_fields(con.get("custom_fields")))
    if con.get("is_private") is True:
        lines.append("private: yes")
    _kv(lines, "created", format_time(con.get("created_at")))
    _kv(lines, "updated", format_time(con.get("updated_at")))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# One-line renderers for lists
# ---------------------------------------------------------------------------------------------


def render_inbox_line(i: Mapping[str, Any]) -> str:
    """``inb_1ix6 | The Dundies | private``."""
    parts = [_str(_get(i, "id")) or "(no id)", _str(_get(i, "name")) or "(unnamed)"]
    if _get(i, "is_private") is True:
        parts.append("private")
    return _SEP.join(parts)


def render_channel_line(ch: Mapping[str, Any]) -> str:
    """``cha_1gv4 | Sales | type: gmail | address: s@x.com | inbox: inb_1ix6``."""
    parts = [_str(_get(ch, "id")) or "(no id)"]
    name = _str(_get(ch, "name"))
    if name:
        parts.append(name)
    ctype = _str(_get(ch, "type"))
    if ctype:
        parts.append(f"type: {ctype}")
    address = _str(_get(ch, "address"))
    if address:
        parts.append(f"address: {address}")
    send_as = _str(_get(ch, "send_as"))
    if send_as and send_as != address:
        parts.append(f"send as: {send_as}")
    inbox = _get(ch, "inbox")
    inbox_id = (
        _str(_get(inbox, "id"))
        or _str(inbox)
        or _str(_get(ch, "inbox_id"))
        or _related_ids(ch).get("inbox")
    )
    if inbox_id:
        parts.append(f"inbox: {inbox_id}")
    if _get(ch, "is_private") is True:
        parts.append("private")
    if _get(ch, "is_valid") is False:
        parts.append("not valid (cannot send)")
    return _SEP.join(parts)


def render_teammate_line(t: Mapping[str, Any]) -> str:
    """``tea_6r55a | Michael Scott | michael@x.com | username: PrisonMike | available``."""
    parts = [_str(_get(t, "id")) or "(no id)"]
    tm: Mapping[str, Any] = t if isinstance(t, Mapping) else {}
    name = _teammate_name(tm)
    if name:
        parts.append(name)
    email = _str(tm.get("email"))
    if email and email != name:
        parts.append(email)
    username = _str(tm.get("username"))
    if username and username != name:
        parts.append(f"username: {username}")
    available = tm.get("is_available")
    if isinstance(available, bool):
        parts.append("available" if available else "unavailable")
    if tm.get("is_admin") is True:
        parts.append("admin")
    if tm.get("is_blocked") is True:
        parts.append("blocked")
    ttype = _str(tm.get("type"))
    if ttype and ttype != "user":
        parts.append(f"type: {ttype}")
    return _SEP.join(parts)


def render_tag_line(t: Mapping[str, Any]) -> str:
    """``tag_2oxhvy | Warehouse task | highlight: blue | private``."""
    parts = [_str(_get(t, "id")) or "(no id)", _str(_get(t, "name")) or "(unnamed)"]
    highlight = _str(_get(t, "highlight"))
    if highlight:
        parts.append(f"highlight: {highlight}")
    if _get(t, "is_private") is True:
        parts.append("private")
    description = _str(_get(t, "description"))
    if description:
        parts.append(f"description: {truncate(' '.join(description.split()), 100)}")
    return _SEP.join(parts)


# ---------------------------------------------------------------------------------------------
# Lists, accepted sends, generic fallback
# ---------------------------------------------------------------------------------------------


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 3:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes", "uses")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def render_list(
    items: Sequence[Mapping[str, Any]],
    line: Callable[[Mapping[str, Any]], str],
    *,
    noun: str,
    total: int | None = None,
    next_page_token: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> str:
    """``N <noun> (of TOTAL total):`` then one line per item, within ``max_chars``.

    Lines that would overflow the budget are left out (and counted); a
    ``More results: call again with page_token=…`` footer follows when there is a next page.
    """
    rows = list(items) if _is_seq(items) else []
    footer = more_results(next_page_token)
    if not rows:
        if footer:
            return f"No {noun} on this page.\n{footer}"
        return f"No {noun} found."
    count = len(rows)
    header = f"{count} {_singular(noun) if count == 1 else noun}"
    if isinstance(total, int) and not isinstance(total, bool):
        header += f" (of {total} total)"
    header += ":"
    reserve = len(footer) + 1 + 120  # footer plus the "left out" note
    budget = max_chars - len(header) - reserve
    out = [header]
    shown = 0
    for item in rows:
        text = line(item)
        if len(text) + 1 > budget:
            if shown == 0:  # never return zero items: trim the first one instead
                out.append(_fit(text, max(budget - 1, 200)))
                shown = 1
            break
        out.append(text)
        budget -= len(text) + 1
        shown += 1
    left = count - shown
    if left:
        out.append(
            f"[{left} more {noun} left out to fit the size limit; "
            "ask for fewer per page (limit) to see them]"
        )
    if footer:
        out.append(footer)
    return "\n".join(out)


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
            f" message_uid={uid} — it can be read later as message alt:uid:{uid}"
            " (it may take a few seconds to exist)."
        )
    for key, value in res.items():
        if key in ("status", "message_uid", "_links") or _is_empty(value):
            continue
        text += f" {key}={_scalar(value)}"
    return text


_TIME_KEYS = frozenset({"date", "timestamp", "time", "start", "end", "waiting_since"})
_TIME_SUFFIXES = ("_at", "_date", "_time", "_since")
_HTML_KEYS = frozenset({"body", "content", "html"})


def _is_time_key(key: str | None) -> bool:
    return key is not None and (key in _TIME_KEYS or key.endswith(_TIME_SUFFIXES))


def _clean(value: Any, key: str | None = None) -> Any:
    """JSON value without ``_links``/nulls/empties, with ISO times and HTML bodies as text."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k == "_links":
                continue
            cleaned = _clean(v, k if isinstance(k, str) else None)
            if not _is_empty(cleaned):
                out[str(k)] = cleaned
        for name, rid in _related_ids(value).items():
            out.setdefault(f"{name}_id", rid)
        return out
    if isinstance(value, (list, tuple)):
        items = [_clean(item) for item in value]
        return [item for item in items if not _is_empty(item)]
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and _is_time_key(key)
        and abs(value) >= 1e8
    ):
        return format_time(value) or value
    if isinstance(value, str) and key in _HTML_KEYS and _looks_like_html(value):
        return html_to_text(value)
    return value


def render_generic(obj: Any, *, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Any Front response as compact JSON (no ``_links``/nulls, ISO times, HTML as text).

    List responses (``_results`` + ``_pagination.next``) become a ``N results (of TOTAL total):``
    header, one compact JSON object per line and the page_token footer (see :func:`render_list`).
    ``None`` or an empty body (204) gives ``Done (no content).``
    """
    if obj is None or (isinstance(obj, (str, bytes, bytearray)) and not obj.strip()):
        return "Done (no content)."
    if isinstance(obj, (bytes, bytearray)):
        return f"Binary content ({len(obj)} bytes)."
    if isinstance(obj, str):
        return _fit(html_to_text(obj), max_chars)
    if isinstance(obj, Mapping) and isinstance(obj.get("_results"), (list, tuple)):
        results = [_clean(item) for item in obj["_results"]]
        token = page_token_from_next(_get(obj.get("_pagination"), "next"))
        total = obj.get("_total")
        rest = {
            k: v for k, v in obj.items() if k not in ("_results", "_pagination", "_links", "_total")
        }
        text = render_list(
            [r if isinstance(r, Mapping) else {"value": r} for r in results],
            _dumps,
            noun="results",
            total=total if isinstance(total, int) and not isinstance(total, bool) else None,
            next_page_token=token,
            max_chars=max_chars,
        )
        extra = _clean(rest)
        if extra:
            text = f"{_fit(_dumps(extra), max_chars // 4)}\n{text}"
        return text
    if isinstance(obj, (list, tuple)):
        cleaned = [_clean(item) for item in obj]
        return render_list(
            [r if isinstance(r, Mapping) else {"value": r} for r in cleaned],
            _dumps,
            noun="items",
            max_chars=max_chars,
        )
    cleaned_obj = _clean(obj)
    if _is_empty(cleaned_obj):
        return "Done (no content)."
    return _fit(_dumps(cleaned_obj), max_chars)
