"""Accounts (the companies contacts belong to): one ``key: value`` line per field, or one line
per account in lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import (
    DEFAULT_BODY_CHARS,
    _custom_fields,
    _kv,
    _str,
    html_to_text,
    truncate,
)


def render_account(a: Mapping[str, Any]) -> str:
    """An account: id, name, domains, external ID, description, custom fields."""
    acc: Mapping[str, Any] = a if isinstance(a, Mapping) else {}
    lines: list[str] = [f"account: {_str(acc.get('id')) or '(no id)'}"]
    _kv(lines, "name", _str(acc.get("name")))
    domains = acc.get("domains")
    if isinstance(domains, (list, tuple)):
        _kv(lines, "domains", ", ".join(d for d in (_str(x) for x in domains) if d))
    _kv(lines, "external id", _str(acc.get("external_id")))
    description = acc.get("description")
    if isinstance(description, str):
        _kv(lines, "description", truncate(html_to_text(description), DEFAULT_BODY_CHARS))
    _kv(lines, "custom fields", _custom_fields(acc.get("custom_fields")))
    return "\n".join(lines)


def render_account_line(a: Mapping[str, Any]) -> str:
    """One line: ``acc_1 | Globex | domains: globex.com | external id: CRM-1``."""
    if not isinstance(a, Mapping):
        return "(invalid account)"
    parts = [_str(a.get("id")) or "(no id)", _str(a.get("name")) or "(no name)"]
    domains = a.get("domains")
    if isinstance(domains, (list, tuple)):
        listed = ", ".join(d for d in (_str(x) for x in domains) if d)
        if listed:
            parts.append(f"domains: {listed}")
    external = _str(a.get("external_id"))
    if external:
        parts.append(f"external id: {external}")
    return " | ".join(parts)
