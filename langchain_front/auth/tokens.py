"""OAuth tokens as langchain-front keeps them: secrets masked in every repr, str and log."""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr

#: Front's access tokens live one hour; assumed when a response carries no ``expires_at``.
DEFAULT_LIFETIME = 3600.0


class FrontToken(BaseModel):
    """An OAuth token for one Front user or company.

    ``expires_at`` is Unix seconds (Front sends ``expires_at``, not ``expires_in``).
    """

    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    refresh_token: SecretStr | None = None
    expires_at: float
    token_type: str = "Bearer"
    obtained_at: float = 0.0

    def expires_in(self, now: float | None = None) -> float:
        """Seconds until expiry (negative once expired)."""
        return self.expires_at - (time.time() if now is None else now)

    def is_expired(self, leeway: float = 0.0, now: float | None = None) -> bool:
        """Whether the token is expired, or will be within ``leeway`` seconds."""
        return self.expires_in(now) <= leeway

    def to_storage(self) -> dict[str, Any]:
        """Plain JSON-able dict, secrets revealed: only for token stores."""
        return {
            "access_token": self.access_token.get_secret_value(),
            "refresh_token": self.refresh_token.get_secret_value() if self.refresh_token else None,
            "expires_at": self.expires_at,
            "token_type": self.token_type,
            "obtained_at": self.obtained_at,
        }

    @classmethod
    def from_storage(cls, data: dict[str, Any]) -> FrontToken:
        """Inverse of :meth:`to_storage`."""
        return cls.model_validate(data)


class StoredToken(BaseModel):
    """A token as read from a store, with the version used for compare-and-swap."""

    model_config = ConfigDict(frozen=True)

    token: FrontToken
    version: int
