"""Authentication: token providers, OAuth, token stores, and the token manager.

- :class:`StaticTokenProvider`: an API token.
- :class:`FrontOAuth`: Front's OAuth protocol (authorize URL, state, code exchange, refresh).
- :mod:`langchain_front.auth.stores`: where tokens live (SQLite by default).
- :class:`TokenManager`: valid tokens per user ID, one refresh per expiry across processes;
  :func:`acting_as` and :func:`user_id_from_config`: whom a call acts for.

Their errors live in :mod:`langchain_front.errors`. The OAuth client, the token manager and the
stores are imported on first use (they bring authlib, filelock and the store drivers), so that
a toolkit on an API token does not pay for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from langchain_front.auth.context import acting_as, current_user_id, user_id_from_config
from langchain_front.auth.httpx_auth import FrontAuth
from langchain_front.auth.providers import StaticTokenProvider, TokenProvider

if TYPE_CHECKING:
    from langchain_front.auth.manager import ManagedTokenProvider, TokenManager
    from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig
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

_LAZY = {
    "FrontOAuth": "langchain_front.auth.oauth",
    "FrontOAuthConfig": "langchain_front.auth.oauth",
    "FrontToken": "langchain_front.auth.tokens",
    "StoredToken": "langchain_front.auth.tokens",
    "ManagedTokenProvider": "langchain_front.auth.manager",
    "TokenManager": "langchain_front.auth.manager",
}


def __getattr__(name: str) -> Any:
    """Import the heavier parts on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
