"""Front's OAuth protocol without I/O: the authorize URL, ``state`` values, the token requests,
reading token responses (and mapping their errors) and reading callback URLs.

Front's facts (see docs: front-api-notes §3b):

- authorize: ``GET https://app.frontapp.com/oauth/authorize`` with ``response_type=code``,
  ``client_id``, ``redirect_uri`` and ``state``, and **never** ``scope`` (Front answers
  ``invalid_scope``; scopes are chosen on the app in Front's developer settings);
- token: ``POST https://app.frontapp.com/oauth/token`` with HTTP Basic client authentication and a
  form body, for ``grant_type=authorization_code`` and ``grant_type=refresh_token``;
- the token response carries ``expires_at`` (seconds or milliseconds), not ``expires_in``, and
  the same or a new refresh token;
- only admins of the Front company can authorize an app.

Every decision is a plain function here, easy to test without a network;
:class:`~langchain_front.auth.oauth.client.FrontOAuth` is a thin sync/async shell around them.

Nothing here logs or raises with a token, a code, a ``state`` or the client secret in it.
"""

from __future__ import annotations

import base64
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from pydantic import SecretStr

from langchain_front._version import USER_AGENT
from langchain_front.auth.oauth.config import FrontOAuthConfig
from langchain_front.auth.tokens import (
    DEFAULT_LIFETIME,
    MAX_TOKEN_LENGTH,
    FrontToken,
    clean_token_text,
)
from langchain_front.errors import (
    REAUTH_DETAIL,
    OAuthError,
    OAuthStateError,
    ReauthorizationRequired,
    TokenTextError,
)

__all__ = [
    "MAX_LIFETIME",
    "MAX_TOKEN_LENGTH",
    "RETRYABLE_STATUSES",
    "AuthorizationRequest",
    "Callback",
    "Grant",
    "build_authorization_url",
    "build_code_request",
    "build_refresh_request",
    "callback_error",
    "check_taken_state",
    "new_state",
    "parse_callback",
    "parse_token_response",
    "token_from_http_response",
]

logger = logging.getLogger("langchain_front.auth")

#: ``expires_at`` above this is milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
_MS_THRESHOLD = 1e11
#: ``expires_at`` below this (before 2001-09-09) cannot be a timestamp: read as a lifetime.
_RELATIVE_THRESHOLD = 1e9
#: The longest lifetime believed: a token said to live longer is refreshed after this anyway.
MAX_LIFETIME = 86400.0
#: Token endpoint answers worth one more try after a pause (the request did nothing).
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
_NON_ADMIN = re.compile(r"administrator of your front (instance|company)", re.IGNORECASE)
_REVOKED = re.compile(r"revoked", re.IGNORECASE)

Grant = Literal["authorization_code", "refresh_token"]


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the person who connects Front, and the ``state`` bound to them."""

    url: str
    state: str
    user_id: str
    expires_at: float

    def __repr__(self) -> str:
        return f"AuthorizationRequest(user_id={self.user_id!r}, expires_at={self.expires_at})"


def new_state() -> str:
    """A random, URL-safe ``state`` (43 characters, ~256 bits)."""
    return str(generate_token(43))


def check_taken_state(
    taken: tuple[str, float] | None,
    *,
    user_id: str,
    now: float,
    reused: bool = False,
    ttl: float | None = None,
) -> None:
    """Raise :class:`OAuthStateError` unless ``taken`` (what the state store returned) is a live
    state bound to ``user_id``. Pure."""
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
    if owner != user_id:
        raise OAuthStateError(
            "other_user",
            f"the OAuth `state` of this callback was issued to another user, not {user_id!r}; "
            f"{restart} while signed in as the user who started it",
        )


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


def _raw_expires_at(data: Mapping[str, Any], now: float) -> float:
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


def _expires_at(data: Mapping[str, Any], now: float) -> float:
    """The expiry to keep: refused when already past, clamped to :data:`MAX_LIFETIME`."""
    expires_at = _raw_expires_at(data, now)
    if expires_at <= now:
        raise OAuthError(
            f"Front's token endpoint answered a token that expired {now - expires_at:.0f} s "
            "ago; check this machine's clock (it may be ahead), then connect Front again"
        )
    if expires_at - now > MAX_LIFETIME:
        logger.warning(
            "Front's token response says the token lives %.3g s: kept for %.0f s at most",
            expires_at - now,
            MAX_LIFETIME,
        )
        return now + MAX_LIFETIME
    return expires_at


def _token_text(value: str, what: str) -> str:
    try:
        return clean_token_text(value, what)
    except TokenTextError as exc:
        raise OAuthError(
            f"Front's token endpoint answered an unusable token: {exc}; retry later, and if "
            "it persists check for a proxy between you and Front"
        ) from None


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

    Sanity checks: tokens are stripped, and refused when they hold a control character, a space
    or a non-ASCII character, or are longer than :data:`MAX_TOKEN_LENGTH`; a ``token_type``
    other than bearer and a token already expired are refused; an expiry further away than
    :data:`MAX_LIFETIME` is clamped to it.

    Raises :class:`OAuthError` (never quoting a token) when the response is not usable.
    """
    if not isinstance(data, Mapping):
        raise OAuthError(f"Front's token response is not a JSON object (got {type(data).__name__})")
    access = data.get("access_token")
    if not isinstance(access, str) or not access.strip():
        raise OAuthError("Front's token response has no access_token; try connecting again")
    access = _token_text(access, "its access_token")
    token_type = data.get("token_type")
    if token_type is None or token_type == "":
        token_type = "Bearer"
    elif not isinstance(token_type, str):
        raise OAuthError("Front's token response has a token_type that is not a string")
    elif token_type.strip().lower() == "bearer":
        token_type = "Bearer"
    else:
        raise OAuthError(
            f"Front's token response has token_type {_clean(token_type, [], 40)!r}, not "
            "Bearer: langchain-front only sends bearer tokens; check token_url"
        )
    refresh = data.get("refresh_token")
    if refresh is not None and not isinstance(refresh, str):
        raise OAuthError("Front's token response has a refresh_token that is not a string")
    if refresh and refresh.strip():
        refresh = _token_text(refresh, "its refresh_token")
    else:
        previous = previous_refresh_token
        refresh = previous.get_secret_value() if isinstance(previous, SecretStr) else previous
        refresh = refresh.strip() if refresh else None
    return FrontToken(
        access_token=SecretStr(access),
        refresh_token=SecretStr(refresh) if refresh else None,
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


def _seconds(value: str | None) -> float | None:
    """A ``retry-after`` in seconds (a number; an HTTP date is ignored), or ``None``."""
    try:
        seconds = float(value) if value else math.nan
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


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
    user_id: str | None = None,
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
        raise ReauthorizationRequired(user_id, "not_admin", error=error, status=status)
    if error == "invalid_grant":
        if desc and _REVOKED.search(desc):
            raise ReauthorizationRequired(user_id, "revoked", error=error, status=status)
        what = (
            "the authorization code was refused (invalid, expired or already used)"
            if grant == "authorization_code"
            else "the saved refresh token was refused (expired, revoked or already used)"
        )
        raise ReauthorizationRequired(
            user_id, "invalid_grant", detail=what + said, error=error, status=status
        )
    if error == "invalid_client" or (status == 401 and error is None):
        raise ReauthorizationRequired(user_id, "invalid_client", error=error, status=status)
    if error == "access_denied":
        raise ReauthorizationRequired(
            user_id,
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
        retry_after = _seconds(response.headers.get("retry-after"))
        when = f" after {retry_after:g} s" if retry_after is not None else " later"
        raise OAuthError(
            f"Front's token endpoint is unavailable ({status}); retry{when}",
            error=error,
            status=status,
            retryable=status in RETRYABLE_STATUSES,
            retry_after=retry_after,
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
class Callback:
    """What Front's redirect to the callback URL carries (each ``None`` when absent)."""

    code: str | None
    state: str | None
    error: str | None
    description: str | None


def parse_callback(url: str) -> Callback:
    """The ``code``, ``state``, ``error`` and ``error_description`` of a callback URL. Pure."""
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    return Callback(
        code=params.get("code") or None,
        state=params.get("state") or None,
        error=params.get("error") or None,
        description=params.get("error_description") or None,
    )


def callback_error(callback: Callback, user_id: str) -> OAuthError | None:
    """The error to raise for a callback that carries an ``error`` or no ``code``, else
    ``None``. Pure."""
    if callback.error is None and callback.code:
        return None
    desc = callback.description or ""
    if _NON_ADMIN.search(desc):
        return ReauthorizationRequired(user_id, "not_admin", error=callback.error)
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
