"""The Front OAuth server double itself, shared across threads and processes; and the terminal
login (loopback callback) against it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from typing import Any

import httpx

from langchain_front.auth.oauth import FRONT_TOKEN_URL, FrontOAuth
from langchain_front.testing.oauth_server import FrontOAuthServer
from tests.unit_tests.oauth.helpers import (
    CLIENT_ID,
    REDIRECT,
    SECRET,
    Clock,
    query_of,
    transport_for,
    visit,
)

# ------------------------------------------------------------------------------ the server double


def test_server_refuses_scope_everywhere(server: FrontOAuthServer) -> None:
    authorize = httpx.URL(
        server.authorize_url,
        params={
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": REDIRECT,
            "scope": "read",
        },
    )
    with httpx.Client(transport=transport_for(server)) as client:
        response = client.get(authorize)
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_scope"
        token = client.post(
            server.token_url,
            auth=(CLIENT_ID, SECRET),
            data={"grant_type": "refresh_token", "refresh_token": "rt-1", "scope": "read"},
        )
        assert token.status_code == 400
        assert token.json()["error"] == "invalid_scope"


def test_server_requires_basic_auth_and_a_form(server: FrontOAuthServer) -> None:
    rt = server.issue_refresh_token()
    form = {"grant_type": "refresh_token", "refresh_token": rt}
    with httpx.Client(transport=transport_for(server)) as client:
        in_body = client.post(
            server.token_url, data={**form, "client_id": CLIENT_ID, "client_secret": SECRET}
        )
        assert in_body.status_code == 401
        assert in_body.json() == {
            "error": "invalid_client",
            "error_description": "Client authentication failed",
        }
        as_json = client.post(server.token_url, auth=(CLIENT_ID, SECRET), json=form)
        assert as_json.status_code == 400
        assert as_json.json()["error"] == "invalid_request"
        grant = client.post(
            server.token_url, auth=(CLIENT_ID, SECRET), data={"grant_type": "password"}
        )
        assert grant.json()["error"] == "unsupported_grant_type"
        ok = client.post(server.token_url, auth=(CLIENT_ID, SECRET), data=form)
        assert ok.status_code == 200
        assert set(ok.json()) == {"access_token", "refresh_token", "expires_at", "token_type"}
        assert ok.headers["cache-control"] == "no-store"
        assert client.get(server.base_url + "/nope").status_code == 404
    assert server.refresh_count == 2  # the JSON body was not parsed as a refresh


def test_server_authorize_redirect_keeps_state_and_query(server: FrontOAuthServer) -> None:
    url = httpx.URL(
        server.authorize_url,
        params={
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": "http://127.0.0.1:5/cb?tenant=7",
            "state": "st-1",
        },
    )
    response = visit(server, str(url))
    assert response.status_code == 302
    assert query_of(response.headers["location"]) == {
        "tenant": "7",
        "code": "code-0001",
        "state": "st-1",
    }
    bad = visit(server, str(url.copy_set_param("client_id", "nope")))
    assert bad.status_code == 400


def test_server_stats_endpoint(server: FrontOAuthServer) -> None:
    server.single_use_refresh_tokens = True
    rt = server.issue_refresh_token()
    with httpx.Client(transport=transport_for(server)) as client:
        for _ in range(2):
            client.post(
                server.token_url,
                auth=(CLIENT_ID, SECRET),
                data={"grant_type": "refresh_token", "refresh_token": rt},
            )
        stats = client.get(server.stats_url).json()
    assert stats == {
        "refresh_count": 2,
        "invalid_grant_count": 1,
        "code_exchange_count": 0,
        "token_request_count": 2,
        "token_requests_started": 2,
        "issued_access_tokens": ["at-0001"],
    }
    assert stats == server.stats()


def test_server_counters_are_thread_safe(clock: Clock) -> None:
    with FrontOAuthServer(client_id=CLIENT_ID, client_secret=SECRET, clock=clock) as server:
        rt = server.issue_refresh_token()
        config = server.config(REDIRECT)

        def worker() -> None:
            with FrontOAuth(config, clock=clock) as oauth:
                for _ in range(5):
                    oauth.refresh(rt)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert server.refresh_count == 40
        assert len(set(server.issued_access_tokens)) == 40


def test_server_shared_by_another_process() -> None:
    """A CLI or worker in another process refreshes against the server and reads /_stats.

    On the real clock: the other process reads expiries with it (and refuses a token that
    expired, Hardening 14)."""
    script = """
import json, httpx
from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig
oauth = FrontOAuth(FrontOAuthConfig.from_env())
token = oauth.refresh(RT, user_id="worker")
stats = httpx.get(STATS).json()
print(json.dumps({"at": token.access_token.get_secret_value(), "stats": stats}))
"""
    with FrontOAuthServer(client_id=CLIENT_ID, client_secret=SECRET) as server:
        rt = server.issue_refresh_token("worker")
        env = {
            **os.environ,
            "FRONT_CLIENT_ID": CLIENT_ID,
            "FRONT_CLIENT_SECRET": SECRET,
            "FRONT_REDIRECT_URI": REDIRECT,
            "FRONT_OAUTH_TOKEN_URL": server.token_url,
            "FRONT_OAUTH_AUTHORIZE_URL": server.authorize_url,
        }
        code = script.replace("RT", repr(rt)).replace("STATS", repr(server.stats_url))
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert server.is_valid_access_token(out["at"])
        assert server.access_token_user(out["at"]) == "worker"
        assert out["stats"]["refresh_count"] == 1 == server.refresh_count


def test_server_lifecycle() -> None:
    server = FrontOAuthServer()
    assert server.token_url == FRONT_TOKEN_URL  # in-process: Front's own URLs
    server.start()
    try:
        assert server.start() is server  # idempotent
        assert server.base_url.startswith("http://127.0.0.1:")
        assert server.token_url == server.base_url + "/oauth/token"
        assert server.authorize_url == server.base_url + "/oauth/authorize"
        assert "in-process" not in repr(server)
    finally:
        server.stop()
    server.stop()  # idempotent
    assert server.base_url == "https://app.frontapp.com"


def test_loopback_login_end_to_end(clock: Clock) -> None:
    """A CLI-style login: a callback listener on 127.0.0.1, a "browser" that follows Front's
    redirect to it, then the exchange of the URL it received."""
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received: list[str] = []

    class Callback(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append(f"http://127.0.0.1:{self.server.server_address[1]}{self.path}")
            self.send_response(200)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    listener = HTTPServer(("127.0.0.1", 0), Callback)
    thread = threading.Thread(target=listener.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        redirect = f"http://127.0.0.1:{listener.server_address[1]}/callback"
        with (
            FrontOAuthServer(client_id=CLIENT_ID, client_secret=SECRET, clock=clock) as server,
            FrontOAuth(server.config(redirect), clock=clock) as oauth,
        ):
            browser = httpx.get(oauth.authorization_url("me"), follow_redirects=True)
            assert browser.status_code == 200
            [callback_url] = received
            assert callback_url.startswith(redirect + "?code=code-0001&state=")
            token = oauth.exchange_callback(callback_url, user_id="me")
            assert server.is_valid_access_token(token.access_token.get_secret_value())
            assert server.stats()["code_exchange_count"] == 1
    finally:
        listener.shutdown()
        listener.server_close()
        thread.join()
