"""The workspace in one line each: identity (``GET /me``), inboxes, channels, teammates, tags.

Also the one place that writes a teammate reference (``Name (tea_id)``), which conversations and
messages reuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import _SEP, _get, _related_ids, _str, truncate


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


def render_identity(me: Mapping[str, Any]) -> str:
    """``company: Dunder Mifflin Paper Company, Inc. (cmp_k30)`` for ``GET /me``."""
    name = _str(_get(me, "name")) or "(unnamed)"
    cid = _str(_get(me, "id"))
    return f"company: {name} ({cid})" if cid else f"company: {name}"


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
