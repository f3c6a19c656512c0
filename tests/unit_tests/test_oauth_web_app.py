"""examples/oauth_web_app.py: connect per signed-in user, then a tool acts as that user; and the
safety an example others copy must have (Hardening 16)."""

from __future__ import annotations

import os
import re
import runpy
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.base import BaseTokenStore
from langchain_front.auth.stores.memory import MemoryTokenStore
from langchain_front.auth.stores.sqlite import SQLiteTokenStore
from langchain_front.testing import FrontDouble, FrontOAuthServer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "oauth_web_app.py"
BASE = "https://127.0.0.1:8000"
REDIRECT = f"{BASE}/integration-callback"
Parts = tuple[Any, FrontOAuthServer, MemoryTokenStore]


class Clock:
    """A clock the test moves by hand (shared by FrontOAuth and the app)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def make_app(
    store: BaseTokenStore, clock: Callable[[], float] = time.time, **options: Any
) -> tuple[Any, FrontOAuthServer]:
    module = runpy.run_path(str(EXAMPLE))
    server = FrontOAuthServer()
    oauth = FrontOAuth(  # as main() does: the token store also keeps the states
        server.config(redirect_uri=REDIRECT),
        transport=server.transport(),
        state_store=store,
        clock=clock,
    )
    app = module["build_app"](
        oauth,
        store,
        session_secret="test-session-secret",
        client_options={"transport": FrontDouble().transport()},
        clock=clock,
        **options,
    )
    return app, server


@pytest.fixture
def app_parts() -> Parts:
    store = MemoryTokenStore()
    app, server = make_app(store)
    return app, server, store


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def sign_in(web: TestClient, user: str) -> httpx.Response:
    """Sign in as the form does: GET the form, POST it back with its CSRF token."""
    token = csrf_of(web.get("/login"))
    return web.post("/login", data={"user": user, "csrf": token})


def _approve(server: FrontOAuthServer, authorize_url: str) -> str:
    """Play Front's authorize page: it redirects back with a code and the same state."""
    with httpx.Client(transport=server.transport()) as front:
        answer = front.get(authorize_url)
    assert answer.status_code == 302
    return answer.headers["location"]


def connect_link(web: TestClient) -> str:
    answer = web.get("/connect", follow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def test_connect_then_act_as_that_user(app_parts: Parts) -> None:
    app, server, store = app_parts
    with TestClient(app, base_url=BASE) as web:
        assert sign_in(web, "alice").status_code == 200
        authorize = httpx.URL(connect_link(web))
        assert "scope" not in authorize.params
        callback = _approve(server, str(authorize))
        done = web.get(callback, follow_redirects=False)
        assert done.status_code == 303, done.text
        assert store.keys() == ["alice"]
        inbox = web.get("/inbox")
        assert inbox.status_code == 200
        assert "conversations" in inbox.text and "cnv_" in inbox.text


def test_a_user_who_did_not_connect_is_told_to(app_parts: Parts) -> None:
    app, _server, store = app_parts
    with TestClient(app, base_url=BASE) as web:
        sign_in(web, "bob")
        inbox = web.get("/inbox")
    assert inbox.status_code == 409
    assert "not connected for user 'bob'" in inbox.text
    assert store.keys() == []


def test_a_callback_for_another_user_stores_nothing(app_parts: Parts) -> None:
    app, server, store = app_parts
    with TestClient(app, base_url=BASE) as web:
        sign_in(web, "alice")
        callback = _approve(server, connect_link(web))
        sign_in(web, "mallory")  # another session finishes alice's login
        refused = web.get(callback, follow_redirects=False)
    assert refused.status_code == 400
    assert store.keys() == []


def test_replayed_callback_is_refused(app_parts: Parts) -> None:
    app, server, _store = app_parts
    with TestClient(app, base_url=BASE) as web:
        sign_in(web, "alice")
        callback = _approve(server, connect_link(web))
        assert web.get(callback, follow_redirects=False).status_code == 303
        again = web.get(callback, follow_redirects=False)
    assert again.status_code == 400
    assert server.code_exchange_count == 1


def test_sign_in_first(app_parts: Parts) -> None:
    app, _server, _store = app_parts
    with TestClient(app, base_url=BASE) as web:
        assert web.get("/connect", follow_redirects=False).status_code == 401
        assert web.get("/inbox").status_code == 401


# ---------------------------------------------------------------- Hardening 16: login CSRF


def test_a_get_request_signs_nobody_in(app_parts: Parts) -> None:
    """Hardening 16: ``GET /login?user=`` (a link or an <img> on any page) no longer signs the
    browser in as that user; it only shows the form."""
    app, _server, _store = app_parts
    with TestClient(app, base_url=BASE) as web:
        page = web.get("/login", params={"user": "mallory"})
        assert page.status_code == 200 and "<form" in page.text
        assert web.get("/connect", follow_redirects=False).status_code == 401


def test_sign_in_needs_the_session_csrf_token_and_a_same_origin_post(app_parts: Parts) -> None:
    """Hardening 16: a POST without this session's CSRF token, or from another site, is refused
    (a page elsewhere cannot sign a visitor in as the attacker)."""
    app, _server, _store = app_parts
    with TestClient(app, base_url=BASE) as victim, TestClient(app, base_url=BASE) as attacker:
        token = csrf_of(victim.get("/login"))
        stolen = csrf_of(attacker.get("/login"))  # the attacker's own session token
        refused = [
            victim.post("/login", data={"user": "mallory"}),
            victim.post("/login", data={"user": "mallory", "csrf": stolen}),
            victim.post("/login", data={"user": "mallory", "csrf": token + "x"}),
            victim.post(
                "/login",
                data={"user": "mallory", "csrf": token},
                headers={"sec-fetch-site": "cross-site"},
            ),
            victim.post(
                "/login",
                data={"user": "mallory", "csrf": token},
                headers={"origin": "https://evil.example"},
            ),
            victim.post("/login", json={"user": "mallory", "csrf": token}),
        ]
        assert [answer.status_code for answer in refused] == [403] * len(refused)
        assert victim.get("/connect", follow_redirects=False).status_code == 401
        ok = victim.post(
            "/login",
            data={"user": "alice", "csrf": token},
            headers={"sec-fetch-site": "same-origin", "origin": BASE},
        )
        assert ok.status_code == 200 and "signed in as alice" in ok.text
        assert victim.get("/connect", follow_redirects=False).status_code == 302


def test_signing_in_starts_a_new_session(app_parts: Parts) -> None:
    """Hardening 16: the CSRF token changes at sign-in (nothing of the old session survives)."""
    app, _server, _store = app_parts
    with TestClient(app, base_url=BASE) as web:
        before = csrf_of(web.get("/login"))
        assert web.post("/login", data={"user": "alice", "csrf": before}).status_code == 200
        assert csrf_of(web.get("/login")) != before
        assert web.post("/login", data={"user": "bob", "csrf": before}).status_code == 403


# ---------------------------------------------------------------- Hardening 16: cookies


def _session_cookie(answer: httpx.Response) -> list[str]:
    [cookie] = [v for v in answer.headers.get_list("set-cookie") if v.startswith("session=")]
    return [part.strip().lower() for part in cookie.split(";")]


def test_session_cookie_is_secure_httponly_and_samesite_lax(app_parts: Parts) -> None:
    """Hardening 16: the session cookie is ``Secure``, ``HttpOnly`` and ``SameSite=Lax``."""
    app, _server, _store = app_parts
    with TestClient(app, base_url=BASE) as web:
        flags = _session_cookie(sign_in(web, "alice"))
    assert {"secure", "httponly", "samesite=lax"} <= set(flags)


def test_plain_http_switch_drops_only_secure() -> None:
    """Hardening 16: ``secure_cookies=False`` (``ALLOW_PLAIN_HTTP=1``) for local development
    drops ``Secure`` and keeps the rest; the whole flow then works over http."""
    store = MemoryTokenStore()
    app, server = make_app(store, secure_cookies=False)
    with TestClient(app, base_url="http://127.0.0.1:8000") as web:
        flags = _session_cookie(sign_in(web, "alice"))
        assert "secure" not in flags and {"httponly", "samesite=lax"} <= set(flags)
        callback = _approve(server, connect_link(web))
        assert web.get(callback, follow_redirects=False).status_code == 303
    assert store.keys() == ["alice"]


def test_secure_cookies_over_plain_http_say_how_to_develop_locally() -> None:
    """Hardening 16: when the browser dropped the Secure cookie (plain http), the refusal says
    what to do."""
    app, _server = make_app(MemoryTokenStore())
    with TestClient(app, base_url="http://127.0.0.1:8000") as web:
        refused = sign_in(web, "alice")
    assert refused.status_code == 403 and "ALLOW_PLAIN_HTTP=1" in refused.text


# ---------------------------------------------------------------- Hardening 16: OAuth states


def _state_rows(store: SQLiteTokenStore) -> int:
    with sqlite3.connect(store.path) as db:
        return int(db.execute("SELECT COUNT(*) FROM oauth_states").fetchone()[0])


def test_repeated_connects_leave_one_state_per_session(tmp_path: Path) -> None:
    """Hardening 16: 2,000 ``/connect`` calls left 2,002 state rows; now 200 from a session
    leave one row: its newest link, which still works."""
    store = SQLiteTokenStore(tmp_path / "tokens.sqlite3")
    app, server = make_app(store)
    with TestClient(app, base_url=BASE) as web:
        sign_in(web, "alice")
        links = [connect_link(web) for _ in range(200)]
        assert _state_rows(store) == 1
        assert web.get(_approve(server, links[0]), follow_redirects=False).status_code == 400
        assert web.get(_approve(server, links[-1]), follow_redirects=False).status_code == 303
    assert _state_rows(store) == 0 and store.keys() == ["alice"]


def test_abandoned_states_leave_the_store_once_expired(tmp_path: Path) -> None:
    """Hardening 16: states nobody came back with are deleted once expired (at the next
    ``/connect``), not an hour later."""
    store = SQLiteTokenStore(tmp_path / "tokens.sqlite3")
    clock = Clock()
    app, _server = make_app(store, clock)
    with TestClient(app, base_url=BASE) as web:
        for n in range(50):
            web.cookies.clear()  # a new visitor each time
            sign_in(web, f"user{n}")
            connect_link(web)
        assert _state_rows(store) == 50
        clock.now += 601  # past the 600 s a connect link is valid
        connect_link(web)
    assert _state_rows(store) == 1


def test_waiting_states_are_bounded(tmp_path: Path) -> None:
    """Hardening 16: at most ``max_pending_states`` links wait; the oldest are deleted first."""
    store = SQLiteTokenStore(tmp_path / "tokens.sqlite3")
    app, server = make_app(store, max_pending_states=10)
    with TestClient(app, base_url=BASE) as web:
        for n in range(30):
            web.cookies.clear()
            sign_in(web, f"user{n}")
            link = connect_link(web)
        assert _state_rows(store) == 10
        assert web.get(_approve(server, link), follow_redirects=False).status_code == 303


# ---------------------------------------------------------------- Hardening 16: access log


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_uvicorn_access_log_never_records_the_callback_query(tmp_path: Path) -> None:
    """Hardening 16: the example run as documented (``main()``, a real uvicorn on 127.0.0.1)
    logs the callback without its query: no OAuth ``code`` or ``state`` in the access log."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with FrontOAuthServer() as front:
        env = {
            **os.environ,
            "FRONT_CLIENT_ID": front.client_id,
            "FRONT_CLIENT_SECRET": front.client_secret,
            "FRONT_REDIRECT_URI": f"{base}/integration-callback",
            "FRONT_OAUTH_AUTHORIZE_URL": front.authorize_url,
            "FRONT_OAUTH_TOKEN_URL": front.token_url,
            "FRONT_TOKEN_STORE": f"sqlite:{tmp_path / 'tokens.sqlite3'}",
            "SESSION_SECRET": "s" * 64,
            "ALLOW_PLAIN_HTTP": "1",
            "PORT": str(port),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("FRONT_TOKEN_ENCRYPTION_KEY", None)
        app = subprocess.Popen(
            [sys.executable, str(EXAMPLE)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                assert app.poll() is None, app.communicate()[0]
                assert time.monotonic() < deadline, "the example did not start"
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            with httpx.Client(base_url=base, timeout=10) as web:
                token = csrf_of(web.get("/login"))
                assert web.post("/login", data={"user": "alice", "csrf": token}).is_success
                authorize = web.get("/connect").headers["location"]
                callback = httpx.get(authorize, timeout=10).headers["location"]
                done = web.get(callback)
                assert done.status_code == 303, done.text
                code = httpx.URL(callback).params["code"]
                state = httpx.URL(callback).params["state"]
        finally:
            app.terminate()
            log = app.communicate(timeout=30)[0]
    assert '"GET /integration-callback HTTP/1.1" 303' in log, log
    assert code not in log and state not in log and "code=" not in log
