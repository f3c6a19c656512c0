"""Where received events wait to be handled: a deduplicating queue with a cursor table.

Every backend keeps, per event ID, the event's JSON, a status (``pending``, ``done``, ``failed``),
the number of attempts and the time it may next be claimed (``visible_at``). Adding an ID that
is already there is refused, which is the deduplication (Front retries webhooks). A worker
*claims* pending events, which hides them for a lease; a worker that dies mid-handling leaves
them to reappear when the lease ends, so an event that was stored is handled even across a
crash (at least once; exactly once unless the process dies while the handler runs). Handled
events are kept for ``retention`` seconds, the deduplication window, then pruned.

Backends: :class:`MemoryEventStore` (here), SQLite, Redis and PostgreSQL, chosen by URL with
:func:`open_event_store` exactly like the token stores.
"""

from __future__ import annotations

import os
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from langchain_front.errors import FrontConfigurationError

__all__ = [
    "DEFAULT_RETENTION",
    "EVENT_STORE_ENV",
    "ClaimedEvent",
    "EventStore",
    "MemoryEventStore",
    "open_event_store",
]

#: How long handled events are remembered for deduplication (seconds): 7 days.
DEFAULT_RETENTION = 7 * 24 * 3600.0

EVENT_STORE_ENV = "FRONT_EVENT_STORE"

_PRUNE_EVERY = 60.0


@dataclass(frozen=True)
class ClaimedEvent:
    """An event a worker claimed: its ID, stored JSON and the attempt this is (1 = first)."""

    id: str
    payload: str
    attempts: int


class EventStore(ABC):
    """The store protocol (synchronous: async callers run it in a thread)."""

    retention: float = DEFAULT_RETENTION
    _last_prune: float = 0.0

    @abstractmethod
    def add(self, event_id: str, payload: str) -> bool:
        """Queue a new event; ``False`` (and nothing changes) if the ID was seen before."""

    @abstractmethod
    def claim(self, limit: int = 10, lease: float = 300.0) -> list[ClaimedEvent]:
        """Up to ``limit`` pending events (oldest first), hidden from other claims for
        ``lease`` seconds."""

    @abstractmethod
    def complete(self, event_id: str) -> None:
        """Mark a claimed event handled."""

    @abstractmethod
    def fail(self, event_id: str, *, retry_in: float | None) -> None:
        """A handler failed: retry after ``retry_in`` seconds, or give up (``None``)."""

    @abstractmethod
    def status(self, event_id: str) -> str | None:
        """``pending``, ``done``, ``failed``, or ``None`` for an unknown (or pruned) ID."""

    @abstractmethod
    def get_cursor(self, name: str) -> str | None:
        """A poller's saved position."""

    @abstractmethod
    def set_cursor(self, name: str, value: str) -> None:
        """Save a poller's position."""

    @abstractmethod
    def _prune(self, before: float) -> None:
        """Forget handled and failed events received before ``before``."""

    def prune_now(self) -> None:
        """Forget handled events older than ``retention`` (done at most once a minute by
        :meth:`maybe_prune`, which :meth:`add` calls)."""
        self._last_prune = time.time()
        self._prune(self._last_prune - self.retention)

    def maybe_prune(self) -> None:
        if time.time() - self._last_prune > _PRUNE_EVERY:
            self.prune_now()

    def close(self) -> None:  # noqa: B027 - optional
        """Release connections (the store reconnects if used again)."""


@dataclass
class _Row:
    payload: str
    received_at: float
    visible_at: float
    status: str = "pending"
    attempts: int = 0


class MemoryEventStore(EventStore):
    """One process, lost on exit: for tests and demos."""

    def __init__(self, *, retention: float = DEFAULT_RETENTION) -> None:
        self.retention = retention
        self._lock = threading.Lock()
        self._rows: dict[str, _Row] = {}
        self._cursors: dict[str, str] = {}

    def __repr__(self) -> str:
        return "MemoryEventStore()"

    def add(self, event_id: str, payload: str) -> bool:
        self.maybe_prune()
        now = time.time()
        with self._lock:
            if event_id in self._rows:
                return False
            self._rows[event_id] = _Row(payload, now, now)
            return True

    def claim(self, limit: int = 10, lease: float = 300.0) -> list[ClaimedEvent]:
        now = time.time()
        claimed: list[ClaimedEvent] = []
        with self._lock:
            ready = sorted(
                (row.received_at, key)
                for key, row in self._rows.items()
                if row.status == "pending" and row.visible_at <= now
            )
            for _, key in ready[:limit]:
                row = self._rows[key]
                row.attempts += 1
                row.visible_at = now + lease
                claimed.append(ClaimedEvent(key, row.payload, row.attempts))
        return claimed

    def complete(self, event_id: str) -> None:
        with self._lock:
            if event_id in self._rows:
                self._rows[event_id].status = "done"

    def fail(self, event_id: str, *, retry_in: float | None) -> None:
        with self._lock:
            row = self._rows.get(event_id)
            if row is None:
                return
            if retry_in is None:
                row.status = "failed"
            else:
                row.visible_at = time.time() + retry_in

    def status(self, event_id: str) -> str | None:
        with self._lock:
            row = self._rows.get(event_id)
            return None if row is None else row.status

    def get_cursor(self, name: str) -> str | None:
        with self._lock:
            return self._cursors.get(name)

    def set_cursor(self, name: str, value: str) -> None:
        with self._lock:
            self._cursors[name] = value

    def _prune(self, before: float) -> None:
        with self._lock:
            rows = self._rows.items()
            old = [k for k, r in rows if r.status != "pending" and r.received_at < before]
            for key in old:
                del self._rows[key]


SCHEMES = "memory:, sqlite:PATH, redis://..., postgresql://..."


def open_event_store(url: str | None = None) -> EventStore:
    """The store named by ``url``, else by ``FRONT_EVENT_STORE``, else SQLite at
    ``<user data dir>/langchain-front/events.sqlite3``.

    Forms (those of the token stores): ``memory:``, ``sqlite:/path/events.sqlite3``,
    ``redis://host:6379/0``, ``postgresql://user@host/db``.
    """
    url = url or os.environ.get(EVENT_STORE_ENV) or "sqlite:"
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme == "memory":
        return MemoryEventStore()
    if scheme == "sqlite":
        from langchain_front.events.store_sqlite import SQLiteEventStore

        return SQLiteEventStore(Path(rest).expanduser() if rest else None)
    if scheme in ("redis", "rediss"):
        from langchain_front.events.store_redis import RedisEventStore

        return RedisEventStore(url)
    if scheme in ("postgres", "postgresql"):
        from langchain_front.events.store_postgres import PostgresEventStore

        return PostgresEventStore(url)
    raise FrontConfigurationError(f"unknown event store kind {scheme!r}; use one of: {SCHEMES}")
