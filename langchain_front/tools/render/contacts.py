"""Contacts: one ``key: value`` line per field (handles, links, lists, account, custom fields)."""

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
