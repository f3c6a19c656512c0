"""Times as a model writes them, turned into what Front's filters take: Unix seconds.

A model naturally writes ``2024-05-01`` or ``2024-05-01T09:00:00Z``; Front's event and analytics
filters want Unix seconds, and a value in milliseconds (what JavaScript hands out) would silently
mean a date thousands of years ahead. Dates and times without a zone are read as UTC.
"""

from __future__ import annotations

from datetime import datetime, timezone

#: Above this a number is milliseconds, not seconds (1e11 s is the year 5138).
_MILLISECONDS_FROM = 1e11

TIME_HELP = (
    "an ISO 8601 date or time (2024-05-01, 2024-05-01T09:30:00Z; UTC unless a zone is given) "
    "or Unix seconds"
)

#: A time argument (each field describes itself with :data:`TIME_HELP`).
TimeInput = str | float


def to_unix_seconds(value: str | float, field: str) -> float:
    """Unix seconds for ``value``; ``ValueError`` saying what to pass otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{field}: expected {TIME_HELP}, got {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            return _iso_seconds(text, field)
    if number >= _MILLISECONDS_FROM:
        number /= 1000.0  # milliseconds: Front wants seconds
    if number < 0:
        raise ValueError(f"{field}: {value!r} is before 1970; expected {TIME_HELP}")
    return round(number, 3)


def _iso_seconds(text: str, field: str) -> float:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"{field}: {text[:60]!r} is not a time; expected {TIME_HELP}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return round(moment.timestamp(), 3)


def iso(seconds: float) -> str:
    """``2024-05-01T09:30:00Z`` for Unix seconds (what the tools echo back)."""
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
