"""Hardening §3 ("many workers, one company limit"): the limiter shared on a real Redis.

The Redis script makes the same decisions as the in-memory backend (same script, same fake
clock, same answers); worker processes sharing one limit through Redis never exceed it in any
window, keep search within its 40%, meet no 429 from a Front double that enforces the limit,
and all pause when one of them meets a 429; a budget spent by another app, seen by one worker,
slows every worker; a Redis that is down or hung does not stop calls.

Redis comes from ``scripts/ci_services.sh`` (``FRONT_TEST_REDIS_URL``); the tests that need it
skip with the reason without it. Worker processes talk over real HTTP to the Front double served
on 127.0.0.1 (:mod:`langchain_front.testing.served`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from langchain_front.client import AsyncFrontClient, FrontClient, NoPacer, open_pacer
from langchain_front.client.limiter import LimitSettings, MemoryBackend, SharedLimiter
from langchain_front.client.limiter_redis import RedisBackend
from langchain_front.errors import FrontRateLimitError
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.served import LocalFront, Record, ServedDouble, windows
from tests.integration_tests import limiter_worker

SEARCH = "search-conversations"
READ = "get-conversation-by-id"
CONVERSATION = {"conversation_id": SEED.conversation_id}
NOW = 1_700_000_000.0
HOW = "source scripts/ci_services.sh && start_services (what .ci/run does)"


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("FRONT_TEST_REDIS_URL")
    if not url:
        pytest.skip(f"FRONT_TEST_REDIS_URL is not set; to test the Redis limiter run {HOW}")
    return url


@pytest.fixture
def key() -> Iterator[str]:
    """A limit of this test's own on the shared Redis, deleted afterwards."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    yield name
    url = os.environ.get("FRONT_TEST_REDIS_URL")
    if url:
        import redis

        RedisBackend(redis.Redis.from_url(url), key=name).clear()


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def answer(status: int = 200, **headers: Any) -> httpx.Response:
    named = {
        ("retry-after" if k == "retry_after" else f"x-ratelimit-{k}"): str(v)
        for k, v in headers.items()
    }
    return httpx.Response(status, headers=named)


def script(pacer: SharedLimiter, clock: Clock) -> list[Any]:
    """Every kind of decision, in order: bookings, the search share, a lower limit and
    phantoms, rechecks, a search-only and a general 429, and refusals."""
    out: list[Any] = []

    def ask(step: Callable[[str], float], operation: str) -> None:
        try:
            out.append(round(step(operation), 3))
        except FrontRateLimitError as exc:
            assert exc.retry_after is not None
            out.append(("refused", round(exc.retry_after, 3)))

    for operation in [READ] * 6 + [SEARCH] * 3:
        ask(pacer.delay, operation)
    clock.now += 2
    pacer.observe(READ, answer(limit=8, remaining=1, reset=clock.now + 5))
    ask(pacer.delay, READ)
    ask(pacer.delay, READ)
    clock.now += 9
    ask(pacer.recheck, READ)
    pacer.observe(SEARCH, answer(429, retry_after="3", limit=8, remaining=4))
    ask(pacer.delay, SEARCH)
    ask(pacer.delay, READ)
    clock.now += 2
    pacer.observe(READ, answer(429, retry_after="1.5"))
    ask(pacer.recheck, READ)
    clock.now += 40
    for _ in range(20):
        ask(pacer.delay, READ)
    return out


def test_redis_script_decides_as_the_memory_backend(redis_url: str, key: str) -> None:
    """Hardening §3: the Lua script and the in-memory reference agree on every decision."""
    import redis

    settings = LimitSettings(limit=5, window=10.0, margin=0.5, max_delay=12.0)
    clock = Clock()
    memory = script(SharedLimiter(MemoryBackend(clock=clock), settings, wall_clock=clock), clock)
    clock = Clock()
    backend = RedisBackend(redis.Redis.from_url(redis_url), key=key, clock=clock)
    on_redis = script(SharedLimiter(backend, settings, wall_clock=clock), clock)
    assert on_redis == memory
    assert memory[:6] == [0.0] * 5 + [10.5]
    assert any(isinstance(answer, tuple) for answer in memory)  # a refusal was decided too


def test_a_budget_spent_elsewhere_seen_by_one_worker_slows_every_worker(
    redis_url: str, key: str
) -> None:
    """Hardening §3: another app spent 15 of 20; one worker's response says so (limit 20,
    remaining 4) and the other worker, on its own Redis connection, sends the 4 left and is
    then refused before sending: Front never answers 429."""
    import redis

    double = FrontDouble(rate_limit=20, window_seconds=60.0)
    outside = FrontClient(token="t", transport=double.transport(), pacer=NoPacer())
    for _ in range(15):
        outside.call(READ, path_params=CONVERSATION)
    settings = LimitSettings(limit=50, window=60.0, max_delay=1.0)

    def worker() -> FrontClient:
        backend = RedisBackend(redis.Redis.from_url(redis_url), key=key)
        pacer = SharedLimiter(backend, settings)
        return FrontClient(token="t", transport=double.transport(), pacer=pacer)

    first, second = worker(), worker()
    first.call(READ, path_params=CONVERSATION)
    for _ in range(4):
        second.call(READ, path_params=CONVERSATION)
    with pytest.raises(FrontRateLimitError) as caught:
        second.call(READ, path_params=CONVERSATION)
    assert "not sent" in str(caught.value)
    assert len(double.requests) == 20


# --------------------------------------------------------------------------- processes


def run_workers(
    port: int,
    pacer: str,
    *,
    processes: int = 3,
    threads: int = 3,
    seconds: float = 5.0,
    searches: float = 0.3,
    during: Callable[[float], None] | None = None,
) -> list[dict[str, Any]]:
    """Run worker processes together; ``during(started)`` runs meanwhile in this process."""
    context = multiprocessing.get_context("spawn")
    ready: Any = context.Queue()
    results: Any = context.Queue()
    go = context.Event()
    children = [
        context.Process(
            target=limiter_worker.run,
            args=(port, pacer, threads, seconds, searches, n, ready, go, results),
        )
        for n in range(processes)
    ]
    for child in children:
        child.start()
    outcomes: list[dict[str, Any]] = []

    def wait_for(box: Any, count: int, limit: float) -> list[Any]:
        got: list[Any] = []
        deadline = time.monotonic() + limit
        while len(got) < count:
            try:
                got.append(box.get(timeout=1.0))
            except queue.Empty:
                failed = [c.exitcode for c in children if c.exitcode not in (None, 0)]
                if failed or time.monotonic() > deadline:
                    for child in children:
                        child.kill()
                    pytest.fail(f"a worker process failed or hung (exit codes {failed})")
        return got

    wait_for(ready, processes, 120)
    go.set()
    started = time.time()
    if during is not None:
        during(started)
    outcomes = wait_for(results, processes, seconds + 90)
    for child in children:
        child.join(30)
    return outcomes


def most_in_any_window(records: list[Record], window: float, searches: bool = False) -> int:
    """The most requests (or searches) that arrived within any ``window`` seconds."""
    times = sorted(r.at for r in records if r.search or not searches)
    return max(
        (sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times)),
        default=0,
    )


def test_processes_sharing_a_limit_never_exceed_it_in_any_window(redis_url: str, key: str) -> None:
    """Hardening §3: 3 processes x 4 threads, 40% of the calls searches, share 16 requests per
    2 s through Redis against a double that enforces nothing: in every 2 s (sliding) at most
    16 requests and 6 searches arrive, and every call succeeds. (With the per-process
    HeaderPacer the same run sends hundreds of requests per 2 s.)"""
    url = f"{redis_url}?limit=16&window=2&margin=0.5&key={key}"
    with ServedDouble(rate_limit=None) as served:
        outcomes = run_workers(served.port, url, threads=4, searches=0.4)
        records = list(served.records)
    assert [o["failures"] for o in outcomes] == [{}, {}, {}]
    assert len(records) >= 16  # the workers did compete for the limit
    assert most_in_any_window(records, 2.0) <= 16
    assert most_in_any_window(records, 2.0, searches=True) <= 6


def test_processes_sharing_a_limit_meet_no_429_from_front(redis_url: str, key: str) -> None:
    """Hardening §3: against a double enforcing 12 per 2 s (and 4 searches), 3 processes
    sharing the limit get no 429 and no error; every window stays within both limits."""
    url = f"{redis_url}?limit=12&window=2&margin=0.5&key={key}"
    with ServedDouble(rate_limit=12, window=2.0) as served:
        outcomes = run_workers(served.port, url, searches=0.3)
        records = list(served.records)
    assert [o["failures"] for o in outcomes] == [{}, {}, {}]
    assert [r for r in records if r.status == 429] == []
    assert all(w.accepted <= 12 and w.searches <= 4 for w in windows(records, 2.0))
    assert sum(o["ok"] for o in outcomes) == len(records)


def test_a_429_seen_by_one_process_pauses_them_all(redis_url: str, key: str) -> None:
    """Hardening §3: Front answers one worker's request 429 with retry-after 1.5 s; past the
    requests already on their way, no process sends anything until the 1.5 s are over, then
    all resume; the refused call is retried and succeeds."""
    url = f"{redis_url}?limit=30&window=2&margin=0.2&key={key}"
    with ServedDouble(rate_limit=None) as served:

        def refuse_one(started: float) -> None:
            time.sleep(max(0.0, started + 1.0 - time.time()))
            served.refuse_next(1.5)

        outcomes = run_workers(served.port, url, during=refuse_one)
        records = list(served.records)
    assert [o["failures"] for o in outcomes] == [{}, {}, {}]
    refused = [r.at for r in records if r.status == 429]
    assert len(refused) == 1
    assert [r for r in records if refused[0] + 0.25 < r.at < refused[0] + 1.5] == []
    assert any(r.at < refused[0] for r in records)
    assert any(r.at >= refused[0] + 1.5 for r in records)


def test_a_429_pauses_the_processes_already_waiting_for_their_turn(
    redis_url: str, key: str
) -> None:
    """Hardening §3: the workers have spent the window and sleep until their booked turn (the
    next window); meanwhile another worker meets a 429 asking for 1.5 s, which ends after
    that turn. When their turn comes they recheck, and none sends before the 1.5 s are over."""
    url = f"{redis_url}?limit=30&window=2&margin=0.2&key={key}"
    with ServedDouble(rate_limit=None) as served:

        def another_worker_meets_a_429(started: float) -> None:
            time.sleep(max(0.0, started + 1.2 - time.time()))  # the window is spent by then
            served.refuse_next(1.5)
            with httpx.Client(transport=LocalFront(served.port)) as http:
                response = http.get(
                    "https://api2.frontapp.com/me", headers={"authorization": "Bearer t"}
                )
            assert response.status_code == 429
            open_pacer(url).observe("api-token-details", response)

        outcomes = run_workers(served.port, url, during=another_worker_meets_a_429)
        records = list(served.records)
    assert [o["failures"] for o in outcomes] == [{}, {}, {}]
    refused = [r.at for r in records if r.status == 429]
    assert len(refused) == 1
    assert [r for r in records if refused[0] < r.at < refused[0] + 1.5] == []
    assert any(r.at >= refused[0] + 1.5 for r in records)


# --------------------------------------------------------------------------- Redis down or hung


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_calls_go_on_when_redis_is_down(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    """Hardening §3: with nothing listening on the Redis port, calls succeed, paced in memory,
    and a warning says so."""
    pacer = open_pacer(f"redis://127.0.0.1:{_free_port()}/0?key=down-{mode}")
    double = FrontDouble()
    with caplog.at_level(logging.WARNING, logger="langchain_front.client"):
        if mode == "sync":
            client = FrontClient(token="t", transport=double.transport(), pacer=pacer)
            assert client.call(READ, path_params=CONVERSATION)["id"] == SEED.conversation_id
        else:
            aclient = AsyncFrontClient(token="t", transport=double.transport(), pacer=pacer)
            data = await aclient.call(READ, path_params=CONVERSATION)
            assert data["id"] == SEED.conversation_id
    assert "is unreachable" in caplog.text


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_hung_redis_costs_one_timeout_not_a_hang(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Hardening §3: a Redis that accepts connections and never answers: the call succeeds
    after the 2 s socket timeout (well within 15 s), then the next calls skip Redis."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # accepted by the kernel, never answered
        port = listener.getsockname()[1]
        pacer = open_pacer(f"redis://127.0.0.1:{port}/0?key=hung-{mode}")
        double = FrontDouble()
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="langchain_front.client"):
            for _ in range(3):
                if mode == "sync":
                    client = FrontClient(token="t", transport=double.transport(), pacer=pacer)
                    client.call(READ, path_params=CONVERSATION)
                else:
                    aclient = AsyncFrontClient(token="t", transport=double.transport(), pacer=pacer)
                    await aclient.call(READ, path_params=CONVERSATION)
        elapsed = time.monotonic() - started
    assert len(double.requests) == 3
    assert elapsed < 15.0
    assert caplog.text.count("is unreachable") == 1
