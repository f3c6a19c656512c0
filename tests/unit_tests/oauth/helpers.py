"""Shared pieces of the OAuth tests: the app's test credentials, a settable clock, and what a
browser does with an authorize URL."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx

from langchain_front.auth.oauth import FrontOAuth
from langchain_front.testing.oauth_server import FrontOAuthServer

NOW = 1_700_000_000.0
CLIENT_ID = "cid-test"
SECRET = "client-s3cret-do-not-leak"
REDIRECT = "http://127.0.0.1:8765/callback"


class Clock:
    """A clock the tests set by hand (``clock.now = ...``)."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


def transport_for(server: FrontOAuthServer) -> httpx.MockTransport | None:
    return None if server.base_url.startswith("http://127.0.0.1") else server.transport()


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def visit(server: FrontOAuthServer, url: str) -> httpx.Response:
    """What a browser does with the authorize URL (without following the redirect)."""
    with httpx.Client(transport=transport_for(server), follow_redirects=False) as client:
        return client.get(url)


def authorize_as(oauth: FrontOAuth, server: FrontOAuthServer, user_id: str) -> tuple[str, str]:
    """(code, state) as the callback would receive them."""
    response = visit(server, oauth.authorization_url(user_id))
    assert response.status_code == 302
    params = query_of(response.headers["location"])
    return params["code"], params["state"]


def assert_nothing_exchanged(server: FrontOAuthServer) -> None:
    """The token endpoint was never called and no token was issued."""
    assert server.token_request_count == 0
    assert server.requests == []
    assert server.issued_access_tokens == []
