"""Tokens in a SQLite database (WAL mode): the default store, for one machine."""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sqlite3
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from langchain_front.auth.stores.base import (
    STATE_RETENTION,
    BaseTokenStore,
    Heartbeat,
    restrict_to_owner,
)
from langchain_front.auth.stores.memory import PROCESS_LOCKS, lock_timeout_error, stale_message
from langchain_front.errors import LockTimeoutError, StaleTokenError, TokenStoreError

__all__ = ["SQLiteTokenStore", "default_sqlite_path"]

_LOGGER = logging.getLogger(__name__)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS tokens ("
    " key TEXT PRIMARY KEY, payload TEXT NOT NULL, version INTEGER NOT NULL,"
    " updated_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS oauth_states ("
    " state TEXT PRIMARY KEY, user_key TEXT NOT NULL, expires_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS locks ("
    " key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at REAL NOT NULL)",
)

#: SQLITE_CORRUPT and SQLITE_NOTADB (primary result codes).
_CORRUPT_CODES = {11, 26}


def default_sqlite_path() -> Path:
    """``<user data dir>/langchain-front/tokens.sqlite3`` (e.g. ``~/.local/share/...``)."""
    return Path(platformdirs.user_data_dir("langchain-front", appauthor=False)) / "tokens.sqlite3"


class SQLiteTokenStore(BaseTokenStore):
    """Tokens and OAuth states in a SQLite database: the default store, for one machine.

    ``path`` defaults to :func:`default_sqlite_path`; missing directories are created 0700 and
    the database 0600. WAL mode with ``synchronous=FULL``: a process killed mid-write loses
    nothing that was committed, and a half-done write is rolled back. Tables: ``tokens(key,
    payload, version, updated_at)``, ``oauth_states(state, user_key, expires_at)`` and
    ``locks(key, owner, expires_at)``; the ``key`` and ``user_key`` columns hold user IDs (a
    stored format: its names do not change).

    Saves are compare-and-swap inside ``BEGIN IMMEDIATE`` transactions. :meth:`lock` is a lease
    row in ``locks`` (taken when absent or expired, polled every few milliseconds, deleted by its
    owner on release): exclusive across the threads and processes of a machine. The lease lasts
    ``lock_ttl`` seconds (6) and a heartbeat renews it every third of that while its holder
    runs, so a holder killed mid-refresh frees it within ``lock_ttl``. Don't put the file on a
    network filesystem.

    Timeouts: ``busy_timeout`` (10 s) is how long a statement waits for another process's write
    (a hung or stopped writer: :class:`TokenStoreError` after it); :meth:`lock` waits at most its
    ``timeout``, busy database included. Each thread uses its own connection.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        encryption: object = None,
        lock_ttl: float = 6.0,
        busy_timeout: float = 10.0,
    ) -> None:
        super().__init__(encryption=encryption)
        self.path = Path(path).expanduser().absolute() if path else default_sqlite_path()
        self.lock_ttl = lock_ttl
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._mutex = threading.Lock()
        self._holders: weakref.WeakSet[_Holder] = weakref.WeakSet()
        self._ready_pid: int | None = None

    def _describe(self) -> str:
        return repr(str(self.path))

    # ------------------------------------------------------------------ connections

    def _error(self, exc: sqlite3.Error) -> TokenStoreError:
        code = getattr(exc, "sqlite_errorcode", None)
        text = str(exc)
        if (code is not None and code & 0xFF in _CORRUPT_CODES) or (
            "not a database" in text or "malformed" in text
        ):
            return TokenStoreError(
                f"the token database {self.path} is corrupted or not a SQLite database ({text}); "
                f"it was left untouched. Move it aside (mv {self.path} {self.path}.bad, and its "
                "-wal and -shm files if any) and connect Front again"
            )
        if "locked" in text or "busy" in text:
            return TokenStoreError(
                f"the token database {self.path} stayed busy for more than "
                f"{self.busy_timeout:g} s (another process writing it?); retry"
            )
        return TokenStoreError(f"could not use the token database {self.path}: {text}")

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, used under its holder's lock so that :meth:`close` (from
        another thread) never closes it in the middle of a statement, which crashed the
        interpreter; dropped (and any transaction rolled back) on an error."""
        try:
            while True:
                holder = self._thread_holder()
                with holder.in_use:
                    if holder.closed:
                        continue  # close() ran in between: open a new one
                    try:
                        yield holder.conn
                    except sqlite3.Error:
                        self._drop_thread_connection()
                        raise
                    return
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _thread_holder(self) -> _Holder:
        pid = os.getpid()
        holder: _Holder | None = getattr(self._local, "holder", None)
        if holder is not None and not holder.closed:
            if holder.pid == pid:
                return holder
            _FORKED.append(holder)  # the parent's: never used nor closed here
        if self._ready_pid != pid:
            self._prepare()
        conn = sqlite3.connect(
            str(self.path),
            timeout=self.busy_timeout,
            isolation_level=None,  # autocommit; transactions are explicit
            check_same_thread=False,  # only for close(); each thread uses its own
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error:
            conn.close()
            raise
        # Used by this thread only: closed when the thread ends (a lease's heartbeat thread is
        # short-lived) or by close(), under the holder's lock.
        holder = _Holder(conn, pid)
        self._local.holder = holder
        with self._mutex:
            self._holders.add(holder)
        return holder

    def _drop_thread_connection(self) -> None:
        holder: _Holder | None = getattr(self._local, "holder", None)
        self._local.holder = None
        if holder is not None:
            holder.close()

    def _prepare(self) -> None:
        """Create the directory (0700), the file (0600), WAL mode and the tables, once."""
        with self._mutex:
            if self._ready_pid == os.getpid():
                return
            directory = self.path.parent
            try:
                if not directory.is_dir():
                    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                os.close(fd)
            except OSError as exc:
                raise TokenStoreError(
                    f"could not create the token database {self.path}: {exc.strerror or exc}"
                ) from None
            for suffix in ("", "-wal", "-shm"):
                restrict_to_owner(Path(f"{self.path}{suffix}"))
            conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout, isolation_level=None)
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
                deadline = time.monotonic() + self.busy_timeout
                while True:  # switching to WAL needs a moment without other writers
                    try:
                        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                        break
                    except sqlite3.OperationalError as exc:
                        if "locked" not in str(exc) or time.monotonic() > deadline:
                            raise
                        time.sleep(0.01)
                if str(mode).lower() != "wal":  # pragma: no cover - e.g. a read-only medium
                    _LOGGER.warning("%s: journal_mode is %s, not WAL", self.path, mode)
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute("COMMIT")
            finally:
                conn.close()
            self._ready_pid = os.getpid()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` (the database's write lock) ... ``COMMIT``, or rollback."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        """Close every connection this store opened (it reconnects if used again)."""
        with self._mutex:
            holders = list(self._holders)
            self._holders = weakref.WeakSet()
        for holder in holders:
            holder.close()
        self._local = threading.local()

    # ------------------------------------------------------------------ backend

    def _get_raw(self, user_id: str) -> tuple[str, int] | None:
        with self._connection() as conn:
            row = conn.execute("SELECT payload, version FROM tokens WHERE key = ?", (user_id,))
            found = row.fetchone()
        return None if found is None else (str(found[0]), int(found[1]))

    def _put_raw(self, user_id: str, payload: str, expected_version: int | None) -> int:
        with self._transaction() as conn:
            row = conn.execute("SELECT version FROM tokens WHERE key = ?", (user_id,)).fetchone()
            version = int(row[0]) if row else 0
            if expected_version is not None and expected_version != version:
                raise StaleTokenError(stale_message(user_id, expected_version, version))
            conn.execute(
                "INSERT OR REPLACE INTO tokens (key, payload, version, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (user_id, payload, version + 1, time.time()),
            )
        return version + 1

    def _delete_raw(self, user_id: str) -> None:
        with self._connection() as conn:
            conn.execute("DELETE FROM tokens WHERE key = ?", (user_id,))

    def _keys_raw(self) -> list[str]:
        with self._connection() as conn:
            return [str(row[0]) for row in conn.execute("SELECT key FROM tokens")]

    @contextmanager
    def lock(self, user_id: str, *, timeout: float = 30.0) -> Iterator[None]:
        """Exclusive lock on ``user_id`` across threads and processes: a lease row, renewed by
        a heartbeat while held. Waits at most ``timeout``, a busy database included."""
        message = lock_timeout_error(user_id, timeout)
        with PROCESS_LOCKS.hold(f"sqlite:{self.path}:{user_id}", timeout, message) as remaining:
            deadline = time.monotonic() + remaining
            owner = f"{os.getpid()}:{uuid.uuid4().hex}"
            delay = 0.002
            while not self._try_lease(user_id, owner, deadline, message):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LockTimeoutError(message)
                time.sleep(min(left, delay * random.uniform(0.5, 1.5)))
                delay = min(delay * 2, 0.05)
            try:
                with Heartbeat(
                    lambda: self._renew_lease(user_id, owner),
                    self.lock_ttl / 3,
                    f"the lock on {user_id!r} in {self.path}",
                ):
                    yield
            finally:
                self._release_lease(user_id, owner)

    def _try_lease(self, user_id: str, owner: str, deadline: float, message: str) -> bool:
        """Take the lease if it is free or expired; a database busy past ``deadline`` raises
        :class:`LockTimeoutError` (``busy_timeout`` is shortened to the time left)."""
        left = max(0.001, min(self.busy_timeout, deadline - time.monotonic()))  # one try at least
        try:
            with self._connection() as conn:
                conn.execute(f"PRAGMA busy_timeout = {max(1, int(left * 1000))}")
                try:
                    with self._transaction() as tx:
                        now = time.time()
                        tx.execute(
                            "DELETE FROM locks WHERE key = ? AND expires_at <= ?", (user_id, now)
                        )
                        cursor = tx.execute(
                            "INSERT OR IGNORE INTO locks (key, owner, expires_at) VALUES (?, ?, ?)",
                            (user_id, owner, now + self.lock_ttl),
                        )
                        return cursor.rowcount == 1
                finally:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        except TokenStoreError as exc:
            if "busy" in str(exc) and time.monotonic() >= deadline - 0.01:
                raise LockTimeoutError(message) from None
            raise

    def _renew_lease(self, user_id: str, owner: str) -> bool:
        """Push the lease's end ``lock_ttl`` from now; False if it is no longer ours."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE locks SET expires_at = ? WHERE key = ? AND owner = ?",
                (time.time() + self.lock_ttl, user_id, owner),
            )
            return cursor.rowcount == 1

    def _release_lease(self, user_id: str, owner: str) -> None:
        try:
            with self._connection() as conn:
                cursor = conn.execute(
                    "DELETE FROM locks WHERE key = ? AND owner = ?", (user_id, owner)
                )
                released = cursor.rowcount == 1
        except TokenStoreError as exc:  # the lease expires by itself
            _LOGGER.warning(
                "could not release the lock on %r (it expires by itself): %s", user_id, exc
            )
            return
        if not released:
            _LOGGER.warning(
                "the lock on %r had expired before its release (its holder was paused, or the "
                "database unreachable, for longer than lock_ttl=%g s)",
                user_id,
                self.lock_ttl,
            )

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_id`` until ``expires_at``."""
        with self._transaction() as conn:
            conn.execute(
                "DELETE FROM oauth_states WHERE expires_at < ?", (time.time() - STATE_RETENTION,)
            )
            conn.execute(
                "INSERT OR REPLACE INTO oauth_states (state, user_key, expires_at)"
                " VALUES (?, ?, ?)",
                (state, user_id, float(expires_at)),
            )

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Atomically remove and return ``(user_id, expires_at)``, or ``None``."""
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT user_key, expires_at FROM oauth_states WHERE state = ?", (state,)
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM oauth_states WHERE state = ?", (state,))
        return str(row[0]), float(row[1])


class _Holder:
    """One thread's connection, and the lock that its thread holds while using it and
    :meth:`close` takes before closing it; closes it when the thread (and so this object) goes
    away."""

    __slots__ = ("__weakref__", "closed", "conn", "in_use", "pid")

    def __init__(self, conn: sqlite3.Connection, pid: int) -> None:
        self.conn = conn
        self.pid = pid
        self.in_use = threading.RLock()
        self.closed = False

    def close(self) -> None:
        if self.pid == os.getpid():
            with self.in_use:
                self.closed = True
                with contextlib.suppress(Exception):
                    self.conn.close()

    def __del__(self) -> None:
        self.close()


#: Connections inherited through fork(): the parent's to close, not ours.
_FORKED: list[_Holder] = []
