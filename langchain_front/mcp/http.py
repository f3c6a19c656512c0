"""The streamable HTTP transport: the server as an ASGI app behind per-user bearer tokens."""

from __future__ import annotations

from typing import Any

from mcp.server.auth.settings import AuthSettings
from mcp.server.lowlevel import Server
from starlette.applications import Starlette

from langchain_front.mcp.keys import KeyVerifier

__all__ = ["http_app"]


def http_app(
    server: Server[Any], verifier: KeyVerifier, *, host: str = "127.0.0.1", port: int = 8000
) -> Starlette:
    """``/mcp`` on streamable HTTP; a request without a known bearer token gets 401. DNS
    rebinding protection is on for loopback hosts (the SDK's default)."""
    base = f"http://{host}:{port}"
    auth = AuthSettings(issuer_url=base, resource_server_url=None)  # type: ignore[arg-type]
    return server.streamable_http_app(host=host, auth=auth, token_verifier=verifier)
