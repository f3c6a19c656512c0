"""The client's decisions, with no I/O: shared by :mod:`sync` and :mod:`aio`.

A request is a *flow*: a generator that yields :class:`Send`, :class:`Sleep`, :class:`Pace` and
:class:`Observe` actions and receives the result of each (an ``httpx.Response``, a delay, or the
transport exception thrown into it). The sync and async clients are thin drivers that perform
those actions; every decision (request building, host allowlist, retry or not and how long to
wait, when to ask the pacer, error mapping, following a merged conversation's 301, where the next
page is) lives here once. The pacers themselves are in :mod:`.pacing`.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx

from langchain_front._hosts import check_url
from langchain_front.client._responses import (
    Expect,
    FrontResponse,
    error_from_response,
    parse_retry_after,
    success_data,
)
from langchain_front.errors import (
    FrontAPIError,
    FrontTransportError,
    FrontUnexpectedResponseError,
    FrontValidationError,
    redact,
)

logger = logging.getLogger("langchain_front.client")

DEFAULT_BASE_URL = "https://api2.frontapp.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_PAGE_SIZE = 100

#: Methods whose repetition has no further effect: safe to retry after a timeout or a 5xx.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_SERVER_STATUSES = frozenset({500, 502, 503, 504})

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


def is_safe_to_resend(method: str, exc: BaseException) -> bool:
    """Whether a request that failed with ``exc`` may be sent again.

    An error raised before any byte left (no connection, pool exhausted) is safe for every
    method. After that, the request may have reached Front, and only idempotent methods are
    retried: Front has no idempotency keys, so a resent POST can message a customer twice.
    """
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return True
    return isinstance(exc, httpx.TransportError) and method in IDEMPOTENT_METHODS


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
    expect: Expect = "any"
    files: tuple[Upload, ...] = field(default=(), repr=False)

    def to_request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        """An ``httpx.Request`` (DELETE may carry a JSON body, as Front's API uses it).

        With ``files``, the body goes as ``multipart/form-data`` in Front's field encoding
        (:func:`form_fields`) and the files as ``attachments[0]``, ``attachments[1]``...
        """
        content = None
        headers = {"accept": "application/json"}
        if self.files:
            uploads = [
                (f"attachments[{index}]", (upload.filename, upload.data, upload.content_type))
                for index, upload in enumerate(self.files)
            ]
            return http.build_request(
                self.method,
                self.url,
                params=list(self.params),
                data=dict(form_fields(self.json_body)),
                files=uploads,
                headers=headers,
            )
        if self.has_body:
            content = json.dumps(self.json_body, ensure_ascii=False).encode("utf-8")
            headers["content-type"] = "application/json"
        return http.build_request(
            self.method, self.url, params=list(self.params), content=content, headers=headers
        )


@dataclass(frozen=True)
class Upload:
    """A file to attach to a message, draft or comment (sent as multipart/form-data)."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)


def form_fields(body: Any, prefix: str = "") -> list[tuple[str, str]]:
    """A JSON body as Front's form fields: ``to[0]``, ``options[archive]``, booleans as
    ``true``/``false``; ``None`` values are left out."""
    if isinstance(body, dict):
        out: list[tuple[str, str]] = []
        for key, value in body.items():
            out += form_fields(value, f"{prefix}[{key}]" if prefix else str(key))
        return out
    if isinstance(body, (list, tuple)):
        return [pair for i, item in enumerate(body) for pair in form_fields(item, f"{prefix}[{i}]")]
    if body is None:
        return []
    if isinstance(body, bool):
        return [(prefix, "true" if body else "false")]
    return [(prefix, str(body))]


# --------------------------------------------------------------------------- the flow


@dataclass(frozen=True)
class Send:
    """Action: send this request (with auth) and send the response back into the flow."""

    request: httpx.Request


@dataclass(frozen=True)
class Sleep:
    """Action: wait this many seconds, then send ``None`` back into the flow."""

    seconds: float


@dataclass(frozen=True)
class Pace:
    """Action: ask the pacer how long a request for ``operation`` waits; send that back.

    A pacer may book a slot for the request or refuse it (raising): see
    :class:`~langchain_front.client.pacing.Pacer`. With ``recheck``, the request has waited its
    turn and asks whether it may go now (0) or must wait again (a 429 paused every worker).
    """

    operation: str
    recheck: bool = False


@dataclass(frozen=True)
class Observe:
    """Action: show the pacer a response (its rate-limit headers, a 429); send ``None`` back."""

    operation: str
    response: httpx.Response


Action = Send | Sleep | Pace | Observe
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
) -> Flow:
    """Send ``plan`` with pacing, retries, error mapping and the merged-conversation 301.

    Yields actions for a driver; returns the :class:`FrontResponse`, or raises a
    :class:`~langchain_front.errors.FrontError`. Pacing is two actions, :class:`Pace` before
    each attempt and :class:`Observe` after each response, so that a pacer doing I/O (a limiter
    shared on Redis) is awaited by the async driver rather than blocking its event loop.
    """
    request = build_request(plan, http)  # what httpx cannot build is refused before anything
    check_url(request.url, plan.operation)
    attempts = _Attempts()
    merged_into: str | None = None

    def wait_allowed(seconds: float) -> bool:
        return attempts.retries < retry.max_retries and attempts.waited + seconds <= retry.max_wait

    while True:
        pause = yield Pace(plan.operation)
        while pause > 0:
            logger.debug("pacing %s: waiting %.2f s for Front's rate limit", plan.operation, pause)
            yield Sleep(pause)
            pause = yield Pace(plan.operation, recheck=True)
        try:
            response = yield Send(request)
        except httpx.TransportError as exc:
            detail = redact(type(exc).__name__ + (f": {exc}" if str(exc) else ""))
            if isinstance(exc, LOCAL_ERRORS):
                raise FrontTransportError(
                    plan.operation,
                    detail + "; not sent and not retried: the request was refused on this "
                    "machine before sending (check the token and the arguments for stray "
                    "characters)",
                ) from None
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
        yield Observe(plan.operation, response)
        status = response.status_code

        if 200 <= status < 300:
            return FrontResponse(
                operation=plan.operation,
                status=status,
                data=success_data(plan.operation, plan.expect, response),
                headers=dict(response.headers),
                url=str(response.request.url),
                merged_into=merged_into,
                content=response.content,
            )

        moved = "location" in response.headers or UNUSABLE_LOCATION in response.headers
        if status in (301, 308) and moved and merged_into is None:
            target = redirect_target(plan.operation, response)
            found = _CONVERSATION_ID.search(httpx.URL(target).path)
            merged_into = found.group(1) if found else target
            logger.info(
                "%s: conversation was merged into %s; following", plan.operation, merged_into
            )
            plan = replace(
                plan, url=_without_query(target), params=_query_of(target) or plan.params
            )
            request = build_request(plan, http)
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


#: Transport errors raised on this machine before anything was sent: retrying cannot help.
LOCAL_ERRORS = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)


def build_request(plan: RequestPlan, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
    """The ``httpx.Request`` of a plan; a request httpx cannot build is a validation error."""
    try:
        return plan.to_request(http)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        problem = redact(str(exc)) or type(exc).__name__
        raise FrontValidationError(
            plan.operation,
            [
                f"the request could not be built ({problem}); IDs, aliases and page tokens are "
                "short values: pass the exact value Front gave"
            ],
        ) from None


#: Where :func:`guard_redirect` moves a ``Location`` header that no URL can be made of.
UNUSABLE_LOCATION = "x-langchain-front-unusable-location"


def resolve_location(request_url: httpx.URL, location: str) -> httpx.URL:
    """The absolute URL a ``Location`` header points at, resolved as httpx resolves it."""
    url = httpx.URL(location)
    if url.scheme and not url.host:
        url = url.copy_with(host=request_url.host)
    if url.is_relative_url:
        url = request_url.join(url)
    return url


def guard_redirect(response: httpx.Response) -> None:
    """httpx response hook: set aside a ``Location`` that no URL can be made of.

    httpx builds the redirect request of every 3xx even when it does not follow it, and raises
    plain exceptions on a ``Location`` such as ``mailto:...``; moved aside, it reaches the flow,
    which reports it as an unexpected answer.
    """
    location = response.headers.get("location")
    if location is None or not response.is_redirect:
        return
    try:
        resolve_location(response.request.url, location)
    except (httpx.InvalidURL, ValueError, TypeError):
        del response.headers["location"]
        response.headers[UNUSABLE_LOCATION] = location[:200]


async def aguard_redirect(response: httpx.Response) -> None:
    """Async twin of :func:`guard_redirect` (httpx's async client awaits its hooks)."""
    guard_redirect(response)


def redirect_target(operation: str, response: httpx.Response) -> str:
    """The absolute URL a 301/308 points at, checked against the token's host allowlist."""
    location = response.headers.get("location")
    try:
        if location is None:
            raise ValueError("no location")
        target = str(resolve_location(response.request.url, location))
    except (httpx.InvalidURL, ValueError, TypeError):
        shown = location or response.headers.get(UNUSABLE_LOCATION, "")
        raise FrontUnexpectedResponseError(
            operation,
            response.status_code,
            message=f"Front redirected to an unusable location ({shown[:80]!r})",
        ) from None
    check_url(target, operation)
    return target


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
