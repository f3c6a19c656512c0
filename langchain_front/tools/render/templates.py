"""Message templates and signatures: one line per template or signature, and a template in full.

A template's body is HTML; the model gets it as text (:func:`html_to_text`), with a short
preview in lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import (
    DEFAULT_BODY_CHARS,
    _kv,
    _mappings,
    _related_ids,
    _str,
    html_to_text,
    truncate,
)

#: Characters of a template's text shown in a list line.
PREVIEW_CHARS = 120


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The start of ``text`` on one line, cut at a word with "..." when longer."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "..."


def template_owner(t: Mapping[str, Any]) -> str:
    """``shared``, or ``private to tea_...`` when the template belongs to a teammate."""
    owner = _related_ids(t).get("owner")
    if owner and owner.startswith("tea_"):
        return f"private to {owner}"
    if owner and owner.startswith("tim_"):
        return f"team {owner}"
    return "shared"


def _inboxes(t: Mapping[str, Any]) -> str | None:
    if t.get("is_available_for_all_inboxes") is True:
        return None
    ids = t.get("inbox_ids")
    if isinstance(ids, list) and ids:
        return "only in " + ", ".join(str(i) for i in ids)
    return None


def render_template_line(t: Mapping[str, Any]) -> str:
    """``rsp_1 "Refund" (shared) subject: ... | text preview``."""
    tpl: Mapping[str, Any] = t if isinstance(t, Mapping) else {}
    head = f'{_str(tpl.get("id")) or "(no id)"} "{_str(tpl.get("name")) or "(unnamed)"}"'
    head += f" ({template_owner(tpl)})"
    subject = _str(tpl.get("subject"))
    if subject:
        head += f" subject: {subject}"
    body = tpl.get("body")
    text = html_to_text(body) if isinstance(body, str) else ""
    if text:
        head += " | " + preview(text)
    return head


def render_template(t: Mapping[str, Any], *, body_chars: int = 4 * DEFAULT_BODY_CHARS) -> str:
    """A template as an email is written: ``rsp_1 "Refund" (shared, only in inb_1)``, then its
    subject and attachments, a blank line, and the body as text."""
    tpl: Mapping[str, Any] = t if isinstance(t, Mapping) else {}
    where = ", ".join(filter(None, [template_owner(tpl), _inboxes(tpl)]))
    head = f'{_str(tpl.get("id")) or "(no id)"} "{_str(tpl.get("name")) or "(unnamed)"}" ({where})'
    lines = [head]
    _kv(lines, "subject", _str(tpl.get("subject")))
    files = [
        f"{_str(a.get('filename')) or '(unnamed)'} ({_str(a.get('id')) or '?'})"
        for a in _mappings(tpl.get("attachments"))
    ]
    _kv(lines, "attachments", ", ".join(files) if files else None)
    body = tpl.get("body")
    text = html_to_text(body) if isinstance(body, str) else ""
    lines.append("\n" + truncate(text, body_chars) if text else "(empty body)")
    return "\n".join(lines)


def render_signature_line(s: Mapping[str, Any]) -> str:
    """``sig_1 "Support team" (team tim_1, default) | text preview``."""
    sig: Mapping[str, Any] = s if isinstance(s, Mapping) else {}
    head = f'{_str(sig.get("id")) or "(no id)"} "{_str(sig.get("name")) or "(unnamed)"}"'
    owner = _related_ids(sig).get("owner")
    tags = ["private" if sig.get("is_private") is True else f"team {owner}" if owner else "shared"]
    if sig.get("is_default") is True:
        tags.append("default")
    channels = sig.get("channel_ids")
    if isinstance(channels, list) and channels:
        tags.append("channels " + ", ".join(str(c) for c in channels[:5]))
    head += f" ({', '.join(tags)})"
    body = sig.get("body")
    text = html_to_text(body) if isinstance(body, str) else ""
    if text:
        head += " | " + preview(text)
    return head
