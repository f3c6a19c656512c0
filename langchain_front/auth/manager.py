"""Whom a call acts for (its user ID), and a valid access token for that user with exactly one
refresh per expiry.

The user ID of a call comes from the run config (:func:`user_id_from_config`) and holds for the
calls made inside :func:`acting_as`. :class:`TokenManager` hands out a valid access token per user
ID (a user or a tenant). It refreshes ahead of expiry (``leeway``), and once more after a 401,
through single-flight refresh:

1. a fast path with no I/O, from a per-process cache of valid tokens;
2. a per-process, per-user flight (:mod:`~langchain_front.auth.flight`): the threads and asyncio
   tasks of one process that need the user's token wait for one leader and share its outcome,
   a token or an error (a waiter never starts a refresh of its own after a failed one);
3. the store's per-user lock (a file lock, an SQLite lease, a Redis lease or a PostgreSQL
   advisory lock), so processes and machines sharing the store wait too;
4. inside it, the store is read again: whoever waited finds the fresh token and does not refresh;
5. the refreshed token is saved with compare-and-swap on the version read in step 4.

A refresh token is therefore never spent twice. A refresh that fails with a retryable answer
(429, 500, 502, 503, 504, a transport error) is tried once more after a pause. When Front refuses
the refresh token for good (``invalid_grant``), the token is marked in the store ("reconnect"):
every later call for that user, in any process, fails at once with
:class:`~langchain_front.errors.FrontReconnectRequiredError` until a new login saves a token.

The async twins take the same path: the fast path runs on the event loop; the leader's critical
section runs in a thread of its own (one per user refreshing, never the default executor), and
waiting tasks hold no thread at all, so one user's slow refresh never delays another user.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Protocol

from langchain_front.auth.context import (
    USER_CONFIG_KEY,
    acting_as,
    current_user_id,
    user_id_from_config,
)
from langchain_front.auth.flight import Flights, await_flight, wait
from langchain_front.auth.stores.base import BaseTokenStore
from langchain_front.auth.tokens import FrontToken, StoredToken
from langchain_front.errors import (
    FrontError,
    FrontNotConnectedError,
    FrontReconnectRequiredError,
    FrontTransportError,
    OAuthError,
    ReauthorizationRequired,
    StaleTokenError,
    TokenStoreError,
)

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

#: The refresh leeway is at most this fraction of a token's lifetime, so that a token that lives
#: less than the leeway is not refreshed on every call.
LEEWAY_FRACTION = 0.25

#: How long a waiter waits for a refresh in progress, beyond the store lock's timeout (the
#: refresh itself: an HTTP request, tried at most twice).
_FLIGHT_MARGIN = 90.0

#: ``ReauthorizationRequired`` reasons that mean this user's grant is dead (rather than the
#: app's credentials being wrong, which a fix of the configuration cures for every user).
_DEAD_GRANT = frozenset({"invalid_grant", "revoked"})


class TokenRefresher(Protocol):
    """What the manager needs from the OAuth helper: one refresh."""

    def refresh(self, refresh_token: str, *, user_id: str | None = None) -> FrontToken:
        """Exchange ``refresh_token`` for a new token (raises ReauthorizationRequired)."""
        ...


class TokenManager:
    """Valid tokens per user ID from a store, refreshed once per expiry across processes.

    ``leeway``: refresh this many seconds ahead of expiry (at most a quarter of the token's
    lifetime). ``lock_timeout``: how long to wait for the store's lock. ``retry_delay``: the
    pause before the one retry of a refresh that failed with a retryable answer (jittered; a
    ``retry-after`` from Front is honoured up to ``max_retry_delay``, beyond which the refresh
    fails at once).
    """

    def __init__(
        self,
        store: BaseTokenStore,
        refresher: TokenRefresher | None = None,
        *,
        leeway: float = 300.0,
        lock_timeout: float = 60.0,
        retry_delay: float = 1.0,
        max_retry_delay: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.refresher = refresher
        self.leeway = leeway
        self.lock_timeout = lock_timeout
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self._clock = clock
        self._cache: dict[str, FrontToken] = {}
        self._flights = Flights()

    def __repr__(self) -> str:
        return f"TokenManager(store={self.store!r}, leeway={self.leeway})"

    # ------------------------------------------------------------------ public

    def save(self, user_id: str, token: FrontToken) -> StoredToken:
        """Store a newly obtained token for ``user_id`` (after the OAuth code exchange); this
        clears a "reconnect" mark."""
        stored = self.store.save(user_id, token)
        self._cache[user_id] = token
        return stored

    def forget(self, user_id: str) -> None:
        """Delete the token of ``user_id`` (logout)."""
        self._cache.pop(user_id, None)
        self.store.delete(user_id)

    def access_token(self, user_id: str) -> str:
        """A valid access token for ``user_id``, refreshing it first if it (nearly) expired."""
        cached = self._fresh_cached(user_id)
        if cached is not None:
            return cached
        return self._through_flight(user_id, stale_access=None)

    async def aaccess_token(self, user_id: str) -> str:
        """Async twin of :meth:`access_token`: waits without a thread; a leader's store and
        refresh work runs in a thread of its own."""
        cached = self._fresh_cached(user_id)
        if cached is not None:
            return cached
        return await self._athrough_flight(user_id, stale_access=None)

    def after_unauthorized(self, user_id: str, rejected: str) -> bool:
        """Front answered 401 to ``rejected``: refresh once, unless someone already did.

        Returns True when a different token is now available (worth one retry).
        """
        self._drop_cached(user_id, rejected)
        if self.refresher is None:
            return False
        self._through_flight(user_id, stale_access=rejected)
        return True

    async def aafter_unauthorized(self, user_id: str, rejected: str) -> bool:
        """Async twin of :meth:`after_unauthorized`."""
        self._drop_cached(user_id, rejected)
        if self.refresher is None:
            return False
        await self._athrough_flight(user_id, stale_access=rejected)
        return True

    def provider(self, user_id: str | None = None) -> ManagedTokenProvider:
        """A token provider for the client: for ``user_id``, or for the current call's user."""
        return ManagedTokenProvider(self, default_user_id=user_id)

    # ------------------------------------------------------------------ single flight

    def _flight_timeout(self) -> float:
        return self.lock_timeout + _FLIGHT_MARGIN

    def _through_flight(self, user_id: str, *, stale_access: str | None) -> str:
        """Lead a flight for ``user_id``, or wait for the one in progress and share its outcome."""
        what = f"the Front token refresh of {user_id!r}"
        for _ in range(3):
            flight, leader = self._flights.join(user_id)
            if leader:
                return self._flights.run(
                    user_id, flight, lambda: self._obtain(user_id, stale_access)
                )
            token = wait(flight, self._flight_timeout(), what)
            if stale_access is None or token != stale_access:
                return token
            # That flight started before the 401 and handed out the rejected token: go again.
        return token

    async def _athrough_flight(self, user_id: str, *, stale_access: str | None) -> str:
        """Async twin of :meth:`_through_flight`."""
        what = f"the Front token refresh of {user_id!r}"
        for _ in range(3):
            flight, leader = self._flights.join(user_id)
            if leader:
                self._flights.start(user_id, flight, lambda: self._obtain(user_id, stale_access))
            token = await await_flight(flight, self._flight_timeout(), what)
            if leader or stale_access is None or token != stale_access:
                return token
        return token

    # ------------------------------------------------------------------ internals

    def _drop_cached(self, user_id: str, rejected: str) -> None:
        cached = self._cache.get(user_id)
        if cached is not None and cached.access_token.get_secret_value() == rejected:
            self._cache.pop(user_id, None)

    def _fresh_cached(self, user_id: str) -> str | None:
        cached = self._cache.get(user_id)
        if cached is not None and not self._needs_refresh(cached):
            return cached.access_token.get_secret_value()
        return None

    def effective_leeway(self, token: FrontToken) -> float:
        """``leeway``, at most :data:`LEEWAY_FRACTION` of the token's lifetime (when known)."""
        lifetime = token.expires_at - token.obtained_at if token.obtained_at > 0 else 0.0
        if lifetime > 0:
            return min(self.leeway, lifetime * LEEWAY_FRACTION)
        return self.leeway

    def _needs_refresh(self, token: FrontToken) -> bool:
        return token.is_expired(self.effective_leeway(token), now=self._clock())

    def _read(self, user_id: str) -> StoredToken:
        stored = self.store.get(user_id)
        if stored is None:
            raise FrontNotConnectedError(user_id)
        if stored.token.reconnect is not None:
            self._cache.pop(user_id, None)
            raise FrontReconnectRequiredError(user_id, stored.token.reconnect)
        return stored

    def _usable(self, user_id: str, stored: StoredToken, stale_access: str | None) -> bool:
        """Whether ``stored`` serves the call: valid, and not the token Front just rejected."""
        current = stored.token.access_token.get_secret_value()
        return current != stale_access and not self._needs_refresh(stored.token)

    def _obtain(self, user_id: str, stale_access: str | None) -> str:
        """The flight's work: the stored token if it serves, else a refresh."""
        stored = self._read(user_id)
        if self._usable(user_id, stored, stale_access):
            self._cache[user_id] = stored.token
            return stored.token.access_token.get_secret_value()
        return self._refresh_under_store_lock(user_id, stale_access=stale_access)

    def _refresh_under_store_lock(self, user_id: str, *, stale_access: str | None) -> str:
        """Refresh inside the store's lock, unless the re-read shows someone already did."""
        with self.store.lock(user_id, timeout=self.lock_timeout):
            stored = self._read(user_id)
            if self._usable(user_id, stored, stale_access):
                self._cache[user_id] = stored.token
                return stored.token.access_token.get_secret_value()
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
                token = self._refresh(refresh_token.get_secret_value(), user_id)
            except FrontError as exc:
                # A writer that ignored the lock (a new login) may have saved first: use its token.
                latest = self.store.get(user_id)
                if latest is not None and latest.version != stored.version:
                    return self._adopt(user_id, latest)
                if isinstance(exc, ReauthorizationRequired) and exc.reason in _DEAD_GRANT:
                    self._mark_for_reconnect(user_id, stored, exc)
                raise
            try:
                self.store.save(user_id, token, expected_version=stored.version)
            except StaleTokenError:  # a new login saved meanwhile: it wins
                latest = self.store.get(user_id)
                if latest is None:
                    raise FrontNotConnectedError(user_id) from None
                return self._adopt(user_id, latest)
            self._cache[user_id] = token
            return token.access_token.get_secret_value()

    def _adopt(self, user_id: str, latest: StoredToken) -> str:
        """Serve a token someone else saved (checking its mark)."""
        if latest.token.reconnect is not None:
            raise FrontReconnectRequiredError(user_id, latest.token.reconnect)
        self._cache[user_id] = latest.token
        return latest.token.access_token.get_secret_value()

    def _refresh(self, refresh_token: str, user_id: str) -> FrontToken:
        """One refresh, tried once more after a pause when the failure is retryable."""
        assert self.refresher is not None
        try:
            return self.refresher.refresh(refresh_token, user_id=user_id)
        except (OAuthError, FrontTransportError) as exc:
            delay = self._retry_pause(exc)
            if delay is None:
                raise
            logger.warning(
                "the Front token refresh of %r failed (%s); trying once more in %.1f s",
                user_id,
                exc,
                delay,
            )
            time.sleep(delay)
        return self.refresher.refresh(refresh_token, user_id=user_id)

    def _retry_pause(self, exc: FrontError) -> float | None:
        """The pause before retrying a refresh that raised ``exc``, or None: not retryable."""
        if isinstance(exc, OAuthError):
            if isinstance(exc, ReauthorizationRequired) or not exc.retryable:
                return None
            if exc.retry_after is not None:
                return exc.retry_after if exc.retry_after <= self.max_retry_delay else None
        return min(self.max_retry_delay, self.retry_delay * random.uniform(0.5, 1.5))

    def _mark_for_reconnect(
        self, user_id: str, stored: StoredToken, exc: ReauthorizationRequired
    ) -> None:
        """Remember in the store that Front refused this user's grant (no secret in it)."""
        when = datetime.fromtimestamp(self._clock(), timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        refused = f"Front refused its saved authorization ({exc.error or exc.reason}) at {when}"
        self._cache.pop(user_id, None)
        try:
            self.store.save(
                user_id,
                stored.token.marked_for_reconnect(refused),
                expected_version=stored.version,
            )
        except StaleTokenError:
            pass  # a new login saved a fresh token meanwhile: nothing to mark
        except TokenStoreError as error:
            logger.warning("could not mark %r as needing to reconnect: %s", user_id, error)
        else:
            logger.warning("Front refused the refresh token of %r: marked to reconnect", user_id)


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
