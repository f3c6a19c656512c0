"""Analytics reports: one ``metric: value`` line per metric, values in their unit.

Front gives each metric a type: ``duration`` values are read as seconds (the spec names no unit)
and written as ``1h 2m 3s`` (exact, zero parts left out), ``percentage`` values get a ``%``,
``resource`` values show their label and ID.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from langchain_front.tools.render.text import _get, _str


def _duration(seconds: float) -> str:
    """``1h 2m 3s``, ``18m``, ``42s``: whole seconds, the parts that are not zero."""
    whole = round(seconds)
    sign, whole = ("-", -whole) if whole < 0 else ("", whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n:,}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n]
    return sign + (" ".join(parts) or "0s")


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


def render_metrics(metrics: Sequence[Any]) -> str:
    """``metric: value`` lines, one per metric, in the order Front gave them."""
    rows = []
    for m in metrics:
        if isinstance(m, Mapping):
            name = _str(m.get("id")) or "(unnamed)"
            rows.append(f"{name}: {format_metric(_str(m.get('type')), m.get('value'))}")
    return "\n".join(rows) if rows else "No metrics in the report."
