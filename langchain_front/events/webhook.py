"""The webhook receiver: a Starlette app that checks, stores and acknowledges Front's requests.

Order matters for delivery: the signature is checked over the raw body, the event is written to
the store (deduplicated by ID), and only then is 200 returned; the handler runs later in the
:class:`~langchain_front.events.worker.EventWorker`. So Front gets its answer in milliseconds
whatever the graph does, a retry of a stored event is a no-op, and an event acknowledged before a
crash is still in the store when the process comes back. Refused requests (401) are logged with
the reason and size, never their body or signature.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from pydantic import SecretStr, ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from langchain_front.errors import FrontConfigurationError
from langchain_front.events.model import FrontEvent
from langchain_front.events.signatures import (
    DEFAULT_TOLERANCE,
    SignatureError,
    verify_application,
    verify_rule,
)
from langchain_front.events.store import EventStore, MemoryEventStore
from langchain_front.events.worker import EventHandler, EventWorker

__all__ = ["webhook_app"]

_LOGGER = logging.getLogger(__name__)

#: Front's webhook bodies are small; anything larger is refused before it is read further.
MAX_BODY = 5 * 1024 * 1024


def webhook_app(
    handler: EventHandler | None = None,
    *,
    store: EventStore | None = None,
    app_secret: str | SecretStr | None = None,
    rule_secret: str | SecretStr | None = None,
    path: str = "/",
    tolerance: float = DEFAULT_TOLERANCE,
    worker: EventWorker | None = None,
) -> Starlette:
    """An ASGI app receiving Front's webhooks at ``path`` (POST).

    ``app_secret`` checks application webhooks (HMAC-SHA256 of ``timestamp:body``, timestamps
    older than ``tolerance`` seconds refused); ``rule_secret`` checks rule webhooks (HMAC-SHA1 of
    the body). A request is checked by the scheme its headers claim, and only if that scheme's
    secret is configured; anything else gets 401. Events go to ``store`` (default: in memory) and
    from there to ``handler`` through an :class:`EventWorker` started with the app (or on the
    first request when the app is mounted in another one, whose lifespan does not run ours);
    ``app.state.worker`` and ``app.state.store`` give access to both.
    """
    if app_secret is None and rule_secret is None:
        raise FrontConfigurationError(
            "webhook_app needs app_secret (application webhooks: the app's secret on Front's "
            "Developers page) or rule_secret (rule webhooks: the Webhooks app's API secret)"
        )
    store = store or MemoryEventStore()
    if worker is None and handler is not None:
        worker = EventWorker(store, handler)
    app_key = SecretStr(app_secret) if isinstance(app_secret, str) else app_secret
    rule_key = SecretStr(rule_secret) if isinstance(rule_secret, str) else rule_secret

    def check(request: Request, body: bytes) -> None:
        signature = request.headers.get("x-front-signature")
        timestamp = request.headers.get("x-front-request-timestamp")
        if timestamp is not None or rule_key is None:
            if app_key is None:
                raise SignatureError("application webhooks are not configured (no app_secret)")
            verify_application(app_key, body, signature, timestamp, tolerance=tolerance)
        else:
            verify_rule(rule_key, body, signature)

    async def receive(request: Request) -> Response:
        if worker is not None:
            worker.start()  # no-op when running; starts it when our lifespan did not run
        body = await request.body()
        who = request.client.host if request.client else "?"
        if len(body) > MAX_BODY:
            _LOGGER.warning("refused a webhook from %s: body of %d bytes", who, len(body))
            return JSONResponse({"error": "body too large"}, status_code=413)
        try:
            check(request, body)
        except SignatureError as exc:
            _LOGGER.warning("refused a webhook from %s (401): %s; %d bytes", who, exc, len(body))
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        challenge = request.headers.get("x-front-challenge")
        if challenge is not None:
            _LOGGER.info("answered Front's validation challenge")
            return JSONResponse({"challenge": challenge})
        try:
            payload: Any = json.loads(body)
            if not isinstance(payload, dict):
                raise ValueError("not a JSON object")
            if payload.get("type") == "sync":
                return JSONResponse({"status": "ok"})
            event = FrontEvent.from_payload(payload, body)
        except (ValueError, ValidationError) as exc:
            _LOGGER.warning("a signed webhook from %s is not an event (400): %s", who, exc)
            return JSONResponse({"error": "not a Front event"}, status_code=400)
        stored = json.dumps(event.model_dump(mode="json", by_alias=True))
        added = await anyio.to_thread.run_sync(store.add, event.id, stored)
        if not added:
            _LOGGER.info("duplicate delivery of event %s ignored", event.id)
            return JSONResponse({"status": "duplicate", "id": event.id})
        if worker is not None:
            worker.wake()
        return JSONResponse({"status": "queued", "id": event.id})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if worker is not None:
            worker.start()  # handles what a previous run stored but did not handle
        try:
            yield
        finally:
            if worker is not None:
                await worker.stop()

    app = Starlette(routes=[Route(path, receive, methods=["POST"])], lifespan=lifespan)
    app.state.store = store
    app.state.worker = worker
    return app
