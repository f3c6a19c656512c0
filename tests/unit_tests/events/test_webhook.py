"""The webhook receiver over real ASGI requests: signatures, challenge, dedup, background work,
and a restart that still handles what was acknowledged."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from langchain_front.events import (
    FrontEvent,
    MemoryEventStore,
    SQLiteEventStore,
    webhook_app,
)
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.double.events import record_event
from tests.unit_tests.events.helpers import (
    APP_SECRET,
    RULE_SECRET,
    app_headers,
    body_of,
    post,
    rule_headers,
)


class Recorder:
    def __init__(self) -> None:
        self.events: list[FrontEvent] = []

    async def __call__(self, event: FrontEvent) -> None:
        self.events.append(event)


@pytest.fixture
def event() -> dict[str, Any]:
    double = FrontDouble()
    return record_event(
        double, "inbound_received", SEED.conversation_id, message_id=SEED.message_id
    )


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app))


async def test_signed_event_reaches_the_handler_once_despite_a_duplicate(
    event: dict[str, Any],
) -> None:
    handler = Recorder()
    app = webhook_app(handler, app_secret=APP_SECRET)
    body = body_of(event)
    async with client_for(app) as client:
        first = await post(client, body, app_headers(body))
        again = await post(client, body, app_headers(body))  # Front's retry, re-signed
        await app.state.worker.drain()
        await app.state.worker.stop()
    assert first.status_code == 200 and first.json() == {"status": "queued", "id": event["id"]}
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert [e.id for e in handler.events] == [event["id"]]
    got = handler.events[0]
    assert got.type == "inbound_received"
    assert got.conversation_id == SEED.conversation_id
    assert got.message is not None and got.message["id"] == SEED.message_id
    assert got.inbox_ids == [SEED.inbox_id]
    assert app.state.store.status(event["id"]) == "done"


@pytest.mark.parametrize(
    ("case", "make_headers"),
    [
        ("replay", lambda body: app_headers(body, age=301)),
        ("future", lambda body: app_headers(body, age=-301)),
        ("bad signature", lambda body: app_headers(body, secret="not-the-secret")),
        ("unsigned", lambda body: {"content-type": "application/json"}),
        (
            "no timestamp",
            lambda body: {"x-front-signature": app_headers(body)["x-front-signature"]},
        ),
        ("rule scheme not configured", lambda body: rule_headers(body)),
    ],
)
async def test_refused_requests_get_401_and_are_logged_without_their_body(
    event: dict[str, Any], case: str, make_headers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    handler = Recorder()
    store = MemoryEventStore()
    app = webhook_app(handler, store=store, app_secret=APP_SECRET)
    body = body_of(event)
    caplog.set_level(logging.INFO, logger="langchain_front.events")
    async with client_for(app) as client:
        response = await post(client, body, make_headers(body))
        await app.state.worker.drain()
        await app.state.worker.stop()
    assert response.status_code == 401, case
    assert response.json() == {"error": "invalid signature"}
    assert store.status(event["id"]) is None
    assert handler.events == []
    logged = caplog.text
    assert "401" in logged
    assert "Invoice" not in logged and event["id"] not in logged  # no body
    assert APP_SECRET not in logged


async def test_a_tampered_body_is_refused(event: dict[str, Any]) -> None:
    app = webhook_app(Recorder(), app_secret=APP_SECRET)
    body = body_of(event)
    headers = app_headers(body)
    async with client_for(app) as client:
        response = await post(client, body.replace(b"inbound_received", b"outbound_sent"), headers)
        await app.state.worker.stop()
    assert response.status_code == 401


async def test_rule_webhooks_are_checked_with_hmac_sha1(event: dict[str, Any]) -> None:
    handler = Recorder()
    app = webhook_app(handler, app_secret=APP_SECRET, rule_secret=RULE_SECRET)
    body = body_of(event)
    async with client_for(app) as client:
        ok = await post(client, body, rule_headers(body))
        bad = await post(client, body, rule_headers(body, secret="wrong"))
        await app.state.worker.drain()
        await app.state.worker.stop()
    assert ok.status_code == 200 and bad.status_code == 401
    assert [e.id for e in handler.events] == [event["id"]]


async def test_validation_challenge_is_echoed_once_signed() -> None:
    app = webhook_app(Recorder(), app_secret=APP_SECRET)
    body = b'{"type": "sync", "authorization": {"id": "cmp_123"}}'
    async with client_for(app) as client:
        signed = await post(client, body, {**app_headers(body), "x-front-challenge": "abc123"})
        unsigned = await post(client, body, {"x-front-challenge": "abc123"})
        sync = await post(client, body, app_headers(body))
        await app.state.worker.stop()
    assert signed.status_code == 200 and signed.json() == {"challenge": "abc123"}
    assert unsigned.status_code == 401
    assert sync.status_code == 200 and sync.json() == {"status": "ok"}


async def test_signed_garbage_is_a_400() -> None:
    app = webhook_app(Recorder(), app_secret=APP_SECRET)
    async with client_for(app) as client:
        response = await post(client, b"[1, 2]", app_headers(b"[1, 2]"))
        await app.state.worker.stop()
    assert response.status_code == 400


async def test_acknowledged_events_survive_a_restart(event: dict[str, Any], tmp_path: Path) -> None:
    """The first receiver acknowledges and dies before handling; the second, on the same
    store, handles the event once at start-up and treats Front's retry as a duplicate."""
    path = tmp_path / "events.sqlite3"
    crashed = webhook_app(None, store=SQLiteEventStore(path), app_secret=APP_SECRET)
    body = body_of(event)
    async with client_for(crashed) as client:
        assert (await post(client, body, app_headers(body))).json()["status"] == "queued"
    crashed.state.store.close()  # the process is gone: nothing handled the event

    handler = Recorder()
    restarted = webhook_app(handler, store=SQLiteEventStore(path), app_secret=APP_SECRET)
    async with restarted.router.lifespan_context(restarted):
        await restarted.state.worker.drain()
        assert [e.id for e in handler.events] == [event["id"]]
        async with client_for(restarted) as client:
            retry = await post(client, body, app_headers(body))
        await restarted.state.worker.drain()
    assert retry.json()["status"] == "duplicate"
    assert [e.id for e in handler.events] == [event["id"]]
    assert restarted.state.store.status(event["id"]) == "done"


async def test_a_failing_handler_is_retried_then_the_event_is_marked_failed(
    event: dict[str, Any],
) -> None:
    calls: list[str] = []

    def flaky(e: FrontEvent) -> None:
        calls.append(e.id)
        if len(calls) < 2:
            raise RuntimeError("graph down")

    app = webhook_app(flaky, app_secret=APP_SECRET)
    app.state.worker.retry_delay = 0.0
    body = body_of(event)
    async with client_for(app) as client:
        await post(client, body, app_headers(body))
        await app.state.worker.drain()
        await app.state.worker.stop()
    assert calls == [event["id"], event["id"]]
    assert app.state.store.status(event["id"]) == "done"

    def broken(e: FrontEvent) -> None:
        raise RuntimeError("always")

    app = webhook_app(broken, app_secret=APP_SECRET)
    app.state.worker.retry_delay = 0.0
    app.state.worker.max_attempts = 3
    async with client_for(app) as client:
        await post(client, body, app_headers(body))
        await app.state.worker.drain()
        await app.state.worker.stop()
    assert app.state.store.status(event["id"]) == "failed"


def test_webhook_app_needs_a_secret() -> None:
    from langchain_front.errors import FrontConfigurationError

    with pytest.raises(FrontConfigurationError, match="app_secret"):
        webhook_app(Recorder())
