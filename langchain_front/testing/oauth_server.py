"""A stand-in for Front's OAuth server (authorize page and token endpoint), for tests.

Use it in-process as an httpx transport::

    server = FrontOAuthServer()
    oauth = FrontOAuth(server.config(redirect_uri="http://127.0.0.1:8765/callback"),
                       transport=server.transport())

or as a real HTTP server on 127.0.0.1, which other processes (a CLI under test, workers) can
share; ``GET /_stats`` returns the counters as JSON::

    with FrontOAuthServer() as server:          # start() / stop()
        config = server.config(redirect_uri=...)  # authorize_url/token_url on server.base_url

Both modes serve the same state through :meth:`FrontOAuthServer.handle`. It behaves like Front
(front-api-notes §3b): HTTP Basic client auth on the token endpoint, a form body,
``authorization_code`` and ``refresh_token`` grants, ``expires_at`` (not ``expires_in``),
``invalid_scope`` for any ``scope`` parameter, and admin-only authorization.

Token values are obviously fake and deterministic: ``at-0001``, ``rt-0001``, ``code-0001``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from pydantic import SecretStr

from langchain_front.auth.oauth import FRONT_AUTHORIZE_URL, FRONT_TOKEN_URL, FrontOAuthConfig

__all__ = ["NON_ADMIN_MESSAGE", "FrontOAuthServer", "RecordedTokenRequest"]

#: What Front tells a non-admin who tries to authorize an app.
NON_ADMIN_MESSAGE = (
    "You need to be an administrator of your Front instance to authorize this request."
)

_IN_PROCESS_BASE = "https://app.frontapp.com"


@dataclass
class _Grant:
    """One authorization (what ``revoke`` cuts): its tokens live and die together."""

    user_id: str
    revoked: bool = False


@dataclass
class _Code:
    user_id: str
    redirect_uri: str
    expires_at: float


@dataclass
class _RefreshToken:
    grant: _Grant
    expires_at: float | None
    valid: bool = True


@dataclass
class _AccessToken:
    grant: _Grant
    expires_at: float


@dataclass(frozen=True)
class RecordedTokenRequest:
    """What the token endpoint received: the Basic credentials (``None`` if absent or not
    Basic), the form fields, the content type and the answer's status."""

    basic_auth: tuple[str, str] | None
    form: dict[str, str]
    content_type: str
    status: int


@dataclass
class _Canned:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class FrontOAuthServer:
    """Front's OAuth endpoints, in memory; thread-safe.

    Options (all attributes may be changed while the server runs):

    - ``client_id`` / ``client_secret``: the app's credentials (Basic auth must match);
    - ``access_lifetime``: seconds an access token lives (3600, like Front);
    - ``expires_at_unit``: ``"s"`` or ``"ms"`` for ``expires_at``;
    - ``omit_expires_at``: send no ``expires_at``;
    - ``rotate_refresh_tokens``: a new refresh token on every refresh (the old one stays valid);
    - ``single_use_refresh_tokens``: rotate and invalidate the old one (reuse → ``invalid_grant``);
    - ``omit_refresh_token_on_refresh``: refresh answers carry no ``refresh_token``;
    - ``refresh_lifetime``: seconds a refresh token lives (``None``: forever);
    - ``code_lifetime``: seconds an authorization code lives (600);
    - ``non_admin``: the authorizer is not an admin: the authorize page shows Front's message
      and the code grant is refused with it;
    - ``authorizing_user``: the user ID ``GET /oauth/authorize`` issues codes for;
    - ``token_delay``: seconds the token endpoint sleeps before answering (to widen races);
    - ``clock``: the time source (Unix seconds).

    Counters: ``refresh_count`` (refresh requests received), ``invalid_grant_count``,
    ``code_exchange_count``, ``token_request_count`` (answered), ``token_requests_started``
    (received, counted before ``token_delay``: a request in progress shows here first);
    ``issued_access_tokens`` (in order), ``requests`` (:class:`RecordedTokenRequest`, in order);
    :meth:`stats` and ``GET /_stats``.
    """

    def __init__(
        self,
        *,
        client_id: str = "test-client-id",
        client_secret: str = "test-client-secret",
        access_lifetime: float = 3600.0,
        expires_at_unit: Literal["s", "ms"] = "s",
        omit_expires_at: bool = False,
        rotate_refresh_tokens: bool = False,
        single_use_refresh_tokens: bool = False,
        omit_refresh_token_on_refresh: bool = False,
        refresh_lifetime: float | None = None,
        code_lifetime: float = 600.0,
        non_admin: bool = False,
        authorizing_user: str = "admin",
        token_delay: float = 0.0,
        clock: Callable[[], float] = time.time,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.access_lifetime = access_lifetime
        self.expires_at_unit = expires_at_unit
        self.omit_expires_at = omit_expires_at
        self.rotate_refresh_tokens = rotate_refresh_tokens
        self.single_use_refresh_tokens = single_use_refresh_tokens
        self.omit_refresh_token_on_refresh = omit_refresh_token_on_refresh
        self.refresh_lifetime = refresh_lifetime
        self.code_lifetime = code_lifetime
        self.non_admin = non_admin
        self.authorizing_user = authorizing_user
        self.token_delay = token_delay
        self.clock = clock
        self.host = host
        self.port = port

        self._lock = threading.RLock()
        self._serial: dict[str, int] = {}
        self._codes: dict[str, _Code] = {}
        self._refresh: dict[str, _RefreshToken] = {}
        self._access: dict[str, _AccessToken] = {}
        self._canned: deque[_Canned] = deque()
        self.refresh_count = 0
        self.invalid_grant_count = 0
        self.code_exchange_count = 0
        self.token_request_count = 0
        self.token_requests_started = 0
        self.issued_access_tokens: list[str] = []
        self.requests: list[RecordedTokenRequest] = []

        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        where = self.base_url if self._httpd else "in-process"
        return f"FrontOAuthServer({where}, refresh_count={self.refresh_count})"

    # ------------------------------------------------------------------ URLs and config

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` once started; Front's own origin before (for the
        in-process transport, which answers whatever host it is asked)."""
        if self._httpd is None:
            return _IN_PROCESS_BASE
        address = self._httpd.server_address
        host = address[0].decode() if isinstance(address[0], bytes) else str(address[0])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{address[1]}"

    @property
    def authorize_url(self) -> str:
        """The authorize endpoint."""
        return FRONT_AUTHORIZE_URL if self._httpd is None else f"{self.base_url}/oauth/authorize"

    @property
    def token_url(self) -> str:
        """The token endpoint."""
        return FRONT_TOKEN_URL if self._httpd is None else f"{self.base_url}/oauth/token"

    @property
    def stats_url(self) -> str:
        """``GET`` it for the counters as JSON."""
        return f"{self.base_url}/_stats"

    def config(self, redirect_uri: str = "http://127.0.0.1:8765/callback") -> FrontOAuthConfig:
        """A :class:`FrontOAuthConfig` for this server's app and endpoints."""
        return FrontOAuthConfig(
            client_id=self.client_id,
            client_secret=SecretStr(self.client_secret),
            redirect_uri=redirect_uri,
            authorize_url=self.authorize_url,
            token_url=self.token_url,
        )

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FrontOAuthServer:
        """Serve on ``host:port`` (port 0: a free one) from a daemon thread."""
        if self._httpd is not None:
            return self
        server_class = _IPv6HTTPServer if ":" in self.host else ThreadingHTTPServer
        httpd = server_class((self.host, self.port), _make_handler(self))
        httpd.daemon_threads = True
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="front-oauth-server",
            daemon=True,
        )
        self._httpd = httpd
        self._thread = thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FrontOAuthServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def transport(self) -> httpx.MockTransport:
        """An httpx transport (sync and async) answering from this server, in-process."""
        return httpx.MockTransport(self.handle)

    # ------------------------------------------------------------------ test controls

    def _next(self, prefix: str) -> str:
        with self._lock:
            number = self._serial.get(prefix, 0) + 1
            self._serial[prefix] = number
            return f"{prefix}-{number:04d}"

    def issue_code(self, user_id: str = "admin", redirect_uri: str | None = None) -> str:
        """An authorization code for ``user_id``, as if they approved the app; it must be
        exchanged with the same ``redirect_uri`` (any, when ``None``), once."""
        code = self._next("code")
        with self._lock:
            self._codes[code] = _Code(
                user_id=user_id,
                redirect_uri=redirect_uri or "",
                expires_at=self.clock() + self.code_lifetime,
            )
        return code

    def issue_refresh_token(self, user_id: str = "admin") -> str:
        """A valid refresh token for ``user_id`` (a new grant), without the code dance."""
        with self._lock:
            return self._new_refresh(_Grant(user_id))

    def revoke(self, refresh_token: str) -> None:
        """Revoke the grant behind ``refresh_token``: it and every token of the grant stop
        working (``invalid_grant`` "revoked" on refresh)."""
        with self._lock:
            record = self._refresh.get(refresh_token)
            if record is not None:
                record.grant.revoked = True

    def revoke_all(self) -> None:
        """Revoke every grant (the app was uninstalled from the Front company)."""
        with self._lock:
            for record in self._refresh.values():
                record.grant.revoked = True
            for access in self._access.values():
                access.grant.revoked = True

    def enqueue_response(
        self,
        status: int,
        body: str | bytes | Mapping[str, Any] = b"",
        *,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Make the token endpoint's next answer this one (FIFO), whatever the request; a
        mapping is sent as JSON. Counters still count the request."""
        if isinstance(body, Mapping):
            raw = json.dumps(body).encode()
            content_type = content_type or "application/json"
        else:
            raw = body.encode() if isinstance(body, str) else body
        all_headers = dict(headers or {})
        if content_type:
            all_headers["content-type"] = content_type
        with self._lock:
            self._canned.append(_Canned(status, raw, all_headers))

    def is_valid_access_token(self, token: str) -> bool:
        """Whether ``token`` was issued here, is not revoked and has not expired."""
        with self._lock:
            record = self._access.get(token)
            return (
                record is not None and not record.grant.revoked and self.clock() < record.expires_at
            )

    def access_token_user(self, token: str) -> str | None:
        """The user ID ``token`` was issued for, or ``None``."""
        with self._lock:
            record = self._access.get(token)
            return record.grant.user_id if record else None

    def is_valid_refresh_token(self, token: str) -> bool:
        """Whether ``token`` would be accepted by a refresh now."""
        with self._lock:
            return self._refresh_problem(token) is None

    def stats(self) -> dict[str, Any]:
        """The counters (what ``GET /_stats`` returns)."""
        with self._lock:
            return {
                "refresh_count": self.refresh_count,
                "invalid_grant_count": self.invalid_grant_count,
                "code_exchange_count": self.code_exchange_count,
                "token_request_count": self.token_request_count,
                "token_requests_started": self.token_requests_started,
                "issued_access_tokens": list(self.issued_access_tokens),
            }

    # ------------------------------------------------------------------ HTTP

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (the in-process transport and the HTTP server both call this)."""
        path = request.url.path.rstrip("/")
        if path == "/oauth/token":
            if request.method != "POST":
                return _json(405, {"error": "invalid_request", "error_description": "use POST"})
            return self._token(request)
        if path == "/oauth/authorize" and request.method == "GET":
            return self._authorize(request)
        if path == "/_stats" and request.method == "GET":
            return _json(200, self.stats())
        return _json(404, {"_error": {"status": 404, "title": "Not found", "message": "no route"}})

    def _authorize(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params.multi_items())
        if "scope" in params:
            return _json(400, _oauth_error("invalid_scope", "Invalid scope"))
        if params.get("response_type") != "code" or params.get("client_id") != self.client_id:
            return _html(400, "Invalid OAuth request: unknown client or response_type.")
        redirect_uri = params.get("redirect_uri")
        if not redirect_uri:
            return _html(400, "Invalid OAuth request: redirect_uri is required.")
        if self.non_admin:
            return _html(403, NON_ADMIN_MESSAGE)
        code = self.issue_code(self.authorizing_user, redirect_uri)
        back = {"code": code}
        if "state" in params:
            back["state"] = params["state"]
        return httpx.Response(302, headers={"location": _add_query(redirect_uri, back)})

    def _token(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.token_requests_started += 1
        if self.token_delay:
            time.sleep(self.token_delay)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        form: dict[str, str] = {}
        if content_type == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(request.content.decode("utf-8"), keep_blank_values=True))
        basic = _basic_credentials(request.headers.get("authorization", ""))
        with self._lock:
            self.token_request_count += 1
            grant_type = form.get("grant_type")
            if grant_type == "refresh_token":
                self.refresh_count += 1
            elif grant_type == "authorization_code":
                self.code_exchange_count += 1
            response = self._token_answer(request, form, content_type, basic)
            if _is_invalid_grant(response):
                self.invalid_grant_count += 1
            self.requests.append(
                RecordedTokenRequest(basic, dict(form), content_type, response.status_code)
            )
            return response

    def _token_answer(
        self,
        request: httpx.Request,
        form: dict[str, str],
        content_type: str,
        basic: tuple[str, str] | None,
    ) -> httpx.Response:
        if self._canned:
            canned = self._canned.popleft()
            return httpx.Response(canned.status, content=canned.body, headers=canned.headers)
        if (
            basic is None
            or not hmac.compare_digest(basic[0].encode(), self.client_id.encode())
            or not hmac.compare_digest(basic[1].encode(), self.client_secret.encode())
        ):
            return _json(
                401,
                _oauth_error("invalid_client", "Client authentication failed"),
                headers={"www-authenticate": 'Basic realm="Front"'},
            )
        if "scope" in form or "scope" in request.url.params:
            return _json(400, _oauth_error("invalid_scope", "Invalid scope"))
        if content_type != "application/x-www-form-urlencoded":
            return _json(
                400,
                _oauth_error("invalid_request", "Expected an x-www-form-urlencoded body"),
            )
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._code_grant(form)
        if grant_type == "refresh_token":
            return self._refresh_grant(form)
        return _json(400, _oauth_error("unsupported_grant_type", "Unsupported grant type"))

    def _code_grant(self, form: dict[str, str]) -> httpx.Response:
        if self.non_admin:
            return _json(403, _oauth_error("access_denied", NON_ADMIN_MESSAGE))
        code = self._codes.pop(form.get("code", ""), None)  # single use, whatever follows
        if code is None:
            return _json(400, _oauth_error("invalid_grant", "Invalid authorization code"))
        if code.expires_at <= self.clock():
            return _json(400, _oauth_error("invalid_grant", "Authorization code expired"))
        if code.redirect_uri and form.get("redirect_uri") != code.redirect_uri:
            return _json(400, _oauth_error("invalid_grant", "redirect_uri mismatch"))
        grant = _Grant(code.user_id)
        refresh = self._new_refresh(grant)
        return self._token_body(grant, refresh)

    def _refresh_problem(self, token: str) -> str | None:
        record = self._refresh.get(token)
        if record is None:
            return "Invalid refresh token"
        if record.grant.revoked:
            return "The refresh token has been revoked"
        if not record.valid:
            return "The refresh token has already been used"
        if record.expires_at is not None and record.expires_at <= self.clock():
            return "The refresh token has expired"
        return None

    def _refresh_grant(self, form: dict[str, str]) -> httpx.Response:
        token = form.get("refresh_token", "")
        problem = self._refresh_problem(token)
        if problem is not None:
            return _json(400, _oauth_error("invalid_grant", problem))
        record = self._refresh[token]
        if self.single_use_refresh_tokens:
            record.valid = False
            returned: str | None = self._new_refresh(record.grant)
        elif self.rotate_refresh_tokens:
            returned = self._new_refresh(record.grant)
        else:
            returned = token
        if self.omit_refresh_token_on_refresh:
            returned = None
        return self._token_body(record.grant, returned)

    def _new_refresh(self, grant: _Grant) -> str:
        token = self._next("rt")
        lifetime = self.refresh_lifetime
        self._refresh[token] = _RefreshToken(
            grant, None if lifetime is None else self.clock() + lifetime
        )
        return token

    def _token_body(self, grant: _Grant, refresh_token: str | None) -> httpx.Response:
        access = self._next("at")
        expires_at = self.clock() + self.access_lifetime
        self._access[access] = _AccessToken(grant, expires_at)
        self.issued_access_tokens.append(access)
        body: dict[str, Any] = {"access_token": access, "token_type": "Bearer"}
        if refresh_token is not None:
            body["refresh_token"] = refresh_token
        if not self.omit_expires_at:
            if self.expires_at_unit == "ms":
                body["expires_at"] = round(expires_at * 1000)
            else:
                body["expires_at"] = int(expires_at) if expires_at.is_integer() else expires_at
        return _json(200, body, headers={"cache-control": "no-store"})


# ---------------------------------------------------------------------------------- helpers


def _oauth_error(error: str, description: str) -> dict[str, str]:
    return {"error": error, "error_description": description}


def _json(
    status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, json=body, headers=dict(headers or {}))


def _html(status: int, message: str) -> httpx.Response:
    page = f"<!doctype html><html><body><h1>Front</h1><p>{message}</p></body></html>"
    return httpx.Response(status, html=page)


def _is_invalid_grant(response: httpx.Response) -> bool:
    if response.status_code < 400:
        return False
    try:
        data = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("error") == "invalid_grant"


def _basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def _add_query(url: str, params: Mapping[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


class _IPv6HTTPServer(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _make_handler(server: FrontOAuthServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            request = httpx.Request(
                self.command,
                f"{server.base_url}{self.path}",
                headers=list(self.headers.items()),
                content=body,
            )
            response = server.handle(request)
            content = response.content
            self.send_response(response.status_code)
            for name, value in response.headers.multi_items():
                if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                    self.send_header(name, value)
            self.send_header("content-length", str(len(content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)

        do_GET = _serve
        do_POST = _serve
        do_PUT = _serve
        do_DELETE = _serve
        do_HEAD = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read counters, not access logs."""

    return Handler
