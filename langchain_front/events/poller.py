"""The events poller: Front's ``list-events`` as an event source, for hosts Front cannot reach.

Each :meth:`EventPoller.poll_once` asks for the events emitted after the saved cursor (minus a
small overlap, since Front's ``q[after]`` is per second and events of the same instant may be
listed later), follows every page, stores the events oldest first (the store drops the ones it
has already seen) and only then moves the cursor, so a crash re-reads rather than skips. The
stored events reach the handler through the same :class:`~langchain_front.events.worker.
EventWorker` as webhooks.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Collection
from typing import Any

import anyio.to_thread

from langchain_front.client import FrontClient
from langchain_front.events.model import FrontEvent
from langchain_front.events.store import EventStore
from langchain_front.events.worker import EventHandler, EventWorker

__all__ = ["EventPoller"]

_LOGGER = logging.getLogger(__name__)


class EventPoller:
    """Poll ``client``'s ``list-events`` into ``store`` and hand new events to ``handler``.

    ``name`` keys the cursor in the store (one per poller); ``types`` and ``inboxes`` narrow the
    query (``q[types]``, ``q[inboxes]``); ``start_at`` (Unix seconds) is where a poller without a
    cursor begins (default: now: history is not replayed); ``interval``: seconds between polls.
    """

    def __init__(
        self,
        client: FrontClient,
        store: EventStore,
        handler: EventHandler | None = None,
        *,
        name: str = "default",
        types: Collection[str] | None = None,
        inboxes: Collection[str] | None = None,
        start_at: float | None = None,
        interval: float = 30.0,
        overlap: float = 2.0,
    ) -> None:
        self.client = client
        self.store = store
        self.name = name
        self.types = list(types or ())
        self.inboxes = list(inboxes or ())
        self.start_at = start_at
        self.interval = interval
        self.overlap = overlap
        self.worker = EventWorker(store, handler) if handler is not None else None

    def cursor(self) -> float:
        """The ``emitted_at`` up to which events were stored (saving the start on first use)."""
        saved = self.store.get_cursor(self.name)
        if saved is not None:
            return float(saved)
        start = time.time() if self.start_at is None else self.start_at
        self.store.set_cursor(self.name, repr(start))
        return start

    def poll_once(self) -> int:
        """Store the events emitted since the cursor; returns how many were new."""
        cursor = self.cursor()
        query: dict[str, Any] = {"after": max(0.0, cursor - self.overlap)}
        if self.types:
            query["types"] = self.types
        if self.inboxes:
            query["inboxes"] = self.inboxes
        events: list[FrontEvent] = []
        for page in self.client.iter_pages("list-events", query={"q": query}, page_size=15):
            results = page.data.get("_results") if isinstance(page.data, dict) else None
            for item in results or []:
                if isinstance(item, dict) and item.get("id"):
                    events.append(FrontEvent.from_payload(item))
        events.sort(key=lambda e: (e.emitted_at or 0.0, e.id))
        new = 0
        for event in events:
            if self.store.add(event.id, json.dumps(event.model_dump(mode="json", by_alias=True))):
                new += 1
        latest = max((e.emitted_at or 0.0 for e in events), default=cursor)
        if latest > cursor:
            self.store.set_cursor(self.name, repr(latest))
        if new:
            _LOGGER.info("poller %s: %d new events", self.name, new)
        return new

    async def run_once(self) -> int:
        """Poll once, then handle what is pending; returns how many events were new."""
        new = await anyio.to_thread.run_sync(self.poll_once)
        if self.worker is not None:
            await self.worker.run_once()
        return new

    async def run(self) -> None:
        """Poll every ``interval`` seconds until cancelled; a failed poll is logged and retried."""
        while True:
            try:
                await self.run_once()
            except Exception:
                _LOGGER.exception("poller %s: polling failed; retrying", self.name)
            await asyncio.sleep(self.interval)
