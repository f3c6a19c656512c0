"""Connect Front from a terminal: a one-shot loopback callback server for the OAuth redirect.

``langchain-front auth login`` prints the authorize URL (and opens a browser where there is one),
waits on ``http://127.0.0.1:<port>/integration-callback`` for Front's redirect, exchanges the code
and stores the token. The redirect URL configured on the Front app must be that same URL.

The listener trusts nothing it receives before the ``state`` of this login matches: a request
without it (any web page can make the browser call a loopback URL) is answered and ignored, and
the login keeps waiting. Every connection is served in its own thread with a read timeout, so an
idle or half-sent connection neither blocks the real callback nor outlives ``timeout``. Nothing
from the query is echoed to the browser or printed as received: errors pass through
:func:`~langchain_front.auth.oauth.protocol.callback_error`, which keeps printable text only.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from langchain_front._hosts import LOOPBACK_HOSTS
from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.oauth.protocol import parse_callback
from langchain_front.auth.tokens import FrontToken
from langchain_front.errors import FrontConfigurationError, OAuthError

logger = logging.getLogger("langchain_front.auth")

CALLBACK_PATH = "/integration-callback"
DEFAULT_PORT = 8765
DEFAULT_REDIRECT_URI = f"http://127.0.0.1:{DEFAULT_PORT}{CALLBACK_PATH}"
#: Seconds one connection may stay silent before the listener drops it.
READ_TIMEOUT = 10.0
#: Connections served at once; more are closed on arrival.
MAX_CONNECTIONS = 16

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>langchain-front</title></head>
<body style="font-family: sans-serif; margin: 3em"><h1>{title}</h1><p>{text}</p></body></html>"""


class _CallbackServer(ThreadingHTTPServer):
    """Serves each connection in a daemon thread; remembers the first callback with ``state``."""

    daemon_threads = True
    block_on_close = False  # closing never waits for a connection that is still open

    def __init__(self, address: tuple[str, int], *, read_timeout: float) -> None:
        super().__init__(address, _CallbackHandler)
        self.state = ""  # set before the first request is served
        self.read_timeout = read_timeout
        self.callback_path: str | None = None
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()

    def matches(self, state: str | None) -> bool:
        if not state or not self.state:
            return False
        return hmac.compare_digest(state.encode(), self.state.encode())

    def claim(self, path: str) -> bool:
        """Record ``path`` as the callback if none was recorded yet; ``False`` for a repeat."""
        with self._lock:
            if self.callback_path is not None:
                return False
            self.callback_path = path
            return True

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            crowded = len(self._open) >= MAX_CONNECTIONS
            if not crowded:
                self._open.add(request)
        if crowded:
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """End every connection still open (their threads then finish at once)."""
        with self._lock:
            still_open = list(self._open)
        for sock in still_open:
            with contextlib.suppress(OSError):  # already closed by its client
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that failed (reset, timed out) is no news; never print a traceback."""
        logger.debug("the login callback listener dropped a failed connection", exc_info=True)


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _CallbackServer

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.read_timeout)  # every read and write here

    def do_GET(self) -> None:
        if urlsplit(self.path).path != CALLBACK_PATH:
            self._answer(404, "Not found", "This server only serves the Front OAuth callback.")
            return
        callback = parse_callback(self.path)
        if not self.server.matches(callback.state):
            logger.warning("ignored a request to the login callback without this login's state")
            self._answer(
                400,
                "Not this login",
                "This link does not belong to the login waiting in your terminal, so it was "
                "ignored. Approve the app from the link the terminal printed.",
            )
            return
        if not self.server.claim(self.path):
            self._answer(409, "Already done", "This login has already been answered.")
            return
        try:
            if callback.error or not callback.code:
                self._answer(400, "Front was not connected", "Your terminal says why.")
            else:
                self._answer(200, "Front is connected", "You can close this tab and go back.")
        finally:
            self.server.done.set()

    def _answer(self, status: int, title: str, text: str) -> None:
        body = _PAGE.format(title=title, text=text).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.send_header("cache-control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default access log: the query string holds the authorization code."""


def _check_redirect(redirect_uri: str) -> tuple[str, int]:
    redirect = urlsplit(redirect_uri)
    if redirect.scheme != "http" or redirect.hostname not in LOOPBACK_HOSTS:
        raise FrontConfigurationError(
            f"the terminal login needs a loopback redirect URL such as {DEFAULT_REDIRECT_URI} "
            "(configured in the Front app and in FRONT_REDIRECT_URI); "
            f"got {redirect_uri}"
        )
    if redirect.path != CALLBACK_PATH:
        raise FrontConfigurationError(
            f"the redirect URL path must be {CALLBACK_PATH}, got {redirect.path or '/'}"
        )
    return redirect.hostname, redirect.port or 80


def loopback_login(
    oauth: FrontOAuth,
    manager: TokenManager,
    *,
    user_id: str,
    timeout: float = 300.0,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
    read_timeout: float = READ_TIMEOUT,
) -> FrontToken:
    """Run the browser login for ``user_id`` and store its token; returns the token.

    Serves the callback on the host and port of the configured redirect URI, which must be a
    loopback ``http`` URL ending in ``/integration-callback``. Gives up after ``timeout``
    seconds whatever the connections do; drops a connection silent for ``read_timeout`` seconds.
    """
    host, port = _check_redirect(oauth.config.redirect_uri)
    try:
        server = _CallbackServer((host, port), read_timeout=read_timeout)
    except OSError as exc:
        raise FrontConfigurationError(
            f"cannot listen on {host}:{port} ({exc.strerror}); free the port "
            "or use another one in both the Front app and FRONT_REDIRECT_URI"
        ) from None
    with server:
        request = oauth.start_authorization(user_id)
        server.state = request.state
        announce(
            f"Open this URL to connect Front (as an admin of the Front company):\n{request.url}"
        )
        if open_browser:
            webbrowser.open(request.url)
        deadline = time.monotonic() + timeout
        try:
            while not server.done.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise OAuthError(
                        f"no answer from Front within {timeout:.0f} s; run login again"
                    )
                server.timeout = min(0.25, left)
                server.handle_request()  # hands a connection to its thread, never reads it here
        finally:
            server.drop_connections()
    path = server.callback_path or ""
    # consumes the state, raises Front's ?error= (printable text only), exchanges the code
    token = oauth.exchange_callback(f"http://{host}:{port}{path}", user_id=user_id)
    manager.save(user_id, token)
    logger.info("stored a Front token for %r", user_id)
    return token
