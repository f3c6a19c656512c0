"""examples/oauth_web_app.py: connect per signed-in user, then a tool acts as that user."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.memory import MemoryTokenStore
from langchain_front.testing import FrontDouble, FrontOAuthServer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "oauth_web_app.py"
BASE = "http://127.0.0.1:8000"
REDIRECT = f"{BASE}/integration-callback"


@pytest.fixture
def app_parts() -> tuple[Any, FrontOAuthServer, MemoryTokenStore]:
    module = runpy.run_path(str(EXAMPLE))
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    oauth = FrontOAuth(server.config(redirect_uri=REDIRECT), transport=server.transport())
    app = module["build_app"](
        oauth,
        store,
        session_secret="test-session-secret",
        client_options={"transport": FrontDouble().transport()},
    )
    return app, server, store


def _approve(server: FrontOAuthServer, authorize_url: str) -> str:
    """Play Front's authorize page: it redirects back with a code and the same state."""
    with httpx.Client(transport=server.transport()) as front:
        answer = front.get(authorize_url)
    assert answer.status_code == 302
    return answer.headers["location"]


def test_connect_then_act_as_that_user(app_parts: Any) -> None:
    app, server, store = app_parts
    with TestClient(app, base_url=BASE) as web:
        assert web.get("/login", params={"user": "alice"}).status_code == 200
        connect = web.get("/connect", follow_redirects=False)
        assert connect.status_code == 302
        authorize = httpx.URL(connect.headers["location"])
        assert "scope" not in authorize.params
        callback = _approve(server, str(authorize))
        done = web.get(callback, follow_redirects=False)
        assert done.status_code == 303, done.text
        assert store.keys() == ["alice"]
        inbox = web.get("/inbox")
        assert inbox.status_code == 200
        assert "conversations" in inbox.text and "cnv_" in inbox.text


def test_a_user_who_did_not_connect_is_told_to(app_parts: Any) -> None:
    app, _server, store = app_parts
    with TestClient(app, base_url=BASE) as web:
        web.get("/login", params={"user": "bob"})
        inbox = web.get("/inbox")
    assert inbox.status_code == 409
    assert "not connected for user 'bob'" in inbox.text
    assert store.keys() == []


def test_a_callback_for_another_user_stores_nothing(app_parts: Any) -> None:
    app, server, store = app_parts
    with TestClient(app, base_url=BASE) as web:
        web.get("/login", params={"user": "alice"})
        callback = _approve(server, web.get("/connect", follow_redirects=False).headers["location"])
        web.get("/login", params={"user": "mallory"})  # another session finishes alice's login
        refused = web.get(callback, follow_redirects=False)
    assert refused.status_code == 400
    assert store.keys() == []


def test_replayed_callback_is_refused(app_parts: Any) -> None:
    app, server, _store = app_parts
    with TestClient(app, base_url=BASE) as web:
        web.get("/login", params={"user": "alice"})
        callback = _approve(server, web.get("/connect", follow_redirects=False).headers["location"])
        assert web.get(callback, follow_redirects=False).status_code == 303
        again = web.get(callback, follow_redirects=False)
    assert again.status_code == 400
    assert server.code_exchange_count == 1


def test_sign_in_first(app_parts: Any) -> None:
    app, _server, _store = app_parts
    with TestClient(app, base_url=BASE) as web:
        assert web.get("/connect", follow_redirects=False).status_code == 401
        assert web.get("/inbox").status_code == 401
