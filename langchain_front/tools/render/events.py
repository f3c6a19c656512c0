"""Events of the company's event log: one line each (when, what, on which conversation, by whom,
on what).

An event's raw JSON embeds the whole conversation and the whole target (a message with its body,
a teammate...); the line keeps the IDs and names a model acts on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import _SEP, _get, _str, customer_data, format_time
from langchain_front.tools.render.workspace import _teammate

_SUBJECT_CHARS = 60
_SNIPPET_CHARS = 80


def _clip(text: str, limit: int) -> str:
    """``text`` on one line, cut with an ellipsis beyond ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _source(source: Any) -> str | None:
    kind = _str(_get(_get(source, "_meta"), "type"))
    data = _get(source, "data")
    if kind == "teammate":
        return _teammate(data)
    if kind == "rule":
        name = _str(_get(data, "name"))
        return f"rule {name}" if name else "a rule"
    if kind == "inboxes" and isinstance(data, list):
        names = [n for n in (_str(_get(i, "name")) for i in data) if n]
        return "inbox " + ", ".join(names) if names else "an inbox"
    if kind in ("api", "oauth_client"):
        return "the API"
    return kind


def _target(target: Any) -> str | None:
    kind = _str(_get(_get(target, "_meta"), "type"))
    data = _get(target, "data")
    if not kind or not isinstance(data, Mapping):
        return None
    ident = _str(data.get("id"))
    if kind == "teammate":
        return _teammate(data)
    if kind in ("tag", "link", "custom_field"):
        name = _str(data.get("name"))
        return f"{kind} {name} ({ident})" if name and ident else f"{kind} {name or ident}"
    if kind == "message":
        blurb = _str(data.get("blurb"))
        text = f"message {ident}" if ident else "message"
        return f"{text}: {_clip(blurb, _SNIPPET_CHARS)}" if blurb else text
    if kind == "comment":
        body = _str(data.get("body"))
        text = f"comment {ident}" if ident else "comment"
        return f"{text}: {_clip(body, _SNIPPET_CHARS)}" if body else text
    return f"{kind} {ident}" if ident else kind


def render_event_line(e: Mapping[str, Any]) -> str:
    """``evt_1 | 2024-05-01T09:00:00Z | inbound | cnv_1 "Subject" | by inbox Support | ...``."""
    if not isinstance(e, Mapping):
        return "(invalid event)"
    parts = [
        _str(e.get("id")) or "(no id)",
        format_time(e.get("emitted_at")) or "(no time)",
        _str(e.get("type")) or "(no type)",
    ]
    conv = e.get("conversation")
    conv_id = _str(_get(conv, "id"))
    if conv_id:
        subject = _str(_get(conv, "subject"))
        parts.append(
            f"{conv_id} {customer_data(_clip(subject, _SUBJECT_CHARS))}" if subject else conv_id
        )
    source = _source(e.get("source"))
    if source:
        parts.append(f"by {source}")
    target = _target(e.get("target"))
    if target:
        parts.append(f"on {target}")
    return _SEP.join(parts)
