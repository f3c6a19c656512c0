"""One error hierarchy for everything the package raises, rooted at :class:`FrontError`.

Messages name the operation and say what to do next, and never contain a token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

__all__ = [
    "FrontAPIError",
    "FrontAuthenticationError",
    "FrontBadRequestError",
    "FrontConfigurationError",
    "FrontConflictError",
    "FrontError",
    "FrontHostNotAllowedError",
    "FrontNotConnectedError",
    "FrontNotFoundError",
    "FrontPermissionError",
    "FrontRateLimitError",
    "FrontReconnectRequiredError",
    "FrontServerError",
    "FrontTransportError",
    "FrontUnexpectedResponseError",
    "FrontUnprocessableError",
    "FrontValidationError",
    "LockTimeoutError",
    "OAuthError",
    "OAuthStateError",
    "ReauthorizationRequired",
    "StaleTokenError",
    "TokenStoreError",
    "TokenTextError",
    "api_error_for_status",
    "redact",
]

_AUTHORIZATION = re.compile(
    r"(?i)\b(bearer|basic)((?:\s|\\[tnr0]|\\x[0-9a-f]{2}|%20|\+)+)([^\s'\"]+)"
)
_SECRET_LIKE = re.compile(r"[0-9._=/+\\-]")


def _redact_match(match: re.Match[str]) -> str:
    value = match.group(3)
    if len(value) >= 24 or _SECRET_LIKE.search(value):
        return f"{match.group(1)} [REDACTED]"
    return match.group(0)  # prose ("Bearer token", "Basic authentication"), not a credential


def redact(text: str) -> str:
    """``text`` with every ``Bearer``/``Basic`` credential replaced by ``[REDACTED]``.

    The last line of defence: errors are built so as never to carry a token, and every error
    message still passes through this, so that a token quoted by a library (httpx quotes a
    header it refuses) cannot reach a log, a terminal or a model.
    """
    return _AUTHORIZATION.sub(_redact_match, text)


class FrontError(Exception):
    """Base class of every error raised by langchain-front; its message never holds a token."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args))


class FrontConfigurationError(FrontError):
    """The package is set up wrongly (missing token, bad base URL, unknown tool name...)."""


class FrontNotConnectedError(FrontError):
    """No usable Front token for this user: they must connect Front (again)."""

    def __init__(self, user_id: str | None, *, reason: str | None = None) -> None:
        self.user_id = user_id
        who = f"user {user_id!r}" if user_id else "this call"
        why = reason or "no Front token is stored for it"
        super().__init__(
            f"Front is not connected for {who} ({why}). Connect Front first: run "
            "`langchain-front auth login`, or use your app's connect page."
        )


class FrontReconnectRequiredError(FrontNotConnectedError):
    """Front refused this user's saved authorization for good (``invalid_grant``: revoked,
    expired or already used), and the store remembers it: every call for the user fails at once,
    without asking Front again, until the user connects Front again (a new login saves a fresh
    token). ``refused`` says what Front refused and when."""

    def __init__(self, user_id: str, refused: str) -> None:
        self.user_id = user_id
        self.refused = refused
        FrontError.__init__(
            self,
            f"Front must be reconnected for user {user_id!r}: {refused}. Reconnect: run "
            f"`langchain-front auth login --user {user_id}` or open your app's connect page (an "
            "admin of the Front company must approve); until then every call for this user "
            "fails at once.",
        )


class FrontValidationError(FrontError, ValueError):
    """Arguments were refused before any HTTP request was made.

    ``problems`` lists one human-readable line per problem.
    """

    def __init__(self, operation: str, problems: Sequence[str]) -> None:
        self.operation = operation
        self.problems = list(problems)
        joined = "; ".join(self.problems)
        super().__init__(f"invalid arguments for {operation}: {joined}")


class FrontHostNotAllowedError(FrontError):
    """A URL pointed outside the Front hosts that may receive the bearer token."""

    def __init__(self, url: str, operation: str | None = None) -> None:
        self.url = url
        self.operation = operation
        where = f" during {operation}" if operation else ""
        shown = url if len(url) <= 120 else url[:119] + "…"
        super().__init__(
            f"refused to send the Front token to {shown}{where}: only https://api2.frontapp.com "
            "and https://*.frontapp.com may receive it"
        )


class FrontTransportError(FrontError):
    """The request could not be completed (connection refused, timeout, TLS error...)."""

    def __init__(self, operation: str, detail: str, *, attempts: int = 1) -> None:
        self.operation = operation
        self.detail = detail
        self.attempts = attempts
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(
            f"{operation}: could not reach Front{tries} ({detail}); "
            "check the network and retry later"
        )


class FrontAPIError(FrontError):
    """Front answered with an error status.

    Attributes mirror Front's ``_error`` body: ``status``, ``title``, ``message`` and ``details``;
    any of them may be missing from the body, in which case they fall back to the HTTP status.
    """

    hint = "check the arguments against the operation and retry"

    def __init__(
        self,
        operation: str,
        status: int,
        *,
        title: str | None = None,
        message: str | None = None,
        details: Sequence[str] | None = None,
        headers: Mapping[str, str] | None = None,
        hint: str | None = None,
    ) -> None:
        self.operation = operation
        self.status = status
        self.title = title or _default_title(status)
        self.message = message or ""
        self.details = list(details or [])
        self.headers = dict(headers or {})
        if hint is not None:
            self.hint = hint
        super().__init__(self._compose())

    def _compose(self) -> str:
        text = f"{self.operation}: Front answered {self.status} {self.title}"
        if self.message:
            text += f": {self.message}"
        if self.details:
            text += " (" + "; ".join(self.details) + ")"
        return f"{text}. {self.hint[0].upper()}{self.hint[1:]}."

    @property
    def body(self) -> dict[str, Any]:
        """The error as Front's ``_error`` body shape."""
        return {
            "_error": {
                "status": self.status,
                "title": self.title,
                "message": self.message,
                "details": self.details,
            }
        }


class FrontBadRequestError(FrontAPIError):
    """400: the request did not satisfy Front's requirements."""

    hint = "fix the arguments named in the message and retry"


class FrontAuthenticationError(FrontAPIError):
    """401: the token is missing, invalid, expired or revoked."""

    hint = "the Front token is invalid or expired: reconnect Front or set a valid FRONT_API_TOKEN"


class FrontPermissionError(FrontAPIError):
    """403: the token lacks a scope or namespace for this resource."""

    hint = (
        "the token lacks the scope or namespace for this resource: grant it in Front's "
        "developer settings, or use another operation"
    )


class FrontNotFoundError(FrontAPIError):
    """404: the resource (or alias) does not exist or is not visible to this token."""

    hint = "check the ID, or search or list first to find a valid one"


class FrontConflictError(FrontAPIError):
    """409: the resource changed or already exists."""

    hint = "re-read the resource and retry with its current state"


class FrontUnprocessableError(FrontAPIError):
    """422: the request was understood but refused."""

    hint = "fix the arguments named in the message and retry"


class FrontRateLimitError(FrontAPIError):
    """429 that could not be waited out within the retry budget."""

    def __init__(
        self, operation: str, status: int = 429, *, retry_after: float | None = None, **kw: Any
    ) -> None:
        self.retry_after = retry_after
        wait = f"{retry_after:.1f} s" if retry_after is not None else "a few seconds"
        kw.setdefault("hint", f"rate limited by Front, retry after {wait}")
        super().__init__(operation, status, **kw)


class FrontUnexpectedResponseError(FrontAPIError):
    """A 2xx (or a redirect) whose body or location is not what Front documents.

    A proxy's HTML page, ``null`` where an object is documented, JSON nested without end, or a
    redirect to ``mailto:``: reading it as a success would mislead the caller.
    """

    hint = (
        "Front answered something unexpected; retry later, and if it persists check for a proxy "
        "between you and Front"
    )

    def __init__(self, operation: str, status: int, **kw: Any) -> None:
        kw.setdefault("title", "Unexpected answer")
        super().__init__(operation, status, **kw)


class FrontServerError(FrontAPIError):
    """5xx: Front failed; safe requests were retried before this was raised."""

    hint = "Front had a server error; retry later (unsafe requests such as sends were not retried)"


class TokenTextError(FrontError, ValueError):
    """A token's text cannot be sent in a header (a control character, a space or a non-ASCII
    character inside, or far too long). The message says what is wrong and where, and never
    contains the token; where a token enters, it is turned into the error of that place
    (:class:`FrontConfigurationError`, :class:`OAuthError`, :class:`TokenStoreError`)."""


# ------------------------------------------------------------------------------ OAuth


class OAuthError(FrontError):
    """The OAuth flow with Front failed; the message says what to do next.

    ``error`` is the OAuth error code Front sent (``invalid_grant``...), if any; ``status`` the
    HTTP status, if a response came back; ``retryable`` whether trying again later may work
    (Front's token endpoint was down or rate limited); ``retry_after`` the seconds Front asked
    to wait (its ``retry-after`` header), if it said.
    """

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        self.error = error
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        super().__init__(message)


StateProblem = Literal["missing", "unknown", "reused", "expired", "other_user"]


class OAuthStateError(OAuthError):
    """The ``state`` of an OAuth callback is missing, unknown, reused, expired or bound to
    another user. Nothing was exchanged or stored; ``reason`` says which problem it was."""

    def __init__(self, reason: StateProblem, message: str) -> None:
        self.reason = reason
        super().__init__(message, error="invalid_state")


ReauthReason = Literal[
    "invalid_grant", "revoked", "invalid_client", "not_admin", "access_denied", "no_refresh_token"
]

#: What each :data:`ReauthReason` means, in words (``invalid_grant`` always comes with a detail).
REAUTH_DETAIL: dict[str, str] = {
    "revoked": "the app's access to Front was revoked",
    "invalid_client": (
        "Front refused the app's client credentials (check FRONT_CLIENT_ID and "
        "FRONT_CLIENT_SECRET; the app may have been deleted or its secret changed)"
    ),
    "not_admin": (
        "the person who authorized is not an administrator of the Front company "
        "(Front: only admins can authorize apps)"
    ),
    "access_denied": "Front denied access to the app",
    "no_refresh_token": "no refresh token is saved, so the access token cannot be renewed",
}

_RECONNECT = (
    "run `langchain-front auth login` or open your app's connect page; "
    "an admin of the Front company must approve"
)


class ReauthorizationRequired(OAuthError):
    """Front will not issue tokens for this user until someone connects Front again.

    Raised for ``invalid_grant`` (a code or refresh token that is invalid, expired, revoked or
    already used), a revoked app, ``invalid_client`` and a non-admin authorizer. ``user_id`` is
    the user (or tenant) concerned, ``reason`` one of :data:`ReauthReason`.
    """

    def __init__(
        self,
        user_id: str | None,
        reason: ReauthReason,
        *,
        detail: str | None = None,
        error: str | None = None,
        status: int | None = None,
    ) -> None:
        self.user_id = user_id
        self.reason = reason
        who = f" for user {user_id!r}" if user_id is not None else ""
        text = detail or REAUTH_DETAIL.get(reason, "Front refused the saved authorization")
        super().__init__(
            f"Front needs to be connected again{who}: {text}. To reconnect, {_RECONNECT}.",
            error=error or reason,
            status=status,
        )


# ------------------------------------------------------------------------------ token stores


class TokenStoreError(FrontError):
    """A token store failed or holds unreadable data; the message says how to recover."""


class StaleTokenError(TokenStoreError):
    """Compare-and-swap failed: someone saved a newer token for this user ID first."""


class LockTimeoutError(TokenStoreError):
    """The per-user lock of a token store could not be taken in time."""


# ------------------------------------------------------------------------------ by HTTP status

_TITLES = {
    400: "Bad request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    422: "Unprocessable entity",
    429: "Too many requests",
}

_BY_STATUS: dict[int, type[FrontAPIError]] = {
    400: FrontBadRequestError,
    401: FrontAuthenticationError,
    403: FrontPermissionError,
    404: FrontNotFoundError,
    409: FrontConflictError,
    422: FrontUnprocessableError,
    429: FrontRateLimitError,
}


def _default_title(status: int) -> str:
    if status >= 500:
        return "Server error"
    return _TITLES.get(status, "Error")


def api_error_for_status(status: int) -> type[FrontAPIError]:
    """The :class:`FrontAPIError` subclass for an HTTP status."""
    if status >= 500:
        return FrontServerError
    return _BY_STATUS.get(status, FrontAPIError)
