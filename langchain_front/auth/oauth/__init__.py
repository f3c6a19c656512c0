"""Front OAuth (authorization code + refresh), one module per concern.

- :mod:`~langchain_front.auth.oauth.config`: :class:`FrontOAuthConfig`, the app's settings;
- :mod:`~langchain_front.auth.oauth.protocol`: the protocol without I/O (authorize URL,
  ``state`` checks, token requests and responses, callbacks);
- :mod:`~langchain_front.auth.oauth.client`: :class:`FrontOAuth`, the sync/async I/O shell;
- :mod:`~langchain_front.auth.oauth.states`: :class:`InMemoryStateStore`, single-use states in
  memory.

Its errors live in :mod:`langchain_front.errors` (``OAuthError``, ``OAuthStateError``,
``ReauthorizationRequired``).
"""

from __future__ import annotations

from langchain_front.auth.oauth.client import FrontOAuth
from langchain_front.auth.oauth.config import FRONT_AUTHORIZE_URL, FRONT_TOKEN_URL, FrontOAuthConfig
from langchain_front.auth.oauth.protocol import (
    AuthorizationRequest,
    build_authorization_url,
    build_code_request,
    build_refresh_request,
    parse_token_response,
    token_from_http_response,
)
from langchain_front.auth.oauth.states import InMemoryStateStore

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
