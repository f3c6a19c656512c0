"""Connect Front from a terminal: a one-shot loopback callback server for the OAuth redirect.

``langchain-front auth login`` prints the authorize URL (and opens a browser where there is one),
waits on ``http://127.0.0.1:<port>/integration-callback`` for Front's redirect, exchanges the code
and stores the token. The redirect URL configured on the Front app must be that same URL.
"""

from __future__ import annotations

import html
import logging
import time
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from langchain_front._hosts import LOOPBACK_HOSTS
from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.tokens import FrontToken
from langchain_front.errors import FrontConfigurationError, OAuthError

logger = logging.getLogger("langchain_front.auth")

CALLBACK_PATH = "/integration-callback"
DEFAULT_PORT = 8765
DEFAULT_REDIRECT_URI = f"http://127.0.0.1:{DEFAULT_PORT}{CALLBACK_PATH}"

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>langchain-front</title></head>
<body style="font-family: sans-serif; margin: 3em"><h1>{title}</h1><p>{text}</p></body></html>"""


class _CallbackServer(HTTPServer):
    params: dict[str, str] | None = None


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _CallbackServer

    def do_GET(self) -> None:
        parsed = urlsplit(self.path)
        if parsed.path != CALLBACK_PATH:
            self._answer(404, "Not found", "This server only serves the Front OAuth callback.")
            return
        params = {k: v[0] for k, v in parse_qs(parsed.query).items() if v}
        self.server.params = params
        if "error" in params:
            self._answer(400, "Front was not connected", html.escape(params["error"]))
        else:
            self._answer(200, "Front is connected", "You can close this tab and go back.")

    def _answer(self, status: int, title: str, text: str) -> None:
        body = _PAGE.format(title=title, text=text).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default access log: the query string holds the authorization code."""


def loopback_login(
    oauth: FrontOAuth,
    manager: TokenManager,
    *,
    user_id: str,
    timeout: float = 300.0,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> FrontToken:
    """Run the browser login for ``user_id`` and store its token; returns the token.

    Serves the callback on the host and port of the configured redirect URI, which must be a
    loopback ``http`` URL ending in ``/integration-callback``.
    """
    redirect = urlsplit(oauth.config.redirect_uri)
    if redirect.scheme != "http" or redirect.hostname not in LOOPBACK_HOSTS:
        raise FrontConfigurationError(
            f"the terminal login needs a loopback redirect URL such as {DEFAULT_REDIRECT_URI} "
            "(configured in the Front app and in FRONT_REDIRECT_URI); "
            f"got {oauth.config.redirect_uri}"
        )
    if redirect.path != CALLBACK_PATH:
        raise FrontConfigurationError(
            f"the redirect URL path must be {CALLBACK_PATH}, got {redirect.path or '/'}"
        )
    try:
        server = _CallbackServer((redirect.hostname, redirect.port or 80), _CallbackHandler)
    except OSError as exc:
        raise FrontConfigurationError(
            f"cannot listen on {redirect.hostname}:{redirect.port} ({exc.strerror}); free the port "
            "or use another one in both the Front app and FRONT_REDIRECT_URI"
        ) from None
    with server:
        server.timeout = 0.5
        url = oauth.authorization_url(user_id)
        announce(f"Open this URL to connect Front (as an admin of the Front company):\n{url}")
        if open_browser:
            webbrowser.open(url)
        deadline = time.monotonic() + timeout
        while server.params is None:
            if time.monotonic() > deadline:
                raise OAuthError(f"no answer from Front within {timeout:.0f} s; run login again")
            server.handle_request()
    params = server.params
    if "error" in params:
        description = params.get("error_description") or params["error"]
        raise OAuthError(f"Front did not connect: {description}")
    if "code" not in params:
        raise OAuthError("Front's redirect had no authorization code; run login again")
    state = params.get("state", "")
    token = oauth.exchange_code(code=params["code"], state=state, user_id=user_id)
    manager.save(user_id, token)
    logger.info("stored a Front token for %r", user_id)
    return token
