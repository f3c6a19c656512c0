"""A small web app (Starlette) that connects Front per signed-in user, then acts as that user.

Routes:
- ``GET /login`` shows a sign-in form, ``POST /login`` signs in: a stand-in for your app's own
  sign-in (a CSRF token and a same-origin check, a fresh session cookie);
- ``/connect``: sends the signed-in user to Front to approve the app;
- ``/integration-callback``: the redirect URL named in Front's guide; exchanges the code and
  stores the token under the signed-in user;
- ``/inbox``: runs a Front tool as the signed-in user (``front_user_id`` in the run config).

It is written to be copied, so it is safe as it stands: the session cookie is ``Secure``,
``HttpOnly`` and ``SameSite=Lax``; uvicorn's access log never records a query string (the
callback's carries the OAuth ``code`` and ``state``); each session has at most one pending connect
link, and abandoned ones leave the store once expired. What a real app replaces is marked
``REAL APP``: the toy sign-in, the session secret, the token store.

Run it for real (after the Front-side setup of docs/oauth.md, with the app's redirect URL set to
``http://127.0.0.1:8000/integration-callback``). ``ALLOW_PLAIN_HTTP=1`` drops the cookie's
``Secure`` flag so that a browser keeps it over plain http; use it only for local development:

    FRONT_CLIENT_ID=... FRONT_CLIENT_SECRET=... \\
    FRONT_REDIRECT_URI=http://127.0.0.1:8000/integration-callback \\
    SESSION_SECRET=$(python -c "import secrets; print(secrets.token_hex(32))") \\
    ALLOW_PLAIN_HTTP=1 uv run python examples/oauth_web_app.py
"""

from __future__ import annotations

import contextlib
import hmac
import html
import logging
import os
import secrets
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from langchain_front import FrontError, FrontToolkit
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.base import BaseTokenStore

_FORM = """<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{csrf}">
<label>Name <input name="user" pattern="[A-Za-z_][A-Za-z0-9_]*" maxlength="64" required></label>
<button>Sign in</button></form></body></html>"""


class NoQueryStrings(logging.Filter):
    """Cuts the query string off every path in uvicorn's access-log lines: the callback's holds
    the OAuth ``code`` and ``state``, which must not sit in log files. (Another server logs under
    other names: keep its access log free of query strings too.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                arg.split("?", 1)[0] if isinstance(arg, str) else arg for arg in record.args
            )
        return True


def keep_query_strings_out_of_access_log() -> None:
    """Install :class:`NoQueryStrings` on uvicorn's access logger (once)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, NoQueryStrings) for f in access.filters):
        access.addFilter(NoQueryStrings())


class PendingStates:
    """The OAuth states this worker handed out and has not seen come back.

    The store keeps an unused state for an hour past its expiry; here, a state is deleted from
    the store as soon as it has expired (checked at every ``/connect``), and when more than
    ``limit`` are waiting the oldest is deleted (its link then says "start again"). REAL APP with
    several workers: each worker tracks its own states; a store with native expiry, or a periodic
    ``DELETE ... WHERE expires_at < now()`` in your database, does the same job.
    """

    def __init__(
        self, store: BaseTokenStore, *, limit: int, clock: Callable[[], float] = time.time
    ) -> None:
        self._store = store
        self._limit = limit
        self._clock = clock
        self._waiting: dict[str, float] = {}  # state -> expires_at, oldest first

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, state: str, expires_at: float) -> list[str]:
        """Track ``state``; return the states to delete from the store (expired, or too many)."""
        now = self._clock()
        stale = [s for s, exp in self._waiting.items() if exp <= now]
        for s in stale:
            del self._waiting[s]
        self._waiting[state] = expires_at
        while len(self._waiting) > self._limit:
            oldest = next(iter(self._waiting))
            del self._waiting[oldest]
            stale.append(oldest)
        return stale

    def forget(self, state: str) -> bool:
        """Stop tracking ``state``; ``True`` if it was tracked here."""
        return self._waiting.pop(state, None) is not None

    async def delete(self, states: list[str]) -> None:
        """Delete ``states`` from the store (a no-op for one already taken by its callback)."""
        for state in states:
            await run_in_threadpool(self._store.take_state, state)


def build_app(
    oauth: FrontOAuth,
    store: BaseTokenStore,
    *,
    session_secret: str,
    secure_cookies: bool = True,
    client_options: dict[str, Any] | None = None,
    max_pending_states: int = 1000,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    """The app: one OAuth helper, one token store, one toolkit serving every user.

    ``secure_cookies=False`` is for plain-http development on 127.0.0.1 only. ``clock`` must be
    the clock of ``oauth`` (tests pass a fake one to both).
    """
    toolkit = FrontToolkit.for_users(store, oauth, client_options=client_options, read_only=True)
    search = toolkit.get_tool("front_search_conversations")
    pending = PendingStates(store, limit=max_pending_states, clock=clock)

    def signed_in(request: Request) -> str | None:
        user_id = request.session.get("user")
        return str(user_id) if user_id else None

    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not isinstance(token, str):
            token = request.session["csrf"] = secrets.token_urlsafe(32)
        return token

    def same_origin(request: Request) -> bool:
        """What the browser says about where a POST comes from. Behind a proxy, let the server
        see the public scheme and host (uvicorn: --proxy-headers --forwarded-allow-ips)."""
        site = request.headers.get("sec-fetch-site")
        if site is not None:
            return site in ("same-origin", "none")
        origin = request.headers.get("origin")
        return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"

    async def small_form(request: Request, limit: int = 2048) -> dict[str, str] | None:
        """An urlencoded form body of at most ``limit`` bytes, or ``None``."""
        if request.headers.get("content-type", "").split(";")[0].strip() != (
            "application/x-www-form-urlencoded"
        ):
            return None
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return None
        return dict(parse_qsl(body.decode("utf-8", "replace"), max_num_fields=10))

    async def login_form(request: Request) -> Response:
        # Never signs in: a GET can be triggered by any page (login CSRF).
        return HTMLResponse(_FORM.format(csrf=html.escape(csrf_token(request))))

    async def login(request: Request) -> Response:
        # REAL APP: replace this toy sign-in (anyone may claim any name) with your own
        # authentication, keeping what protects it: POST only, the CSRF token of the session,
        # the same-origin check, and a fresh session once signed in.
        form = await small_form(request)
        expected = request.session.get("csrf")
        if expected is None and secure_cookies and request.url.scheme == "http":
            return PlainTextResponse(
                "sign-in refused: the browser keeps this app's Secure cookie over https only; "
                "for local development over plain http, run with ALLOW_PLAIN_HTTP=1",
                403,
            )
        sent = (form or {}).get("csrf", "")
        if not (
            form is not None
            and isinstance(expected, str)
            and hmac.compare_digest(sent.encode(), expected.encode())
            and same_origin(request)
        ):
            return PlainTextResponse("sign-in refused: use the form at /login", 403)
        user_id = form.get("user", "").strip()
        if not (user_id.isidentifier() and len(user_id) <= 64):
            return PlainTextResponse("a name is letters, digits and _, at most 64", 400)
        request.session.clear()  # a new session for the new identity (no session fixation)
        request.session["user"] = user_id
        request.session["csrf"] = secrets.token_urlsafe(32)
        return PlainTextResponse(f"signed in as {user_id}; now open /connect")

    async def connect(request: Request) -> Response:
        user_id = signed_in(request)
        if user_id is None:
            return PlainTextResponse("sign in first: /login", 401)
        started = await oauth.astart_authorization(user_id)
        stale = pending.add(started.state, started.expires_at)
        previous = request.session.get("oauth_state")
        if isinstance(previous, str) and previous != started.state:
            pending.forget(previous)
            stale.append(previous)  # one pending link per session: the newest
        request.session["oauth_state"] = started.state
        await pending.delete(stale)
        return RedirectResponse(started.url, 302)

    async def callback(request: Request) -> Response:
        user_id = signed_in(request)
        if user_id is None:
            return PlainTextResponse("sign in first, then connect Front again", 401)
        state = request.query_params.get("state")
        if state and request.session.pop("oauth_state", None) == state:
            pending.forget(state)  # the exchange below takes it from the store
        try:  # checks the state (single-use, this user's), then Front's ?error=, then the code
            token = await oauth.aexchange_callback(str(request.url), user_id=user_id)
        except FrontError as exc:
            return PlainTextResponse(str(exc), 400)
        await store.asave(user_id, token)
        return RedirectResponse("/inbox", 303)

    async def inbox(request: Request) -> Response:
        user_id = signed_in(request)
        if user_id is None:
            return PlainTextResponse("sign in first: /login", 401)
        message = await search.ainvoke(
            {"type": "tool_call", "id": "web", "name": search.name, "args": {"query": "is:open"}},
            config={"configurable": {"front_user_id": user_id}},
        )
        status = 200 if message.status == "success" else 409
        return PlainTextResponse(str(message.content), status)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        keep_query_strings_out_of_access_log()  # after uvicorn has configured its logging
        yield

    return Starlette(
        routes=[
            Route("/login", login_form, methods=["GET"]),
            Route("/login", login, methods=["POST"]),
            Route("/connect", connect),
            Route("/integration-callback", callback),
            Route("/inbox", inbox),
        ],
        middleware=[
            Middleware(
                SessionMiddleware,
                # REAL APP: the key comes from your secret manager, never from code; anyone who
                # has it can sign a session cookie for any user.
                secret_key=session_secret,
                # HttpOnly is always set. Lax, not Strict: Front's redirect back to the callback
                # is a cross-site navigation that must carry the session cookie.
                same_site="lax",
                https_only=secure_cookies,
                max_age=8 * 3600,
            )
        ],
        lifespan=lifespan,
    )


def main() -> None:
    """Serve on 127.0.0.1 (``PORT``, 8000) with the OAuth app from the environment and the
    token store of ``FRONT_TOKEN_STORE`` (SQLite by default)."""
    import uvicorn

    from langchain_front.auth.oauth import FrontOAuthConfig
    from langchain_front.auth.stores.urls import open_token_store

    secret = os.environ.get("SESSION_SECRET")
    if not secret or len(secret) < 32:
        raise SystemExit("set SESSION_SECRET to a long random value (it signs session cookies)")
    # REAL APP: a store every worker shares (postgresql://..., redis://...), encrypted at rest
    # with FRONT_TOKEN_ENCRYPTION_KEY; it also keeps the OAuth states.
    store = open_token_store()
    oauth = FrontOAuth(FrontOAuthConfig.from_env(), state_store=store)
    plain_http = os.environ.get("ALLOW_PLAIN_HTTP") == "1"
    app = build_app(oauth, store, session_secret=secret, secure_cookies=not plain_http)
    # REAL APP: serve over HTTPS (usually behind a proxy), never with ALLOW_PLAIN_HTTP.
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))


if __name__ == "__main__":
    main()
