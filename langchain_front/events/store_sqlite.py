"""Events in SQLite (WAL, ``synchronous=FULL``): the default event store, for one machine.

Reuses :class:`~langchain_front.auth.stores.sqlite.SQLiteTokenStore`'s connection handling (a
connection per thread, 0600 file, WAL, busy timeout, corruption messages) on a file of its own,
so a stored event survives a crash the moment :meth:`add` returns.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import platformdirs

from langchain_front.auth.stores.sqlite import SQLiteTokenStore
from langchain_front.events.store import DEFAULT_RETENTION, ClaimedEvent, EventStore

__all__ = ["SQLiteEventStore", "default_event_path"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS front_events (id TEXT PRIMARY KEY, payload TEXT NOT NULL,"
    " status TEXT NOT NULL, attempts INTEGER NOT NULL, visible_at REAL NOT NULL,"
    " received_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS front_events_queue ON front_events (status, visible_at)",
    "CREATE TABLE IF NOT EXISTS front_event_cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def default_event_path() -> Path:
    """``<user data dir>/langchain-front/events.sqlite3``."""
    return Path(platformdirs.user_data_dir("langchain-front", appauthor=False)) / "events.sqlite3"


class SQLiteEventStore(EventStore):
    """Events in a SQLite file (default :func:`default_event_path`); any number of processes of
    one machine may share it. Not on a network filesystem."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        retention: float = DEFAULT_RETENTION,
        busy_timeout: float = 10.0,
    ) -> None:
        self.retention = retention
        self._db = SQLiteTokenStore(path or default_event_path(), busy_timeout=busy_timeout)
        self.path = self._db.path
        self._ready_pid: int | None = None

    def __repr__(self) -> str:
        return f"SQLiteEventStore({str(self.path)!r})"

    def _prepare(self) -> None:
        if self._ready_pid == os.getpid():
            return
        with self._db._transaction() as conn:
            for statement in _SCHEMA:
                conn.execute(statement)
        self._ready_pid = os.getpid()

    def add(self, event_id: str, payload: str) -> bool:
        self._prepare()
        self.maybe_prune()
        now = time.time()
        with self._db._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO front_events VALUES (?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING",
                (event_id, payload, now, now),
            )
            return cur.rowcount == 1

    def claim(self, limit: int = 10, lease: float = 300.0) -> list[ClaimedEvent]:
        self._prepare()
        now = time.time()
        with self._db._transaction() as conn:
            rows = conn.execute(
                "SELECT id, payload, attempts FROM front_events WHERE status = 'pending'"
                " AND visible_at <= ? ORDER BY received_at, id LIMIT ?",
                (now, limit),
            ).fetchall()
            conn.executemany(
                "UPDATE front_events SET attempts = attempts + 1, visible_at = ? WHERE id = ?",
                [(now + lease, row[0]) for row in rows],
            )
        return [ClaimedEvent(str(r[0]), str(r[1]), int(r[2]) + 1) for r in rows]

    def complete(self, event_id: str) -> None:
        self._prepare()
        with self._db._transaction() as conn:
            conn.execute("UPDATE front_events SET status = 'done' WHERE id = ?", (event_id,))

    def fail(self, event_id: str, *, retry_in: float | None) -> None:
        self._prepare()
        with self._db._transaction() as conn:
            if retry_in is None:
                conn.execute("UPDATE front_events SET status = 'failed' WHERE id = ?", (event_id,))
            else:
                conn.execute(
                    "UPDATE front_events SET visible_at = ? WHERE id = ?",
                    (time.time() + retry_in, event_id),
                )

    def status(self, event_id: str) -> str | None:
        self._prepare()
        with self._db._connection() as conn:
            row = conn.execute("SELECT status FROM front_events WHERE id = ?", (event_id,))
            found = row.fetchone()
        return None if found is None else str(found[0])

    def get_cursor(self, name: str) -> str | None:
        self._prepare()
        with self._db._connection() as conn:
            row = conn.execute("SELECT value FROM front_event_cursors WHERE name = ?", (name,))
            found = row.fetchone()
        return None if found is None else str(found[0])

    def set_cursor(self, name: str, value: str) -> None:
        self._prepare()
        with self._db._transaction() as conn:
            conn.execute(
                "INSERT INTO front_event_cursors VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def _prune(self, before: float) -> None:
        with self._db._transaction() as conn:
            conn.execute(
                "DELETE FROM front_events WHERE status != 'pending' AND received_at < ?", (before,)
            )

    def close(self) -> None:
        self._db.close()
