"""Teammates for a model: who matches a name and how to @mention them, and their availability.

Availability joins three answers (the teammate's own status, their shifts, their time off) into
one verdict with its reasons, so a model does not have to reason over weekday intervals and
timezones itself. The verdict is computed by :func:`availability`, the text by
:func:`render_availability`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from langchain_front.tools.render.text import _str, format_time
from langchain_front.tools.render.workspace import _teammate_name, render_teammate_line

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def render_teammate_match(t: Mapping[str, Any]) -> str:
    """A teammate line that ends with how to @mention them."""
    line = render_teammate_line(t)
    username = _str(t.get("username"))
    return f"{line} | mention: @{username}" if username else line


# ----------------------------------------------------------------------------- availability


@dataclass
class Availability:
    """Whether a teammate is available at ``now``, and why."""

    available: bool
    reasons: list[str] = field(default_factory=list)
    shifts: list[str] = field(default_factory=list)
    time_off: list[str] = field(default_factory=list)


def _zone(name: str | None) -> tuple[Any, str]:
    try:
        return ZoneInfo(name or "UTC"), name or "UTC"
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc, f"UTC (unknown timezone {name!r})"


def _minutes(text: Any) -> int | None:
    try:
        hours, minutes = str(text).split(":", 1)
        return int(hours) * 60 + int(minutes)
    except ValueError:
        return None


def _on_shift(shift: Mapping[str, Any], now: float) -> tuple[bool, str]:
    """Whether ``now`` falls in the shift, and the shift as text."""
    zone, zone_name = _zone(_str(shift.get("timezone")))
    local = datetime.fromtimestamp(now, zone)
    times = shift.get("times") if isinstance(shift.get("times"), Mapping) else {}
    days = []
    on = False
    for index, day in enumerate(_DAYS):
        interval = times.get(day) if isinstance(times, Mapping) else None
        if not isinstance(interval, Mapping):
            continue
        start, end = _minutes(interval.get("start")), _minutes(interval.get("end"))
        days.append(f"{day} {interval.get('start')}-{interval.get('end')}")
        if start is None or end is None:
            continue
        minute = local.hour * 60 + local.minute
        today = local.weekday() == index
        yesterday = (local.weekday() - 1) % 7 == index
        if start < end:
            on = on or (today and start <= minute < end)
        else:  # overnight: from start today into the next day
            on = on or (today and minute >= start) or (yesterday and minute < end)
    name = _str(shift.get("name")) or _str(shift.get("id")) or "shift"
    text = f"{name} ({shift.get('id')}): {', '.join(days) or 'no days'} [{zone_name}]"
    return on, text


def availability(
    teammate: Mapping[str, Any],
    shifts: Sequence[Mapping[str, Any]],
    time_offs: Sequence[Mapping[str, Any]],
    now: float,
) -> Availability:
    """The verdict: Front's own status, not on time off now, and on shift now (when the
    teammate has shifts at all)."""
    result = Availability(available=True)
    status = teammate.get("is_available")
    if status is False:
        result.available = False
        result.reasons.append("Front status unavailable")
    elif status is True:
        result.reasons.append("Front status available")
    for off in time_offs:
        start, end = off.get("start_at"), off.get("end_at")
        if not isinstance(start, (int, float)):
            continue
        if isinstance(end, (int, float)) and end <= now:
            continue  # over
        until = format_time(end) if isinstance(end, (int, float)) else "open-ended"
        name = _str(off.get("name")) or "time off"
        text = f"{name} ({off.get('id')}): {format_time(start)} to {until}"
        if start <= now:
            result.available = False
            result.reasons.append(f"on time off now until {until}")
            result.time_off.append(text + " (now)")
        else:
            result.time_off.append(text)
    on_any = False
    for shift in shifts:
        on, text = _on_shift(shift, now)
        on_any = on_any or on
        result.shifts.append(text + (" (on shift now)" if on else ""))
    if shifts and not on_any:
        result.available = False
        result.reasons.append("outside all their shifts now")
    elif shifts:
        result.reasons.append("on shift now")
    if not shifts:
        result.reasons.append("no shifts (no schedule limits them)")
    if not result.time_off:
        result.reasons.append("no current or upcoming time off")
    return result


def render_availability(teammate: Mapping[str, Any], verdict: Availability, now: float) -> str:
    """``Ben Ortiz (tea_1a1) is available now (2024-...): reasons`` plus shifts and time off."""
    name = _teammate_name(teammate) or "The teammate"
    who = f"{name} ({teammate.get('id')})"
    state = "available" if verdict.available else "NOT available"
    lines = [f"{who} is {state} now ({format_time(now)}): {'; '.join(verdict.reasons)}."]
    if verdict.shifts:
        lines.append("Shifts: " + "; ".join(verdict.shifts))
    if verdict.time_off:
        lines.append("Time off (current and upcoming): " + "; ".join(verdict.time_off))
    return "\n".join(lines)
