"""The OAuth client that does the I/O: :class:`FrontOAuth`, a thin sync/async shell over
:mod:`~langchain_front.auth.oauth.protocol`, a state store and httpx.

Nothing here logs or raises with a token, a code, a ``state`` or the client secret in it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import httpx
from pydantic import SecretStr

from langchain_front.auth.oauth.config import FrontOAuthConfig
from langchain_front.auth.oauth.protocol import (
    AuthorizationRequest,
    build_authorization_url,
    build_code_request,
    build_refresh_request,
    callback_error,
    check_taken_state,
    new_state,
    parse_callback,
    token_from_http_response,
)
from langchain_front.auth.oauth.states import MAX_REMEMBERED_STATES, InMemoryStateStore
from langchain_front.auth.stores.base import StateStore
from langchain_front.auth.tokens import FrontToken
from langchain_front.errors import (
    FrontConfigurationError,
    FrontTransportError,
    OAuthError,
    OAuthStateError,
    ReauthorizationRequired,
)

__all__ = ["FrontOAuth"]

logger = logging.getLogger("langchain_front.auth")


class FrontOAuth:
    """Front's OAuth flow: authorize URL, code exchange and refresh, sync and async.

    ``state_store`` keeps the single-use ``state`` values (an :class:`InMemoryStateStore` when
    ``None``; share one across workers in a web app). ``state_ttl``: how long a connect link is
    valid, in seconds. HTTP goes through ``http_client`` / ``async_http_client`` when given (not
    closed by :meth:`close`), else through clients this object owns, built on ``transport``.
    """

    def __init__(
        self,
        config: FrontOAuthConfig,
        *,
        state_store: StateStore | None = None,
        state_ttl: float = 600.0,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
    ) -> None:
        if state_ttl <= 0:
            raise FrontConfigurationError("state_ttl must be a positive number of seconds")
        self.config = config
        self.state_ttl = float(state_ttl)
        self._clock = clock
        self._state_store: StateStore = (
            InMemoryStateStore(clock=clock) if state_store is None else state_store
        )
        self._timeout = timeout
        self._transport = transport
        self._client = http_client
        self._aclient = async_http_client
        self._owns_client = http_client is None
        self._owns_aclient = async_http_client is None
        self._lock = threading.Lock()
        self._consumed: dict[str, float] = {}

    def __repr__(self) -> str:
        return (
            f"FrontOAuth(client_id={self.config.client_id!r}, token_url={self.config.token_url!r})"
        )

    # ---------------------------------------------------------------- clients

    def _sync_client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                transport = self._transport
                if transport is not None and not isinstance(transport, httpx.BaseTransport):
                    raise FrontConfigurationError(
                        "the transport given to FrontOAuth is async-only: use the async "
                        "methods, or pass a sync transport or http_client"
                    )
                self._client = httpx.Client(
                    transport=transport, timeout=self._timeout, follow_redirects=False
                )
            return self._client

    def _async_client(self) -> httpx.AsyncClient:
        with self._lock:
            if self._aclient is None:
                transport = self._transport
                if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
                    raise FrontConfigurationError(
                        "the transport given to FrontOAuth is sync-only: use the sync "
                        "methods, or pass an async transport or async_http_client"
                    )
                self._aclient = httpx.AsyncClient(
                    transport=transport, timeout=self._timeout, follow_redirects=False
                )
            return self._aclient

    def close(self) -> None:
        """Close the sync HTTP client this object created (not one that was passed in)."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    async def aclose(self) -> None:
        """Close the HTTP clients this object created (not ones that were passed in)."""
        if self._owns_aclient and self._aclient is not None:
            await self._aclient.aclose()
            self._aclient = None
        self.close()

    def __enter__(self) -> FrontOAuth:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> FrontOAuth:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # ---------------------------------------------------------------- authorize

    def _new_authorization(self, user_id: str) -> AuthorizationRequest:
        if not user_id:
            raise FrontConfigurationError("user_id is empty: say whose Front connection it is")
        state = new_state()
        return AuthorizationRequest(
            url=build_authorization_url(self.config, state),
            state=state,
            user_id=user_id,
            expires_at=self._clock() + self.state_ttl,
        )

    def _log_started(self, request: AuthorizationRequest) -> AuthorizationRequest:
        logger.debug(
            "OAuth authorization started for user %r (link valid %.0f s)",
            request.user_id,
            self.state_ttl,
        )
        return request

    def start_authorization(self, user_id: str) -> AuthorizationRequest:
        """Create and store a single-use ``state`` bound to ``user_id``; return the authorize
        URL with it."""
        request = self._new_authorization(user_id)
        self._state_store.put_state(request.state, user_id, request.expires_at)
        return self._log_started(request)

    async def astart_authorization(self, user_id: str) -> AuthorizationRequest:
        """Async twin of :meth:`start_authorization` (the store is called in a thread)."""
        request = self._new_authorization(user_id)
        await self._in_thread(
            self._state_store.put_state, request.state, user_id, request.expires_at
        )
        return self._log_started(request)

    def authorization_url(self, user_id: str) -> str:
        """The URL to send ``user_id`` to: Front's authorize page with ``response_type``,
        ``client_id``, ``redirect_uri`` and a fresh ``state`` (never ``scope``)."""
        return self.start_authorization(user_id).url

    async def aauthorization_url(self, user_id: str) -> str:
        """Async twin of :meth:`authorization_url`."""
        return (await self.astart_authorization(user_id)).url

    # ---------------------------------------------------------------- state

    async def _in_thread(self, func: Callable[..., Any], *args: Any) -> Any:
        if isinstance(self._state_store, InMemoryStateStore):
            return func(*args)
        return await asyncio.to_thread(func, *args)

    @staticmethod
    def _digest(state: str) -> str:
        return hashlib.sha256(state.encode("utf-8")).hexdigest()

    def _check_state(
        self, state: str, taken: tuple[str, float] | None, user_id: str, now: float
    ) -> None:
        digest = self._digest(state)
        with self._lock:
            reused = digest in self._consumed
            if taken is not None:
                for key in [k for k, exp in self._consumed.items() if exp < now]:
                    del self._consumed[key]
                while len(self._consumed) >= MAX_REMEMBERED_STATES:
                    del self._consumed[next(iter(self._consumed))]
                self._consumed[digest] = max(taken[1], now) + self.state_ttl
        try:
            check_taken_state(taken, user_id=user_id, now=now, reused=reused, ttl=self.state_ttl)
        except OAuthStateError as exc:
            logger.warning("OAuth callback refused for user %r: %s state", user_id, exc.reason)
            raise

    @staticmethod
    def _require_state(state: str | None) -> str:
        if not state:
            raise OAuthStateError(
                "missing",
                "the OAuth callback has no `state` parameter, so it cannot be trusted; start "
                "connecting Front again (your app's connect page or `langchain-front auth login`)",
            )
        return state

    def consume_state(self, state: str | None, *, user_id: str) -> None:
        """Take ``state`` from the store (it is single-use) and check it belongs to
        ``user_id`` and has not expired; raise :class:`OAuthStateError` otherwise."""
        state = self._require_state(state)
        taken = self._state_store.take_state(state)
        self._check_state(state, taken, user_id, self._clock())

    async def aconsume_state(self, state: str | None, *, user_id: str) -> None:
        """Async twin of :meth:`consume_state`."""
        state = self._require_state(state)
        taken = await self._in_thread(self._state_store.take_state, state)
        self._check_state(state, taken, user_id, self._clock())

    # ---------------------------------------------------------------- token endpoint

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._sync_client().send(request)
        except httpx.TransportError as exc:
            raise _transport_error(request, exc) from None

    async def _asend(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._async_client().send(request)
        except httpx.TransportError as exc:
            raise _transport_error(request, exc) from None

    def _code_request(self, code: str | None) -> httpx.Request:
        if not code:
            raise OAuthError("the OAuth callback has no `code` parameter; start connecting again")
        return build_code_request(self.config, code)

    def _code_result(self, response: httpx.Response, code: str, user_id: str) -> FrontToken:
        try:
            token = token_from_http_response(
                response,
                now=self._clock(),
                grant="authorization_code",
                user_id=user_id,
                secrets=(code, self.config.client_secret.get_secret_value()),
            )
        except OAuthError as exc:
            logger.warning("Front OAuth code exchange failed for user %r: %s", user_id, exc)
            raise
        logger.info(
            "Front connected for user %r (access token valid %.0f s)",
            user_id,
            token.expires_in(self._clock()),
        )
        return token

    def exchange_code(self, *, code: str | None, state: str | None, user_id: str) -> FrontToken:
        """Check and consume ``state`` (single-use, even if the exchange then fails), then
        exchange ``code`` at Front's token endpoint."""
        self.consume_state(state, user_id=user_id)
        request = self._code_request(code)
        return self._code_result(self._send(request), str(code), user_id)

    async def aexchange_code(
        self, *, code: str | None, state: str | None, user_id: str
    ) -> FrontToken:
        """Async twin of :meth:`exchange_code`."""
        await self.aconsume_state(state, user_id=user_id)
        request = self._code_request(code)
        return self._code_result(await self._asend(request), str(code), user_id)

    def exchange_callback(self, callback_url: str, *, user_id: str) -> FrontToken:
        """:meth:`exchange_code` from the full callback URL Front redirected to; an ``error``
        in it (declined, non-admin...) is raised after the ``state`` is consumed."""
        callback = parse_callback(callback_url)
        self.consume_state(callback.state, user_id=user_id)
        problem = callback_error(callback, user_id)
        if problem is not None:
            raise problem
        request = self._code_request(callback.code)
        return self._code_result(self._send(request), str(callback.code), user_id)

    async def aexchange_callback(self, callback_url: str, *, user_id: str) -> FrontToken:
        """Async twin of :meth:`exchange_callback`."""
        callback = parse_callback(callback_url)
        await self.aconsume_state(callback.state, user_id=user_id)
        problem = callback_error(callback, user_id)
        if problem is not None:
            raise problem
        request = self._code_request(callback.code)
        return self._code_result(await self._asend(request), str(callback.code), user_id)

    def _refresh_request(self, refresh_token: str | SecretStr, user_id: str | None) -> str:
        value = (
            refresh_token.get_secret_value()
            if isinstance(refresh_token, SecretStr)
            else refresh_token
        )
        if not value or not value.strip():
            raise ReauthorizationRequired(user_id, "no_refresh_token")
        return value.strip()

    def _refresh_result(
        self, response: httpx.Response, refresh_token: str, user_id: str | None
    ) -> FrontToken:
        try:
            token = token_from_http_response(
                response,
                now=self._clock(),
                grant="refresh_token",
                user_id=user_id,
                previous_refresh_token=refresh_token,
                secrets=(refresh_token, self.config.client_secret.get_secret_value()),
            )
        except OAuthError as exc:
            logger.warning("Front OAuth refresh failed for user %r: %s", user_id, exc)
            raise
        rotated = token.refresh_token is not None and (
            token.refresh_token.get_secret_value() != refresh_token
        )
        logger.info(
            "Front token refreshed for user %r (valid %.0f s; refresh token %s)",
            user_id,
            token.expires_in(self._clock()),
            "rotated" if rotated else "unchanged",
        )
        return token

    def refresh(self, refresh_token: str | SecretStr, *, user_id: str | None = None) -> FrontToken:
        """A new access token from ``refresh_token``. The returned token carries the refresh
        token Front sent back, or ``refresh_token`` when it sent none: always persist it."""
        value = self._refresh_request(refresh_token, user_id)
        response = self._send(build_refresh_request(self.config, value))
        return self._refresh_result(response, value, user_id)

    async def arefresh(
        self, refresh_token: str | SecretStr, *, user_id: str | None = None
    ) -> FrontToken:
        """Async twin of :meth:`refresh`."""
        value = self._refresh_request(refresh_token, user_id)
        response = await self._asend(build_refresh_request(self.config, value))
        return self._refresh_result(response, value, user_id)


def _transport_error(request: httpx.Request, exc: httpx.TransportError) -> FrontTransportError:
    host = request.url.host
    return FrontTransportError(
        "Front OAuth token request", f"{type(exc).__name__} talking to {host}"
    )
