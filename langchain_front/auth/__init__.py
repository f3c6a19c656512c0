"""Authentication: token providers, OAuth, token stores, and the token manager.

- :class:`StaticTokenProvider`: an API token.
- :class:`FrontOAuth`: Front's OAuth protocol (authorize URL, state, code exchange, refresh).
- :mod:`langchain_front.auth.stores`: where tokens live (SQLite by default).
- :class:`TokenManager`: valid tokens per user ID, one refresh per expiry across processes;
  :func:`acting_as` and :func:`user_id_from_config`: whom a call acts for.

Their errors live in :mod:`langchain_front.errors`.
"""

from langchain_front.auth.httpx_auth import FrontAuth
from langchain_front.auth.manager import (
    ManagedTokenProvider,
    TokenManager,
    acting_as,
    current_user_id,
    user_id_from_config,
)
from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig
from langchain_front.auth.providers import StaticTokenProvider, TokenProvider
from langchain_front.auth.tokens import FrontToken, StoredToken

__all__ = [
    "FrontAuth",
    "FrontOAuth",
    "FrontOAuthConfig",
    "FrontToken",
    "ManagedTokenProvider",
    "StaticTokenProvider",
    "StoredToken",
    "TokenManager",
    "TokenProvider",
    "acting_as",
    "current_user_id",
    "user_id_from_config",
]
