"""Front OAuth (authorization code + refresh), sans-I/O at the core.

Front's facts (see docs: front-api-notes §3b):

- authorize: ``GET https://app.frontapp.com/oauth/authorize`` with ``response_type=code``,
  ``client_id``, ``redirect_uri`` and ``state``, and **never** ``scope`` (Front answers
  ``invalid_scope``; scopes are chosen on the app in Front's developer settings);
- token: ``POST https://app.frontapp.com/oauth/token`` with HTTP Basic client authentication and a
  form body, for ``grant_type=authorization_code`` and ``grant_type=refresh_token``;
- the token response carries ``expires_at`` (seconds or milliseconds), not ``expires_in``, and
  the same or a new refresh token;
- only admins of the Front company can authorize an app.

The decisions (building the authorize URL and the token requests, checking a ``state``, reading
a token response and mapping its errors) are plain functions that do no I/O.
:class:`FrontOAuth` is a thin sync/async shell around them and httpx.

Nothing here logs or raises with a token, a code, a ``state`` or the client secret in it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import math
import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError, field_validator

from langchain_front._hosts import LOOPBACK_HOSTS
from langchain_front._version import USER_AGENT
from langchain_front.auth.stores.base import StateStore
from langchain_front.auth.tokens import DEFAULT_LIFETIME, FrontToken
from langchain_front.errors import (
    REAUTH_DETAIL,
    FrontConfigurationError,
    FrontTransportError,
    OAuthError,
    OAuthStateError,
    ReauthorizationRequired,
)

__all__ = [
    "FRONT_AUTHORIZE_URL",
    "FRONT_TOKEN_URL",
    "AuthorizationRequest",
    "FrontOAuth",
    "FrontOAuthConfig",
    "InMemoryStateStore",
    "build_authorization_url",
    "build_code_request",
    "build_refresh_request",
    "parse_token_response",
    "token_from_http_response",
]

logger = logging.getLogger("langchain_front.auth")

FRONT_AUTHORIZE_URL = "https://app.frontapp.com/oauth/authorize"
FRONT_TOKEN_URL = "https://app.frontapp.com/oauth/token"

#: ``expires_at`` above this is milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
_MS_THRESHOLD = 1e11
#: ``expires_at`` below this (before 2001-09-09) cannot be a timestamp: read as a lifetime.
_RELATIVE_THRESHOLD = 1e9
_NON_ADMIN = re.compile(r"administrator of your front (instance|company)", re.IGNORECASE)
_REVOKED = re.compile(r"revoked", re.IGNORECASE)
_MAX_REMEMBERED_STATES = 10_000

Grant = Literal["authorization_code", "refresh_token"]


# --------------------------------------------------------------------------------------- config


def _check_url(value: str, what: str) -> str:
    value = value.strip()
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError):
        raise ValueError(f"{what} is not a valid URL") from None
    host = (url.host or "").lower()
    if not url.scheme or not host:
        raise ValueError(f"{what} must be an absolute URL such as https://example.com/...")
    if url.userinfo:
        raise ValueError(f"{what} must not contain a user name or password")
    if url.fragment:
        raise ValueError(f"{what} must not contain a #fragment")
    if url.scheme == "https" or (url.scheme == "http" and host in LOOPBACK_HOSTS):
        return value
    raise ValueError(
        f"{what} must use https (plain http is allowed only on 127.0.0.1, localhost or [::1]); "
        f"got {url.scheme}://{host}"
    )


class FrontOAuthConfig(BaseModel):
    """A Front OAuth app: its client credentials, redirect URI and Front's endpoints.

    Every URL must be https, except http on loopback (127.0.0.1, localhost, [::1]) for local
    callbacks and tests. The secret is a :class:`~pydantic.SecretStr`: masked in repr and str.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    client_id: str
    client_secret: SecretStr
    redirect_uri: str
    authorize_url: str = FRONT_AUTHORIZE_URL
    token_url: str = FRONT_TOKEN_URL

    @field_validator("client_id")
    @classmethod
    def _client_id_not_empty(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("client_id is empty: use the client ID of your Front app")
        return value

    @field_validator("client_secret")
    @classmethod
    def _secret_not_empty(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("client_secret is empty: use the client secret of your Front app")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("redirect_uri")
    @classmethod
    def _redirect_uri_ok(cls, value: str) -> str:
        return _check_url(value, "redirect_uri")

    @field_validator("authorize_url")
    @classmethod
    def _authorize_url_ok(cls, value: str) -> str:
        return _check_url(value, "authorize_url")

    @field_validator("token_url")
    @classmethod
    def _token_url_ok(cls, value: str) -> str:
        return _check_url(value, "token_url")

    @classmethod
    def from_env(cls, **overrides: Any) -> FrontOAuthConfig:
        """Read ``FRONT_CLIENT_ID``, ``FRONT_CLIENT_SECRET`` and ``FRONT_REDIRECT_URI`` (and,
        optionally, ``FRONT_OAUTH_AUTHORIZE_URL`` and ``FRONT_OAUTH_TOKEN_URL``); keyword
        arguments that are not ``None`` win over the environment.

        Raises :class:`~langchain_front.errors.FrontConfigurationError` naming the missing
        variable or the invalid value.
        """
        given = {k: v for k, v in overrides.items() if v is not None}
        values: dict[str, Any] = {}
        required = (
            ("client_id", "FRONT_CLIENT_ID", "the client ID of your Front app"),
            ("client_secret", "FRONT_CLIENT_SECRET", "the client secret of your Front app"),
            ("redirect_uri", "FRONT_REDIRECT_URI", "the redirect URI registered on the app"),
        )
        for field, var, meaning in required:
            if field in given:
                continue
            raw = os.environ.get(var, "").strip()
            if not raw:
                raise FrontConfigurationError(
                    f"{var} is not set: set it to {meaning} (Front: Settings → Developers → "
                    f"your app → OAuth), or pass {field}=..."
                )
            values[field] = raw
        for field, var in (
            ("authorize_url", "FRONT_OAUTH_AUTHORIZE_URL"),
            ("token_url", "FRONT_OAUTH_TOKEN_URL"),
        ):
            raw = os.environ.get(var, "").strip()
            if field not in given and raw:
                values[field] = raw
        values.update(given)
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'config'}: "
                f"{str(err['msg']).removeprefix('Value error, ')}"
                for err in exc.errors(include_input=False, include_url=False)
            )
            raise FrontConfigurationError(f"invalid Front OAuth settings: {problems}") from None


# --------------------------------------------------------------------------------------- states


class InMemoryStateStore:
    """A :class:`~langchain_front.auth.stores.base.StateStore` in this process's memory.

    Good for one process (a CLI login, a single-worker app); use a shared store (Redis,
    Postgres...) when the callback may reach another worker. Expired states are kept for a
    grace period (so the callback can say "expired" rather than "unknown"), then dropped; at
    most ``max_states`` are kept (oldest dropped first).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        grace: float = 3600.0,
        max_states: int = _MAX_REMEMBERED_STATES,
    ) -> None:
        self._clock = clock
        self._grace = grace
        self._max = max_states
        self._lock = threading.Lock()
        self._states: dict[str, tuple[str, float]] = {}

    def __repr__(self) -> str:
        return f"InMemoryStateStore(states={len(self._states)})"

    def __len__(self) -> int:
        return len(self._states)

    def put_state(self, state: str, user_key: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_key`` until ``expires_at``."""
        with self._lock:
            horizon = self._clock() - self._grace
            for key in [k for k, (_, exp) in self._states.items() if exp < horizon]:
                del self._states[key]
            while len(self._states) >= self._max:
                del self._states[next(iter(self._states))]
            self._states[state] = (user_key, expires_at)

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Remove and return ``(user_key, expires_at)``, or ``None``."""
        with self._lock:
            return self._states.pop(state, None)


def check_taken_state(
    taken: tuple[str, float] | None,
    *,
    user_key: str,
    now: float,
    reused: bool = False,
    ttl: float | None = None,
) -> None:
    """Raise :class:`OAuthStateError` unless ``taken`` (what the state store returned) is a live
    state bound to ``user_key``. Pure."""
    restart = (
        "start connecting Front again (your app's connect page or `langchain-front auth login`)"
    )
    if taken is None:
        if reused:
            raise OAuthStateError(
                "reused",
                "this OAuth callback was already used (each connection link works once); "
                + restart,
            )
        raise OAuthStateError(
            "unknown",
            "the OAuth `state` of this callback is unknown: it was not issued here, was "
            "already used, or expired and was cleaned up; " + restart,
        )
    owner, expires_at = taken
    if expires_at <= now:
        limit = f" (links are valid for {ttl / 60:g} min)" if ttl else ""
        raise OAuthStateError(
            "expired",
            f"the OAuth `state` of this callback expired {now - expires_at:.0f} s ago{limit}; "
            + restart,
        )
    if owner != user_key:
        raise OAuthStateError(
            "other_user",
            f"the OAuth `state` of this callback was issued to another user, not {user_key!r}; "
            f"{restart} while signed in as the user who started it",
        )


# --------------------------------------------------------------------------------------- sans-I/O


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the person who connects Front, and the ``state`` bound to them."""

    url: str
    state: str
    user_key: str
    expires_at: float

    def __repr__(self) -> str:
        return f"AuthorizationRequest(user_key={self.user_key!r}, expires_at={self.expires_at})"


def new_state() -> str:
    """A random, URL-safe ``state`` (43 characters, ~256 bits)."""
    return str(generate_token(43))


def build_authorization_url(config: FrontOAuthConfig, state: str) -> str:
    """Front's authorize URL: exactly ``response_type=code``, ``client_id``, ``redirect_uri``
    and ``state``. Never a ``scope`` (Front answers ``invalid_scope``)."""
    return str(
        prepare_grant_uri(
            config.authorize_url,
            client_id=config.client_id,
            response_type="code",
            redirect_uri=config.redirect_uri,
            state=state,
        )
    )


def _basic_auth(config: FrontOAuthConfig) -> str:
    raw = f"{config.client_id}:{config.client_secret.get_secret_value()}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _token_request(config: FrontOAuthConfig, body: str) -> httpx.Request:
    return httpx.Request(
        "POST",
        config.token_url,
        headers={
            "Authorization": _basic_auth(config),
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        },
        content=body.encode("utf-8"),
    )


def build_code_request(config: FrontOAuthConfig, code: str) -> httpx.Request:
    """``POST token_url`` exchanging ``code``: HTTP Basic client auth, form body with
    ``grant_type=authorization_code``, ``code`` and ``redirect_uri``."""
    body = prepare_token_request("authorization_code", code=code, redirect_uri=config.redirect_uri)
    return _token_request(config, str(body))


def build_refresh_request(config: FrontOAuthConfig, refresh_token: str) -> httpx.Request:
    """``POST token_url`` with HTTP Basic client auth and the form body
    ``grant_type=refresh_token&refresh_token=...``."""
    body = prepare_token_request("refresh_token", refresh_token=refresh_token)
    return _token_request(config, str(body))


def _number(value: Any, field: str) -> float:
    problem = f"Front's token response has a non-numeric {field}"
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise OAuthError(f"{problem} ({type(value).__name__}); expected Unix seconds")
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise OAuthError(f"{problem} (a non-numeric string); expected Unix seconds") from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise OAuthError(f"{problem} (not finite); expected Unix seconds")
    return number


def _expires_at(data: Mapping[str, Any], now: float) -> float:
    raw = data.get("expires_at")
    if raw is not None and raw != "":
        value = _number(raw, "expires_at")
        if value <= 0:
            raise OAuthError("Front's token response has a non-positive expires_at")
        if value > _MS_THRESHOLD:
            return value / 1000.0
        if value < _RELATIVE_THRESHOLD:
            logger.debug("expires_at=%s is too small for a timestamp: read as a lifetime", value)
            return now + value
        return value
    raw = data.get("expires_in")
    if raw is not None and raw != "":
        value = _number(raw, "expires_in")
        if value < 0:
            raise OAuthError("Front's token response has a negative expires_in")
        return now + value
    return now + DEFAULT_LIFETIME


def parse_token_response(
    data: Mapping[str, Any],
    *,
    now: float,
    previous_refresh_token: str | SecretStr | None = None,
) -> FrontToken:
    """A :class:`FrontToken` from Front's token JSON. Pure.

    ``expires_at`` may be seconds or milliseconds (above 1e11), a number or a numeric string;
    a value below 1e9 cannot be a timestamp and is read as a lifetime in seconds. Without
    ``expires_at``, an ``expires_in`` is honoured; without either, the token lives one hour.
    The refresh token is the one that came back, else ``previous_refresh_token``.

    Raises :class:`OAuthError` (never quoting a value) when the response is not usable.
    """
    if not isinstance(data, Mapping):
        raise OAuthError(f"Front's token response is not a JSON object (got {type(data).__name__})")
    access = data.get("access_token")
    if not isinstance(access, str) or not access.strip():
        raise OAuthError("Front's token response has no access_token; try connecting again")
    token_type = data.get("token_type")
    if token_type is None or token_type == "":
        token_type = "Bearer"
    elif not isinstance(token_type, str):
        raise OAuthError("Front's token response has a token_type that is not a string")
    elif token_type.lower() == "bearer":
        token_type = "Bearer"
    refresh = data.get("refresh_token")
    if refresh is not None and not isinstance(refresh, str):
        raise OAuthError("Front's token response has a refresh_token that is not a string")
    if not refresh or not refresh.strip():
        previous = previous_refresh_token
        refresh = previous.get_secret_value() if isinstance(previous, SecretStr) else previous
    return FrontToken(
        access_token=SecretStr(access.strip()),
        refresh_token=SecretStr(refresh.strip()) if refresh else None,
        expires_at=_expires_at(data, now),
        token_type=token_type,
        obtained_at=now,
    )


def _clean(text: str, secrets: Sequence[str], limit: int = 200) -> str:
    """A short, single-line, secret-free excerpt of a server-provided message."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_fields(data: Any) -> tuple[str | None, str | None]:
    """(OAuth error code, human description) from an error body, in either of Front's shapes:
    RFC 6749 ``{"error", "error_description"}`` or Front's ``{"_error": {"message"...}}``."""
    if not isinstance(data, Mapping):
        return None, None
    error = data.get("error")
    if isinstance(error, str):
        desc = data.get("error_description") or data.get("message")
        return error, desc if isinstance(desc, str) else None
    envelope = data.get("_error") if isinstance(data.get("_error"), Mapping) else error
    if isinstance(envelope, Mapping):
        desc = envelope.get("message") or envelope.get("title")
        code = envelope.get("error") or envelope.get("code")
        return (code if isinstance(code, str) else None), (desc if isinstance(desc, str) else None)
    return None, None


def _what_body(response: httpx.Response) -> str:
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not response.content.strip():
        return "an empty body"
    if "html" in ctype or response.content.lstrip()[:1] == b"<":
        return "an HTML page"
    return f"a body that is not JSON ({ctype or 'no content type'})"


def token_from_http_response(
    response: httpx.Response,
    *,
    now: float,
    grant: Grant,
    user_key: str | None = None,
    previous_refresh_token: str | None = None,
    secrets: Sequence[str] = (),
) -> FrontToken:
    """Read the token endpoint's answer: a :class:`FrontToken`, or the right error. Pure.

    - ``invalid_grant``, a revoked app, ``invalid_client`` (or a bare 401), ``access_denied``
      and Front's non-admin refusal → :class:`ReauthorizationRequired`;
    - 429 and 5xx → :class:`OAuthError` with ``retryable=True``;
    - anything else, and malformed successes (HTML, empty, not JSON, no ``access_token``, bad
      ``expires_at``) → :class:`OAuthError`.

    ``secrets`` (the code or refresh token sent, the client secret) are removed from any
    server-provided text quoted in an error.
    """
    status = response.status_code
    try:
        data: Any = response.json()
    except ValueError:
        data = None
    error, desc = _error_fields(data)
    text = desc if data is not None else response.text
    if status < 400 and error is None:
        if 300 <= status < 400:
            raise OAuthError(
                f"Front's token endpoint answered a {status} redirect instead of a token; "
                "check token_url",
                status=status,
            )
        if data is None:
            raise OAuthError(
                f"Front's token endpoint answered {status} with {_what_body(response)} instead "
                "of a JSON token; check token_url, or retry later if Front is having trouble",
                status=status,
            )
        return parse_token_response(data, now=now, previous_refresh_token=previous_refresh_token)

    said = f" ({_clean(desc, secrets)})" if desc else ""
    if text and _NON_ADMIN.search(text):
        raise ReauthorizationRequired(user_key, "not_admin", error=error, status=status)
    if error == "invalid_grant":
        if desc and _REVOKED.search(desc):
            raise ReauthorizationRequired(user_key, "revoked", error=error, status=status)
        what = (
            "the authorization code was refused (invalid, expired or already used)"
            if grant == "authorization_code"
            else "the saved refresh token was refused (expired, revoked or already used)"
        )
        raise ReauthorizationRequired(
            user_key, "invalid_grant", detail=what + said, error=error, status=status
        )
    if error == "invalid_client" or (status == 401 and error is None):
        raise ReauthorizationRequired(user_key, "invalid_client", error=error, status=status)
    if error == "access_denied":
        raise ReauthorizationRequired(
            user_key,
            "access_denied",
            detail=REAUTH_DETAIL["access_denied"] + said,
            error=error,
            status=status,
        )
    if error == "invalid_scope":
        raise OAuthError(
            "Front refused a `scope` parameter (invalid_scope): Front's OAuth takes no scope; "
            "choose the scopes on the app in Front's developer settings",
            error=error,
            status=status,
        )
    if status == 429 or status >= 500:
        retry_after = response.headers.get("retry-after")
        when = f" after {retry_after} s" if retry_after and retry_after.isdigit() else " later"
        raise OAuthError(
            f"Front's token endpoint is unavailable ({status}); retry{when}",
            error=error,
            status=status,
            retryable=True,
        )
    body = (
        f"error {_clean(error, secrets, 60)}{said}"
        if error
        else (said.strip(" ()") or _what_body(response))
    )
    raise OAuthError(
        f"Front's token endpoint refused the request ({status}: {body})",
        error=error,
        status=status,
    )


@dataclass(frozen=True)
class _Callback:
    code: str | None
    state: str | None
    error: str | None
    description: str | None


def _parse_callback(url: str) -> _Callback:
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return _Callback(
        code=params.get("code") or None,
        state=params.get("state") or None,
        error=params.get("error") or None,
        description=params.get("error_description") or None,
    )


def _callback_error(callback: _Callback, user_key: str) -> OAuthError | None:
    if callback.error is None and callback.code:
        return None
    desc = callback.description or ""
    if _NON_ADMIN.search(desc):
        return ReauthorizationRequired(user_key, "not_admin", error=callback.error)
    if callback.error == "access_denied":
        return OAuthError(
            "the connection to Front was declined in Front's consent screen; start again and "
            "approve it (an admin of the Front company must approve)",
            error=callback.error,
        )
    if callback.error:
        said = f" ({_clean(desc, [])})" if desc else ""
        return OAuthError(
            f"Front refused the authorization: {_clean(callback.error, [], 60)}{said}",
            error=callback.error,
        )
    return OAuthError("the OAuth callback has no `code` parameter; start connecting again")


# --------------------------------------------------------------------------------------- I/O shell


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

    def _new_authorization(self, user_key: str) -> AuthorizationRequest:
        if not user_key:
            raise FrontConfigurationError("user_key is empty: say whose Front connection it is")
        state = new_state()
        return AuthorizationRequest(
            url=build_authorization_url(self.config, state),
            state=state,
            user_key=user_key,
            expires_at=self._clock() + self.state_ttl,
        )

    def _log_started(self, request: AuthorizationRequest) -> AuthorizationRequest:
        logger.debug(
            "OAuth authorization started for user %r (link valid %.0f s)",
            request.user_key,
            self.state_ttl,
        )
        return request

    def start_authorization(self, user_key: str) -> AuthorizationRequest:
        """Create and store a single-use ``state`` bound to ``user_key``; return the authorize
        URL with it."""
        request = self._new_authorization(user_key)
        self._state_store.put_state(request.state, user_key, request.expires_at)
        return self._log_started(request)

    async def astart_authorization(self, user_key: str) -> AuthorizationRequest:
        """Async twin of :meth:`start_authorization` (the store is called in a thread)."""
        request = self._new_authorization(user_key)
        await self._in_thread(
            self._state_store.put_state, request.state, user_key, request.expires_at
        )
        return self._log_started(request)

    def authorization_url(self, user_key: str) -> str:
        """The URL to send ``user_key`` to: Front's authorize page with ``response_type``,
        ``client_id``, ``redirect_uri`` and a fresh ``state`` (never ``scope``)."""
        return self.start_authorization(user_key).url

    async def aauthorization_url(self, user_key: str) -> str:
        """Async twin of :meth:`authorization_url`."""
        return (await self.astart_authorization(user_key)).url

    # ---------------------------------------------------------------- state

    async def _in_thread(self, func: Callable[..., Any], *args: Any) -> Any:
        if isinstance(self._state_store, InMemoryStateStore):
            return func(*args)
        return await asyncio.to_thread(func, *args)

    @staticmethod
    def _digest(state: str) -> str:
        return hashlib.sha256(state.encode("utf-8")).hexdigest()

    def _check_state(
        self, state: str, taken: tuple[str, float] | None, user_key: str, now: float
    ) -> None:
        digest = self._digest(state)
        with self._lock:
            reused = digest in self._consumed
            if taken is not None:
                for key in [k for k, exp in self._consumed.items() if exp < now]:
                    del self._consumed[key]
                while len(self._consumed) >= _MAX_REMEMBERED_STATES:
                    del self._consumed[next(iter(self._consumed))]
                self._consumed[digest] = max(taken[1], now) + self.state_ttl
        try:
            check_taken_state(taken, user_key=user_key, now=now, reused=reused, ttl=self.state_ttl)
        except OAuthStateError as exc:
            logger.warning("OAuth callback refused for user %r: %s state", user_key, exc.reason)
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

    def consume_state(self, state: str | None, *, user_key: str) -> None:
        """Take ``state`` from the store (it is single-use) and check it belongs to
        ``user_key`` and has not expired; raise :class:`OAuthStateError` otherwise."""
        state = self._require_state(state)
        taken = self._state_store.take_state(state)
        self._check_state(state, taken, user_key, self._clock())

    async def aconsume_state(self, state: str | None, *, user_key: str) -> None:
        """Async twin of :meth:`consume_state`."""
        state = self._require_state(state)
        taken = await self._in_thread(self._state_store.take_state, state)
        self._check_state(state, taken, user_key, self._clock())

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

    def _code_result(self, response: httpx.Response, code: str, user_key: str) -> FrontToken:
        try:
            token = token_from_http_response(
                response,
                now=self._clock(),
                grant="authorization_code",
                user_key=user_key,
                secrets=(code, self.config.client_secret.get_secret_value()),
            )
        except OAuthError as exc:
            logger.warning("Front OAuth code exchange failed for user %r: %s", user_key, exc)
            raise
        logger.info(
            "Front connected for user %r (access token valid %.0f s)",
            user_key,
            token.expires_in(self._clock()),
        )
        return token

    def exchange_code(self, *, code: str | None, state: str | None, user_key: str) -> FrontToken:
        """Check and consume ``state`` (single-use, even if the exchange then fails), then
        exchange ``code`` at Front's token endpoint."""
        self.consume_state(state, user_key=user_key)
        request = self._code_request(code)
        return self._code_result(self._send(request), str(code), user_key)

    async def aexchange_code(
        self, *, code: str | None, state: str | None, user_key: str
    ) -> FrontToken:
        """Async twin of :meth:`exchange_code`."""
        await self.aconsume_state(state, user_key=user_key)
        request = self._code_request(code)
        return self._code_result(await self._asend(request), str(code), user_key)

    def exchange_callback(self, callback_url: str, *, user_key: str) -> FrontToken:
        """:meth:`exchange_code` from the full callback URL Front redirected to; an ``error``
        in it (declined, non-admin...) is raised after the ``state`` is consumed."""
        callback = _parse_callback(callback_url)
        self.consume_state(callback.state, user_key=user_key)
        problem = _callback_error(callback, user_key)
        if problem is not None:
            raise problem
        request = self._code_request(callback.code)
        return self._code_result(self._send(request), str(callback.code), user_key)

    async def aexchange_callback(self, callback_url: str, *, user_key: str) -> FrontToken:
        """Async twin of :meth:`exchange_callback`."""
        callback = _parse_callback(callback_url)
        await self.aconsume_state(callback.state, user_key=user_key)
        problem = _callback_error(callback, user_key)
        if problem is not None:
            raise problem
        request = self._code_request(callback.code)
        return self._code_result(await self._asend(request), str(callback.code), user_key)

    def _refresh_request(self, refresh_token: str | SecretStr, user_key: str | None) -> str:
        value = (
            refresh_token.get_secret_value()
            if isinstance(refresh_token, SecretStr)
            else refresh_token
        )
        if not value or not value.strip():
            raise ReauthorizationRequired(user_key, "no_refresh_token")
        return value.strip()

    def _refresh_result(
        self, response: httpx.Response, refresh_token: str, user_key: str | None
    ) -> FrontToken:
        try:
            token = token_from_http_response(
                response,
                now=self._clock(),
                grant="refresh_token",
                user_key=user_key,
                previous_refresh_token=refresh_token,
                secrets=(refresh_token, self.config.client_secret.get_secret_value()),
            )
        except OAuthError as exc:
            logger.warning("Front OAuth refresh failed for user %r: %s", user_key, exc)
            raise
        rotated = token.refresh_token is not None and (
            token.refresh_token.get_secret_value() != refresh_token
        )
        logger.info(
            "Front token refreshed for user %r (valid %.0f s; refresh token %s)",
            user_key,
            token.expires_in(self._clock()),
            "rotated" if rotated else "unchanged",
        )
        return token

    def refresh(self, refresh_token: str | SecretStr, *, user_key: str | None = None) -> FrontToken:
        """A new access token from ``refresh_token``. The returned token carries the refresh
        token Front sent back, or ``refresh_token`` when it sent none: always persist it."""
        value = self._refresh_request(refresh_token, user_key)
        response = self._send(build_refresh_request(self.config, value))
        return self._refresh_result(response, value, user_key)

    async def arefresh(
        self, refresh_token: str | SecretStr, *, user_key: str | None = None
    ) -> FrontToken:
        """Async twin of :meth:`refresh`."""
        value = self._refresh_request(refresh_token, user_key)
        response = await self._asend(build_refresh_request(self.config, value))
        return self._refresh_result(response, value, user_key)


def _transport_error(request: httpx.Request, exc: httpx.TransportError) -> FrontTransportError:
    host = request.url.host
    return FrontTransportError(
        "Front OAuth token request", f"{type(exc).__name__} talking to {host}"
    )
