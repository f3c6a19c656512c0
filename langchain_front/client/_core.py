"""The client's decisions, with no I/O: shared by :mod:`sync` and :mod:`aio`.

A request is a *flow*: a generator that yields :class:`Send` and :class:`Sleep` actions and
receives the result of each (an ``httpx.Response``, or the transport exception thrown into it).
The sync and async clients are thin drivers that perform those actions; every decision (request
building, host allowlist, retry or not and how long to wait, pacing, error mapping, following a
merged conversation's 301, where the next page is) lives here once.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx

from langchain_front._hosts import check_url
from langchain_front._version import __version__
from langchain_front.client.pages import next_page_url
from langchain_front.errors import (
    FrontAPIError,
    FrontRateLimitError,
    FrontTransportError,
    api_error_for_status,
)

logger = logging.getLogger("langchain_front.client")

DEFAULT_BASE_URL = "https://api2.frontapp.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = f"langchain-front/{__version__}"
MAX_PAGE_SIZE = 100

#: Methods whose repetition has no further effect: safe to retry after a timeout or a 5xx.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_SERVER_STATUSES = frozenset({500, 502, 503, 504})

_RETRY_IN = re.compile(r"retry in (\d+(?:\.\d+)?)\s*(milliseconds|ms|seconds|s)\b", re.IGNORECASE)
_CONVERSATION_ID = re.compile(r"/conversations/(cnv_[0-9a-z]+)")


# --------------------------------------------------------------------------- retry policy


@dataclass(frozen=True)
class RetryPolicy:
    """How persistent the client is.

    ``max_retries`` bounds the number of retries of one request; ``max_wait`` bounds the total
    time spent waiting between them (a 429 asking for longer than what is left is raised at once
    as :class:`FrontRateLimitError`). Backoff for 5xx and transport errors is exponential from
    ``backoff_base`` up to ``backoff_cap`` with jitter.
    """

    max_retries: int = 5
    max_wait: float = 60.0
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    jitter: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def backoff(self, retry_number: int) -> float:
        """The wait before retry ``retry_number`` (1-based): capped exponential, half jitter."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** (retry_number - 1))
        return ceiling * (0.5 + 0.5 * self.jitter())


NO_RETRIES = RetryPolicy(max_retries=0, max_wait=0.0)


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
        except ValueError:
            pass
    return None


def is_safe_to_resend(method: str, exc: BaseException) -> bool:
    """Whether a request that failed with ``exc`` may be sent again.

    An error raised before any byte left (no connection, pool exhausted) is safe for every
    method. After that, the request may have reached Front, and only idempotent methods are
    retried: Front has no idempotency keys, so a resent POST can message a customer twice.
    """
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return True
    return isinstance(exc, httpx.TransportError) and method in IDEMPOTENT_METHODS


# --------------------------------------------------------------------------- pacing


class Pacer(Protocol):
    """Decides how long to wait before the next request, from Front's rate-limit headers.

    The default :class:`HeaderPacer` is per client. A limiter shared across processes
    (Redis, say) implements the same two methods.
    """

    def delay(self) -> float:
        """Seconds to wait before sending the next request."""
        ...

    def observe(self, headers: Mapping[str, str]) -> None:
        """Record the rate-limit headers of a response."""
        ...


class HeaderPacer:
    """Spreads the remaining budget over the window once it runs low.

    With ``x-ratelimit-remaining`` at or below ``low_water`` and ``x-ratelimit-reset`` in the
    future, each request waits ``(reset - now) / (remaining + 1)``; with nothing left it waits
    for the reset. With plenty left it never waits.
    """

    def __init__(
        self, *, low_water: int = 5, max_delay: float = 60.0, clock: Callable[[], float] = time.time
    ) -> None:
        self.low_water = low_water
        self.max_delay = max_delay
        self._clock = clock
        self._remaining: int | None = None
        self._reset: float | None = None

    def observe(self, headers: Mapping[str, str]) -> None:
        """Record ``x-ratelimit-remaining`` and ``x-ratelimit-reset`` when present."""
        remaining, reset = headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset")
        try:
            if remaining is not None:
                self._remaining = int(float(remaining))
            if reset is not None:
                self._reset = float(reset)
        except (ValueError, OverflowError):
            logger.debug("ignoring unparsable rate-limit headers")

    def delay(self) -> float:
        """Seconds to wait before the next request (0 when the budget is comfortable)."""
        if self._remaining is None or self._reset is None or self._remaining > self.low_water:
            return 0.0
        window = self._reset - self._clock()
        if window <= 0:
            return 0.0
        wait = window if self._remaining <= 0 else window / (self._remaining + 1)
        self._remaining -= 1  # this request spends one, until the next response says otherwise
        return min(wait, self.max_delay)


class NoPacer:
    """Never waits."""

    def delay(self) -> float:
        """Always 0."""
        return 0.0

    def observe(self, headers: Mapping[str, str]) -> None:
        """Ignore headers."""


# --------------------------------------------------------------------------- requests and responses


@dataclass(frozen=True)
class RequestPlan:
    """What to send, before auth: built from a catalogued operation or a ``next`` link."""

    operation: str
    method: str
    url: str
    params: tuple[tuple[str, str], ...] = ()
    json_body: Any = None
    has_body: bool = False

    def to_request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """An ``httpx.Request`` (DELETE may carry a JSON body, as Front's API uses it)."""
        content = None
        headers = {"accept": "application/json"}
        if self.has_body:
            content = json.dumps(self.json_body, ensure_ascii=False).encode("utf-8")
            headers["content-type"] = "application/json"
        return http.build_request(
            self.method, self.url, params=list(self.params), content=content, headers=headers
        )


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

    @property
    def next_url(self) -> str | None:
        """``_pagination.next`` of a list response, if any."""
        return next_page_url(self.data)


def decode_body(response: httpx.Response) -> Any:
    """JSON body, ``None`` when empty; raw text wrapped as ``{"_raw": ...}`` when not JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return {"_raw": response.text}


def error_from_response(operation: str, response: httpx.Response) -> FrontAPIError:
    """Map an error response to the :class:`FrontAPIError` subclass for its status.

    Tolerates Front's ``_error`` body in full, with only ``message``, or no JSON at all.
    """
    status = response.status_code
    title = message = None
    details: list[str] = []
    try:
        payload = response.json() if response.content else None
    except ValueError:
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


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


# --------------------------------------------------------------------------- the flow


@dataclass(frozen=True)
class Send:
    """Action: send this request (with auth) and send the response back into the flow."""

    request: httpx.Request


@dataclass(frozen=True)
class Sleep:
    """Action: wait this many seconds, then send ``None`` back into the flow."""

    seconds: float


Action = Send | Sleep
Flow = Generator[Action, Any, FrontResponse]


@dataclass
class _Attempts:
    retries: int = 0
    waited: float = 0.0


def request_flow(
    plan: RequestPlan,
    http: httpx.Client | httpx.AsyncClient,
    *,
    retry: RetryPolicy,
    pacer: Pacer,
) -> Flow:
    """Send ``plan`` with pacing, retries, error mapping and the merged-conversation 301.

    Yields actions for a driver; returns the :class:`FrontResponse`, or raises a
    :class:`~langchain_front.errors.FrontError`.
    """
    check_url(plan.url, plan.operation)
    attempts = _Attempts()
    merged_into: str | None = None

    def wait_allowed(seconds: float) -> bool:
        return attempts.retries < retry.max_retries and attempts.waited + seconds <= retry.max_wait

    while True:
        pause = pacer.delay()
        if pause > 0:
            logger.debug("pacing %s: waiting %.2f s for Front's rate limit", plan.operation, pause)
            yield Sleep(pause)
        try:
            response = yield Send(plan.to_request(http))
        except httpx.TransportError as exc:
            detail = type(exc).__name__ + (f": {exc}" if str(exc) else "")
            wait = retry.backoff(attempts.retries + 1)
            if not is_safe_to_resend(plan.method, exc) or not wait_allowed(wait):
                if not is_safe_to_resend(plan.method, exc):
                    detail += "; not retried because the request may have reached Front"
                raise FrontTransportError(
                    plan.operation, detail, attempts=attempts.retries + 1
                ) from exc
            logger.warning("%s: %s, retrying in %.2f s", plan.operation, detail, wait)
            attempts.retries += 1
            attempts.waited += wait
            yield Sleep(wait)
            continue

        assert isinstance(response, httpx.Response)
        pacer.observe(response.headers)
        status = response.status_code

        if 200 <= status < 300:
            return FrontResponse(
                operation=plan.operation,
                status=status,
                data=decode_body(response),
                headers=dict(response.headers),
                url=str(response.request.url),
                merged_into=merged_into,
            )

        if status in (301, 308) and "location" in response.headers and merged_into is None:
            target = str(response.request.url.join(response.headers["location"]))
            check_url(target, plan.operation)
            found = _CONVERSATION_ID.search(httpx.URL(target).path)
            merged_into = found.group(1) if found else target
            logger.info(
                "%s: conversation was merged into %s; following", plan.operation, merged_into
            )
            plan = replace(
                plan, url=_without_query(target), params=_query_of(target) or plan.params
            )
            continue
        if status in (301, 308) and merged_into is not None:
            raise FrontAPIError(
                plan.operation,
                status,
                title="Moved again",
                message=f"the conversation was merged into {merged_into}, which moved again",
                hint="read the conversation again by its newest ID (search for it first)",
            )

        if status == 429:
            asked = parse_retry_after(response.headers, response.content)
            wait = retry.backoff(attempts.retries + 1) if asked is None else asked
            if wait_allowed(wait):
                logger.warning("%s: rate limited, retrying in %.2f s", plan.operation, wait)
                attempts.retries += 1
                attempts.waited += wait
                yield Sleep(wait)
                continue
        elif status in RETRYABLE_SERVER_STATUSES and plan.method in IDEMPOTENT_METHODS:
            wait = retry.backoff(attempts.retries + 1)
            if wait_allowed(wait):
                logger.warning(
                    "%s: Front answered %s, retrying in %.2f s", plan.operation, status, wait
                )
                attempts.retries += 1
                attempts.waited += wait
                yield Sleep(wait)
                continue

        raise error_from_response(plan.operation, response)


def _without_query(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(query=""))


def _query_of(url: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def next_page_plan(plan: RequestPlan, response: FrontResponse) -> RequestPlan | None:
    """The request for the page after ``response``, or ``None`` when it was the last.

    Front's ``next`` links are absolute and may point at a company host
    (``https://acme.api.frontapp.com``); they are checked against the allowlist.
    """
    url = response.next_url
    if url is None:
        return None
    check_url(url, plan.operation)
    params = _query_of(url)
    limit = [p for p in plan.params if p[0] == "limit"]
    if limit and not any(k == "limit" for k, _ in params):
        params += tuple(limit)  # keep the caller's page size when the link omits it
    return replace(plan, url=_without_query(url), params=params)
