"""A token store in a dict, for tests and single-process apps; and the process-local lock table
that every store uses to line up its own threads before taking a cross-process lock."""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from langchain_front.auth.oauth.states import InMemoryStateStore
from langchain_front.auth.stores.base import BaseTokenStore
from langchain_front.errors import LockTimeoutError, StaleTokenError

__all__ = ["MemoryTokenStore"]


def acquire_thread_lock(lock: threading.Lock, timeout: float) -> bool:
    """``lock.acquire`` with any timeout: negative means "don't wait", huge waits forever."""
    if timeout >= threading.TIMEOUT_MAX:
        return lock.acquire()
    return lock.acquire(timeout=max(0.0, timeout))


def lock_timeout_error(
    user_id: str, timeout: float, holder: str = "another thread or process"
) -> str:
    """The message of :class:`LockTimeoutError` (user IDs are not secrets)."""
    return (
        f"could not lock the token for {user_id!r} within {timeout:g} s: {holder} holds it "
        "(a token refresh in progress?); retry, or raise the timeout"
    )


class NamedLocks:
    """Process-local ``threading.Lock`` objects by name, created on demand, dropped when unused.

    Stores take ``named(name)`` first, so that only one thread per process waits on the
    cross-process lock (a lock file, a lease row, a Redis key, a PostgreSQL connection) for a
    user; the others wait here, cheaply. Reset in a forked child: a lock held by a parent's thread
    would otherwise stay held forever there.
    """

    _instances: weakref.WeakSet[NamedLocks] = weakref.WeakSet()

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = (
            weakref.WeakValueDictionary()
        )
        NamedLocks._instances.add(self)

    def get(self, name: str) -> threading.Lock:
        """The lock called ``name`` (callers keep a reference while they use it)."""
        with self._mutex:
            lock = self._locks.get(name)
            if lock is None:
                lock = threading.Lock()
                self._locks[name] = lock
            return lock

    @contextmanager
    def hold(self, name: str, timeout: float, message: str) -> Iterator[float]:
        """Hold the lock ``name``, yielding the time left of ``timeout``; on timeout raise
        :class:`LockTimeoutError` with ``message``."""
        deadline = time.monotonic() + timeout
        lock = self.get(name)
        if not acquire_thread_lock(lock, timeout):
            raise LockTimeoutError(message)
        try:
            yield deadline - time.monotonic()
        finally:
            lock.release()

    def _reset(self) -> None:
        self._mutex = threading.Lock()
        self._locks = weakref.WeakValueDictionary()

    @classmethod
    def _reset_all_after_fork(cls) -> None:  # pragma: no cover - runs in forked children
        for instance in list(cls._instances):
            instance._reset()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=NamedLocks._reset_all_after_fork)

#: The lock table shared by the file, SQLite, Redis and PostgreSQL stores of this process.
PROCESS_LOCKS = NamedLocks()


class MemoryTokenStore(BaseTokenStore):
    """Tokens and OAuth states in this process's memory: for tests and single-process apps.

    Process-local: another process (a second worker, a CLI run) sees none of these tokens, and
    :meth:`lock` excludes threads and asyncio tasks of this process only. Everything is lost when
    the process exits. Use :class:`~langchain_front.auth.stores.SQLiteTokenStore` (the default)
    for several processes on one machine, Redis or PostgreSQL for several machines. The OAuth
    states are kept by an :class:`~langchain_front.auth.oauth.states.InMemoryStateStore`, the
    one that :class:`~langchain_front.auth.oauth.FrontOAuth` uses when given no store.
    """

    def __init__(self, *, encryption: object = None) -> None:
        super().__init__(encryption=encryption)
        self._mutex = threading.Lock()
        self._tokens: dict[str, tuple[str, int]] = {}
        self._states = InMemoryStateStore()
        self._locks = NamedLocks()

    def _describe(self) -> str:
        return f"tokens={len(self._tokens)}"

    def _get_raw(self, user_id: str) -> tuple[str, int] | None:
        with self._mutex:
            return self._tokens.get(user_id)

    def _put_raw(self, user_id: str, payload: str, expected_version: int | None) -> int:
        with self._mutex:
            current = self._tokens.get(user_id)
            version = current[1] if current else 0
            if expected_version is not None and expected_version != version:
                raise StaleTokenError(stale_message(user_id, expected_version, version))
            self._tokens[user_id] = (payload, version + 1)
            return version + 1

    def _delete_raw(self, user_id: str) -> None:
        with self._mutex:
            self._tokens.pop(user_id, None)

    def _keys_raw(self) -> list[str]:
        with self._mutex:
            return list(self._tokens)

    @contextmanager
    def lock(self, user_id: str, *, timeout: float = 30.0) -> Iterator[None]:
        """Exclusive lock on ``user_id`` across this process's threads (not across processes)."""
        with self._locks.hold(
            user_id, timeout, lock_timeout_error(user_id, timeout, "another thread")
        ):
            yield

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_id`` until ``expires_at``."""
        self._states.put_state(state, user_id, expires_at)

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Remove and return ``(user_id, expires_at)``, or ``None``."""
        return self._states.take_state(state)


def stale_message(user_id: str, expected: int, found: int) -> str:
    """The message of :class:`StaleTokenError`."""
    if expected == 0:
        return f"a token for {user_id!r} already exists (version {found}); read it and retry"
    if found == 0:
        return f"the token for {user_id!r} was deleted (expected version {expected})"
    return (
        f"the token for {user_id!r} changed: expected version {expected}, found {found}; "
        "someone saved a newer token first: read it again"
    )
