"""Times a model writes (an ISO 8601 moment, or a duration such as ``2h``) as Front's Unix seconds.

Front's reminder and datetime fields take Unix timestamps in seconds, in the future and within
50 years; a model thinks in "Monday 9:00" or "for two days". Parsing is pydantic's (ISO 8601
date-times and durations, the same rules as the args models); the short forms ``30m``, ``2h``,
``3d``, ``1w`` and their combinations (``1h30m``) are ours. A moment without a timezone is read
as UTC, and the result says so.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from pydantic import TypeAdapter, ValidationError

#: Front refuses reminders further away than this (its docs: "within 50 years").
MAX_AHEAD_SECONDS = 50 * 365 * 24 * 3600

_MOMENT: TypeAdapter[datetime] = TypeAdapter(datetime)
_DURATION: TypeAdapter[timedelta] = TypeAdapter(timedelta)
_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
    "w": 604800,
    "week": 604800,
}
_PART_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")


@dataclass(frozen=True)
class When:
    """A moment as Front's Unix seconds, and what the model should be told about reading it."""

    seconds: int
    note: str = ""

    @property
    def iso(self) -> str:
        """The moment as ISO 8601 UTC (``2026-12-07T09:00:00Z``)."""
        return datetime.fromtimestamp(self.seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_moment(text: str) -> When:
    """An ISO 8601 date-time (or date, or Unix seconds) as Unix seconds; ``ValueError`` if not."""
    try:
        moment = _MOMENT.validate_python(text.strip())
    except ValidationError:
        raise ValueError(
            f"{text[:60]!r} is not an ISO 8601 date-time: write it like 2026-12-07T09:00:00Z or "
            "2026-12-07T09:00:00+01:00"
        ) from None
    note = ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
        note = "no timezone was given, so it was read as UTC"
    return When(round(moment.timestamp()), note)


def parse_duration(text: str) -> int:
    """A duration (``30m``, ``2h``, ``1h30m``, ``3 days``, ISO ``PT2H``) in seconds."""
    raw = text.strip().lower()
    if raw.startswith("p"):
        try:
            return round(_DURATION.validate_python(raw.upper()).total_seconds())
        except ValidationError:
            pass
    else:
        parts = _PART_RE.findall(raw)
        rest = _PART_RE.sub("", raw).replace(",", "").replace("and", "").strip()
        if parts and not rest:
            total = 0.0
            for number, unit in parts:
                factor = _UNITS.get(unit.rstrip("s")) or _UNITS.get(unit)
                if factor is None:
                    break
                total += float(number) * factor
            else:
                return round(total)
    raise ValueError(
        f"{text[:60]!r} is not a duration: write it like 30m, 2h, 1h30m, 3d, 1w or ISO 8601 PT2H"
    )


def future_moment(until: str | None, duration: str | None, now: float | None = None) -> When:
    """The moment of ``until`` or ``now + duration``, checked to be in Front's accepted range."""
    now = time.time() if now is None else now
    if until is not None:
        when = parse_moment(until)
    elif duration is not None:
        when = When(round(now + parse_duration(duration)))
    else:
        raise ValueError("give either until (a date-time) or duration (like 2h)")
    if when.seconds <= now:
        now_iso = When(round(now)).iso
        raise ValueError(f"{when.iso} is not in the future (it is now {now_iso})")
    if when.seconds - now > MAX_AHEAD_SECONDS:
        raise ValueError(f"{when.iso} is more than 50 years ahead; Front refuses it")
    return when


def in_words(seconds: float) -> str:
    """``2 days 3 hours``: a delay in the two largest units, for confirmations."""
    seconds = max(0, round(seconds))
    parts = []
    for name, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {name}{'s' if count != 1 else ''}")
    return " ".join(parts[:2]) or "less than a minute"
