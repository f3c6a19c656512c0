"""The token manager when the token endpoint fails: a revoked grant is remembered, waiters share
a refresh's outcome, a retryable failure is retried once, and one user's slow refresh never
stalls another user's async calls (Hardening 10 and 11)."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import httpx
import pytest
from pydantic import SecretStr

from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.memory import MemoryTokenStore
from langchain_front.auth.tokens import FrontToken
from langchain_front.errors import (
    FrontNotConnectedError,
    FrontReconnectRequiredError,
    FrontTransportError,
    OAuthError,
    ReauthorizationRequired,
)
from langchain_front.testing import FrontOAuthServer


def expired(server: FrontOAuthServer, store: MemoryTokenStore, user_id: str) -> str:
    """Store an expired token for ``user_id`` with a valid refresh token; return it."""
    refresh_token = server.issue_refresh_token(user_id)
    store.save(
        user_id,
        FrontToken(
            access_token=SecretStr(f"at-{user_id}-old"),
            refresh_token=SecretStr(refresh_token),
            expires_at=time.time() - 10,
        ),
    )
    return refresh_token


def manager_for(
    server: FrontOAuthServer, store: MemoryTokenStore, transport: httpx.BaseTransport | None = None
) -> TokenManager:
    oauth = FrontOAuth(server.config(), transport=transport or server.transport())
    return TokenManager(store, oauth, retry_delay=0.05)


def in_threads(count: int, call: object) -> list[object]:
    """Run ``call()`` in ``count`` threads at once; their results or exceptions."""
    results: list[object] = [None] * count
    go = threading.Barrier(count)

    def run(index: int) -> None:
        go.wait()
        try:
            results[index] = call()  # type: ignore[operator]
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# ---------------------------------------------------------------------------- Hardening 10


def test_revoked_grant_is_asked_once_then_every_call_fails_at_once() -> None:
    """Hardening 10: 50 threads find an expired token whose grant was revoked: one token
    request; every later call, from this manager or another over the same store, fails at once
    with "reconnect" and sends nothing."""
    server = FrontOAuthServer(token_delay=0.1)
    store = MemoryTokenStore()
    expired(server, store, "erin")
    server.revoke_all()
    manager = manager_for(server, store)

    outcomes = in_threads(50, lambda: manager.access_token("erin"))
    assert server.token_request_count == 1
    assert all(isinstance(o, ReauthorizationRequired) for o in outcomes), outcomes[:3]

    for other in (manager, manager_for(server, store)):  # another process: same store
        with pytest.raises(FrontReconnectRequiredError) as caught:
            other.access_token("erin")
        assert isinstance(caught.value, FrontNotConnectedError)
        message = str(caught.value)
        assert "reconnected" in message and "auth login --user erin" in message
        assert "invalid_grant" in message and "rt-" not in message and "at-" not in message
    assert server.token_request_count == 1


def test_a_new_login_clears_the_reconnect_mark() -> None:
    """Hardening 10: the mark lasts until a new login saves a fresh token."""
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    expired(server, store, "erin")
    server.revoke_all()
    manager = manager_for(server, store)
    with pytest.raises(ReauthorizationRequired):
        manager.access_token("erin")
    stored = store.get("erin")
    assert stored is not None and stored.token.reconnect is not None
    fresh = FrontToken(access_token=SecretStr("at-new"), expires_at=time.time() + 3600)
    manager_for(server, store).save("erin", fresh)  # what the login does
    assert manager.access_token("erin") == "at-new"


def test_the_mark_keeps_the_stored_format() -> None:
    """Hardening 10: an unmarked token is stored exactly as before; a marked one adds a field
    that older readers ignore."""
    token = FrontToken(access_token=SecretStr("at"), expires_at=2e9)
    assert "reconnect" not in token.to_storage()
    marked = token.marked_for_reconnect("Front refused it")
    assert marked.to_storage()["reconnect"] == "Front refused it"
    assert FrontToken.from_storage(json.loads(json.dumps(token.to_storage()))) == token


def test_wrong_client_credentials_do_not_mark_users() -> None:
    """Hardening 10: invalid_client is the app's problem, cured by fixing its configuration:
    no user is marked for it."""
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    expired(server, store, "erin")
    manager = manager_for(server, store)
    server.client_secret = "rotated"  # the app's secret changed in Front, not here
    with pytest.raises(ReauthorizationRequired):
        manager.access_token("erin")
    stored = store.get("erin")
    assert stored is not None and stored.token.reconnect is None


# ---------------------------------------------------------------------------- Hardening 11


def test_waiters_share_a_failed_refresh_instead_of_retrying_one_after_another() -> None:
    """Hardening 11: 20 threads wait for one refresh that fails (503, slowly): the leader tries
    twice (one retry), the waiters get its failure and send nothing."""
    server = FrontOAuthServer(token_delay=0.2)
    store = MemoryTokenStore()
    expired(server, store, "u")
    for _ in range(2):
        server.enqueue_response(503, {"error": "temporarily_unavailable"})
    manager = manager_for(server, store)
    outcomes = in_threads(20, lambda: manager.access_token("u"))
    assert server.token_request_count == 2
    assert all(isinstance(o, OAuthError) and o.retryable for o in outcomes), outcomes[:3]
    assert manager.access_token("u").startswith("at-")  # a later call tries again, and succeeds


@pytest.mark.parametrize(
    ("status", "headers"), [(500, {}), (502, {}), (503, {}), (504, {}), (429, {"retry-after": "0"})]
)
def test_a_retryable_refresh_failure_is_retried_once(status: int, headers: dict[str, str]) -> None:
    """Hardening 11: one 5xx or 429 from the token endpoint does not fail the call."""
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    expired(server, store, "u")
    server.enqueue_response(status, {"error": "server_error"}, headers=headers)
    token = manager_for(server, store).access_token("u")
    assert server.is_valid_access_token(token)
    assert server.token_request_count == 2


def test_a_transport_error_is_retried_once() -> None:
    """Hardening 11: a dropped connection to the token endpoint is retried once."""
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    expired(server, store, "u")
    failures = [httpx.ConnectError("refused")]

    def handler(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop()
        return server.handle(request)

    token = manager_for(server, store, httpx.MockTransport(handler)).access_token("u")
    assert server.is_valid_access_token(token)


def test_a_refresh_failing_twice_fails_the_call() -> None:
    """Hardening 11: one retry, not more."""
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    expired(server, store, "u")

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    manager = manager_for(server, store, httpx.MockTransport(handler))
    with pytest.raises(FrontTransportError):
        manager.access_token("u")


def test_a_long_retry_after_is_not_waited_for() -> None:
    """Hardening 11: Front asking for a minute's pause fails the call at once (with the wait
    in the error) rather than holding every waiter for a minute."""
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    expired(server, store, "u")
    server.enqueue_response(429, {"error": "rate_limited"}, headers={"retry-after": "60"})
    with pytest.raises(OAuthError, match="retry after 60 s") as caught:
        manager_for(server, store).access_token("u")
    assert caught.value.retry_after == 60
    assert server.token_request_count == 1


async def test_one_users_stuck_refresh_never_stalls_another_users_async_calls() -> None:
    """Hardening 11: 100 tasks of user A wait for A's refresh, which hangs; user B's refresh
    and calls go through meanwhile (they used to queue behind A's waiters in the default
    executor)."""
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    stuck = expired(server, store, "a")
    expired(server, store, "b")
    release = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        if stuck in request.content.decode():
            release.wait(20)
        return server.handle(request)

    manager = manager_for(server, store, httpx.MockTransport(handler))
    waiting_a = [asyncio.ensure_future(manager.aaccess_token("a")) for _ in range(100)]
    await asyncio.sleep(0.2)
    try:
        token_b = await asyncio.wait_for(manager.aaccess_token("b"), timeout=5)
        assert server.is_valid_access_token(token_b)
        assert not any(task.done() for task in waiting_a)
    finally:
        release.set()
    tokens_a = await asyncio.gather(*waiting_a)
    assert len(set(tokens_a)) == 1 and server.refresh_count == 2


async def test_async_waiters_share_a_failed_refresh() -> None:
    """Hardening 11: asyncio tasks share the failure of the refresh they waited for.

    The endpoint answers after 1 s so that every task has joined the refresh in flight before
    it fails, even on a loaded machine (a task started after the failure starts its own).
    """
    server = FrontOAuthServer(token_delay=1.0)
    store = MemoryTokenStore()
    expired(server, store, "u")
    server.enqueue_response(400, {"error": "invalid_request"})
    manager = manager_for(server, store)
    outcomes = await asyncio.gather(
        *(manager.aaccess_token("u") for _ in range(50)), return_exceptions=True
    )
    assert server.token_request_count == 1
    assert all(isinstance(o, OAuthError) for o in outcomes)


async def test_a_cancelled_async_leader_still_serves_its_waiters() -> None:
    """Hardening 11: cancelling the task that started a refresh does not cancel the refresh."""
    server = FrontOAuthServer(token_delay=0.3)
    store = MemoryTokenStore()
    expired(server, store, "u")
    manager = manager_for(server, store)
    leader = asyncio.ensure_future(manager.aaccess_token("u"))
    await asyncio.sleep(0.05)
    waiter = asyncio.ensure_future(manager.aaccess_token("u"))
    await asyncio.sleep(0.05)
    leader.cancel()
    assert server.is_valid_access_token(await waiter)
    assert server.refresh_count == 1
