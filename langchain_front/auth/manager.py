"""Whom a call acts for (its user ID), and a valid access token for that user with exactly one
refresh per expiry.

The user ID of a call comes from the run config (:func:`user_id_from_config`) and holds for the
calls made inside :func:`acting_as`. :class:`TokenManager` hands out a valid access token per user
ID (a user or a tenant). It refreshes ahead of expiry (``leeway``), and once more after a 401,
through single-flight refresh:

1. a fast path with no I/O, from a per-process cache of valid tokens;
2. a per-process, per-user lock, so threads and asyncio tasks of one process wait for one refresh;
3. the store's per-user lock (a file lock, an SQLite lease, a Redis lock or a PostgreSQL advisory
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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

from langchain_front.auth.stores.base import BaseTokenStore
from langchain_front.auth.tokens import FrontToken, StoredToken
from langchain_front.errors import FrontError, FrontNotConnectedError

__all__ = [
    "USER_CONFIG_KEY",
    "ManagedTokenProvider",
    "TokenManager",
    "TokenRefresher",
    "acting_as",
    "current_user_id",
    "user_id_from_config",
]

logger = logging.getLogger("langchain_front.auth")

#: The run-config key (``config["configurable"][...]``, or the LangGraph runtime context's
#: field) that names the user a call acts for.
USER_CONFIG_KEY = "front_user_id"

#: The user ID of the current tool call (the token store key); set with :func:`acting_as`.
current_user_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_user_id", default=None
)


def user_id_from_config(config: Mapping[str, Any] | None) -> str | None:
    """The user ID of a run: ``config["configurable"]["front_user_id"]``, else the LangGraph
    runtime context's ``front_user_id`` (a mapping key or an attribute); ``None`` if neither."""
    configurable = (config or {}).get("configurable") or {}
    user_id = configurable.get(USER_CONFIG_KEY)
    if user_id is None:
        runtime = configurable.get("__pregel_runtime")
        context = getattr(runtime, "context", None)
        if isinstance(context, Mapping):
            user_id = context.get(USER_CONFIG_KEY)
        elif context is not None:
            user_id = getattr(context, USER_CONFIG_KEY, None)
    return str(user_id) if user_id else None


@contextmanager
def acting_as(user_id: str | None) -> Iterator[None]:
    """Make ``user_id`` the user of the calls made inside the block (no-op for ``None``)."""
    if user_id is None:
        yield
        return
    reset = current_user_id.set(user_id)
    try:
        yield
    finally:
        current_user_id.reset(reset)


class TokenRefresher(Protocol):
    """What the manager needs from the OAuth helper: one refresh."""

    def refresh(self, refresh_token: str, *, user_id: str | None = None) -> FrontToken:
        """Exchange ``refresh_token`` for a new token (raises ReauthorizationRequired)."""
        ...


class TokenManager:
    """Valid tokens per user ID from a store, refreshed once per expiry across processes."""

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

    def save(self, user_id: str, token: FrontToken) -> StoredToken:
        """Store a newly obtained token for ``user_id`` (after the OAuth code exchange)."""
        with self._process_lock(user_id):
            stored = self.store.save(user_id, token)
            self._cache[user_id] = token
            return stored

    def forget(self, user_id: str) -> None:
        """Delete the token of ``user_id`` (logout)."""
        with self._process_lock(user_id):
            self._cache.pop(user_id, None)
            self.store.delete(user_id)

    def access_token(self, user_id: str) -> str:
        """A valid access token for ``user_id``, refreshing it first if it (nearly) expired."""
        cached = self._fresh_cached(user_id)
        if cached is not None:
            return cached
        with self._process_lock(user_id):
            cached = self._fresh_cached(user_id)
            if cached is not None:
                return cached
            stored = self._read(user_id)
            if not self._needs_refresh(stored.token):
                self._cache[user_id] = stored.token
                return stored.token.access_token.get_secret_value()
            return self._refresh_under_store_lock(user_id, stale_access=None)

    async def aaccess_token(self, user_id: str) -> str:
        """Async twin of :meth:`access_token` (the refresh runs in a worker thread)."""
        cached = self._fresh_cached(user_id)
        if cached is not None:
            return cached
        return await asyncio.to_thread(self.access_token, user_id)

    def after_unauthorized(self, user_id: str, rejected: str) -> bool:
        """Front answered 401 to ``rejected``: refresh once, unless someone already did.

        Returns True when a different token is now available (worth one retry).
        """
        with self._process_lock(user_id):
            cached = self._cache.get(user_id)
            if cached is not None and cached.access_token.get_secret_value() == rejected:
                del self._cache[user_id]
            if self.refresher is None:
                return False
            self._refresh_under_store_lock(user_id, stale_access=rejected)
            return True

    async def aafter_unauthorized(self, user_id: str, rejected: str) -> bool:
        """Async twin of :meth:`after_unauthorized`."""
        return await asyncio.to_thread(self.after_unauthorized, user_id, rejected)

    def provider(self, user_id: str | None = None) -> ManagedTokenProvider:
        """A token provider for the client: for ``user_id``, or for the current call's user."""
        return ManagedTokenProvider(self, default_user_id=user_id)

    # ------------------------------------------------------------------ internals

    def _fresh_cached(self, user_id: str) -> str | None:
        cached = self._cache.get(user_id)
        if cached is not None and not self._needs_refresh(cached):
            return cached.access_token.get_secret_value()
        return None

    def _needs_refresh(self, token: FrontToken) -> bool:
        return token.is_expired(self.leeway, now=self._clock())

    def _read(self, user_id: str) -> StoredToken:
        stored = self.store.get(user_id)
        if stored is None:
            raise FrontNotConnectedError(user_id)
        return stored

    @contextmanager
    def _process_lock(self, user_id: str) -> Iterator[None]:
        with self._locks_guard:
            lock = self._locks.setdefault(user_id, threading.Lock())
        if not lock.acquire(timeout=self.lock_timeout):
            raise FrontError(f"timed out waiting for the Front token refresh of {user_id!r}; retry")
        try:
            yield
        finally:
            lock.release()

    def _refresh_under_store_lock(self, user_id: str, *, stale_access: str | None) -> str:
        """Refresh inside the store's lock, unless the re-read shows someone already did."""
        with self.store.lock(user_id, timeout=self.lock_timeout):
            stored = self._read(user_id)
            current = stored.token.access_token.get_secret_value()
            refreshed_by_other = current != stale_access if stale_access else False
            if refreshed_by_other or (not stale_access and not self._needs_refresh(stored.token)):
                self._cache[user_id] = stored.token
                return current
            if self.refresher is None:
                raise FrontNotConnectedError(
                    user_id, reason="its token expired and cannot be refreshed"
                )
            refresh_token = stored.token.refresh_token
            if refresh_token is None:
                raise FrontNotConnectedError(
                    user_id, reason="its token expired and has no refresh token"
                )
            logger.info("refreshing the Front token of %r", user_id)
            try:
                token = self.refresher.refresh(refresh_token.get_secret_value(), user_id=user_id)
            except FrontError:
                # A writer that ignored the lock may have refreshed first: use its token.
                latest = self.store.get(user_id)
                if latest is not None and latest.version != stored.version:
                    self._cache[user_id] = latest.token
                    return latest.token.access_token.get_secret_value()
                raise
            self.store.save(user_id, token, expected_version=stored.version)
            self._cache[user_id] = token
            return token.access_token.get_secret_value()


class ManagedTokenProvider:
    """A :class:`~langchain_front.auth.providers.TokenProvider` over a :class:`TokenManager`.

    The user ID is the current call's (see :func:`acting_as`), else ``default_user_id``.
    A call with neither is refused, and never served another user's token.
    """

    def __init__(self, manager: TokenManager, *, default_user_id: str | None = None) -> None:
        self.manager = manager
        self.default_user_id = default_user_id

    def __repr__(self) -> str:
        return f"ManagedTokenProvider(default_user_id={self.default_user_id!r})"

    def user_id(self) -> str:
        """The user ID of this call (the token store key)."""
        user_id = current_user_id.get() or self.default_user_id
        if not user_id:
            raise FrontNotConnectedError(
                None,
                reason="no Front user was given for this call: pass "
                "config={'configurable': {'front_user_id': ...}}",
            )
        return user_id

    def get_token(self) -> str:
        """A valid token for this call's user."""
        return self.manager.access_token(self.user_id())

    async def aget_token(self) -> str:
        """A valid token for this call's user."""
        return await self.manager.aaccess_token(self.user_id())

    def on_unauthorized(self, token: str) -> bool:
        """Refresh once after a 401."""
        return self.manager.after_unauthorized(self.user_id(), token)

    async def aon_unauthorized(self, token: str) -> bool:
        """Refresh once after a 401."""
        return await self.manager.aafter_unauthorized(self.user_id(), token)
