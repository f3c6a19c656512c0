"""Durable audit sinks: SQLite (one machine) and PostgreSQL (many), like the token stores.

Both append one row per :class:`AuditEvent` to an ``audit_events`` table created when missing:
the fields one filters on as columns (when, kind, tool, effect, decision, user, run, action,
conversation, operation, status, resource) and the whole event as JSON. Connections follow the
token stores: SQLite at a path (default ``<user data dir>/langchain-front/audit.sqlite3``, the
file 0600, WAL); PostgreSQL from a DSN (or the ``PG*`` variables) or a ``connect`` function,
tables named with ``table_prefix``. A sink is shared by threads (one lock per sink). Rows are
only ever inserted; :meth:`events` reads them back (newest last) for a UI or a test.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs

from langchain_front.errors import FrontConfigurationError
from langchain_front.policy.audit import AuditEvent

__all__ = ["PostgresAuditSink", "SQLiteAuditSink", "default_audit_path"]

_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")
_COLUMNS = (
    "at",
    "kind",
    "tool",
    "effect",
    "decision",
    "user_id",
    "run_id",
    "action_id",
    "conversation_id",
    "operation",
    "status",
    "resource_id",
)


def default_audit_path() -> Path:
    """``<user data dir>/langchain-front/audit.sqlite3``."""
    return Path(platformdirs.user_data_dir("langchain-front", appauthor=False)) / "audit.sqlite3"


def _row(event: AuditEvent) -> tuple[Any, ...]:
    values = [getattr(event, name) for name in _COLUMNS]
    values[0] = event.at.isoformat()
    return (*values, event.to_json())


class SQLiteAuditSink:
    """Audit events in a SQLite table ``audit_events`` (WAL mode; the file is 0600)."""

    def __init__(self, path: str | Path | None = None, *, include_bodies: bool = False) -> None:
        self.path = Path(path) if path is not None else default_audit_path()
        self.include_bodies = include_bodies
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path.touch(mode=0o600, exist_ok=True)
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=10)
        with self._lock, self._conn:
            self._conn.execute("PRAGMA journal_mode=WAL")
            columns = ", ".join(
                f"{name} {'INTEGER' if name == 'status' else 'TEXT'}" for name in _COLUMNS
            )
            self._conn.execute(
                f"CREATE TABLE IF NOT EXISTS audit_events (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                f"{columns}, event TEXT NOT NULL)"
            )

    def write(self, event: AuditEvent) -> None:
        """Insert the event."""
        marks = ", ".join("?" for _ in range(len(_COLUMNS) + 1))
        with self._lock, self._conn:
            self._conn.execute(
                f"INSERT INTO audit_events ({', '.join(_COLUMNS)}, event) VALUES ({marks})",
                _row(event),
            )

    def events(self, *, limit: int = 1000) -> list[AuditEvent]:
        """The latest ``limit`` events, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT event FROM audit_events ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [AuditEvent.model_validate_json(row[0]) for row in reversed(rows)]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteAuditSink(path={str(self.path)!r})"


class PostgresAuditSink:
    """Audit events in a PostgreSQL table ``<table_prefix>audit_events`` (psycopg 3).

    ``dsn``: a libpq connection string or URL; ``None`` uses the ``PG*`` environment variables.
    Or ``connect``: a function returning a new ``psycopg.Connection``. One autocommit connection
    per sink, opened on first write and opened again after an error.
    """

    def __init__(
        self,
        dsn: str | None = None,
        *,
        connect: Callable[[], Any] | None = None,
        table_prefix: str = "langchain_front_",
        include_bodies: bool = False,
        connect_timeout: float = 5.0,
    ) -> None:
        try:
            import psycopg
            import psycopg.sql
        except ImportError:
            raise FrontConfigurationError(
                "PostgresAuditSink needs psycopg 3: pip install 'langchain-front[postgres]'"
            ) from None
        if not _PREFIX.fullmatch(table_prefix):
            raise FrontConfigurationError(
                f"table_prefix {table_prefix!r} must be letters, digits and underscores (at most "
                "41), not starting with a digit"
            )
        self._pg: Any = psycopg
        self._dsn = dsn or ""
        self._connect_factory = connect
        self.connect_timeout = connect_timeout
        self.table_prefix = table_prefix
        self.include_bodies = include_bodies
        self._lock = threading.Lock()
        self._conn: Any = None
        sql = psycopg.sql
        table = sql.Identifier(f"{table_prefix}audit_events")
        columns = sql.SQL(", ").join(sql.Identifier(name) for name in _COLUMNS)
        types = ", ".join(
            f"{name} {'INTEGER' if name == 'status' else 'TIMESTAMPTZ' if name == 'at' else 'TEXT'}"
            for name in _COLUMNS
        )
        self._create = sql.SQL(
            "CREATE TABLE IF NOT EXISTS {} (id BIGSERIAL PRIMARY KEY, "
            + types
            + ", event JSONB NOT NULL)"
        ).format(table)
        marks = sql.SQL(", ").join(sql.Placeholder() for _ in range(len(_COLUMNS) + 1))
        self._insert = sql.SQL("INSERT INTO {} ({}, event) VALUES ({})").format(
            table, columns, marks
        )
        self._select = sql.SQL("SELECT event::text FROM {} ORDER BY id DESC LIMIT %s").format(table)

    def _connection(self) -> Any:
        if self._conn is None or self._conn.closed:
            if self._connect_factory is not None:
                conn = self._connect_factory()
            else:
                conn = self._pg.connect(
                    self._dsn, connect_timeout=max(2, math.ceil(self.connect_timeout))
                )
            conn.autocommit = True
            conn.execute(self._create)
            self._conn = conn
        return self._conn

    def _run(self, query: Any, params: tuple[Any, ...]) -> list[Any]:
        with self._lock:
            try:
                cursor = self._connection().execute(query, params)
                return list(cursor.fetchall()) if cursor.description else []
            except self._pg.Error:
                if self._conn is not None:
                    self._conn.close()
                self._conn = None
                raise

    def write(self, event: AuditEvent) -> None:
        """Insert the event."""
        self._run(self._insert, _row(event))

    def events(self, *, limit: int = 1000) -> list[AuditEvent]:
        """The latest ``limit`` events, oldest first."""
        rows = self._run(self._select, (limit,))
        return [AuditEvent.model_validate(json.loads(row[0])) for row in reversed(rows)]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None

    def __repr__(self) -> str:
        return f"PostgresAuditSink(table_prefix={self.table_prefix!r})"
