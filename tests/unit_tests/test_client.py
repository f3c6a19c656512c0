"""Tests of the HTTP client (``langchain_front.client``): sync and async drivers, shared core.

Every test talks to an ``httpx.MockTransport`` whose handler records what was sent and answers
from a script; waits go to a recorder instead of sleeping, and jitter is fixed at 0, so the exact
sleeps can be asserted. Most tests run against both ``FrontClient`` and ``AsyncFrontClient``
through :class:`Harness` (the ``mode`` fixture).

Sections: 0. harness; 1. retry matrix and budgets; 2. Retry-After parsing; 3. pacing;
4. pagination; 5. merged conversations (301); 7. request building; 8. auth.
(Section 6, error parsing and secrecy, is ``tests/test_errors.py``.)
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import unquote

import httpx
import pytest

from langchain_front._version import __version__
from langchain_front.auth import FrontAuth, StaticTokenProvider
from langchain_front.client import (
    AsyncFrontClient,
    FrontClient,
    FrontResponse,
    HeaderPacer,
    NoPacer,
    RetryPolicy,
    parse_retry_after,
)
from langchain_front.client._core import (
    NO_RETRIES,
    RequestPlan,
    is_safe_to_resend,
    next_page_plan,
)
from langchain_front.errors import (
    FrontAPIError,
    FrontAuthenticationError,
    FrontBadRequestError,
    FrontConfigurationError,
    FrontConflictError,
    FrontError,
    FrontHostNotAllowedError,
    FrontNotFoundError,
    FrontPermissionError,
    FrontRateLimitError,
    FrontServerError,
    FrontTransportError,
    FrontUnexpectedResponseError,
    FrontUnprocessableError,
    FrontValidationError,
)

API = "https://api2.frontapp.com"
TOKEN = "tok_test"

# =========================================================================== 0. harness


@dataclass(frozen=True)
class Sent:
    """A snapshot of one request as it reached the transport (headers copied at that moment)."""

    method: str
    url: httpx.URL
    headers: dict[str, str]
    body: bytes

    @property
    def host(self) -> str:
        return self.url.host

    @property
    def raw_path(self) -> str:
        return self.url.raw_path.decode("ascii").split("?", 1)[0]

    @property
    def auth(self) -> str | None:
        return self.headers.get("authorization")

    def json(self) -> Any:
        return json.loads(self.body)

    def param(self, name: str) -> str | None:
        return self.url.params.get(name)


Outcome = Callable[[httpx.Request], httpx.Response]


def resp(
    status: int = 200,
    json_body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    text: str | None = None,
) -> Outcome:
    """An outcome answering ``status`` with JSON (or ``text``), a fresh response each time."""

    def outcome(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        if json_body is None:
            return httpx.Response(status, headers=headers)
        return httpx.Response(status, json=json_body, headers=headers)

    return outcome


def boom(exc_type: type[httpx.TransportError]) -> Outcome:
    """An outcome raising a transport error, as the network would."""

    def outcome(request: httpx.Request) -> httpx.Response:
        raise exc_type(f"simulated {exc_type.__name__}", request=request)

    return outcome


OK = resp(200, {"id": "ok"})


def scripted(*outcomes: Outcome) -> Outcome:
    """A handler playing ``outcomes`` in order; one request too many fails the test."""
    queue = list(outcomes)

    def handler(request: httpx.Request) -> httpx.Response:
        assert queue, f"unexpected extra request: {request.method} {request.url}"
        return queue.pop(0)(request)

    return handler


def always(outcome: Outcome, *, cap: int = 50) -> Outcome:
    """A handler answering ``outcome`` every time, failing the test past ``cap`` requests."""
    count = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal count
        count += 1
        assert count <= cap, "runaway retries"
        return outcome(request)

    return handler


class Harness:
    """A sync or async client over a recording mock transport, with recorded sleeps."""

    def __init__(
        self,
        mode: str,
        handler: Outcome,
        *,
        retry: RetryPolicy | None = None,
        **options: Any,
    ) -> None:
        self.mode = mode
        self.sent: list[Sent] = []
        self.sleeps: list[float] = []

        def record(request: httpx.Request) -> httpx.Response:
            self.sent.append(
                Sent(request.method, request.url, dict(request.headers), request.read())
            )
            return handler(request)

        transport = httpx.MockTransport(record)
        retry = retry or RetryPolicy(jitter=lambda: 0.0)
        self.client: FrontClient | AsyncFrontClient
        if mode == "sync":
            self.client = FrontClient(
                token=TOKEN, transport=transport, sleep=self.sleeps.append, retry=retry, **options
            )
        else:

            async def record_sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            self.client = AsyncFrontClient(
                token=TOKEN, transport=transport, sleep=record_sleep, retry=retry, **options
            )

    async def request(self, operation_id: str, **kwargs: Any) -> FrontResponse:
        if isinstance(self.client, FrontClient):
            return self.client.request(operation_id, **kwargs)
        return await self.client.request(operation_id, **kwargs)

    async def call(self, operation_id: str, **kwargs: Any) -> Any:
        if isinstance(self.client, FrontClient):
            return self.client.call(operation_id, **kwargs)
        return await self.client.call(operation_id, **kwargs)

    async def send(self, plan: RequestPlan) -> FrontResponse:
        if isinstance(self.client, FrontClient):
            return self.client.send(plan)
        return await self.client.send(plan)

    async def paginate(self, operation_id: str, **kwargs: Any) -> list[Any]:
        if isinstance(self.client, FrontClient):
            return list(self.client.paginate(operation_id, **kwargs))
        return [item async for item in self.client.paginate(operation_id, **kwargs)]

    async def pages(self, operation_id: str, **kwargs: Any) -> list[FrontResponse]:
        if isinstance(self.client, FrontClient):
            return list(self.client.iter_pages(operation_id, **kwargs))
        return [page async for page in self.client.iter_pages(operation_id, **kwargs)]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass(frozen=True)
class Op:
    """A catalogued operation with valid arguments."""

    id: str
    method: str
    path: str
    kwargs: dict[str, Any]


CNV = {"conversation_id": "cnv_1"}
OPS = {
    "GET": Op("get-conversation-by-id", "GET", "/conversations/cnv_1", {"path_params": CNV}),
    "POST send": Op(
        "create-message-reply",
        "POST",
        "/conversations/cnv_1/messages",
        {"path_params": CNV, "body": {"body": "Hello"}},
    ),
    "POST comment": Op(
        "add-comment",
        "POST",
        "/conversations/cnv_1/comments",
        {"path_params": CNV, "body": {"body": "note"}},
    ),
    "PATCH": Op(
        "update-conversation",
        "PATCH",
        "/conversations/cnv_1",
        {"path_params": CNV, "body": {"status": "archived"}},
    ),
    "PUT": Op(
        "update-conversation-assignee",
        "PUT",
        "/conversations/cnv_1/assignee",
        {"path_params": CNV, "body": {"assignee_id": "tea_1"}},
    ),
    "DELETE": Op(
        "delete-a-contact", "DELETE", "/contacts/crd_1", {"path_params": {"contact_id": "crd_1"}}
    ),
    "DELETE body": Op(
        "remove-conversation-tag",
        "DELETE",
        "/conversations/cnv_1/tags",
        {"path_params": CNV, "body": {"tag_ids": ["tag_1"]}},
    ),
}
IDEMPOTENT = ("GET", "PUT", "DELETE", "DELETE body")
UNSAFE = ("POST send", "POST comment", "PATCH")


# =========================================================================== 1. retry matrix


@dataclass(frozen=True)
class Case:
    op: str
    failure: str
    retried: bool
    error: type[FrontError] | None = None  # raised when not retried


def _status(code: int, **headers: str) -> Outcome:
    return resp(code, {"_error": {"status": code, "message": f"status {code}"}}, headers=headers)


FAILURES: dict[str, Outcome] = {
    "429": _status(429, **{"retry-after": "1"}),
    **{str(code): _status(code) for code in (500, 502, 503, 504)},
    **{str(code): _status(code) for code in (400, 401, 403, 404, 409, 422)},
    "ConnectError": boom(httpx.ConnectError),
    "ConnectTimeout": boom(httpx.ConnectTimeout),
    "PoolTimeout": boom(httpx.PoolTimeout),
    "ReadTimeout": boom(httpx.ReadTimeout),
    "RemoteProtocolError": boom(httpx.RemoteProtocolError),
    "WriteTimeout": boom(httpx.WriteTimeout),
    "ReadError": boom(httpx.ReadError),
}
CLIENT_ERRORS: dict[str, type[FrontAPIError]] = {
    "400": FrontBadRequestError,
    "401": FrontAuthenticationError,
    "403": FrontPermissionError,
    "404": FrontNotFoundError,
    "409": FrontConflictError,
    "422": FrontUnprocessableError,
}


def _matrix() -> list[Case]:
    cases: list[Case] = []
    for op in OPS:
        cases.append(Case(op, "429", retried=True))
        for code in ("500", "502", "503", "504"):
            cases.append(Case(op, code, op in IDEMPOTENT, FrontServerError))
        for exc in ("ConnectError", "ConnectTimeout", "PoolTimeout"):
            cases.append(Case(op, exc, retried=True))
        for exc in ("ReadTimeout", "RemoteProtocolError", "WriteTimeout", "ReadError"):
            cases.append(Case(op, exc, op in IDEMPOTENT, FrontTransportError))
        for code, error in CLIENT_ERRORS.items():
            cases.append(Case(op, code, retried=False, error=error))
    return cases


@pytest.mark.parametrize("case", _matrix(), ids=lambda c: f"{c.op}-{c.failure}")
async def test_retry_matrix(mode: str, case: Case) -> None:
    """One failure then success: retried (two identical requests, one wait) or raised at once."""
    op = OPS[case.op]
    h = Harness(mode, scripted(FAILURES[case.failure], OK))
    if case.retried:
        response = await h.request(op.id, **op.kwargs)
        assert response.status == 200
        assert response.data == {"id": "ok"}
        assert len(h.sent) == 2
        assert [(s.method, s.raw_path, s.body) for s in h.sent] == [
            (op.method, op.path, h.sent[0].body)
        ] * 2
        # 429 waits what Front asked (retry-after: 1); the rest back off 0.5 s * 2**0 * 0.5.
        assert h.sleeps == ([1.0] if case.failure == "429" else [0.25])
    else:
        assert case.error is not None
        with pytest.raises(case.error) as info:
            await h.request(op.id, **op.kwargs)
        assert type(info.value) is case.error
        assert len(h.sent) == 1
        assert h.sent[0].method == op.method
        assert h.sleeps == []
        if case.error is FrontTransportError:
            assert info.value.attempts == 1
            assert "not retried because the request may have reached Front" in str(info.value)
        else:
            assert isinstance(info.value, FrontAPIError)
            assert info.value.status == int(case.failure)


@pytest.mark.parametrize(
    ("method", "exc", "safe"),
    [
        ("POST", httpx.ConnectError("x"), True),
        ("POST", httpx.ConnectTimeout("x"), True),
        ("PATCH", httpx.PoolTimeout("x"), True),
        ("POST", httpx.ReadTimeout("x"), False),
        ("PATCH", httpx.RemoteProtocolError("x"), False),
        ("POST", httpx.WriteError("x"), False),
        ("GET", httpx.ReadTimeout("x"), True),
        ("PUT", httpx.RemoteProtocolError("x"), True),
        ("DELETE", httpx.ReadError("x"), True),
        ("GET", ValueError("not a transport error"), False),
    ],
)
def test_is_safe_to_resend(method: str, exc: BaseException, safe: bool) -> None:
    """Nothing-sent errors are safe for every method; maybe-sent ones only for idempotent ones."""
    assert is_safe_to_resend(method, exc) is safe


async def test_server_error_retries_stop_at_max_retries(mode: str) -> None:
    """An always-failing GET is tried 1 + max_retries times, with growing waits."""
    h = Harness(mode, always(_status(503)), retry=RetryPolicy(max_retries=3, jitter=lambda: 0.0))
    with pytest.raises(FrontServerError) as info:
        await h.request("get-conversation-by-id", path_params=CNV)
    assert info.value.status == 503
    assert len(h.sent) == 4
    assert h.sleeps == [0.25, 0.5, 1.0]


async def test_rate_limit_retries_stop_at_max_retries(mode: str) -> None:
    """429 forever: 1 + max_retries requests, then FrontRateLimitError with Front's ask."""
    h = Harness(
        mode,
        always(_status(429, **{"retry-after": "0.5"})),
        retry=RetryPolicy(max_retries=2, jitter=lambda: 0.0),
    )
    with pytest.raises(FrontRateLimitError) as info:
        await h.request("create-message-reply", path_params=CNV, body={"body": "Hi"})
    assert info.value.retry_after == 0.5
    assert len(h.sent) == 3
    assert h.sleeps == [0.5, 0.5]


async def test_transport_retries_stop_at_max_retries(mode: str) -> None:
    """Connection refused forever: FrontTransportError counting every attempt."""
    h = Harness(
        mode, always(boom(httpx.ConnectError)), retry=RetryPolicy(max_retries=2, jitter=lambda: 0)
    )
    with pytest.raises(FrontTransportError) as info:
        await h.request("add-comment", path_params=CNV, body={"body": "note"})
    assert info.value.attempts == 3
    assert "after 3 attempts" in str(info.value)
    assert "ConnectError" in str(info.value)
    assert "may have reached Front" not in str(info.value)
    assert len(h.sent) == 3
    assert h.sleeps == [0.25, 0.5]


async def test_no_retries_policy_sends_once(mode: str) -> None:
    """``NO_RETRIES`` turns every retry off, even for a 429 that asks for 0 s."""
    h = Harness(mode, always(_status(429, **{"retry-after": "0"})), retry=NO_RETRIES)
    with pytest.raises(FrontRateLimitError):
        await h.request("get-conversation-by-id", path_params=CNV)
    assert len(h.sent) == 1
    assert h.sleeps == []


async def test_backoff_is_exponential_and_capped(mode: str) -> None:
    """With full jitter (1.0) waits double from backoff_base and stop at backoff_cap."""
    policy = RetryPolicy(
        max_retries=7, max_wait=1000.0, backoff_base=1.0, backoff_cap=4.0, jitter=lambda: 1.0
    )
    h = Harness(mode, always(_status(502)), retry=policy)
    with pytest.raises(FrontServerError):
        await h.request("get-conversation-by-id", path_params=CNV)
    assert h.sleeps == [1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0]
    assert len(h.sent) == 8


@pytest.mark.parametrize(
    ("jitter", "expected"),
    [
        (0.0, [0.25, 0.5, 1.0, 2.0, 4.0, 4.0, 4.0]),
        (1.0, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]),
        (0.5, [0.375, 0.75, 1.5, 3.0, 6.0, 6.0, 6.0]),
    ],
)
def test_backoff_formula(jitter: float, expected: list[float]) -> None:
    """``backoff(n)`` = min(cap, base * 2**(n-1)) * (0.5 + 0.5 * jitter)."""
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=8.0, jitter=lambda: jitter)
    assert [policy.backoff(n) for n in range(1, 8)] == expected


async def test_rate_limit_longer_than_budget_raises_at_once(mode: str) -> None:
    """A 429 asking for more than max_wait is raised immediately, carrying retry_after."""
    h = Harness(mode, scripted(_status(429, **{"retry-after": "120"}), OK))
    with pytest.raises(FrontRateLimitError) as info:
        await h.request("get-conversation-by-id", path_params=CNV)
    assert info.value.retry_after == 120.0
    assert "retry after 120.0 s" in str(info.value)
    assert len(h.sent) == 1
    assert h.sleeps == []


async def test_total_wait_is_bounded_by_max_wait(mode: str) -> None:
    """Waits accumulate: the second 3 s ask would exceed max_wait=5, so it is raised."""
    ask = _status(429, **{"retry-after": "3"})
    h = Harness(mode, scripted(ask, ask, OK), retry=RetryPolicy(max_wait=5.0, jitter=lambda: 0))
    with pytest.raises(FrontRateLimitError) as info:
        await h.request("get-conversation-by-id", path_params=CNV)
    assert info.value.retry_after == 3.0
    assert h.sleeps == [3.0]
    assert len(h.sent) == 2


async def test_wait_exactly_at_budget_is_allowed(mode: str) -> None:
    """max_wait is inclusive: 3 s + 3 s fits a 6 s budget."""
    ask = _status(429, **{"retry-after": "3"})
    h = Harness(mode, scripted(ask, ask, OK), retry=RetryPolicy(max_wait=6.0, jitter=lambda: 0))
    assert (await h.request("get-conversation-by-id", path_params=CNV)).status == 200
    assert h.sleeps == [3.0, 3.0]


async def test_backoff_respects_max_wait(mode: str) -> None:
    """5xx backoff stops once the next wait would overflow the budget (0.25 + 0.5 + 1.0 > 1)."""
    h = Harness(mode, always(_status(503)), retry=RetryPolicy(max_wait=1.0, jitter=lambda: 0.0))
    with pytest.raises(FrontServerError):
        await h.request("get-conversation-by-id", path_params=CNV)
    assert h.sleeps == [0.25, 0.5]
    assert len(h.sent) == 3


async def test_rate_limit_without_hint_uses_backoff(mode: str) -> None:
    """A 429 that says nothing about when waits the policy's backoff."""
    h = Harness(mode, scripted(_status(429), OK))
    assert (await h.request("get-conversation-by-id", path_params=CNV)).status == 200
    assert h.sleeps == [0.25]


async def test_retry_count_is_shared_across_failure_kinds(mode: str) -> None:
    """A 503 then a 429 use the same budget: max_retries=1 stops at the 429."""
    h = Harness(
        mode,
        scripted(_status(503), _status(429, **{"retry-after": "2"}), OK),
        retry=RetryPolicy(max_retries=1, jitter=lambda: 0.0),
    )
    with pytest.raises(FrontRateLimitError):
        await h.request("get-conversation-by-id", path_params=CNV)
    assert h.sleeps == [0.25]
    assert len(h.sent) == 2


async def test_mixed_failures_then_success(mode: str) -> None:
    """503, then 429 (2 s), then a read timeout on a GET: all retried, backoff keeps growing."""
    h = Harness(
        mode,
        scripted(_status(503), _status(429, **{"retry-after": "2"}), boom(httpx.ReadTimeout), OK),
    )
    assert (await h.request("get-conversation-by-id", path_params=CNV)).data == {"id": "ok"}
    assert h.sleeps == [0.25, 2.0, 1.0]
    assert len(h.sent) == 4


# =========================================================================== 2. Retry-After


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        ({"retry-after": "2.5"}, b"", 2.5),
        ({"retry-after": "20"}, b"", 20.0),
        ({"retry-after": "0"}, b"", 0.0),
        ({"retry-after": " 3 "}, b"", 3.0),
        ({"retry-after": "-4"}, b"", 0.0),
        ({"retry-after": "soon"}, b"Please retry in 341 milliseconds.", 0.341),
        ({}, b"Rate limit exceeded for tier-2 route. Please retry in 341 milliseconds.", 0.341),
        ({}, b'{"_error":{"message":"retry in 2 seconds"}}', 2.0),
        ({}, b"Retry in 1.5 s", 1.5),
        ({}, b"retry in 250 ms", 0.25),
        ({"retry-after": "1"}, b"retry in 9 seconds", 1.0),  # the header wins
    ],
)
def test_parse_retry_after(headers: dict[str, str], body: bytes, expected: float) -> None:
    """Header seconds first (float), then the body's "retry in N unit"."""
    assert parse_retry_after(headers, body) == pytest.approx(expected)


def test_parse_retry_after_falls_back_to_ratelimit_reset() -> None:
    """With nothing else, x-ratelimit-reset (a Unix time) minus now."""
    assert parse_retry_after({"x-ratelimit-reset": "1000.75"}, b"", now=1000.0) == 0.75
    assert parse_retry_after({"x-ratelimit-reset": "1454450858"}, now=1454450838.0) == 20.0


def test_parse_retry_after_reset_in_the_past_is_zero() -> None:
    assert parse_retry_after({"x-ratelimit-reset": "900"}, now=1000.0) == 0.0


def test_parse_retry_after_body_wins_over_reset() -> None:
    headers = {"retry-after": "garbage", "x-ratelimit-reset": "1010"}
    assert parse_retry_after(headers, b"retry in 500 milliseconds", now=1000.0) == 0.5
    assert parse_retry_after(headers, b"no hint here", now=1000.0) == 10.0


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({}, b""),
        ({"retry-after": ""}, b""),
        ({"retry-after": "later"}, b"Too many requests"),
        ({"x-ratelimit-reset": "tomorrow"}, b"{}"),
    ],
)
def test_parse_retry_after_nothing_says(headers: dict[str, str], body: bytes) -> None:
    assert parse_retry_after(headers, body, now=1000.0) is None


def test_parse_retry_after_reads_httpx_headers_case_insensitively() -> None:
    assert parse_retry_after(httpx.Headers({"Retry-After": "7"})) == 7.0


async def test_client_waits_what_the_429_body_asks(mode: str) -> None:
    """Garbage retry-after, body says 341 ms: the client sleeps 0.341 s once."""
    body = {
        "_error": {
            "status": 429,
            "title": "Too many requests",
            "message": "Rate limit exceeded for tier-2 route. Please retry in 341 milliseconds.",
        }
    }
    h = Harness(mode, scripted(resp(429, body, headers={"retry-after": "x"}), OK))
    assert (await h.request("get-conversation-by-id", path_params=CNV)).status == 200
    assert h.sleeps == [pytest.approx(0.341)]


# =========================================================================== 3. pacing


class Clock:
    """A settable clock for :class:`HeaderPacer`."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _headers(headers: dict[str, str]) -> httpx.Response:
    """A response carrying ``headers``, as a pacer observes it."""
    return httpx.Response(200, headers=headers)


def _pacer(remaining: Any, reset: Any, *, now: float = 1000.0, **kw: Any) -> HeaderPacer:
    pacer = HeaderPacer(clock=Clock(now), **kw)
    pacer.observe(
        "api-token-details",
        _headers({"x-ratelimit-remaining": str(remaining), "x-ratelimit-reset": str(reset)}),
    )
    return pacer


def test_pacer_does_not_wait_without_headers() -> None:
    assert HeaderPacer(clock=Clock()).delay() == 0.0


@pytest.mark.parametrize("remaining", [6, 50, 100])
def test_pacer_does_not_wait_while_remaining_is_high(remaining: int) -> None:
    pacer = _pacer(remaining, 1010, low_water=5)
    assert [pacer.delay() for _ in range(3)] == [0.0, 0.0, 0.0]


def test_pacer_spreads_the_window_when_low() -> None:
    """remaining=4 and 10 s left: 10/5 = 2 s, then 10/4, each request spending one."""
    pacer = _pacer(4, 1010, low_water=5)
    assert pacer.delay() == 2.0
    assert pacer.delay() == 2.5
    assert pacer.delay() == pytest.approx(10 / 3)


def test_pacer_at_low_water_already_spreads() -> None:
    assert _pacer(5, 1012, low_water=5).delay() == 2.0  # 12 / 6


def test_pacer_waits_for_reset_when_nothing_left() -> None:
    assert _pacer(0, 1007.5).delay() == 7.5


def test_pacer_wait_is_capped_by_max_delay() -> None:
    assert _pacer(0, 5000, max_delay=30.0).delay() == 30.0


@pytest.mark.parametrize("reset", [999, 1000, 10])
def test_pacer_reset_in_the_past_means_no_wait(reset: float) -> None:
    assert _pacer(0, reset).delay() == 0.0


def test_pacer_follows_the_clock() -> None:
    clock = Clock(1000.0)
    pacer = HeaderPacer(clock=clock)
    pacer.observe("op", _headers({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1004"}))
    clock.now = 1003.0
    assert pacer.delay() == 1.0


def test_pacer_new_headers_replace_old() -> None:
    pacer = _pacer(0, 1010)
    pacer.observe("op", _headers({"x-ratelimit-remaining": "90", "x-ratelimit-reset": "1060"}))
    assert pacer.delay() == 0.0


@pytest.mark.parametrize(
    "bad",
    [
        {"x-ratelimit-remaining": "lots", "x-ratelimit-reset": "1010"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "soon"},
        {"x-ratelimit-remaining": "", "x-ratelimit-reset": ""},
        {"x-ratelimit-remaining": "nan"},
    ],
)
def test_pacer_ignores_bad_header_values(bad: dict[str, str]) -> None:
    """Unparsable values neither raise nor make a fresh pacer wait."""
    pacer = HeaderPacer(clock=Clock(1000.0))
    pacer.observe("op", _headers(bad))
    assert pacer.delay() == 0.0


def test_pacer_bad_values_keep_previous_state() -> None:
    pacer = _pacer(0, 1010)
    pacer.observe(
        "op", _headers({"x-ratelimit-remaining": "lots", "x-ratelimit-reset": "whenever"})
    )
    assert pacer.delay() == 10.0


@pytest.mark.parametrize("value", ["inf", "1e400"])
def test_pacer_ignores_overflowing_remaining(value: str) -> None:
    """'inf' cannot become an int: ignored (OverflowError), like any unparsable value."""
    pacer = HeaderPacer(clock=Clock(1000.0))
    pacer.observe("op", _headers({"x-ratelimit-remaining": value, "x-ratelimit-reset": "1010"}))
    assert pacer.delay() == 0.0


async def test_client_paces_after_an_exhausted_window(mode: str) -> None:
    """End to end, real clock: remaining 0 with reset 3 s ahead makes the next request wait ~3 s."""

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": f"{time.time() + 3:.3f}"}
        return httpx.Response(200, json={"id": "ok"}, headers=headers)

    h = Harness(mode, handler)
    await h.request("api-token-details")
    assert h.sleeps == []
    await h.request("api-token-details")
    assert len(h.sleeps) == 1
    assert h.sleeps[0] == pytest.approx(3.0, abs=0.5)
    assert len(h.sent) == 2


async def test_client_pacing_with_injected_clock(mode: str) -> None:
    """With the pacer's clock fixed, the wait is exactly reset - now, before each next request."""
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1003"}
    h = Harness(
        mode, always(resp(200, {"id": "ok"}, headers=headers)), pacer=HeaderPacer(clock=Clock())
    )
    for _ in range(3):
        await h.request("api-token-details")
    assert h.sleeps == [3.0, 3.0]


async def test_client_pacing_spreads_low_budget(mode: str) -> None:
    headers = {"x-ratelimit-remaining": "3", "x-ratelimit-reset": "1008"}
    h = Harness(
        mode, always(resp(200, {}, headers=headers)), pacer=HeaderPacer(clock=Clock(1000.0))
    )
    await h.request("api-token-details")
    await h.request("api-token-details")
    assert h.sleeps == [2.0]  # 8 s / (3 + 1)


async def test_no_pacer_never_waits(mode: str) -> None:
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": f"{time.time() + 30}"}
    h = Harness(mode, always(resp(200, {}, headers=headers)), pacer=NoPacer())
    for _ in range(3):
        await h.request("api-token-details")
    assert h.sleeps == []
    assert len(h.sent) == 3


# =========================================================================== 4. pagination


def _page(items: list[Any], next_url: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"_pagination": {"next": next_url}, "_links": {"self": "x"}, "_results": items, **extra}


class Pages:
    """A handler serving pages by (host, page_token); records the hosts it was asked."""

    def __init__(self, pages: dict[tuple[str, str | None], dict[str, Any]]) -> None:
        self.pages = pages

    def __call__(self, request: httpx.Request) -> httpx.Response:
        key = (request.url.host, request.url.params.get("page_token"))
        assert key in self.pages, f"unexpected page request {request.url}"
        return httpx.Response(200, json=self.pages[key])


ACME = "https://acme.api.frontapp.com"


def _three_pages() -> Pages:
    return Pages(
        {
            ("api2.frontapp.com", None): _page([1, 2], f"{ACME}/conversations?page_token=p2"),
            ("acme.api.frontapp.com", "p2"): _page(
                [3, 4], f"{ACME}/conversations?page_token=p3&limit=100"
            ),
            ("acme.api.frontapp.com", "p3"): _page([5], None),
        }
    )


async def test_paginate_follows_next_across_hosts(mode: str) -> None:
    """Page 1 on api2, pages 2-3 on the company host: every item, the token sent each time."""
    h = Harness(mode, _three_pages())
    items = await h.paginate(
        "list-conversations", query={"q": {"statuses": ["unassigned"]}}, page_size=50
    )
    assert items == [1, 2, 3, 4, 5]
    assert [(s.host, s.raw_path, s.param("page_token")) for s in h.sent] == [
        ("api2.frontapp.com", "/conversations", None),
        ("acme.api.frontapp.com", "/conversations", "p2"),
        ("acme.api.frontapp.com", "/conversations", "p3"),
    ]
    assert [s.auth for s in h.sent] == [f"Bearer {TOKEN}"] * 3
    assert h.sent[0].url.params.get_list("q[statuses]") == ["unassigned"]
    # the caller's page size is kept when the link omits it; the link's own limit wins otherwise
    assert [s.param("limit") for s in h.sent] == ["50", "50", "100"]


async def test_iter_pages_yields_responses(mode: str) -> None:
    h = Harness(mode, _three_pages())
    pages = await h.pages("list-conversations")
    assert [p.data["_results"] for p in pages] == [[1, 2], [3, 4], [5]]
    assert [p.next_url for p in pages] == [
        f"{ACME}/conversations?page_token=p2",
        f"{ACME}/conversations?page_token=p3&limit=100",
        None,
    ]
    assert pages[1].url.startswith(ACME)
    assert len(h.sent) == 3


@pytest.mark.parametrize(("page_size", "limit"), [(500, "100"), (100, "100"), (25, "25"), (0, "1")])
async def test_page_size_is_capped(mode: str, page_size: int, limit: str) -> None:
    h = Harness(mode, always(resp(200, _page([]))))
    assert await h.paginate("list-conversations", page_size=page_size) == []
    assert [s.param("limit") for s in h.sent] == [limit]


@pytest.mark.parametrize(
    "last",
    [
        _page([1, 2], None),
        {"_results": [1, 2]},
        {"_pagination": {}, "_results": [1, 2]},
        {"_pagination": None, "_results": [1, 2]},
        _page([1, 2], ""),
    ],
    ids=["null", "absent", "empty-pagination", "pagination-null", "empty-string"],
)
async def test_paginate_stops_without_next(mode: str, last: dict[str, Any]) -> None:
    h = Harness(mode, scripted(resp(200, last)))
    assert await h.paginate("list-conversations") == [1, 2]
    assert len(h.sent) == 1


async def test_paginate_max_items_fetches_no_extra_page(mode: str) -> None:
    """max_items=3 over pages of 2: two requests, three items, and limit=min(page_size, 3)."""
    h = Harness(mode, _three_pages())
    assert await h.paginate("list-conversations", max_items=3) == [1, 2, 3]
    assert len(h.sent) == 2
    assert h.sent[0].param("limit") == "3"


async def test_paginate_max_items_at_page_boundary(mode: str) -> None:
    h = Harness(mode, _three_pages())
    assert await h.paginate("list-conversations", max_items=2) == [1, 2]
    assert len(h.sent) == 1


@pytest.mark.parametrize("max_items", [0, -1])
async def test_paginate_non_positive_max_items_sends_nothing(mode: str, max_items: int) -> None:
    h = Harness(mode, _three_pages())
    assert await h.paginate("list-conversations", max_items=max_items) == []
    assert h.sent == []


async def test_paginate_skips_bodies_without_results(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, {"_pagination": {"next": None}})))
    assert await h.paginate("list-conversations") == []
    assert len(h.sent) == 1


async def test_paginate_validates_before_any_request(mode: str) -> None:
    h = Harness(mode, _three_pages())
    with pytest.raises(FrontValidationError):
        await h.paginate("list-conversations", query={"nope": 1})
    assert h.sent == []


def test_sync_paginate_is_lazy() -> None:
    """The sync iterator is a generator: nothing is sent until asked, one page at a time."""
    h = Harness("sync", _three_pages())
    assert isinstance(h.client, FrontClient)
    items: Iterator[Any] = h.client.paginate("list-conversations")
    assert h.sent == []
    assert next(items) == 1
    assert len(h.sent) == 1
    assert next(items) == 2
    assert len(h.sent) == 1
    assert next(items) == 3
    assert len(h.sent) == 2


def test_sync_iter_pages_is_lazy() -> None:
    h = Harness("sync", _three_pages())
    assert isinstance(h.client, FrontClient)
    pages = h.client.iter_pages("list-conversations")
    assert h.sent == []
    assert next(pages).data["_results"] == [1, 2]
    assert len(h.sent) == 1


async def test_async_paginate_is_lazy() -> None:
    h = Harness("async", _three_pages())
    assert isinstance(h.client, AsyncFrontClient)
    items = h.client.paginate("list-conversations")
    assert h.sent == []
    assert await anext_(items) == 1
    assert len(h.sent) == 1
    assert await anext_(items) == 2
    assert len(h.sent) == 1
    assert await anext_(items) == 3
    assert len(h.sent) == 2


async def test_async_iter_pages_is_lazy() -> None:
    h = Harness("async", _three_pages())
    assert isinstance(h.client, AsyncFrontClient)
    pages = h.client.iter_pages("list-conversations")
    assert h.sent == []
    assert (await anext_(pages)).data["_results"] == [1, 2]
    assert len(h.sent) == 1


async def anext_(iterator: Any) -> Any:
    return await iterator.__anext__()


async def test_paginate_retries_a_page(mode: str) -> None:
    """A page that fails with 503 is retried; items are neither lost nor repeated."""
    pages = _three_pages()
    script = [pages, lambda r: httpx.Response(503), pages, pages]
    h = Harness(mode, lambda request: script.pop(0)(request))
    assert await h.paginate("list-conversations") == [1, 2, 3, 4, 5]
    assert h.sleeps == [0.25]
    assert len(h.sent) == 4


EVIL_NEXT = [
    "https://evil.example.com/conversations?page_token=p2",
    "http://api2.frontapp.com/conversations?page_token=p2",
    "https://frontapp.com.evil.com/conversations?page_token=p2",
    "https://api2.frontapp.com@evil.example.com/conversations?page_token=p2",
    "https://evil-frontapp.com/conversations?page_token=p2",
]


@pytest.mark.parametrize("next_url", EVIL_NEXT)
async def test_paginate_refuses_next_link_off_front(mode: str, next_url: str) -> None:
    """A next link outside https://*.frontapp.com raises; nothing is ever sent there."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        assert request.url.host == "api2.frontapp.com" and request.url.scheme == "https", (
            "the token was sent off Front"
        )
        return httpx.Response(200, json=_page([1, 2], next_url))

    h = Harness(mode, handler)
    with pytest.raises(FrontHostNotAllowedError) as info:
        await h.paginate("list-conversations")
    assert len(seen) == 1
    assert len(h.sent) == 1
    assert info.value.url == next_url
    assert info.value.operation == "list-conversations"
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize("next_url", EVIL_NEXT[:3])
def test_sync_paginate_yields_first_page_before_refusing(next_url: str) -> None:
    h = Harness("sync", scripted(resp(200, _page([1, 2], next_url))))
    assert isinstance(h.client, FrontClient)
    got: list[Any] = []
    with pytest.raises(FrontHostNotAllowedError):
        for item in h.client.paginate("list-conversations"):
            got.append(item)
    assert got == [1, 2]
    assert len(h.sent) == 1


@pytest.mark.parametrize("next_url", EVIL_NEXT)
def test_next_page_plan_checks_the_host(next_url: str) -> None:
    """The core refuses the link itself, before any auth layer sees it."""
    plan = RequestPlan("list-conversations", "GET", f"{API}/conversations", (("limit", "10"),))
    page = FrontResponse("list-conversations", 200, _page([1], next_url), {}, plan.url)
    with pytest.raises(FrontHostNotAllowedError):
        next_page_plan(plan, page)


def test_next_page_plan_builds_the_next_request() -> None:
    plan = RequestPlan(
        "list-conversations",
        "GET",
        f"{API}/conversations",
        (("q[statuses]", "open"), ("limit", "10")),
    )
    page = FrontResponse(
        "list-conversations", 200, _page([1], f"{ACME}/conversations?page_token=p%2B2"), {}, ""
    )
    nxt = next_page_plan(plan, page)
    assert nxt is not None
    assert nxt.url == f"{ACME}/conversations"
    assert nxt.params == (("page_token", "p+2"), ("limit", "10"))
    assert nxt.method == "GET"
    last = FrontResponse("list-conversations", 200, _page([1], None), {}, "")
    assert next_page_plan(plan, last) is None


@pytest.mark.parametrize(
    "base_url",
    [
        "https://evil.example.com",
        "http://api2.frontapp.com",
        "https://frontapp.com.evil.com",
        "https://api2.frontapp.com.evil.com/",
    ],
)
@pytest.mark.parametrize("cls", [FrontClient, AsyncFrontClient])
def test_base_url_outside_allowlist_is_refused(cls: type[Any], base_url: str) -> None:
    with pytest.raises(FrontHostNotAllowedError):
        cls(token=TOKEN, base_url=base_url, transport=httpx.MockTransport(scripted()))


async def test_company_base_url_is_used(mode: str) -> None:
    h = Harness(mode, scripted(OK), base_url="https://acme.api.frontapp.com/")
    await h.request("api-token-details")
    assert str(h.sent[0].url) == "https://acme.api.frontapp.com/me"


# =========================================================================== 5. merged (301)


def _moved(location: str) -> Outcome:
    return resp(301, headers={"location": location})


@pytest.mark.parametrize(
    "location", [f"{API}/conversations/cnv_new", "/conversations/cnv_new"], ids=["abs", "rel"]
)
async def test_get_follows_merged_conversation(mode: str, location: str) -> None:
    h = Harness(mode, scripted(_moved(location), resp(200, {"id": "cnv_new"})))
    response = await h.request("get-conversation-by-id", path_params={"conversation_id": "cnv_old"})
    assert response.data == {"id": "cnv_new"}
    assert response.merged_into == "cnv_new"
    assert response.status == 200
    assert [(s.method, s.host, s.raw_path) for s in h.sent] == [
        ("GET", "api2.frontapp.com", "/conversations/cnv_old"),
        ("GET", "api2.frontapp.com", "/conversations/cnv_new"),
    ]
    assert h.sent[1].auth == f"Bearer {TOKEN}"
    assert h.sleeps == []


async def test_unmerged_response_has_no_merged_into(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, {"id": "cnv_1"})))
    assert (await h.request("get-conversation-by-id", path_params=CNV)).merged_into is None


async def test_post_follows_merged_conversation_with_same_body(mode: str) -> None:
    """A 301 means nothing was done: the comment is posted once, to the surviving conversation."""
    body = {"body": "Escalating to billing", "author_id": "tea_1"}
    h = Harness(
        mode,
        scripted(_moved(f"{API}/conversations/cnv_new/comments"), resp(201, {"id": "com_1"})),
    )
    response = await h.request("add-comment", path_params={"conversation_id": "cnv_old"}, body=body)
    assert response.status == 201
    assert response.merged_into == "cnv_new"
    assert [(s.method, s.raw_path) for s in h.sent] == [
        ("POST", "/conversations/cnv_old/comments"),
        ("POST", "/conversations/cnv_new/comments"),
    ]
    assert h.sent[0].json() == h.sent[1].json() == body
    assert h.sent[1].headers["content-type"] == "application/json"


async def test_delete_with_body_follows_merged_conversation(mode: str) -> None:
    h = Harness(mode, scripted(_moved(f"{API}/conversations/cnv_new/tags"), resp(204)))
    response = await h.request(
        "remove-conversation-tag",
        path_params={"conversation_id": "cnv_old"},
        body={"tag_ids": ["tag_1"]},
    )
    assert response.data is None
    assert response.merged_into == "cnv_new"
    assert [s.json() for s in h.sent] == [{"tag_ids": ["tag_1"]}] * 2
    assert [s.method for s in h.sent] == ["DELETE", "DELETE"]


@pytest.mark.parametrize(
    "location",
    [
        "https://evil.example.com/conversations/cnv_new",
        "http://api2.frontapp.com/conversations/cnv_new",
        "https://frontapp.com.evil.com/conversations/cnv_new",
        "//evil.example.com/conversations/cnv_new",
    ],
)
async def test_redirect_off_front_is_refused(mode: str, location: str) -> None:
    h = Harness(mode, scripted(_moved(location)))
    with pytest.raises(FrontHostNotAllowedError) as info:
        await h.request("get-conversation-by-id", path_params={"conversation_id": "cnv_old"})
    assert len(h.sent) == 1
    assert info.value.operation == "get-conversation-by-id"


async def test_second_redirect_is_not_followed(mode: str) -> None:
    """Merged twice in a row (or a loop): followed once, then raised as a FrontAPIError."""
    h = Harness(
        mode,
        scripted(
            _moved(f"{API}/conversations/cnv_b"),
            _moved(f"{API}/conversations/cnv_c"),
            resp(200, {"id": "cnv_c"}),
        ),
    )
    with pytest.raises(FrontAPIError) as info:
        await h.request("get-conversation-by-id", path_params={"conversation_id": "cnv_a"})
    assert info.value.status == 301
    assert "get-conversation-by-id" in str(info.value)
    assert len(h.sent) == 2


async def test_redirect_loop_terminates(mode: str) -> None:
    """A conversation "merged into itself" stops after one follow (the handler caps the loop)."""
    h = Harness(mode, scripted(*[_moved(f"{API}/conversations/cnv_old")] * 5))
    with pytest.raises(FrontAPIError):
        await h.request("get-conversation-by-id", path_params={"conversation_id": "cnv_old"})
    assert len(h.sent) == 2


async def test_redirect_without_location_is_an_error(mode: str) -> None:
    h = Harness(mode, scripted(resp(301)))
    with pytest.raises(FrontAPIError) as info:
        await h.request("get-conversation-by-id", path_params={"conversation_id": "cnv_old"})
    assert info.value.status == 301
    assert len(h.sent) == 1


async def test_merged_target_is_retried_on_503(mode: str) -> None:
    h = Harness(mode, scripted(_moved(f"{API}/conversations/cnv_new"), _status(503), resp(200, {})))
    response = await h.request("get-conversation-by-id", path_params={"conversation_id": "cnv_o"})
    assert response.merged_into == "cnv_new"
    assert [s.raw_path for s in h.sent] == [
        "/conversations/cnv_o",
        "/conversations/cnv_new",
        "/conversations/cnv_new",
    ]
    assert h.sleeps == [0.25]


# =========================================================================== 7. request building


async def test_standard_headers(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, {"_links": {}})))
    await h.request("api-token-details")
    sent = h.sent[0]
    assert sent.method == "GET"
    assert str(sent.url) == f"{API}/me"
    assert sent.headers["user-agent"] == f"langchain-front/{__version__}"
    assert sent.auth == "Bearer tok_test"
    assert sent.headers["accept"] == "application/json"
    assert "content-type" not in sent.headers
    assert sent.body == b""


async def test_post_sends_json_body(mode: str) -> None:
    h = Harness(mode, scripted(resp(202, {"status": "accepted", "message_uid": "abc"})))
    body = {"body": "Héllo — café", "options": {"archive": False}}
    response = await h.request("create-message-reply", path_params=CNV, body=body)
    assert response.status == 202
    assert response.data == {"status": "accepted", "message_uid": "abc"}
    assert h.sent[0].headers["content-type"] == "application/json"
    assert h.sent[0].json() == body


async def test_delete_sends_json_body(mode: str) -> None:
    h = Harness(mode, scripted(resp(204)))
    response = await h.request(
        "remove-conversation-tag", path_params=CNV, body={"tag_ids": ["tag_1", "tag_2"]}
    )
    assert h.sent[0].method == "DELETE"
    assert h.sent[0].raw_path == "/conversations/cnv_1/tags"
    assert h.sent[0].json() == {"tag_ids": ["tag_1", "tag_2"]}
    assert h.sent[0].headers["content-type"] == "application/json"
    assert response.status == 204
    assert response.data is None


async def test_trailing_slash_is_kept(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, {"id": "com_1"})))
    await h.request("update-comment", path_params={"comment_id": "com_1"}, body={"body": "edit"})
    assert h.sent[0].method == "PATCH"
    assert h.sent[0].raw_path == "/comments/com_1/"


async def test_alias_path_param_stays_readable(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, {"id": "crd_1"})))
    await h.request("get-contact", path_params={"contact_id": "alt:email:leela@planet-express.com"})
    assert h.sent[0].raw_path == "/contacts/alt:email:leela@planet-express.com"
    assert h.sent[0].host == "api2.frontapp.com"


async def test_search_query_is_one_encoded_segment(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, _page([]))))
    await h.paginate("search-conversations", path_params={"query": "is:open tag:tag_1/x"})
    assert h.sent[0].raw_path == "/conversations/search/is:open%20tag:tag_1%2Fx"
    assert h.sent[0].url.path == "/conversations/search/is:open tag:tag_1/x"


async def test_q_object_is_a_deep_object(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, _page([]))))
    await h.request("list-conversations", query={"q": {"statuses": ["assigned", "unassigned"]}})
    query = unquote(h.sent[0].url.query.decode())
    assert query == "q[statuses]=assigned&q[statuses]=unassigned"


async def test_q_object_given_as_json_text(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, _page([]))))
    await h.request("list-conversations", query={"q": '{"statuses": ["archived"]}', "limit": 5})
    assert unquote(h.sent[0].url.query.decode()) == "q[statuses]=archived&limit=5"


@pytest.mark.parametrize(
    ("operation_id", "kwargs", "fragment"),
    [
        ("get-conversation-by-id", {}, "missing required path parameter 'conversation_id'"),
        ("get-conversation-by-id", {"path_params": {"conversation_id": ""}}, "must not be empty"),
        ("get-conversation-by-id", {"path_params": {"conversation_id": ".."}}, "must be an ID"),
        ("list-conversation", {}, "did you mean: list-conversations"),
        ("add-comment", {"path_params": CNV, "body": {"nope": 1}}, "'body' is a required"),
        ("add-comment", {"path_params": CNV}, "a JSON body is required"),
        ("api-token-details", {"body": {"x": 1}}, "takes no body"),
        ("list-conversations", {"query": {"limit": 500}}, "query.limit"),
        ("list-conversations", {"query": {"nope": 1}}, "unknown query parameter(s) nope"),
    ],
)
async def test_validation_errors_send_nothing(
    mode: str, operation_id: str, kwargs: dict[str, Any], fragment: str
) -> None:
    h = Harness(mode, scripted())
    with pytest.raises(FrontValidationError) as info:
        await h.request(operation_id, **kwargs)
    assert fragment in str(info.value)
    assert h.sent == []


async def test_operation_id_is_normalized(mode: str) -> None:
    h = Harness(mode, scripted(OK))
    response = await h.request("API_Token_Details")
    assert response.operation == "api-token-details"
    assert h.sent[0].raw_path == "/me"


async def test_204_has_no_data(mode: str) -> None:
    h = Harness(mode, scripted(resp(204)))
    response = await h.request("update-conversation", path_params=CNV, body={"status": "open"})
    assert response.status == 204
    assert response.data is None
    assert (
        await Harness(mode, scripted(resp(204))).call("delete-a-contact", **OPS["DELETE"].kwargs)
        is None
    )


async def test_202_body_is_returned(mode: str) -> None:
    accepted = {"status": "accepted", "message_uid": "1eab543f84a0785f7b6b8967cck18f4d"}
    h = Harness(mode, scripted(resp(202, accepted)))
    assert await h.call("create-message-reply", path_params=CNV, body={"body": "Hi"}) == accepted


async def test_non_json_success_body_is_an_error_where_front_documents_json(mode: str) -> None:
    """Hardening 4: a 200 whose body is not JSON never reads as an empty success."""
    h = Harness(mode, scripted(resp(200, text="<html>Service Unavailable</html>")))
    with pytest.raises(FrontUnexpectedResponseError, match="not JSON") as caught:
        await h.request("list-teammates")
    assert caught.value.status == 200
    assert "unexpected" in str(caught.value)


async def test_non_json_body_of_an_operation_without_a_json_answer_is_kept(mode: str) -> None:
    """Downloads have no documented JSON answer: their body is kept, not refused."""
    h = Harness(mode, scripted(resp(200, text="plain text")))
    response = await h.request("download-attachment", path_params={"attachment_link_id": "fil_1"})
    assert response.data == {"_raw": "plain text"}


@pytest.mark.parametrize(
    ("body", "got"),
    [(b"null", "null"), (b"[]", "list"), (b'"hello"', "str"), (b"42", "int")],
)
async def test_success_body_of_the_wrong_json_type_is_an_error(
    mode: str, body: bytes, got: str
) -> None:
    """Hardening 3: null, [] or a bare string where Front documents an object is an error."""
    h = Harness(mode, scripted(lambda _: httpx.Response(200, content=body)))
    with pytest.raises(FrontUnexpectedResponseError, match=f"expected a JSON object, got {got}"):
        await h.request("get-conversation-by-id", path_params=CNV)


@pytest.mark.parametrize(
    "body", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100 + b"1" + b"}" * 100]
)
async def test_deeply_nested_json_is_an_error_not_a_recursion_error(mode: str, body: bytes) -> None:
    """Hardening 3: JSON nested past the recursion limit (or just absurdly deep) is refused."""
    deep = [
        lambda _: httpx.Response(200, content=body),
        lambda _: httpx.Response(404, content=body),
    ]
    h = Harness(mode, scripted(*deep))
    with pytest.raises(FrontUnexpectedResponseError, match="nested deeper than 64"):
        await h.request("list-teams")
    with pytest.raises(FrontNotFoundError):  # an error body that deep still maps by status
        await h.request("list-teams")


async def test_response_exposes_headers_and_url(mode: str) -> None:
    h = Harness(mode, scripted(resp(200, {"id": "x"}, headers={"X-RateLimit-Limit": "100"})))
    response = await h.request("get-conversation-by-id", path_params=CNV)
    assert response.headers["x-ratelimit-limit"] == "100"
    assert response.url == f"{API}/conversations/cnv_1"
    assert response.operation == "get-conversation-by-id"


async def test_send_refuses_a_plan_off_front(mode: str) -> None:
    """Even a hand-built plan cannot carry the token off Front."""
    h = Harness(mode, scripted())
    plan = RequestPlan(operation="custom", method="GET", url="https://evil.example.com/me")
    with pytest.raises(FrontHostNotAllowedError):
        await h.send(plan)
    assert h.sent == []


# =========================================================================== 8. auth


class RotatingProvider:
    """A token provider that has a fresh token after a 401 (an OAuth refresh, say)."""

    def __init__(self, *tokens: str) -> None:
        self.tokens = list(tokens)
        self.current = self.tokens.pop(0)
        self.refused: list[str] = []

    def __repr__(self) -> str:
        return "RotatingProvider(...)"

    def get_token(self) -> str:
        return self.current

    async def aget_token(self) -> str:
        return self.current

    def on_unauthorized(self, token: str) -> bool:
        self.refused.append(token)
        if self.tokens and token == self.current:
            self.current = self.tokens.pop(0)
            return True
        return False

    async def aon_unauthorized(self, token: str) -> bool:
        return self.on_unauthorized(token)


def _accepts(token: str) -> Outcome:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("authorization") == f"Bearer {token}":
            return httpx.Response(200, json={"id": "ok"})
        return httpx.Response(401, json={"_error": {"status": 401, "message": "JWT error"}})

    return handler


async def test_refreshable_provider_retries_once_with_new_token(mode: str) -> None:
    provider = RotatingProvider("tok_old", "tok_new")
    h = Harness(mode, _accepts("tok_new"), token_provider=provider)
    response = await h.request("api-token-details")
    assert response.status == 200
    assert [s.auth for s in h.sent] == ["Bearer tok_old", "Bearer tok_new"]
    assert provider.refused == ["tok_old"]
    assert h.sleeps == []


async def test_refreshed_token_refused_again_raises(mode: str) -> None:
    """The provider's second token is refused too: exactly two requests, then 401 raised."""
    provider = RotatingProvider("tok_a", "tok_b", "tok_c")
    h = Harness(mode, _accepts("tok_c"), token_provider=provider)
    with pytest.raises(FrontAuthenticationError):
        await h.request("api-token-details")
    assert [s.auth for s in h.sent] == ["Bearer tok_a", "Bearer tok_b"]
    assert provider.refused == ["tok_a"]


async def test_refresh_replays_post_body(mode: str) -> None:
    provider = RotatingProvider("tok_old", "tok_new")
    h = Harness(mode, _accepts("tok_new"), token_provider=provider)
    await h.request("add-comment", path_params=CNV, body={"body": "note"})
    assert [s.json() for s in h.sent] == [{"body": "note"}] * 2


async def test_static_token_401_is_not_retried(mode: str) -> None:
    h = Harness(mode, _accepts("someone-else"))
    with pytest.raises(FrontAuthenticationError) as info:
        await h.request("api-token-details")
    assert len(h.sent) == 1
    assert info.value.status == 401
    assert "api-token-details" in str(info.value)
    assert "FRONT_API_TOKEN" in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/me",
        "http://api2.frontapp.com/me",
        "https://frontapp.com.evil.com/me",
    ],
)
def test_front_auth_never_attaches_token_off_front_sync(url: str) -> None:
    called: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: called.append(r) or httpx.Response(200))
    with httpx.Client(transport=transport, auth=FrontAuth(StaticTokenProvider(TOKEN))) as http:
        with pytest.raises(FrontHostNotAllowedError):
            http.get(url)
        assert http.get(f"{API}/me").request.headers["authorization"] == f"Bearer {TOKEN}"
    assert [str(r.url) for r in called] == [f"{API}/me"]


@pytest.mark.parametrize("url", ["https://evil.example.com/me", "http://api2.frontapp.com/me"])
async def test_front_auth_never_attaches_token_off_front_async(url: str) -> None:
    called: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: called.append(r) or httpx.Response(200))
    auth = FrontAuth(StaticTokenProvider(TOKEN))
    async with httpx.AsyncClient(transport=transport, auth=auth) as http:
        with pytest.raises(FrontHostNotAllowedError):
            await http.get(url)
    assert called == []


@pytest.mark.parametrize("token", ["", "   "])
def test_empty_token_is_a_configuration_error(token: str) -> None:
    with pytest.raises(FrontConfigurationError):
        FrontClient(token=token, transport=httpx.MockTransport(scripted()))


def test_missing_token_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONT_API_TOKEN", raising=False)
    with pytest.raises(FrontConfigurationError):
        FrontClient(transport=httpx.MockTransport(scripted()))
    with pytest.raises(FrontConfigurationError):
        FrontClient.from_env(transport=httpx.MockTransport(scripted()))


def test_from_env_uses_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONT_API_TOKEN", "tok_env")
    monkeypatch.setenv("FRONT_BASE_URL", "https://acme.api.frontapp.com")
    h_sent: list[httpx.Request] = []
    client = FrontClient.from_env(
        transport=httpx.MockTransport(lambda r: h_sent.append(r) or httpx.Response(200, json={}))
    )
    client.call("api-token-details")
    assert h_sent[0].headers["authorization"] == "Bearer tok_env"
    assert h_sent[0].url.host == "acme.api.frontapp.com"
    assert "tok_env" not in repr(client)


# ----------------------------------------------------------------------------- local errors


class H11Checked(httpx.MockTransport):
    """A mock transport that first has h11 check the request, as httpcore does before sending.

    h11 refuses header values with control characters (a token read with its trailing newline);
    httpcore turns that into ``httpx.LocalProtocolError`` before any byte leaves the machine.
    """

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        import h11

        try:
            h11.Request(
                method=request.method,
                target=request.url.raw_path,
                headers=[(k, v) for k, v in request.headers.raw],
            )
        except h11.LocalProtocolError as exc:
            raise httpx.LocalProtocolError(str(exc), request=request) from exc
        return super().handle_request(request)


class RawTokenProvider:
    """A provider handing out a token exactly as given (no cleaning), to test the last line."""

    def __init__(self, token: str) -> None:
        self.token = token

    def get_token(self) -> str:
        return self.token

    async def aget_token(self) -> str:
        return self.token

    def on_unauthorized(self, rejected: str) -> bool:
        return False

    async def aon_unauthorized(self, rejected: str) -> bool:
        return False


@pytest.mark.parametrize("bad", ["tok-secret-123\n", "tok-secret-123\r\n", "tok\x00secret-123"])
def test_a_refused_header_is_not_retried_and_never_shows_the_token(bad: str) -> None:
    """Hardening 1: a local request error is not retried and its text is scrubbed."""
    sleeps: list[float] = []
    client = FrontClient(
        token_provider=RawTokenProvider(bad),
        transport=H11Checked(always(OK)),
        sleep=sleeps.append,
    )
    with pytest.raises(FrontTransportError) as caught:
        client.call("api-token-details")
    text = str(caught.value)
    assert "secret" not in text and "tok" not in text.replace("token", "")
    assert "not sent and not retried" in text
    assert sleeps == []


@pytest.mark.parametrize(
    ("operation", "arguments"),
    [
        ("get-conversation-by-id", {"path_params": {"conversation_id": "cnv_" + "a" * 70_000}}),
        ("list-tags", {"query": {"page_token": "x" * 70_000}}),
    ],
)
async def test_a_url_too_long_is_a_validation_error(
    mode: str, operation: str, arguments: dict[str, Any]
) -> None:
    """Hardening 3: httpx.InvalidURL never escapes; nothing is sent."""
    h = Harness(mode, scripted())
    with pytest.raises(FrontValidationError, match="could not be built"):
        await h.request(operation, **arguments)
    assert h.sent == []


@pytest.mark.parametrize(
    "location", ["mailto:ops@example.com", "javascript:alert(1)", "http://[::1"]
)
async def test_a_redirect_to_an_unusable_location_is_an_error(mode: str, location: str) -> None:
    """Hardening 3: a Location Front could never mean is an error a caller can act on."""
    h = Harness(mode, scripted(resp(301, headers={"location": location})))
    with pytest.raises(FrontError) as caught:
        await h.request("get-conversation-by-id", path_params=CNV)
    assert isinstance(caught.value, (FrontUnexpectedResponseError, FrontHostNotAllowedError))


# ----------------------------------------------------------------------------- event loops


class LoopBoundTransport(httpx.AsyncBaseTransport):
    """Like httpcore's pool: its connections belong to the loop that opened them."""

    opened: ClassVar[list[LoopBoundTransport]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        LoopBoundTransport.opened.append(self)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        loop = asyncio.get_running_loop()
        if self.loop is None:
            self.loop = loop
        elif self.loop is not loop:
            raise RuntimeError("Event loop is closed")
        return httpx.Response(200, json={"id": "cmp_1", "name": "Acme"})


def test_async_client_works_from_one_asyncio_run_per_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hardening 6: a sync app calling asyncio.run(...) per request, every call succeeds."""
    monkeypatch.setattr(httpx._client, "AsyncHTTPTransport", LoopBoundTransport)
    LoopBoundTransport.opened.clear()
    client = AsyncFrontClient(token=TOKEN)
    for _ in range(3):
        assert asyncio.run(client.call("api-token-details"))["name"] == "Acme"
    assert len(LoopBoundTransport.opened) == 3  # one pool per loop, never a dead loop's pool


def test_async_tool_works_from_one_asyncio_run_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hardening 6, through a tool: asyncio.run(tool.ainvoke(...)) twice."""
    from langchain_front import FrontToolkit

    monkeypatch.setattr(httpx._client, "AsyncHTTPTransport", LoopBoundTransport)
    tool = FrontToolkit.from_token(TOKEN).get_tool("front_whoami")
    for _ in range(2):
        message = asyncio.run(tool.ainvoke({"type": "tool_call", "id": "1", "args": {}}))
        assert message.status == "success", message.content
