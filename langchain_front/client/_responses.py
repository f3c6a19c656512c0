"""Reading Front's answers, with no I/O: success bodies, error bodies and the wait a 429 asks for.

Every answer is read defensively: a success body must be what the operation's catalogued
response says (a JSON object where Front documents one), JSON is decoded only to a bounded
depth, and error bodies are mapped to the error class of their status whatever their shape.
Anything else becomes a :class:`~langchain_front.errors.FrontUnexpectedResponseError`, never a
plain Python exception that would escape a tool.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from langchain_front.client.pages import next_page_url
from langchain_front.errors import (
    FrontAPIError,
    FrontRateLimitError,
    FrontUnexpectedResponseError,
    api_error_for_status,
)

#: How deeply nested a JSON answer may be; Front's deepest documented objects nest under 10.
MAX_JSON_DEPTH = 64

#: What a success body must be: a JSON object, or anything (downloads, undocumented bodies).
Expect = Literal["object", "any"]

_RETRY_IN = re.compile(r"retry in (\d+(?:\.\d+)?)\s*(milliseconds|ms|seconds|s)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FrontResponse:
    """A successful answer from Front.

    ``data`` is the decoded JSON (``None`` for 204). ``merged_into`` is set when the request
    named a conversation that was merged: Front answered 301 and the request was sent again to
    the surviving conversation, whose ID this is.
    """

    operation: str
    status: int
    data: Any
    headers: Mapping[str, str]
    url: str
    merged_into: str | None = None
    content: bytes = field(default=b"", repr=False)
    """The body as received: what a download's bytes are read from (``data`` holds text)."""

    @property
    def next_url(self) -> str | None:
        """``_pagination.next`` of a list response, if any."""
        return next_page_url(self.data)


class _NotJson(ValueError):
    """A body that is not (acceptable) JSON; the message says why."""


def _depth_exceeds(data: Any, limit: int, content: bytes) -> bool:
    """Whether ``data`` nests containers deeper than ``limit`` (iterative: no recursion).

    A body with fewer brackets than ``limit`` cannot nest that deep: the common case is settled
    by two C-level counts.
    """
    if content.count(b"{") + content.count(b"[") <= limit:
        return False
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def parse_json(content: bytes) -> Any:
    """Decode a JSON body, refusing bodies that are not JSON or nest too deeply."""
    try:
        data = json.loads(content)
    except RecursionError:
        raise _NotJson(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError:
        raise _NotJson("a body that is not JSON") from None
    if isinstance(data, (dict, list)) and _depth_exceeds(data, MAX_JSON_DEPTH, content):
        raise _NotJson(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return data


def _describe(response: httpx.Response) -> str:
    kind = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    return f"{len(response.content)} bytes, {kind}"


def success_data(operation: str, expect: Expect, response: httpx.Response) -> Any:
    """The decoded body of a 2xx answer (``None`` when empty), checked against ``expect``.

    Operations documented to answer a JSON object must answer one: ``null``, a list, a bare
    string or a non-JSON page (a proxy's HTML, say) read as an error, not as an empty success.
    Operations with no documented body (downloads) keep a non-JSON body as ``{"_raw": text}``.
    """
    if not response.content:
        return None
    try:
        data = parse_json(response.content)
    except _NotJson as exc:
        if expect == "any" and "nested" not in str(exc):
            return {"_raw": response.text}
        raise FrontUnexpectedResponseError(
            operation, response.status_code, message=f"{exc} ({_describe(response)})"
        ) from None
    if expect == "object" and not isinstance(data, dict):
        got = "null" if data is None else type(data).__name__.replace("dict", "object")
        raise FrontUnexpectedResponseError(
            operation,
            response.status_code,
            message=f"expected a JSON object, got {got} ({_describe(response)})",
        )
    return data


def parse_retry_after(
    headers: Mapping[str, str], body: bytes = b"", now: float | None = None
) -> float | None:
    """The wait Front asks for, in seconds.

    ``retry-after`` as float seconds, else the body's "retry in N milliseconds", else
    ``x-ratelimit-reset`` (a Unix timestamp) minus now. ``None`` when nothing says.
    """
    value = headers.get("retry-after")
    if value:
        try:
            return max(0.0, float(value.strip()))
        except ValueError:
            pass
    if body:
        match = _RETRY_IN.search(body[:2000].decode("utf-8", "replace"))
        if match:
            amount = float(match.group(1))
            return amount / 1000.0 if match.group(2).lower().startswith("m") else amount
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset) - (time.time() if now is None else now))
        except (ValueError, OverflowError):
            pass
    return None


def error_from_response(operation: str, response: httpx.Response) -> FrontAPIError:
    """Map an error response to the :class:`FrontAPIError` subclass for its status.

    Tolerates Front's ``_error`` body in full, with only ``message``, or no JSON at all.
    """
    status = response.status_code
    title = message = None
    details: list[str] = []
    try:
        payload = parse_json(response.content) if response.content else None
    except _NotJson:
        payload = None
    error = payload.get("_error") if isinstance(payload, Mapping) else None
    if isinstance(error, list) and error:  # the docs once described _error as a list
        error = error[0]
    if isinstance(error, Mapping):
        title = _text(error.get("title"))
        message = _text(error.get("message"))
        raw_details = error.get("details")
        if isinstance(raw_details, list):
            details = [str(d) for d in raw_details if d]
    elif isinstance(payload, Mapping) and payload.get("message"):
        message = _text(payload.get("message"))
    elif response.content and payload is None:
        snippet = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
        message = snippet[:200] or None
    cls = api_error_for_status(status)
    headers = {k.lower(): v for k, v in response.headers.items() if k.lower() != "set-cookie"}
    if cls is FrontRateLimitError:
        return FrontRateLimitError(
            operation,
            status,
            retry_after=parse_retry_after(response.headers, response.content),
            title=title,
            message=message,
            details=details,
            headers=headers,
        )
    return cls(operation, status, title=title, message=message, details=details, headers=headers)


def _text(value: Any, limit: int = 500) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
