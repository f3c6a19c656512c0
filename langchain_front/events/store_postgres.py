"""Events in PostgreSQL, shared by every receiver and worker, in your app's own database
(``pip install 'langchain-front[postgres]'``).

Reuses :class:`~langchain_front.auth.stores.postgres.PostgresTokenStore`'s connections (pool,
connect and statement timeouts enforced on both sides, one retry on a dead pooled connection).
Tables ``<table_prefix>events`` and ``<table_prefix>event_cursors``, created when missing. Claims
use ``FOR UPDATE SKIP LOCKED``, so workers on several machines never take the same event.
"""

from __future__ import annotations

import time
from typing import Any

from langchain_front.auth.stores.postgres import PostgresTokenStore
from langchain_front.events.store import DEFAULT_RETENTION, ClaimedEvent, EventStore

__all__ = ["PostgresEventStore"]


class PostgresEventStore(EventStore):
    """Events in PostgreSQL at ``dsn`` (``postgresql://user@host/db``; ``None``: ``PG*``
    variables)."""

    def __init__(
        self,
        dsn: str | None = None,
        *,
        table_prefix: str = "langchain_front_",
        retention: float = DEFAULT_RETENTION,
    ) -> None:
        self.retention = retention
        self._db = PostgresTokenStore(dsn, table_prefix=table_prefix)
        sql = self._db._pg.sql
        events = sql.Identifier(f"{table_prefix}events")
        cursors = sql.Identifier(f"{table_prefix}event_cursors")
        self._schema = [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (id TEXT PRIMARY KEY, payload TEXT NOT NULL, "
                "status TEXT NOT NULL, attempts INTEGER NOT NULL, "
                "visible_at DOUBLE PRECISION NOT NULL, received_at DOUBLE PRECISION NOT NULL)"
            ).format(events),
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (status, visible_at)").format(
                sql.Identifier(f"{table_prefix}events_queue"), events
            ),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
            ).format(cursors),
        ]
        self._q = {
            "add": sql.SQL(
                "INSERT INTO {} VALUES (%s, %s, 'pending', 0, %s, %s) "
                "ON CONFLICT (id) DO NOTHING RETURNING id"
            ).format(events),
            "claim": sql.SQL(
                "UPDATE {t} SET attempts = attempts + 1, visible_at = %s WHERE id IN ("
                "SELECT id FROM {t} WHERE status = 'pending' AND visible_at <= %s "
                "ORDER BY received_at, id LIMIT %s FOR UPDATE SKIP LOCKED) "
                "RETURNING id, payload, attempts, received_at"
            ).format(t=events),
            "done": sql.SQL("UPDATE {} SET status = 'done' WHERE id = %s").format(events),
            "dead": sql.SQL("UPDATE {} SET status = 'failed' WHERE id = %s").format(events),
            "retry": sql.SQL("UPDATE {} SET visible_at = %s WHERE id = %s").format(events),
            "status": sql.SQL("SELECT status FROM {} WHERE id = %s").format(events),
            "prune": sql.SQL(
                "DELETE FROM {} WHERE status <> 'pending' AND received_at < %s"
            ).format(events),
            "get_cursor": sql.SQL("SELECT value FROM {} WHERE name = %s").format(cursors),
            "set_cursor": sql.SQL(
                "INSERT INTO {} VALUES (%s, %s) ON CONFLICT (name) DO UPDATE "
                "SET value = EXCLUDED.value"
            ).format(cursors),
        }
        self._ready = False

    def __repr__(self) -> str:
        return f"PostgresEventStore({self._db._where!r})"

    def _exec(self, name: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if not self._ready:
            self._prepare()

        def work(conn: Any) -> list[tuple[Any, ...]]:
            cur = conn.execute(self._q[name], params)
            return list(cur.fetchall()) if cur.description else []

        return self._db._run(work)

    def _prepare(self) -> None:
        def work(conn: Any) -> None:
            with conn.transaction():
                conn.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                    (f"langchain_front events schema {self._db.table_prefix}",),
                )
                for statement in self._schema:
                    conn.execute(statement)

        self._db._run(work)
        self._ready = True

    def add(self, event_id: str, payload: str) -> bool:
        self.maybe_prune()
        now = time.time()
        return bool(self._exec("add", (event_id, payload, now, now)))

    def claim(self, limit: int = 10, lease: float = 300.0) -> list[ClaimedEvent]:
        now = time.time()
        rows = self._exec("claim", (now + lease, now, limit))
        rows.sort(key=lambda r: (r[3], r[0]))
        return [ClaimedEvent(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    def complete(self, event_id: str) -> None:
        self._exec("done", (event_id,))

    def fail(self, event_id: str, *, retry_in: float | None) -> None:
        if retry_in is None:
            self._exec("dead", (event_id,))
        else:
            self._exec("retry", (time.time() + retry_in, event_id))

    def status(self, event_id: str) -> str | None:
        rows = self._exec("status", (event_id,))
        return str(rows[0][0]) if rows else None

    def get_cursor(self, name: str) -> str | None:
        rows = self._exec("get_cursor", (name,))
        return str(rows[0][0]) if rows else None

    def set_cursor(self, name: str, value: str) -> None:
        self._exec("set_cursor", (name, value))

    def _prune(self, before: float) -> None:
        self._exec("prune", (before,))

    def close(self) -> None:
        self._db.close()
