"""Ticket statuses and custom field definitions: one line each, and custom field changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import _SEP, _mappings, _scalar, _str, truncate

#: Longest description shown for a status or a custom field.
_DESCRIPTION_CHARS = 160


def render_ticket_status_line(s: Mapping[str, Any]) -> str:
    """``sts_1 | Waiting on customer | waiting | We asked the customer``."""
    if not isinstance(s, Mapping):
        return "(invalid ticket status)"
    parts = [_str(s.get("id")) or "(no id)", _str(s.get("name")) or "(no name)"]
    category = _str(s.get("category"))
    if category:
        parts.append(category)
    description = _str(s.get("description"))
    if description:
        parts.append(truncate(description, _DESCRIPTION_CHARS))
    return _SEP.join(parts)


def custom_field_values(d: Mapping[str, Any]) -> list[str]:
    """The allowed values of an enum custom field definition."""
    values = []
    for v in _mappings(d.get("values")):
        value = _str(v.get("value"))
        if value:
            values.append(value)
    return values


def render_custom_field_line(d: Mapping[str, Any]) -> str:
    """``Priority (enum: Low, Medium, High) | How urgent the request is``.

    The field's ID is left out: Front's API names custom fields by name.
    """
    if not isinstance(d, Mapping):
        return "(invalid custom field)"
    kind = _str(d.get("type")) or "?"
    values = custom_field_values(d)
    if values:
        kind += ": " + ", ".join(values)
    parts = [f"{_str(d.get('name')) or '(no name)'} ({kind})"]
    description = _str(d.get("description"))
    if description:
        parts.append(truncate(description, _DESCRIPTION_CHARS))
    return _SEP.join(parts)


def render_value(value: Any) -> str:
    """A custom field value for a change line; ``(unset)`` when absent."""
    return "(unset)" if value is None else _scalar(value)
