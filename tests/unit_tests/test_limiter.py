"""Hardening §3 ("many workers, one company limit"): the shared rate limiter's decisions.

Decisions of :class:`SharedLimiter` on its in-memory backend with a fake clock (the same
decisions run in Redis's script: ``tests/integration_tests/test_shared_limiter.py`` checks both
agree and that processes share one limit); choosing a pacer by URL; and how the request flow
asks pacers (``Pace``/``Observe`` actions, ``recheck`` after a wait, async pacers awaited).

Sections: 1. booking; 2. Front's headers; 3. 429 pauses; 4. refusal and fallback;
5. choosing a pacer by URL; 6. the flow and the drivers; 7. end to end on the Front double.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

import httpx
import pytest

from langchain_front import FrontToolkit
from langchain_front.client import (
    AsyncFrontClient,
    FrontClient,
    HeaderPacer,
    NoPacer,
    RetryPolicy,
    open_pacer,
)
from langchain_front.client.limiter import (
    LimitSettings,
    MemoryBackend,
    SharedLimiter,
    read_report,
    safe_url,
    search_limit,
)
from langchain_front.client.pacing import AsyncPacer
from langchain_front.errors import FrontConfigurationError, FrontRateLimitError
from langchain_front.testing import SEED, FrontDouble

SEARCH = "search-conversations"
READ = "get-conversation-by-id"
NOW = 1_700_000_000.0


class Clock:
    """A settable clock, used as monotonic and as Unix time."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def limiter(clock: Clock, backend: MemoryBackend | None = None, **settings: Any) -> SharedLimiter:
    """A limiter on ``backend`` (a new in-memory one by default), with ``clock``."""
    return SharedLimiter(
        backend or MemoryBackend(clock=clock),
        LimitSettings(**{"window": 10.0, "margin": 0.5, **settings}),
        wall_clock=clock,
    )


def answer(status: int = 200, **headers: Any) -> httpx.Response:
    """A response with ``x-ratelimit-<name>`` (or other) headers: ``remaining=3`` etc."""
    named = {
        (k.replace("_", "-") if k == "retry_after" else f"x-ratelimit-{k}"): str(v)
        for k, v in headers.items()
    }
    return httpx.Response(status, headers=named)


# =========================================================================== 1. booking


def test_limiter_books_a_burst_up_to_the_limit_then_the_first_slot_to_leave_the_window() -> None:
    """Hardening §3: ``limit`` requests go at once; the next waits until the first booking
    leaves the window (window + margin after it)."""
    clock = Clock()
    pacer = limiter(clock, limit=5)
    assert [pacer.delay(READ) for _ in range(5)] == [0.0] * 5
    assert pacer.delay(READ) == pytest.approx(10.5)
    clock.now += 3
    assert pacer.delay(READ) == pytest.approx(7.5)  # the second booking of the first burst


def test_limiter_never_books_more_than_the_limit_in_any_window() -> None:
    """Hardening §3: a steady stream of bookings never puts more than ``limit`` in any window."""
    clock = Clock()
    pacer = limiter(clock, limit=7, margin=0.0, max_delay=1e6)
    moments = []
    for step in range(200):
        clock.now = NOW + step * 0.37
        moments.append(clock.now + pacer.delay(READ))
    moments.sort()
    for i, start in enumerate(moments):
        in_window = [m for m in moments[i:] if m < start + 10.0]
        assert len(in_window) <= 7


def test_limiter_gives_search_forty_percent() -> None:
    """Hardening §3: search-conversations gets 40% of the limit; other operations the rest."""
    clock = Clock()
    pacer = limiter(clock, limit=10)
    assert [pacer.delay(SEARCH) for _ in range(4)] == [0.0] * 4
    assert pacer.delay(SEARCH) == pytest.approx(10.5)  # the share is spent
    assert [pacer.delay(READ) for _ in range(5)] == [0.0] * 5  # 4 + 1 booked search + 5 = 10
    assert pacer.delay(READ) > 0


@pytest.mark.parametrize(
    ("limit", "share", "searches"), [(100, 0.4, 40), (50, 0.4, 20), (3, 0.4, 1)]
)
def test_search_limit_rounds_down_and_allows_one(limit: int, share: float, searches: int) -> None:
    assert search_limit(limit, share) == searches


def test_limiter_clients_sharing_a_backend_share_the_limit() -> None:
    """Hardening §3: two limiters on one backend (two workers) together book at most the limit."""
    clock = Clock()
    backend = MemoryBackend(clock=clock)
    first, second = limiter(clock, backend, limit=4), limiter(clock, backend, limit=4)
    waits = [p.delay(READ) for p in (first, second, first, second, first, second)]
    assert waits[:4] == [0.0] * 4
    assert all(w > 0 for w in waits[4:])


# =========================================================================== 2. Front's headers


def test_limiter_learns_the_limit_from_x_ratelimit_limit() -> None:
    """Hardening §3: Front's ``x-ratelimit-limit`` replaces the configured limit everywhere."""
    clock = Clock()
    backend = MemoryBackend(clock=clock)
    first, second = limiter(clock, backend, limit=50), limiter(clock, backend, limit=50)
    first.observe(READ, answer(limit=3))
    assert [second.delay(READ) for _ in range(3)] == [0.0] * 3
    assert second.delay(READ) > 0


def test_limiter_follows_front_when_less_remains_than_its_bookings_explain() -> None:
    """Hardening §3: remaining 0 (the budget spent by another app) makes every worker wait
    for Front's reset, not for its own bookings."""
    clock = Clock()
    backend = MemoryBackend(clock=clock)
    first, second = limiter(clock, backend, limit=100), limiter(clock, backend, limit=100)
    assert first.delay(READ) == 0.0
    first.observe(READ, answer(limit=100, remaining=0, reset=NOW + 4))
    assert second.delay(READ) == pytest.approx(4.0)


def test_limiter_counts_only_the_unexplained_part_of_front_s_count() -> None:
    """Hardening §3: Front counting 10 of which 6 are this limit's bookings leaves 4 phantoms."""
    clock = Clock()
    pacer = limiter(clock, limit=12)
    for _ in range(6):
        pacer.delay(READ)
    pacer.observe(READ, answer(limit=12, remaining=2, reset=NOW + 8))
    assert [pacer.delay(READ) for _ in range(2)] == [0.0, 0.0]
    assert pacer.delay(READ) == pytest.approx(8.0)  # 6 booked + 4 phantoms + 2 = 12


def test_limiter_adds_no_phantoms_when_its_bookings_explain_front() -> None:
    """Hardening §3: answers agreeing with the bookings (or arriving out of order) cost nothing."""
    clock = Clock()
    pacer = limiter(clock, limit=10)
    for _ in range(5):
        pacer.delay(READ)
    for remaining in (9, 5, 7, 6):  # answers of the five, out of order
        pacer.observe(READ, answer(limit=10, remaining=remaining, reset=NOW + 9))
    assert [pacer.delay(READ) for _ in range(5)] == [0.0] * 5


def test_limiter_clamps_a_far_reset_to_one_window() -> None:
    """Hardening §3: a reset an hour ahead (a skewed clock) costs at most one window."""
    clock = Clock()
    pacer = limiter(clock, limit=10)
    pacer.observe(READ, answer(limit=10, remaining=0, reset=NOW + 3600))
    assert pacer.delay(READ) == pytest.approx(10.5)


@pytest.mark.parametrize(
    "headers",
    [
        {"limit": "lots", "remaining": "0", "reset": "soon"},
        {"limit": "nan", "remaining": "inf"},
        {"limit": "0", "remaining": "-3", "reset": "1e400"},
        {"limit": "", "remaining": ""},
    ],
)
def test_limiter_ignores_unparsable_headers(headers: dict[str, str]) -> None:
    """Hardening §3: absurd header values neither raise nor change the limit."""
    clock = Clock()
    pacer = limiter(clock, limit=2)
    pacer.observe(READ, answer(**headers))
    assert [pacer.delay(READ) for _ in range(2)] == [0.0, 0.0]
    assert pacer.delay(READ) > 0


def test_read_report_of_a_response_without_rate_limit_headers_is_none() -> None:
    assert read_report(READ, httpx.Response(200), LimitSettings(), NOW) is None


# =========================================================================== 3. 429 pauses


def test_limiter_429_pauses_every_worker_until_retry_after() -> None:
    """Hardening §3: a 429 seen by one worker makes every worker wait its retry-after."""
    clock = Clock()
    backend = MemoryBackend(clock=clock)
    first, second = limiter(clock, backend, limit=100), limiter(clock, backend, limit=100)
    first.observe(READ, answer(429, retry_after="2.5", remaining=40))
    assert second.delay(READ) == pytest.approx(2.5)
    assert second.delay(SEARCH) == pytest.approx(2.5)


def test_limiter_429_without_retry_after_reads_the_body() -> None:
    clock = Clock()
    pacer = limiter(clock, limit=100)
    body = b'{"_error": {"message": "Rate limit exceeded. Please retry in 1500 milliseconds."}}'
    pacer.observe(READ, httpx.Response(429, content=body))
    assert pacer.delay(READ) == pytest.approx(1.5)


def test_limiter_search_429_with_budget_left_pauses_only_searches() -> None:
    """Hardening §3: a search refused while the company budget has room (the search share is
    spent) pauses searches only."""
    clock = Clock()
    pacer = limiter(clock, limit=100)
    pacer.observe(SEARCH, answer(429, retry_after="3", limit=100, remaining=55))
    assert pacer.delay(READ) == 0.0
    assert pacer.delay(SEARCH) == pytest.approx(3.0)


def test_limiter_search_429_with_nothing_left_pauses_everyone() -> None:
    clock = Clock()
    pacer = limiter(clock, limit=100)
    pacer.observe(SEARCH, answer(429, retry_after="3", limit=100, remaining=0))
    assert pacer.delay(READ) == pytest.approx(3.0)


def test_limiter_recheck_without_a_pause_lets_the_booked_request_go() -> None:
    clock = Clock()
    pacer = limiter(clock, limit=1)
    assert pacer.delay(READ) == 0.0
    assert pacer.delay(READ) == pytest.approx(10.5)
    clock.now += 10.5
    assert pacer.recheck(READ) == 0.0


def test_limiter_recheck_books_again_when_a_pause_arrived_during_the_wait() -> None:
    """Hardening §3: a request booked for later learns, when its turn comes, of a 429 seen by
    another worker meanwhile: its booking is dropped and it waits for the pause."""
    clock = Clock()
    backend = MemoryBackend(clock=clock)
    first, second = limiter(clock, backend, limit=1), limiter(clock, backend, limit=1)
    assert first.delay(READ) == 0.0
    assert second.delay(READ) == pytest.approx(10.5)  # booked for later
    clock.now += 10.5
    first.observe(READ, answer(429, retry_after="4"))
    assert second.recheck(READ) == pytest.approx(4.0)  # its old booking no longer counts
    clock.now += 4
    assert second.recheck(READ) == 0.0
    assert first.delay(READ) == pytest.approx(10.5)  # the new booking holds the one slot


# =========================================================================== 4. refusal, fallback


def test_limiter_refuses_a_request_booked_beyond_max_delay_and_books_nothing() -> None:
    """Hardening §3: past ``max_delay`` the request is refused at once, with the wait."""
    clock = Clock()
    pacer = limiter(clock, limit=1, max_delay=5.0)
    assert pacer.delay(READ) == 0.0
    with pytest.raises(FrontRateLimitError) as caught:
        pacer.delay(READ)
    assert caught.value.retry_after == pytest.approx(10.5)
    assert "not sent" in str(caught.value)
    clock.now += 10.5
    assert pacer.delay(READ) == 0.0  # the refused request booked nothing


class Unreachable(MemoryBackend):
    """A remote backend that fails like a Redis that is down, counting its calls."""

    remote = True
    failures = (ConnectionError,)

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def reserve(self, *args: Any, **kwargs: Any) -> tuple[bool, float]:
        self.calls += 1
        raise ConnectionError("Error 111 connecting to redis://:hunter2@10.0.0.1:6379")


def test_limiter_paces_in_memory_while_its_backend_is_unreachable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Hardening §3: with Redis down, calls still go (paced in this process), with a warning
    that names no password; the backend is tried again after ``fallback_for``."""
    backend = Unreachable()
    pacer = SharedLimiter(
        backend,
        LimitSettings(limit=3, window=10.0),
        name=safe_url("redis://:hunter2@10.0.0.1:6379/0"),
        fallback_for=0.2,
    )
    with caplog.at_level(logging.WARNING, logger="langchain_front.client"):
        assert [pacer.delay(READ) for _ in range(3)] == [0.0] * 3
    assert backend.calls == 1  # then the fallback, without knocking again
    assert pacer.delay(READ) > 0  # the fallback still keeps the limit
    assert "unreachable" in caplog.text and "hunter2" not in caplog.text
    time.sleep(0.25)
    pacer.delay(READ)
    assert backend.calls == 2


def test_limiter_repr_and_name_hide_the_redis_password() -> None:
    pacer = open_pacer("redis://user:hunter2@127.0.0.1:9/0?limit=100&window=60")
    assert "hunter2" not in repr(pacer)
    assert "user:***@127.0.0.1:9" in repr(pacer)
    assert safe_url("redis://:hunter2@host:1/0?password=x") == "redis://***@host:1/0"


# =========================================================================== 5. choosing by URL


def test_open_pacer_default_is_the_header_pacer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONT_RATE_LIMITER", raising=False)
    assert isinstance(open_pacer(), HeaderPacer)
    assert isinstance(open_pacer("none:"), NoPacer)
    assert isinstance(open_pacer("header:"), HeaderPacer)


def test_open_pacer_reads_front_rate_limiter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hardening §3: FRONT_RATE_LIMITER picks the pacer of every client built without one."""
    monkeypatch.setenv("FRONT_RATE_LIMITER", "memory:?limit=7&window=30&key=env-test")
    client = FrontClient(token="t")
    assert isinstance(client.pacer, SharedLimiter)
    assert client.pacer.settings == LimitSettings(limit=7, window=30.0)
    assert client.to_async().pacer is client.pacer


def test_memory_limiters_with_one_key_share_one_limit() -> None:
    first = open_pacer("memory:?limit=2&window=10&key=shared-key-test")
    second = open_pacer("memory:?limit=2&window=10&key=shared-key-test")
    other = open_pacer("memory:?limit=2&window=10&key=other-key-test")
    assert isinstance(first, SharedLimiter) and isinstance(second, SharedLimiter)
    first.clear()
    assert [first.delay(READ), second.delay(READ)] == [0.0, 0.0]
    assert second.delay(READ) > 0
    assert other.delay(READ) == 0.0


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("kafka://x", "unknown rate limiter kind 'kafka'"),
        ("memory:?limit=ten", "limit='ten' is not a number"),
        ("memory:?limit=2.5", "limit='2.5' is not a whole number"),
        ("memory:?window=0", "window must be a positive number"),
        ("memory:?search_share=1.5", "search_share must be in (0, 1]"),
        ("memory:?margin=-1", "margin must be >= 0"),
        ("memory:?max_delay=nan", "max_delay must be >= 0"),
        ("memory:?limt=5", "unknown parameter(s) limt"),
    ],
)
def test_open_pacer_refuses_bad_urls_with_the_reason(url: str, named: str) -> None:
    with pytest.raises(FrontConfigurationError) as caught:
        open_pacer(url)
    assert named in str(caught.value)


def test_client_accepts_a_pacer_url_and_the_toolkit_passes_it() -> None:
    """Hardening §3: ``pacer="redis://..."`` or ``client_options={"pacer": ...}`` in the toolkit."""
    client = FrontClient(token="t", pacer="memory:?limit=9&key=client-url-test")
    assert isinstance(client.pacer, SharedLimiter)
    toolkit = FrontToolkit.from_token(
        "t", client_options={"pacer": "memory:?limit=9&key=toolkit-test"}
    )
    assert isinstance(toolkit.client.pacer, SharedLimiter)
    assert toolkit.async_client is not None and toolkit.async_client.pacer is toolkit.client.pacer


def test_redis_url_without_the_redis_package_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(FrontConfigurationError) as caught:
        open_pacer("redis://127.0.0.1:9/0?key=no-redis-package")
    assert "pip install 'langchain-front[redis]'" in str(caught.value)


# =========================================================================== 6. flow and drivers


class Recording:
    """A pacer recording what the flow asks, answering scripted delays and rechecks."""

    def __init__(self, delays: list[float] | None = None, rechecks: list[float] | None = None):
        self.calls: list[tuple[str, str]] = []
        self.delays = list(delays or [])
        self.rechecks = list(rechecks or [])

    def delay(self, operation: str) -> float:
        self.calls.append(("delay", operation))
        return self.delays.pop(0) if self.delays else 0.0

    def recheck(self, operation: str) -> float:
        self.calls.append(("recheck", operation))
        return self.rechecks.pop(0) if self.rechecks else 0.0

    def observe(self, operation: str, response: httpx.Response) -> None:
        self.calls.append((f"observe {response.status_code}", operation))


def _clients(handler: Any, pacer: Any, sleeps: list[float]) -> tuple[FrontClient, AsyncFrontClient]:
    async def asleep(seconds: float) -> None:
        sleeps.append(seconds)

    options: dict[str, Any] = {"token": "t", "pacer": pacer, "retry": RetryPolicy(jitter=lambda: 0)}
    return (
        FrontClient(transport=httpx.MockTransport(handler), sleep=sleeps.append, **options),
        AsyncFrontClient(transport=httpx.MockTransport(handler), sleep=asleep, **options),
    )


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_flow_asks_the_pacer_before_each_attempt_and_shows_it_every_response(
    mode: str,
) -> None:
    """Hardening §3: the pacer learns the operation of each request and sees the 429 too."""
    answers = [httpx.Response(429, headers={"retry-after": "1"}), httpx.Response(200, json={})]
    pacer = Recording()
    sleeps: list[float] = []
    sync, aio = _clients(lambda request: answers.pop(0), pacer, sleeps)
    if mode == "sync":
        sync.call("api-token-details")
    else:
        await aio.call("api-token-details")
    op = "api-token-details"
    assert pacer.calls == [("delay", op), ("observe 429", op), ("delay", op), ("observe 200", op)]
    assert sleeps == [1.0]


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_flow_rechecks_after_a_pacing_wait_until_the_pacer_says_go(mode: str) -> None:
    """Hardening §3: after its wait a request asks again, and waits again while told to."""
    pacer = Recording(delays=[2.0], rechecks=[3.0, 0.0])
    sleeps: list[float] = []
    sync, aio = _clients(lambda request: httpx.Response(200, json={}), pacer, sleeps)
    if mode == "sync":
        sync.call("api-token-details")
    else:
        await aio.call("api-token-details")
    assert [kind for kind, _ in pacer.calls] == ["delay", "recheck", "recheck", "observe 200"]
    assert sleeps == [2.0, 3.0]


class BlockingBackend(MemoryBackend):
    """A remote backend whose round trip blocks its thread (like a slow Redis)."""

    remote = True

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[str] = set()

    def reserve(self, *args: Any, **kwargs: Any) -> tuple[bool, float]:
        self.threads.add(threading.current_thread().name)
        time.sleep(0.3)
        return super().reserve(*args, **kwargs)


async def test_async_client_awaits_a_remote_limiter_without_blocking_the_loop() -> None:
    """Hardening §3: the async client's Redis round trips run off the event loop, which keeps
    serving other tasks meanwhile."""
    backend = BlockingBackend()
    pacer = SharedLimiter(backend, LimitSettings(limit=10))
    assert isinstance(pacer, AsyncPacer)
    client = AsyncFrontClient(
        token="t",
        pacer=pacer,
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={})),
    )
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    await client.call("api-token-details")
    task.cancel()
    assert threading.current_thread().name not in backend.threads
    assert ticks >= 5  # a blocked loop would not have ticked at all during the 0.3 s


def test_header_pacer_and_no_pacer_keep_working_with_operations() -> None:
    """The per-client pacers take the operation and the response and ignore the operation."""
    pacer = HeaderPacer(clock=Clock(1000.0))
    pacer.observe(SEARCH, answer(remaining=0, reset=1004))
    assert pacer.delay(SEARCH) == 4.0
    assert NoPacer().delay(SEARCH) == 0.0
    assert not isinstance(pacer, AsyncPacer)


# =========================================================================== 7. end to end


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_two_clients_sharing_a_limiter_never_meet_a_429_from_the_double(mode: str) -> None:
    """Hardening §3: two clients (two workers) sharing one limit make 30 calls, a third of them
    searches, against a double allowing 10 per 10 s: no 429, at most 10 per window, searches
    within 4, and the limit learned from the double's headers (configured 50)."""
    clock = Clock()
    double = FrontDouble(rate_limit=10, window_seconds=10.0, clock=clock, wall_clock=clock)
    backend = MemoryBackend(clock=clock)
    statuses: list[tuple[float, int, bool]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = double.handle(request)
        statuses.append((clock.now, response.status_code, "/search/" in request.url.path))
        return response

    async def asleep(seconds: float) -> None:
        clock.sleep(seconds)

    clients: list[Any] = []
    for _ in range(2):
        options: dict[str, Any] = {
            "token": "t",
            "transport": httpx.MockTransport(handler),
            "pacer": limiter(clock, backend, limit=50),
        }
        if mode == "sync":
            clients.append(FrontClient(sleep=clock.sleep, **options))
        else:
            clients.append(AsyncFrontClient(sleep=asleep, **options))
    for number in range(30):
        client = clients[number % 2]
        if number % 3 == 0:
            call = client.call(SEARCH, path_params={"query": "invoice"})
        else:
            call = client.call(READ, path_params={"conversation_id": SEED.conversation_id})
        if mode == "async":
            await call
    assert [s for _, s, _ in statuses] == [200] * 30
    first = statuses[0][0]
    for start in {t for t, _, _ in statuses}:
        in_window = [(t, search) for t, _, search in statuses if start <= t < start + 10.0]
        assert len(in_window) <= 10
        assert sum(search for _, search in in_window) <= 4
    assert clock.now - first >= 20.0  # three windows' worth took two full windows of waiting
