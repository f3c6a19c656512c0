"""Analytics reports: the metrics as a small text table (metric, value), values in their unit.

Front gives each metric a type: ``duration`` values are read as seconds (the spec names no unit)
and shown with a readable form, ``percentage`` values get a ``%``, ``resource`` values show their
label and ID.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from langchain_front.tools.render.text import _get, _str


def _duration(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h"] if hours else []
    if minutes or hours:
        parts.append(f"{minutes}m")
    parts.append(f"{secs}s")
    return f"{' '.join(parts)} ({whole:,} s)" if whole >= 60 else f"{whole} s"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def format_metric(kind: str | None, value: Any) -> str:
    """One metric's value as text, in its unit."""
    if value is None:
        return "(no data)"
    if isinstance(value, Mapping):
        label = _str(value.get("label"))
        ident = _str(_get(value.get("resource"), "id"))
        return f"{label} ({ident})" if label and ident else (label or ident or "(no data)")
    number = _number(value)
    if number is None:
        return _str(value) or "(no data)"
    if kind == "duration":
        return _duration(number)
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if kind == "percentage" else text


def render_metrics_table(metrics: Sequence[Any]) -> str:
    """``| metric | value |`` rows, one per metric, in the order Front gave them."""
    rows = ["| metric | value |", "|---|---|"]
    for m in metrics:
        if isinstance(m, Mapping):
            name = _str(m.get("id")) or "(unnamed)"
            rows.append(f"| {name} | {format_metric(_str(m.get('type')), m.get('value'))} |")
    if len(rows) == 2:
        return "No metrics in the report."
    return "\n".join(rows)
