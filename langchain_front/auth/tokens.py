"""OAuth tokens as langchain-front keeps them: secrets masked in every repr, str and log, and
token text checked where it enters (an API token, the token endpoint, a store)."""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr

from langchain_front.errors import TokenTextError

#: Front's access tokens live one hour; assumed when a response carries no ``expires_at``.
DEFAULT_LIFETIME = 3600.0

#: The longest token accepted, in characters. Front's tokens are JWTs of a few hundred
#: characters; 8 KiB is a common limit on a whole request header.
MAX_TOKEN_LENGTH = 8192


def clean_token_text(value: str, what: str = "the token") -> str:
    """``value`` without surrounding whitespace; :class:`TokenTextError` if what remains is
    empty, longer than :data:`MAX_TOKEN_LENGTH`, or holds a control character (CR, LF, TAB,
    NUL...), a space or a non-ASCII character inside. The error names the problem and its
    position, never the token."""
    text = value.strip()
    if not text:
        raise TokenTextError(f"{what} is empty")
    if len(text) > MAX_TOKEN_LENGTH:
        raise TokenTextError(
            f"{what} is {len(text)} characters long, more than the {MAX_TOKEN_LENGTH} accepted"
        )
    for position, char in enumerate(text):
        if not ("!" <= char <= "~"):
            kind = (
                "a space"
                if char == " "
                else "a control character"
                if ord(char) < 0x20 or ord(char) == 0x7F
                else "a non-ASCII character"
            )
            raise TokenTextError(
                f"{what} contains {kind} (U+{ord(char):04X} at position {position + 1}); a "
                "token is printable ASCII without spaces: copy it again"
            )
    return text


class FrontToken(BaseModel):
    """An OAuth token for one Front user or company.

    ``expires_at`` is Unix seconds (Front sends ``expires_at``, not ``expires_in``).
    ``reconnect`` is set (to why, in words) once Front refused the token's refresh token for
    good (``invalid_grant``): the user must connect Front again, and no refresh is attempted.
    """

    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    refresh_token: SecretStr | None = None
    expires_at: float
    token_type: str = "Bearer"
    obtained_at: float = 0.0
    reconnect: str | None = None

    def expires_in(self, now: float | None = None) -> float:
        """Seconds until expiry (negative once expired)."""
        return self.expires_at - (time.time() if now is None else now)

    def is_expired(self, leeway: float = 0.0, now: float | None = None) -> bool:
        """Whether the token is expired, or will be within ``leeway`` seconds."""
        return self.expires_in(now) <= leeway

    def to_storage(self) -> dict[str, Any]:
        """Plain JSON-able dict, secrets revealed: only for token stores. ``reconnect`` is
        written only when set, so an unmarked token is stored exactly as before."""
        data: dict[str, Any] = {
            "access_token": self.access_token.get_secret_value(),
            "refresh_token": self.refresh_token.get_secret_value() if self.refresh_token else None,
            "expires_at": self.expires_at,
            "token_type": self.token_type,
            "obtained_at": self.obtained_at,
        }
        if self.reconnect is not None:
            data["reconnect"] = self.reconnect
        return data

    @classmethod
    def from_storage(cls, data: dict[str, Any]) -> FrontToken:
        """Inverse of :meth:`to_storage`; surrounding whitespace is stripped from the tokens
        and :class:`TokenTextError` raised for a token no header can carry."""
        if not isinstance(data, dict):
            raise TypeError("a stored token is a JSON object")
        fields = dict(data)
        for name in ("access_token", "refresh_token"):
            value = fields.get(name)
            if isinstance(value, str) and (name == "access_token" or value.strip()):
                fields[name] = clean_token_text(value, f"its {name.replace('_', ' ')}")
            elif name == "refresh_token" and isinstance(value, str):
                fields[name] = None
        return cls.model_validate(fields)

    def marked_for_reconnect(self, reason: str) -> FrontToken:
        """This token, marked: Front refused its refresh token for good (see ``reconnect``)."""
        return self.model_copy(update={"reconnect": reason})


class StoredToken(BaseModel):
    """A token as read from a store, with the version used for compare-and-swap."""

    model_config = ConfigDict(frozen=True)

    token: FrontToken
    version: int
