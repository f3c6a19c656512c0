"""Token providers: where the client gets the bearer token for each request.

The client only knows this seam. A static API token implements it today; an OAuth token
manager that refreshes ahead of expiry (and once more after a 401) implements the same methods.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import SecretStr

from langchain_front.auth.tokens import clean_token_text
from langchain_front.errors import FrontConfigurationError, TokenTextError


@runtime_checkable
class TokenProvider(Protocol):
    """Gives a valid access token; is told when Front refused one."""

    def get_token(self) -> str:
        """A token to send now."""
        ...

    async def aget_token(self) -> str:
        """Async twin of :meth:`get_token`."""
        ...

    def on_unauthorized(self, token: str) -> bool:
        """Front answered 401 to ``token``; return True if a fresh token is worth one retry."""
        ...

    async def aon_unauthorized(self, token: str) -> bool:
        """Async twin of :meth:`on_unauthorized`."""
        ...


class StaticTokenProvider:
    """A fixed API token (Front Settings → Developers → API tokens). Never refreshed.

    Surrounding whitespace (a trailing newline from a file or a shell) is stripped; a token with
    a control character, a space or a non-ASCII character inside is refused with a
    :class:`FrontConfigurationError` that does not quote it.
    """

    def __init__(self, token: str | SecretStr) -> None:
        raw = token.get_secret_value() if isinstance(token, SecretStr) else token
        if not raw.strip():
            raise FrontConfigurationError(
                "the Front API token is empty: pass token=... or set FRONT_API_TOKEN"
            )
        try:
            cleaned = clean_token_text(raw, "the Front API token")
        except TokenTextError as exc:
            raise FrontConfigurationError(
                f"{exc} (pass token=... or set FRONT_API_TOKEN without it)"
            ) from None
        self._token = SecretStr(cleaned)

    def __repr__(self) -> str:
        return "StaticTokenProvider(token='**********')"

    def get_token(self) -> str:
        """The token."""
        return self._token.get_secret_value()

    async def aget_token(self) -> str:
        """The token."""
        return self._token.get_secret_value()

    def on_unauthorized(self, token: str) -> bool:
        """A static token cannot be renewed: no retry."""
        return False

    async def aon_unauthorized(self, token: str) -> bool:
        """A static token cannot be renewed: no retry."""
        return False
