"""The worker: drains an event store's queue into a handler, in the background.

A receiver or poller only stores events; this loop claims them, parses them into
:class:`~langchain_front.events.model.FrontEvent` and awaits the handler, one event at a time in
order of arrival (so two events of one conversation never race on its graph thread). A handler
that raises is retried with backoff up to ``max_attempts``, then the event is marked ``failed``
and logged. Events a crashed process stored but never handled are claimed on the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
from collections.abc import Awaitable, Callable

import anyio.to_thread

from langchain_front.events.model import FrontEvent
from langchain_front.events.store import EventStore

__all__ = ["EventHandler", "EventWorker"]

_LOGGER = logging.getLogger(__name__)

#: A handler: ``handler(event)``, sync or async. The same interface for webhooks and the poller.
EventHandler = Callable[[FrontEvent], Awaitable[None] | None]


class EventWorker:
    """Claim pending events from ``store`` and hand each to ``handler``.

    ``lease``: seconds a claimed event stays hidden from other workers (longer than a handler
    runs); ``max_attempts``: tries before an event is marked failed; ``retry_delay``: seconds
    before the first retry, doubled each time; ``poll_interval``: how often an idle worker looks
    for events stored by other processes (:meth:`wake` skips the wait).
    """

    def __init__(
        self,
        store: EventStore,
        handler: EventHandler,
        *,
        lease: float = 300.0,
        max_attempts: int = 5,
        retry_delay: float = 5.0,
        poll_interval: float = 2.0,
        batch: int = 10,
    ) -> None:
        self.store = store
        self.handler = handler
        self.lease = lease
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.poll_interval = poll_interval
        self.batch = batch
        self.handled = 0
        self._inflight = 0
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """New events were stored: look now rather than at the next poll."""
        if self._wake is not None:
            self._wake.set()

    async def run_once(self) -> int:
        """Handle every event that is ready now; returns how many were tried."""
        tried = 0
        while True:
            claimed = await anyio.to_thread.run_sync(self.store.claim, self.batch, self.lease)
            if not claimed:
                return tried
            for item in claimed:
                tried += 1
                await self._handle(item.id, item.payload, item.attempts)

    async def _handle(self, event_id: str, payload: str, attempts: int) -> None:
        self._inflight += 1
        try:
            await self._handle_one(event_id, payload, attempts)
        finally:
            self._inflight -= 1

    async def _handle_one(self, event_id: str, payload: str, attempts: int) -> None:
        try:
            event = FrontEvent.from_payload(json.loads(payload), payload.encode())
            result = self.handler(event)
            if inspect.isawaitable(result):
                await result
        except Exception as exc:
            if attempts >= self.max_attempts:
                _LOGGER.error("event %s failed %d times, giving up: %s", event_id, attempts, exc)
                await anyio.to_thread.run_sync(lambda: self.store.fail(event_id, retry_in=None))
            else:
                delay = self.retry_delay * 2 ** (attempts - 1)
                _LOGGER.warning(
                    "event %s failed (attempt %d), retrying in %g s: %s",
                    event_id,
                    attempts,
                    delay,
                    exc,
                )
                await anyio.to_thread.run_sync(lambda: self.store.fail(event_id, retry_in=delay))
            return
        self.handled += 1
        await anyio.to_thread.run_sync(self.store.complete, event_id)

    async def run(self) -> None:
        """Handle events until cancelled (pending ones from a previous run first)."""
        if self._wake is None:
            self._wake = asyncio.Event()
        while True:
            self._wake.clear()
            try:
                await self.run_once()
            except Exception:  # a store outage: log, wait, go on
                _LOGGER.exception("event worker: the store failed; retrying")
            # Not asyncio.wait_for: on Python < 3.12 it can swallow a cancellation that
            # arrives as the wait ends, and stop() would then wait forever.
            waiter = asyncio.ensure_future(self._wake.wait())
            try:
                await asyncio.wait({waiter}, timeout=self.poll_interval)
            finally:
                waiter.cancel()

    def start(self) -> asyncio.Task[None]:
        """Run :meth:`run` as a task of the running loop (once; later calls return it)."""
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self.run())
        return self._task

    async def stop(self) -> None:
        """Cancel the background task and wait for it."""
        task, self._task = self._task, None
        if task is None:
            return
        while not task.done():  # cancel again if a cancellation was absorbed on the way
            task.cancel()
            await asyncio.wait({task}, timeout=1.0)
        with contextlib.suppress(asyncio.CancelledError):
            task.result()

    async def drain(self, seconds: float = 10.0) -> None:
        """Wait until no event is ready nor being handled, at most ``seconds`` (for tests and
        scripts)."""
        with anyio.fail_after(seconds):
            while await self.run_once() or self._inflight:  # noqa: ASYNC110 - polls the store
                await asyncio.sleep(0.01)
