"""Token providers: where the client gets the bearer token for each request.

The client only knows this seam. A static API token implements it today; an OAuth token
manager that refreshes ahead of expiry (and once more after a 401) implements the same methods.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import SecretStr

from langchain_front.errors import FrontConfigurationError


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
    """A fixed API token (Front Settings → Developers → API tokens). Never refreshed."""

    def __init__(self, token: str | SecretStr) -> None:
        secret = token if isinstance(token, SecretStr) else SecretStr(token)
        if not secret.get_secret_value().strip():
            raise FrontConfigurationError(
                "the Front API token is empty: pass token=... or set FRONT_API_TOKEN"
            )
        self._token = secret

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
