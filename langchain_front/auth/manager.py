"""Valid access tokens for every call, with exactly one refresh per expiry.

:class:`TokenManager` hands out a valid access token per key (a user or a tenant). It refreshes
ahead of expiry (``leeway``), and once more after a 401, through single-flight refresh:

1. a fast path with no I/O, from a per-process cache of valid tokens;
2. a per-process, per-key lock, so threads and asyncio tasks of one process wait for one refresh;
3. the store's per-key lock (a file lock, an SQLite lease, a Redis lock or a PostgreSQL advisory
   lock), so processes and machines sharing the store wait too;
4. inside it, the store is read again: whoever waited finds the fresh token and does not refresh;
5. the refreshed token is saved with compare-and-swap on the version read in step 4.

A refresh token is therefore never spent twice. The async twins take the same path: the fast path
runs on the event loop; the critical section runs in a worker thread, so there is one
implementation of it.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from langchain_front.auth.stores.base import BaseTokenStore
from langchain_front.auth.tokens import FrontToken, StoredToken
from langchain_front.errors import FrontError, FrontNotConnectedError

logger = logging.getLogger("langchain_front.auth")

#: The Front user (token store key) of the current tool call; set by the tools from the run
#: config (``config["configurable"]["front_user_id"]``) or the LangGraph runtime context.
current_front_user: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_front_user", default=None
)


@contextmanager
def front_user(key: str | None) -> Iterator[None]:
    """Make ``key`` the Front user of the calls made inside the block (no-op for ``None``)."""
    if key is None:
        yield
        return
    reset = current_front_user.set(key)
    try:
        yield
    finally:
        current_front_user.reset(reset)


class TokenRefresher(Protocol):
    """What the manager needs from the OAuth helper: one refresh."""

    def refresh(self, refresh_token: str, *, user_key: str | None = None) -> FrontToken:
        """Exchange ``refresh_token`` for a new token (raises ReauthorizationRequired)."""
        ...


class TokenManager:
    """Valid tokens per key from a store, refreshed once per expiry across processes."""

    def __init__(
        self,
        store: BaseTokenStore,
        refresher: TokenRefresher | None = None,
        *,
        leeway: float = 300.0,
        lock_timeout: float = 60.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.refresher = refresher
        self.leeway = leeway
        self.lock_timeout = lock_timeout
        self._clock = clock
        self._cache: dict[str, FrontToken] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def __repr__(self) -> str:
        return f"TokenManager(store={self.store!r}, leeway={self.leeway})"

    # ------------------------------------------------------------------ public

    def save(self, key: str, token: FrontToken) -> StoredToken:
        """Store a newly obtained token for ``key`` (after the OAuth code exchange)."""
        with self._process_lock(key):
            stored = self.store.save(key, token)
            self._cache[key] = token
            return stored

    def forget(self, key: str) -> None:
        """Delete the token of ``key`` (logout)."""
        with self._process_lock(key):
            self._cache.pop(key, None)
            self.store.delete(key)

    def access_token(self, key: str) -> str:
        """A valid access token for ``key``, refreshing it first if it (nearly) expired."""
        cached = self._fresh_cached(key)
        if cached is not None:
            return cached
        with self._process_lock(key):
            cached = self._fresh_cached(key)
            if cached is not None:
                return cached
            stored = self._read(key)
            if not self._needs_refresh(stored.token):
                self._cache[key] = stored.token
                return stored.token.access_token.get_secret_value()
            return self._refresh_under_store_lock(key, stale_access=None)

    async def aaccess_token(self, key: str) -> str:
        """Async twin of :meth:`access_token` (the refresh runs in a worker thread)."""
        cached = self._fresh_cached(key)
        if cached is not None:
            return cached
        return await asyncio.to_thread(self.access_token, key)

    def after_unauthorized(self, key: str, rejected: str) -> bool:
        """Front answered 401 to ``rejected``: refresh once, unless someone already did.

        Returns True when a different token is now available (worth one retry).
        """
        with self._process_lock(key):
            cached = self._cache.get(key)
            if cached is not None and cached.access_token.get_secret_value() == rejected:
                del self._cache[key]
            if self.refresher is None:
                return False
            self._refresh_under_store_lock(key, stale_access=rejected)
            return True

    async def aafter_unauthorized(self, key: str, rejected: str) -> bool:
        """Async twin of :meth:`after_unauthorized`."""
        return await asyncio.to_thread(self.after_unauthorized, key, rejected)

    def provider(self, key: str | None = None) -> ManagedTokenProvider:
        """A token provider for the client: for ``key``, or for the current call's user."""
        return ManagedTokenProvider(self, default_key=key)

    # ------------------------------------------------------------------ internals

    def _fresh_cached(self, key: str) -> str | None:
        cached = self._cache.get(key)
        if cached is not None and not self._needs_refresh(cached):
            return cached.access_token.get_secret_value()
        return None

    def _needs_refresh(self, token: FrontToken) -> bool:
        return token.is_expired(self.leeway, now=self._clock())

    def _read(self, key: str) -> StoredToken:
        stored = self.store.get(key)
        if stored is None:
            raise FrontNotConnectedError(key)
        return stored

    @contextmanager
    def _process_lock(self, key: str) -> Iterator[None]:
        with self._locks_guard:
            lock = self._locks.setdefault(key, threading.Lock())
        if not lock.acquire(timeout=self.lock_timeout):
            raise FrontError(f"timed out waiting for the Front token refresh of {key!r}; retry")
        try:
            yield
        finally:
            lock.release()

    def _refresh_under_store_lock(self, key: str, *, stale_access: str | None) -> str:
        """Refresh inside the store's lock, unless the re-read shows someone already did."""
        with self.store.lock(key, timeout=self.lock_timeout):
            stored = self._read(key)
            current = stored.token.access_token.get_secret_value()
            refreshed_by_other = current != stale_access if stale_access else False
            if refreshed_by_other or (not stale_access and not self._needs_refresh(stored.token)):
                self._cache[key] = stored.token
                return current
            if self.refresher is None:
                raise FrontNotConnectedError(
                    key, reason="its token expired and cannot be refreshed"
                )
            refresh_token = stored.token.refresh_token
            if refresh_token is None:
                raise FrontNotConnectedError(
                    key, reason="its token expired and has no refresh token"
                )
            logger.info("refreshing the Front token of %r", key)
            try:
                token = self.refresher.refresh(refresh_token.get_secret_value(), user_key=key)
            except FrontError:
                # A writer that ignored the lock may have refreshed first: use its token.
                latest = self.store.get(key)
                if latest is not None and latest.version != stored.version:
                    self._cache[key] = latest.token
                    return latest.token.access_token.get_secret_value()
                raise
            self.store.save(key, token, expected_version=stored.version)
            self._cache[key] = token
            return token.access_token.get_secret_value()


class ManagedTokenProvider:
    """A :class:`~langchain_front.auth.providers.TokenProvider` over a :class:`TokenManager`.

    The key is the current call's Front user (see :func:`front_user`), else ``default_key``.
    A call with neither is refused, and never served another user's token.
    """

    def __init__(self, manager: TokenManager, *, default_key: str | None = None) -> None:
        self.manager = manager
        self.default_key = default_key

    def __repr__(self) -> str:
        return f"ManagedTokenProvider(default_key={self.default_key!r})"

    def key(self) -> str:
        """The store key for this call."""
        key = current_front_user.get() or self.default_key
        if not key:
            raise FrontNotConnectedError(
                None,
                reason="no Front user was given for this call: pass "
                "config={'configurable': {'front_user_id': ...}}",
            )
        return key

    def get_token(self) -> str:
        """A valid token for this call's user."""
        return self.manager.access_token(self.key())

    async def aget_token(self) -> str:
        """A valid token for this call's user."""
        return await self.manager.aaccess_token(self.key())

    def on_unauthorized(self, token: str) -> bool:
        """Refresh once after a 401."""
        return self.manager.after_unauthorized(self.key(), token)

    async def aon_unauthorized(self, token: str) -> bool:
        """Refresh once after a 401."""
        return await self.manager.aafter_unauthorized(self.key(), token)
