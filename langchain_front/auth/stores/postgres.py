"""Tokens in PostgreSQL: for several processes on several machines, in your app's own database
(``pip install 'langchain-front[postgres]'``, psycopg 3)."""

from __future__ import annotations

import logging
import math
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar

from langchain_front.auth.stores.base import STATE_RETENTION, BaseTokenStore
from langchain_front.auth.stores.memory import PROCESS_LOCKS, lock_timeout_error, stale_message
from langchain_front.errors import (
    FrontConfigurationError,
    LockTimeoutError,
    StaleTokenError,
    TokenStoreError,
)

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresTokenStore"]

_LOGGER = logging.getLogger(__name__)
_T = TypeVar("_T")
_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


def _import_psycopg() -> Any:
    try:
        import psycopg
        import psycopg.sql
    except ImportError:
        raise FrontConfigurationError(
            "PostgresTokenStore needs psycopg 3: pip install 'langchain-front[postgres]'"
        ) from None
    return psycopg


class PostgresTokenStore(BaseTokenStore):
    """Tokens and OAuth states in two PostgreSQL tables, created when missing.

    ``dsn``: a libpq connection string or URL (``postgresql://user@host/db``); ``None`` uses the
    ``PG*`` environment variables. Or ``connect``: a function returning a new
    ``psycopg.Connection`` (set up TLS, passwords from a vault...). Tables are
    ``<table_prefix>tokens(key, payload, version, updated_at)`` and
    ``<table_prefix>oauth_states(state, user_key, expires_at)``; the ``key`` and ``user_key``
    columns hold user IDs (a stored format: its names do not change).

    Saves are compare-and-swap in one statement (``UPDATE ... WHERE version = %s``, ``INSERT ...
    ON CONFLICT DO NOTHING``). :meth:`lock` is a session advisory lock,
    ``pg_advisory_lock(hashtextextended(<table_prefix><user_id>, 0))``, on a connection of its own
    held for as long as the lock: a holder that dies loses its connection, and the lock with it.
    That connection must reach PostgreSQL directly or through a session-mode pooler (not
    PgBouncer in transaction mode). Other calls share up to ``pool_size`` connections per store.
    Needs PostgreSQL 11 or later (``hashtextextended``).

    Timeouts: ``connect_timeout`` (5 s) to connect; ``statement_timeout`` (10 s) for any one
    statement, set on the server (``statement_timeout``) and enforced on this side too, so that a
    hung or stopped server (which never answers, not even to cancel) fails the call with
    :class:`TokenStoreError` instead of blocking: past the deadline the connection is shut down
    and discarded. :meth:`lock` waits at most its ``timeout`` (connecting included).
    """

    def __init__(
        self,
        dsn: str | None = None,
        *,
        connect: Callable[[], psycopg.Connection[Any]] | None = None,
        table_prefix: str = "langchain_front_",
        encryption: object = None,
        pool_size: int = 4,
        connect_timeout: float = 5.0,
        statement_timeout: float = 10.0,
    ) -> None:
        super().__init__(encryption=encryption)
        self._pg: Any = _import_psycopg()
        if not _PREFIX.fullmatch(table_prefix):
            raise FrontConfigurationError(
                f"table_prefix {table_prefix!r} must be letters, digits and underscores (at most "
                "41), not starting with a digit"
            )
        self.table_prefix = table_prefix
        self.connect_timeout = connect_timeout
        self.statement_timeout = statement_timeout
        self._dsn = dsn or ""
        self._connect_factory = connect
        self._where = self._describe_target()
        sql = self._pg.sql
        tokens = sql.Identifier(f"{table_prefix}tokens")
        states = sql.Identifier(f"{table_prefix}oauth_states")
        self._schema = [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (key TEXT PRIMARY KEY, payload TEXT NOT NULL, "
                "version BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            ).format(tokens),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (state TEXT PRIMARY KEY, user_key TEXT NOT NULL, "
                "expires_at DOUBLE PRECISION NOT NULL)"
            ).format(states),
        ]
        self._q = {
            "get": sql.SQL("SELECT payload, version FROM {} WHERE key = %s").format(tokens),
            "upsert": sql.SQL(
                "INSERT INTO {t} AS t (key, payload, version) VALUES (%s, %s, 1) "
                "ON CONFLICT (key) DO UPDATE SET payload = EXCLUDED.payload, "
                "version = t.version + 1, updated_at = now() RETURNING version"
            ).format(t=tokens),
            "insert": sql.SQL(
                "INSERT INTO {} (key, payload, version) VALUES (%s, %s, 1) "
                "ON CONFLICT (key) DO NOTHING RETURNING version"
            ).format(tokens),
            "update": sql.SQL(
                "UPDATE {} SET payload = %s, version = version + 1, updated_at = now() "
                "WHERE key = %s AND version = %s RETURNING version"
            ).format(tokens),
            "version": sql.SQL("SELECT version FROM {} WHERE key = %s").format(tokens),
            "delete": sql.SQL("DELETE FROM {} WHERE key = %s").format(tokens),
            "keys": sql.SQL("SELECT key FROM {}").format(tokens),
            "prune": sql.SQL("DELETE FROM {} WHERE expires_at < %s").format(states),
            "put_state": sql.SQL(
                "INSERT INTO {} (state, user_key, expires_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (state) DO UPDATE SET user_key = EXCLUDED.user_key, "
                "expires_at = EXCLUDED.expires_at"
            ).format(states),
            "take_state": sql.SQL(
                "DELETE FROM {} WHERE state = %s RETURNING user_key, expires_at"
            ).format(states),
        }
        self._mutex = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, pool_size))
        self._idle: list[Any] = []
        self._pid = os.getpid()
        self._ready = False

    def _describe(self) -> str:
        return f"{self._where!r}, table_prefix={self.table_prefix!r}"

    def _describe_target(self) -> str:
        """host:port/dbname, never a password."""
        if self._connect_factory is not None:
            return "connect()"
        try:
            params = self._pg.conninfo.conninfo_to_dict(self._dsn)
        except Exception:
            return "?"
        host = params.get("host") or os.environ.get("PGHOST") or "localhost"
        port = params.get("port") or os.environ.get("PGPORT") or "5432"
        dbname = params.get("dbname") or os.environ.get("PGDATABASE") or ""
        return f"{host}:{port}/{dbname}"

    # ------------------------------------------------------------------ connections

    def _error(self, exc: Exception) -> TokenStoreError:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return TokenStoreError(
            f"PostgreSQL at {self._where} failed: {type(exc).__name__}: {detail}; check that it "
            "runs and that the connection string is right, then retry"
        )

    def _new_connection(self, timeout: float | None = None) -> Any:
        """A new autocommit connection (the caller closes it), within ``timeout`` seconds
        (``connect_timeout`` by default; libpq's floor is 2 s)."""
        wait = self.connect_timeout if timeout is None else min(timeout, self.connect_timeout)
        try:
            if self._connect_factory is not None:
                conn = self._connect_factory()
            else:
                server_ms = max(1, int(self.statement_timeout * 1000))
                conn = self._pg.connect(
                    self._dsn,
                    connect_timeout=max(2, math.ceil(wait)),
                    options=f"-c statement_timeout={server_ms}",
                )
            conn.autocommit = True
        except self._pg.Error as exc:
            raise self._error(exc) from None
        return conn

    @contextmanager
    def _deadline(self, conn: Any, seconds: float) -> Iterator[threading.Event]:
        """Shut ``conn``'s socket down if the block takes longer than ``seconds``: the blocked
        call then fails at once. The event yielded tells whether that happened (the connection
        is then useless)."""
        fired = threading.Event()

        def fire() -> None:
            fired.set()
            with suppress(Exception):
                sock = socket.socket(fileno=os.dup(conn.fileno()))
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                finally:
                    sock.close()

        if not seconds < threading.TIMEOUT_MAX:  # no limit (an infinite lock timeout)
            yield fired
            return
        timer = threading.Timer(max(0.01, seconds), fire)
        timer.daemon = True
        timer.start()
        try:
            yield fired
        finally:
            timer.cancel()

    def _timed_out(self, seconds: float) -> TokenStoreError:
        return TokenStoreError(
            f"PostgreSQL at {self._where} did not answer within {seconds:g} s; check that the "
            "server runs and is not overloaded, then retry"
        )

    def _run(self, work: Callable[[Any], _T]) -> _T:
        """Run ``work(connection)`` on a pooled connection within ``statement_timeout``; once
        more on a fresh connection when a reused one turns out to be dead (a server restart, an
        idle timeout), never after a timeout."""
        if not self._ready:
            self._prepare()
        if self._pid != os.getpid():  # forked: the parent's connections are not ours to use
            with self._mutex:
                self._idle, self._pid = [], os.getpid()
        if not self._slots.acquire(timeout=self.connect_timeout + self.statement_timeout):
            raise TokenStoreError(
                f"PostgreSQL at {self._where}: no free connection in the store's pool (every "
                "one is waiting for the server); retry"
            )
        try:
            for attempt in (1, 2):
                with self._mutex:
                    conn = self._idle.pop() if self._idle else None
                reused = conn is not None
                if conn is None:
                    conn = self._new_connection()
                with self._deadline(conn, self.statement_timeout) as fired:
                    try:
                        result = work(conn)
                    except self._pg.OperationalError as exc:
                        with suppress(Exception):
                            conn.close()
                        if fired.is_set():
                            raise self._timed_out(self.statement_timeout) from None
                        if reused and attempt == 1:
                            continue
                        raise self._error(exc) from None
                    except self._pg.Error as exc:
                        with suppress(Exception):
                            conn.close()
                        raise self._error(exc) from None
                    except BaseException:
                        with suppress(Exception):
                            conn.close()
                        raise
                if fired.is_set():  # answered just in time, but the socket is shut: drop it
                    with suppress(Exception):
                        conn.close()
                else:
                    with self._mutex:
                        self._idle.append(conn)
                return result
            raise AssertionError("unreachable")  # pragma: no cover
        finally:
            self._slots.release()

    def _prepare(self) -> None:
        """Create the tables when missing (under an advisory lock: concurrent CREATE TABLE IF NOT
        EXISTS may otherwise collide)."""
        with self._mutex:
            if self._ready:
                return
            conn = self._new_connection()
            try:
                with self._deadline(conn, self.statement_timeout) as fired, conn.transaction():
                    conn.execute(
                        "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                        (f"langchain_front schema {self.table_prefix}",),
                    )
                    for statement in self._schema:
                        conn.execute(statement)
            except self._pg.Error as exc:
                if fired.is_set():
                    raise self._timed_out(self.statement_timeout) from None
                raise self._error(exc) from None
            finally:
                with suppress(Exception):
                    conn.close()
            self._ready = True

    def close(self) -> None:
        """Close the pooled connections (the store reconnects if used again)."""
        with self._mutex:
            idle, self._idle = self._idle, []
        for conn in idle:
            with suppress(Exception):
                conn.close()

    # ------------------------------------------------------------------ backend

    def _get_raw(self, user_id: str) -> tuple[str, int] | None:
        row = self._run(lambda c: c.execute(self._q["get"], (user_id,)).fetchone())
        return None if row is None else (str(row[0]), int(row[1]))

    def _put_raw(self, user_id: str, payload: str, expected_version: int | None) -> int:
        def work(conn: Any) -> tuple[int | None, int]:
            if expected_version is None:
                row = conn.execute(self._q["upsert"], (user_id, payload)).fetchone()
            elif expected_version == 0:
                row = conn.execute(self._q["insert"], (user_id, payload)).fetchone()
            else:
                row = conn.execute(
                    self._q["update"], (payload, user_id, expected_version)
                ).fetchone()
            if row is not None:
                return int(row[0]), 0
            found = conn.execute(self._q["version"], (user_id,)).fetchone()
            return None, int(found[0]) if found else 0

        version, found = self._run(work)
        if version is None:
            assert expected_version is not None
            raise StaleTokenError(stale_message(user_id, expected_version, found))
        return version

    def _delete_raw(self, user_id: str) -> None:
        self._run(lambda c: c.execute(self._q["delete"], (user_id,)))

    def _keys_raw(self) -> list[str]:
        rows = self._run(lambda c: c.execute(self._q["keys"]).fetchall())
        return [str(row[0]) for row in rows]

    @contextmanager
    def lock(self, user_id: str, *, timeout: float = 30.0) -> Iterator[None]:
        """Exclusive lock on ``user_id`` across threads, processes and machines (advisory lock).
        Waits at most ``timeout`` (about: libpq connects within 2 s at least), connecting and a
        hung server included."""
        message = lock_timeout_error(user_id, timeout)
        name = f"{self.table_prefix}{user_id}"
        local = f"postgres:{self._where}:{name}"
        with PROCESS_LOCKS.hold(local, timeout, message) as remaining:
            deadline = time.monotonic() + remaining
            if not self._ready:
                self._prepare()
            conn = self._new_connection(timeout=max(0.0, deadline - time.monotonic()))
            try:
                acquired = self._advisory_lock(conn, name, deadline - time.monotonic())
            except BaseException:
                with suppress(Exception):
                    conn.close()
                raise
            if not acquired:
                with suppress(Exception):
                    conn.close()
                raise LockTimeoutError(message)
            try:
                yield
            finally:
                try:
                    with self._deadline(conn, self.statement_timeout):
                        conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (name,))
                except self._pg.Error as exc:  # closing the connection frees it anyway
                    _LOGGER.warning("could not unlock %r cleanly: %s", user_id, exc)
                finally:
                    with suppress(Exception):
                        conn.close()

    def _advisory_lock(self, conn: Any, name: str, left: float) -> bool:
        """Wait in the server (woken as soon as the holder unlocks), bounded by ``lock_timeout``
        there and by a deadline here (a hung server answers nothing)."""
        patience = max(left, 0.0) + 1.0
        with self._deadline(conn, patience) as fired:
            try:
                if left <= 0.001:
                    row = conn.execute(
                        "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", (name,)
                    ).fetchone()
                    return bool(row[0])
                # lock_timeout is in ms, at most 2^31 - 1; 0 means no limit.
                wait_ms = 0 if math.isinf(left) else max(1, min(int(left * 1000), 2**31 - 1))
                conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{wait_ms}ms",))
                conn.execute("SELECT set_config('statement_timeout', '0', false)")
                try:
                    conn.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (name,))
                except self._pg.errors.LockNotAvailable:
                    return False
                conn.execute("SELECT set_config('lock_timeout', '0', false)")
                return True
            except self._pg.Error as exc:
                if fired.is_set():
                    raise self._timed_out(patience) from None
                raise self._error(exc) from None

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_id`` until ``expires_at``."""

        def work(conn: Any) -> None:
            with conn.transaction():
                conn.execute(self._q["prune"], (time.time() - STATE_RETENTION,))
                conn.execute(self._q["put_state"], (state, user_id, float(expires_at)))

        self._run(work)

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Atomically remove and return ``(user_id, expires_at)``, or ``None``."""
        row = self._run(lambda c: c.execute(self._q["take_state"], (state,)).fetchone())
        return None if row is None else (str(row[0]), float(row[1]))
