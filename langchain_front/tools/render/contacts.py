"""Contacts: one ``key: value`` line per field (handles, links, lists, account, custom fields),
one line per contact in lists, and contact notes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import (
    DEFAULT_BODY_CHARS,
    _custom_fields,
    _get,
    _kv,
    _mappings,
    _str,
    format_time,
    html_to_text,
    truncate,
)
from langchain_front.tools.render.workspace import _teammate

NOTE_CHARS = 600
"""Characters kept per note body in a list of notes."""


def _handles(con: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for h in _mappings(con.get("handles")):
        handle = _str(h.get("handle"))
        if handle:
            source = _str(h.get("source"))
            out.append(f"{source}: {handle}" if source else handle)
    return out


def render_contact(c: Mapping[str, Any]) -> str:
    """A contact: id, name, handles, description, links, lists, account, custom fields."""
    con: Mapping[str, Any] = c if isinstance(c, Mapping) else {}
    lines: list[str] = [f"contact: {_str(con.get('id')) or '(no id)'}"]
    _kv(lines, "name", _str(con.get("name")))
    _kv(lines, "handles", ", ".join(_handles(con)))
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


def render_contact_line(c: Mapping[str, Any]) -> str:
    """One line: ``crd_1 | Jane Doe | email: jane@x.com, phone: +1555...``."""
    if not isinstance(c, Mapping):
        return "(invalid contact)"
    parts = [_str(c.get("id")) or "(no id)", _str(c.get("name")) or "(no name)"]
    handles = _handles(c)
    if handles:
        parts.append(", ".join(handles))
    if c.get("is_private") is True:
        parts.append("private")
    return " | ".join(parts)


def render_note_line(n: Mapping[str, Any]) -> str:
    """One note: ``- 2024-01-02T10:00:00Z by Ava Chen (tea_1): text``."""
    if not isinstance(n, Mapping):
        return "- (invalid note)"
    head = "- " + (format_time(n.get("created_at")) or "(no date)")
    author = _teammate(n.get("author"))
    if author:
        head += f" by {author}"
    body = n.get("body")
    text = truncate(html_to_text(body), NOTE_CHARS) if isinstance(body, str) else ""
    return f"{head}: {text}" if text else head
