"""Which hosts may receive a Front bearer token (https `*.frontapp.com`), and which hosts are
loopback (where plain http is allowed for local OAuth callbacks and tests)."""

from __future__ import annotations

import httpx

from langchain_front.errors import FrontHostNotAllowedError

__all__ = ["LOOPBACK_HOSTS", "check_url", "is_allowed_url"]

#: Hosts that name this machine: plain http to them never leaves it.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_allowed_url(url: str | httpx.URL) -> bool:
    """Whether ``url`` may receive the bearer token: https on ``*.frontapp.com``."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except httpx.InvalidURL:
        return False
    host = (parsed.host or "").lower().rstrip(".")
    return parsed.scheme == "https" and (host == "frontapp.com" or host.endswith(".frontapp.com"))


def check_url(url: str | httpx.URL, operation: str | None = None) -> None:
    """Raise :class:`FrontHostNotAllowedError` unless :func:`is_allowed_url`."""
    if not is_allowed_url(url):
        raise FrontHostNotAllowedError(str(url), operation)
