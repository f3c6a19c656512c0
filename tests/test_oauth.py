"""Front OAuth: authorize URL, state checks, code exchange, refresh and error mapping.

End to end against :class:`FrontOAuthServer`, both in-process (httpx transport) and as a real
HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from langchain_front.auth.oauth import (
    FRONT_AUTHORIZE_URL,
    FRONT_TOKEN_URL,
    FrontOAuth,
    FrontOAuthConfig,
    InMemoryStateStore,
    build_code_request,
    build_refresh_request,
    parse_token_response,
    token_from_http_response,
)
from langchain_front.auth.tokens import FrontToken
from langchain_front.errors import (
    FrontConfigurationError,
    FrontError,
    FrontTransportError,
    OAuthError,
    OAuthStateError,
    ReauthorizationRequired,
)
from langchain_front.testing.oauth_server import NON_ADMIN_MESSAGE, FrontOAuthServer

NOW = 1_700_000_000.0
CLIENT_ID = "cid-test"
SECRET = "client-s3cret-do-not-leak"
REDIRECT = "http://127.0.0.1:8765/callback"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["in_process", "loopback"])
def server(request: pytest.FixtureRequest, clock: Clock) -> Iterator[FrontOAuthServer]:
    srv = FrontOAuthServer(client_id=CLIENT_ID, client_secret=SECRET, clock=clock)
    if request.param == "loopback":
        with srv:
            yield srv
    else:
        yield srv


def _transport(server: FrontOAuthServer) -> httpx.MockTransport | None:
    return None if server.base_url.startswith("http://127.0.0.1") else server.transport()


@pytest.fixture
def oauth(server: FrontOAuthServer, clock: Clock) -> Iterator[FrontOAuth]:
    with FrontOAuth(server.config(REDIRECT), transport=_transport(server), clock=clock) as o:
        yield o


@pytest.fixture
async def aoauth(server: FrontOAuthServer, clock: Clock) -> AsyncIterator[FrontOAuth]:
    async with FrontOAuth(server.config(REDIRECT), transport=_transport(server), clock=clock) as o:
        yield o


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def _visit(server: FrontOAuthServer, url: str) -> httpx.Response:
    """What a browser does with the authorize URL (without following the redirect)."""
    with httpx.Client(transport=_transport(server), follow_redirects=False) as client:
        return client.get(url)


def _authorize(oauth: FrontOAuth, server: FrontOAuthServer, user_id: str) -> tuple[str, str]:
    """(code, state) as the callback would receive them."""
    response = _visit(server, oauth.authorization_url(user_id))
    assert response.status_code == 302
    params = _query(response.headers["location"])
    return params["code"], params["state"]


# ------------------------------------------------------------------------------ authorize URL


def test_authorization_url_has_exactly_the_four_params(oauth: FrontOAuth) -> None:
    url = oauth.authorization_url("u1")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == oauth.config.authorize_url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    assert [k for k, _ in pairs] == ["response_type", "client_id", "redirect_uri", "state"]
    params = dict(pairs)
    assert params["response_type"] == "code"
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == REDIRECT
    assert len(params["state"]) >= 43


def test_authorization_url_never_has_scope(oauth: FrontOAuth) -> None:
    url = oauth.authorization_url("u1")
    assert "scope" not in _query(url)
    assert "scope" not in url


def test_states_are_random_and_stored_for_the_user(clock: Clock) -> None:
    store = InMemoryStateStore(clock=clock)
    oauth = FrontOAuth(FrontOAuthServer().config(), state_store=store, clock=clock, state_ttl=60)
    first = oauth.start_authorization("u1")
    second = oauth.start_authorization("u1")
    assert first.state != second.state
    assert _query(first.url)["state"] == first.state
    assert first.expires_at == NOW + 60
    assert store.take_state(first.state) == ("u1", NOW + 60)
    assert first.state not in repr(first)


def test_default_config_points_at_front() -> None:
    config = FrontOAuthConfig(client_id="c", client_secret=SecretStr("s"), redirect_uri=REDIRECT)
    assert config.authorize_url == FRONT_AUTHORIZE_URL == "https://app.frontapp.com/oauth/authorize"
    assert config.token_url == FRONT_TOKEN_URL == "https://app.frontapp.com/oauth/token"


def test_empty_user_id_is_refused(oauth: FrontOAuth) -> None:
    with pytest.raises(FrontConfigurationError, match="user_id"):
        oauth.authorization_url("")


def test_state_ttl_must_be_positive() -> None:
    with pytest.raises(FrontConfigurationError, match="state_ttl"):
        FrontOAuth(FrontOAuthServer().config(), state_ttl=0)


# ------------------------------------------------------------------------------ code exchange


def test_code_exchange_end_to_end(
    oauth: FrontOAuth, server: FrontOAuthServer, clock: Clock
) -> None:
    code, state = _authorize(oauth, server, "u1")
    token = oauth.exchange_code(code=code, state=state, user_id="u1")

    assert isinstance(token, FrontToken)
    access = token.access_token.get_secret_value()
    assert server.is_valid_access_token(access)
    assert server.access_token_user(access) == server.authorizing_user
    assert token.refresh_token is not None
    assert server.is_valid_refresh_token(token.refresh_token.get_secret_value())
    assert token.expires_at == NOW + 3600
    assert token.obtained_at == NOW
    assert token.token_type == "Bearer"

    [seen] = server.requests
    assert seen.basic_auth == (CLIENT_ID, SECRET)
    assert seen.content_type == "application/x-www-form-urlencoded"
    assert seen.form == {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    assert server.code_exchange_count == 1


def test_code_request_is_basic_auth_and_form() -> None:
    config = FrontOAuthConfig(
        client_id=CLIENT_ID, client_secret=SecretStr(SECRET), redirect_uri=REDIRECT
    )
    request = build_code_request(config, "the-code")
    assert request.method == "POST"
    assert str(request.url) == FRONT_TOKEN_URL
    assert request.headers["authorization"] == "Basic " + _b64(f"{CLIENT_ID}:{SECRET}")
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(request.content.decode())) == {
        "grant_type": "authorization_code",
        "code": "the-code",
        "redirect_uri": REDIRECT,
    }
    refresh = build_refresh_request(config, "rt a&b")
    assert dict(parse_qsl(refresh.content.decode())) == {
        "grant_type": "refresh_token",
        "refresh_token": "rt a&b",
    }
    assert "scope" not in refresh.content.decode() + request.content.decode()


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def test_exchange_callback_url(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    response = _visit(server, oauth.authorization_url("u1"))
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    token = oauth.exchange_callback(location, user_id="u1")
    assert server.is_valid_access_token(token.access_token.get_secret_value())


def test_code_is_single_use_and_bound_to_redirect_uri(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    code = server.issue_code("u1", REDIRECT)
    oauth.exchange_code(code=code, state=oauth.start_authorization("u1").state, user_id="u1")
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.exchange_code(code=code, state=oauth.start_authorization("u1").state, user_id="u1")
    assert info.value.reason == "invalid_grant"
    assert "authorization code" in str(info.value)

    other = server.issue_code("u1", "http://127.0.0.1:9999/elsewhere")
    with pytest.raises(ReauthorizationRequired):
        oauth.exchange_code(code=other, state=oauth.start_authorization("u1").state, user_id="u1")
    assert server.invalid_grant_count == 2


def test_expired_code(oauth: FrontOAuth, server: FrontOAuthServer, clock: Clock) -> None:
    code = server.issue_code("u1", REDIRECT)
    state = oauth.start_authorization("u1").state
    clock.now += 601
    server.code_lifetime = 600
    oauth.state_ttl = 10_000  # the state itself expired too; test the code
    with pytest.raises(OAuthStateError):
        oauth.exchange_code(code=code, state=state, user_id="u1")
    state = oauth.start_authorization("u1").state
    with pytest.raises(ReauthorizationRequired, match="authorization code"):
        oauth.exchange_code(code=code, state=state, user_id="u1")


# ------------------------------------------------------------------------------ state checks


def _assert_nothing_exchanged(server: FrontOAuthServer) -> None:
    assert server.token_request_count == 0
    assert server.requests == []
    assert server.issued_access_tokens == []


@pytest.mark.parametrize("state", [None, ""])
def test_missing_state(oauth: FrontOAuth, server: FrontOAuthServer, state: str | None) -> None:
    code = server.issue_code("u1", REDIRECT)
    with pytest.raises(OAuthStateError, match="no `state`") as info:
        oauth.exchange_code(code=code, state=state, user_id="u1")
    assert info.value.reason == "missing"
    _assert_nothing_exchanged(server)


def test_unknown_state(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code = server.issue_code("u1", REDIRECT)
    with pytest.raises(OAuthStateError, match="unknown") as info:
        oauth.exchange_code(code=code, state="forged-state", user_id="u1")
    assert info.value.reason == "unknown"
    _assert_nothing_exchanged(server)


def test_reused_state(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code, state = _authorize(oauth, server, "u1")
    oauth.exchange_code(code=code, state=state, user_id="u1")
    before = server.token_request_count
    with pytest.raises(OAuthStateError, match="already used") as info:
        oauth.exchange_code(code=server.issue_code("u1", REDIRECT), state=state, user_id="u1")
    assert info.value.reason == "reused"
    assert server.token_request_count == before


def test_state_is_consumed_even_when_the_exchange_fails(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    state = oauth.start_authorization("u1").state
    with pytest.raises(ReauthorizationRequired):
        oauth.exchange_code(code="code-9999", state=state, user_id="u1")
    with pytest.raises(OAuthStateError) as info:
        oauth.exchange_code(code=server.issue_code("u1", REDIRECT), state=state, user_id="u1")
    assert info.value.reason == "reused"
    assert server.token_request_count == 1


def test_expired_state(oauth: FrontOAuth, server: FrontOAuthServer, clock: Clock) -> None:
    code, state = _authorize(oauth, server, "u1")
    clock.now += 601
    with pytest.raises(OAuthStateError, match="expired") as info:
        oauth.exchange_code(code=code, state=state, user_id="u1")
    assert info.value.reason == "expired"
    assert "10 min" in str(info.value)
    _assert_nothing_exchanged(server)


def test_state_of_another_user(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code, state = _authorize(oauth, server, "alice")
    with pytest.raises(OAuthStateError, match="another user") as info:
        oauth.exchange_code(code=code, state=state, user_id="mallory")
    assert info.value.reason == "other_user"
    assert "alice" not in str(info.value)  # do not tell who it belonged to
    _assert_nothing_exchanged(server)
    with pytest.raises(OAuthStateError):  # and it is gone for alice too
        oauth.exchange_code(code=code, state=state, user_id="alice")


def test_state_errors_are_oauth_errors() -> None:
    assert issubclass(OAuthStateError, OAuthError)
    assert issubclass(ReauthorizationRequired, OAuthError)
    assert issubclass(OAuthError, FrontError)


def test_missing_code_after_a_good_state(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    state = oauth.start_authorization("u1").state
    with pytest.raises(OAuthError, match="no `code`"):
        oauth.exchange_code(code=None, state=state, user_id="u1")
    _assert_nothing_exchanged(server)


def test_callback_with_error_consumes_the_state(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    state = oauth.start_authorization("u1").state
    with pytest.raises(OAuthError, match="declined"):
        oauth.exchange_callback(f"{REDIRECT}?error=access_denied&state={state}", user_id="u1")
    with pytest.raises(OAuthStateError):
        oauth.exchange_callback(f"{REDIRECT}?code=x&state={state}", user_id="u1")
    _assert_nothing_exchanged(server)


class DictStateStore:
    """A third-party StateStore (the protocol only)."""

    def __init__(self) -> None:
        self.data: dict[str, tuple[str, float]] = {}

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        self.data[state] = (user_id, expires_at)

    def take_state(self, state: str) -> tuple[str, float] | None:
        return self.data.pop(state, None)


def test_custom_state_store(server: FrontOAuthServer, clock: Clock) -> None:
    store = DictStateStore()
    with FrontOAuth(
        server.config(REDIRECT), state_store=store, transport=_transport(server), clock=clock
    ) as oauth:
        code, state = _authorize(oauth, server, "u1")
        assert store.data[state] == ("u1", NOW + 600)
        oauth.exchange_code(code=code, state=state, user_id="u1")
        assert store.data == {}


async def test_custom_state_store_async(server: FrontOAuthServer, clock: Clock) -> None:
    store = DictStateStore()
    async with FrontOAuth(
        server.config(REDIRECT), state_store=store, transport=_transport(server), clock=clock
    ) as oauth:
        url = await oauth.aauthorization_url("u1")
        state = _query(url)["state"]
        assert state in store.data
        code = server.issue_code("u1", REDIRECT)
        token = await oauth.aexchange_code(code=code, state=state, user_id="u1")
        assert server.is_valid_access_token(token.access_token.get_secret_value())
        assert store.data == {}


# ------------------------------------------------------------------------------ expires_at


def _refresh_token(server: FrontOAuthServer) -> str:
    return server.issue_refresh_token("u1")


@pytest.mark.parametrize("unit", ["s", "ms"])
def test_expires_at_seconds_and_milliseconds(
    oauth: FrontOAuth, server: FrontOAuthServer, unit: Any
) -> None:
    server.expires_at_unit = unit
    server.access_lifetime = 1800
    token = oauth.refresh(_refresh_token(server))
    assert token.expires_at == pytest.approx(NOW + 1800)


def test_expires_at_absent_means_one_hour(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    server.omit_expires_at = True
    server.access_lifetime = 60  # the server's truth is unknown to the client
    token = oauth.refresh(_refresh_token(server))
    assert token.expires_at == NOW + 3600


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"expires_at": NOW + 100}, NOW + 100),
        ({"expires_at": int(NOW + 100)}, NOW + 100),
        ({"expires_at": (NOW + 100) * 1000}, NOW + 100),
        ({"expires_at": str(int(NOW + 100))}, NOW + 100),
        ({"expires_at": f" {int((NOW + 100) * 1000)} "}, NOW + 100),
        ({"expires_at": 3600}, NOW + 3600),  # too small to be a timestamp: a lifetime
        ({"expires_in": 120}, NOW + 120),
        ({"expires_in": "120"}, NOW + 120),
        ({"expires_at": NOW + 50, "expires_in": 120}, NOW + 50),
        ({"expires_at": None, "expires_in": 120}, NOW + 120),
        ({}, NOW + 3600),
    ],
)
def test_parse_token_response_expiry(fields: dict[str, Any], expected: float) -> None:
    token = parse_token_response({"access_token": "at-x", **fields}, now=NOW)
    assert token.expires_at == pytest.approx(expected)
    assert token.obtained_at == NOW


@pytest.mark.parametrize(
    "fields",
    [
        {"expires_at": "soon"},
        {"expires_at": True},
        {"expires_at": [1]},
        {"expires_at": "nan"},
        {"expires_at": -5},
        {"expires_in": "later"},
        {"expires_in": -1},
    ],
)
def test_parse_token_response_rejects_bad_expiry(fields: dict[str, Any]) -> None:
    with pytest.raises(OAuthError, match="expires_") as info:
        parse_token_response({"access_token": "at-x", **fields}, now=NOW)
    assert "soon" not in str(info.value) and "later" not in str(info.value)


def test_parse_token_response_refresh_token_and_type() -> None:
    kept = parse_token_response({"access_token": "a"}, now=NOW, previous_refresh_token="rt-old")
    assert kept.refresh_token is not None
    assert kept.refresh_token.get_secret_value() == "rt-old"
    kept2 = parse_token_response(
        {"access_token": "a", "refresh_token": ""},
        now=NOW,
        previous_refresh_token=SecretStr("rt-old"),
    )
    assert kept2.refresh_token == SecretStr("rt-old")
    new = parse_token_response(
        {"access_token": "a", "refresh_token": "rt-new", "token_type": "bearer"},
        now=NOW,
        previous_refresh_token="rt-old",
    )
    assert new.refresh_token == SecretStr("rt-new")
    assert new.token_type == "Bearer"
    assert parse_token_response({"access_token": "a"}, now=NOW).refresh_token is None


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"access_token": ""},
        {"access_token": 12},
        {"access_token": "a", "refresh_token": 5},
        {"access_token": "a", "token_type": 1},
        ["access_token"],
    ],
)
def test_parse_token_response_rejects_bad_shapes(data: Any) -> None:
    with pytest.raises(OAuthError):
        parse_token_response(data, now=NOW)


# ------------------------------------------------------------------------------ refresh


def test_refresh_keeps_the_refresh_token_when_none_comes_back(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    server.omit_refresh_token_on_refresh = True
    rt = _refresh_token(server)
    token = oauth.refresh(rt, user_id="u1")
    assert token.refresh_token == SecretStr(rt)
    assert server.is_valid_access_token(token.access_token.get_secret_value())
    [seen] = server.requests
    assert seen.form == {"grant_type": "refresh_token", "refresh_token": rt}
    assert seen.basic_auth == (CLIENT_ID, SECRET)
    assert server.refresh_count == 1


def test_refresh_same_token_returned(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    rt = _refresh_token(server)
    first = oauth.refresh(rt)
    second = oauth.refresh(SecretStr(rt))
    assert first.refresh_token == second.refresh_token == SecretStr(rt)
    assert first.access_token != second.access_token
    assert server.refresh_count == 2


def test_refresh_persists_a_new_refresh_token(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    server.rotate_refresh_tokens = True
    rt = _refresh_token(server)
    token = oauth.refresh(rt)
    assert token.refresh_token is not None
    new_rt = token.refresh_token.get_secret_value()
    assert new_rt != rt
    assert server.is_valid_refresh_token(new_rt)
    assert server.is_valid_refresh_token(rt)  # lazy rotation: the old one still works


def test_single_use_refresh_tokens(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    server.single_use_refresh_tokens = True
    rt = _refresh_token(server)
    token = oauth.refresh(rt, user_id="u1")
    assert token.refresh_token is not None
    assert token.refresh_token.get_secret_value() != rt
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.refresh(rt, user_id="u1")
    err = info.value
    assert err.reason == "invalid_grant"
    assert err.user_id == "u1"
    assert err.error == "invalid_grant"
    assert err.status == 400
    assert "Front needs to be connected again for user 'u1'" in str(err)
    assert "langchain-front auth login" in str(err)
    assert "admin" in str(err)
    assert server.invalid_grant_count == 1
    assert server.refresh_count == 2
    # the rotated one keeps working
    oauth.refresh(token.refresh_token)


def test_unknown_refresh_token(oauth: FrontOAuth) -> None:
    with pytest.raises(ReauthorizationRequired, match="refresh token was refused") as info:
        oauth.refresh("rt-9999")
    assert info.value.user_id is None
    assert "Front needs to be connected again:" in str(info.value)


def test_empty_refresh_token_needs_no_request(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.refresh("", user_id="u1")
    assert info.value.reason == "no_refresh_token"
    _assert_nothing_exchanged(server)


def test_expired_refresh_token(oauth: FrontOAuth, server: FrontOAuthServer, clock: Clock) -> None:
    server.refresh_lifetime = 100
    rt = _refresh_token(server)
    clock.now += 101
    with pytest.raises(ReauthorizationRequired):
        oauth.refresh(rt)


def test_access_token_expiry_on_server(
    oauth: FrontOAuth, server: FrontOAuthServer, clock: Clock
) -> None:
    token = oauth.refresh(_refresh_token(server))
    access = token.access_token.get_secret_value()
    assert server.is_valid_access_token(access)
    clock.now += 3600
    assert not server.is_valid_access_token(access)
    assert not server.is_valid_access_token("at-bogus")


# ------------------------------------------------------------------------------ reauthorization


def test_invalid_client(server: FrontOAuthServer, clock: Clock) -> None:
    config = server.config(REDIRECT).model_copy(update={"client_secret": SecretStr("wrong-one")})
    with (
        FrontOAuth(config, transport=_transport(server), clock=clock) as oauth,
        pytest.raises(ReauthorizationRequired) as info,
    ):
        oauth.refresh(_refresh_token(server), user_id="u1")
    err = info.value
    assert err.reason == "invalid_client"
    assert err.status == 401
    assert "FRONT_CLIENT_SECRET" in str(err)
    assert "wrong-one" not in str(err)
    assert server.requests[-1].status == 401


def test_revoked_grant(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    rt = _refresh_token(server)
    access = oauth.refresh(rt).access_token.get_secret_value()
    server.revoke(rt)
    assert not server.is_valid_access_token(access)
    with pytest.raises(ReauthorizationRequired, match="revoked") as info:
        oauth.refresh(rt, user_id="u1")
    assert info.value.reason == "revoked"


def test_revoke_all(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    tokens = [_refresh_token(server) for _ in range(3)]
    server.revoke_all()
    for rt in tokens:
        with pytest.raises(ReauthorizationRequired) as info:
            oauth.refresh(rt)
        assert info.value.reason == "revoked"
    assert server.invalid_grant_count == 3


def test_non_admin_authorize_page(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    server.non_admin = True
    response = _visit(server, oauth.authorization_url("u1"))
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert NON_ADMIN_MESSAGE in response.text


def test_non_admin_code_exchange(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code = server.issue_code("u1", REDIRECT)
    server.non_admin = True
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.exchange_code(code=code, state=oauth.start_authorization("u1").state, user_id="u1")
    err = info.value
    assert err.reason == "not_admin"
    assert "not an administrator" in str(err)
    assert "an admin of the Front company must approve" in str(err)


def test_non_admin_html_page_from_token_endpoint(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    server.enqueue_response(
        403, f"<html><body>{NON_ADMIN_MESSAGE}</body></html>", content_type="text/html"
    )
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.refresh(_refresh_token(server))
    assert info.value.reason == "not_admin"
    assert "<html" not in str(info.value)


def test_non_admin_in_callback(oauth: FrontOAuth) -> None:
    state = oauth.start_authorization("u1").state
    url = httpx.URL(
        REDIRECT,
        params={"error": "access_denied", "error_description": NON_ADMIN_MESSAGE, "state": state},
    )
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.exchange_callback(str(url), user_id="u1")
    assert info.value.reason == "not_admin"


def test_front_error_envelope_401_is_invalid_client(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    server.enqueue_response(
        401, {"_error": {"status": 401, "title": "Unauthenticated", "message": "Bad client"}}
    )
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.refresh(_refresh_token(server))
    assert info.value.reason == "invalid_client"


# ------------------------------------------------------------------------------ malformed answers


@pytest.mark.parametrize(
    ("status", "body", "content_type", "match"),
    [
        (200, "<!doctype html><html><body>Sign in</body></html>", "text/html", "HTML page"),
        (200, "", "application/json", "empty body"),
        (200, "ok", "text/plain", "not JSON"),
        (200, {"token_type": "Bearer"}, None, "no access_token"),
        (200, {"access_token": "at-x", "expires_at": "soon"}, None, "non-numeric expires_at"),
        (200, "[1, 2]", "application/json", "not a JSON object"),
        (400, {"_error": {"status": 400, "message": "Body did not satisfy"}}, None, "Body did"),
        (400, {"error": "invalid_request"}, None, "invalid_request"),
        (400, "<html>Bad</html>", "text/html", "HTML page"),
        (302, "", None, "redirect"),
    ],
)
def test_malformed_or_refused_answers(
    oauth: FrontOAuth,
    server: FrontOAuthServer,
    status: int,
    body: Any,
    content_type: str | None,
    match: str,
) -> None:
    server.enqueue_response(status, body, content_type=content_type)
    with pytest.raises(OAuthError, match=match) as info:
        oauth.refresh(_refresh_token(server))
    err = info.value
    assert not isinstance(err, ReauthorizationRequired)
    assert not err.retryable
    assert "<html" not in str(err) and "Sign in" not in str(err)


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_unavailable_is_retryable(oauth: FrontOAuth, server: FrontOAuthServer, status: int) -> None:
    server.enqueue_response(
        status, "<html>Bad gateway</html>", content_type="text/html", headers={"retry-after": "7"}
    )
    with pytest.raises(OAuthError, match=f"unavailable \\({status}\\); retry after 7 s") as info:
        oauth.refresh(_refresh_token(server))
    assert info.value.retryable
    assert info.value.status == status


def test_invalid_scope_is_explained(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    server.enqueue_response(400, {"error": "invalid_scope"})
    with pytest.raises(OAuthError, match="takes no scope") as info:
        oauth.refresh(_refresh_token(server))
    assert info.value.error == "invalid_scope"


def test_error_description_echoing_a_secret_is_redacted(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    rt = _refresh_token(server)
    server.enqueue_response(
        400,
        {"error": "invalid_grant", "error_description": f"token {rt} unknown for {SECRET}\n\x00"},
    )
    with pytest.raises(ReauthorizationRequired) as info:
        oauth.refresh(rt)
    text = str(info.value)
    assert rt not in text and SECRET not in text
    assert "[redacted]" in text
    assert "\n" not in text and "\x00" not in text


def test_transport_errors(clock: Clock) -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    server = FrontOAuthServer()
    transport = httpx.MockTransport(boom)
    with (
        FrontOAuth(server.config(), transport=transport, clock=clock) as oauth,
        pytest.raises(FrontTransportError, match="could not reach Front"),
    ):
        oauth.refresh("rt-1")


def test_token_from_http_response_is_pure() -> None:
    response = httpx.Response(200, json={"access_token": "at-1", "expires_at": NOW + 10})
    token = token_from_http_response(
        response, now=NOW, grant="refresh_token", previous_refresh_token="rt-1"
    )
    assert token.refresh_token == SecretStr("rt-1")
    assert token.expires_at == NOW + 10
    error = httpx.Response(200, json={"error": "invalid_grant"})  # an error even with 200
    with pytest.raises(ReauthorizationRequired):
        token_from_http_response(error, now=NOW, grant="refresh_token")


# ------------------------------------------------------------------------------ async twins


async def test_async_code_exchange(aoauth: FrontOAuth, server: FrontOAuthServer) -> None:
    request = await aoauth.astart_authorization("u1")
    code = server.issue_code("u1", REDIRECT)
    token = await aoauth.aexchange_code(code=code, state=request.state, user_id="u1")
    assert server.is_valid_access_token(token.access_token.get_secret_value())
    assert server.requests[-1].basic_auth == (CLIENT_ID, SECRET)


async def test_async_callback(aoauth: FrontOAuth, server: FrontOAuthServer) -> None:
    url = await aoauth.aauthorization_url("u1")
    async with httpx.AsyncClient(transport=_transport(server)) as client:
        location = (await client.get(url)).headers["location"]
    token = await aoauth.aexchange_callback(location, user_id="u1")
    assert server.is_valid_access_token(token.access_token.get_secret_value())


async def test_async_state_errors(aoauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code = server.issue_code("u1", REDIRECT)
    with pytest.raises(OAuthStateError) as info:
        await aoauth.aexchange_code(code=code, state=None, user_id="u1")
    assert info.value.reason == "missing"
    state = (await aoauth.astart_authorization("u1")).state
    with pytest.raises(OAuthStateError) as info:
        await aoauth.aexchange_code(code=code, state=state, user_id="u2")
    assert info.value.reason == "other_user"
    with pytest.raises(OAuthStateError) as info:
        await aoauth.aexchange_code(code=code, state=state, user_id="u1")
    assert info.value.reason == "reused"
    _assert_nothing_exchanged(server)


async def test_async_refresh_and_single_use(aoauth: FrontOAuth, server: FrontOAuthServer) -> None:
    server.single_use_refresh_tokens = True
    rt = _refresh_token(server)
    token = await aoauth.arefresh(rt, user_id="u1")
    assert token.refresh_token is not None
    assert token.refresh_token.get_secret_value() != rt
    with pytest.raises(ReauthorizationRequired) as info:
        await aoauth.arefresh(rt, user_id="u1")
    assert info.value.reason == "invalid_grant"
    assert server.refresh_count == 2
    assert server.invalid_grant_count == 1


async def test_async_malformed(aoauth: FrontOAuth, server: FrontOAuthServer) -> None:
    server.enqueue_response(200, "<html></html>", content_type="text/html")
    with pytest.raises(OAuthError, match="HTML page"):
        await aoauth.arefresh(_refresh_token(server))


async def test_async_invalid_client(server: FrontOAuthServer, clock: Clock) -> None:
    config = server.config(REDIRECT).model_copy(update={"client_id": "someone-else"})
    async with FrontOAuth(config, transport=_transport(server), clock=clock) as oauth:
        with pytest.raises(ReauthorizationRequired) as info:
            await oauth.arefresh(_refresh_token(server), user_id="u1")
    assert info.value.reason == "invalid_client"


# ------------------------------------------------------------------------------ config


def _env(monkeypatch: pytest.MonkeyPatch, **values: str | None) -> None:
    for var in (
        "FRONT_CLIENT_ID",
        "FRONT_CLIENT_SECRET",
        "FRONT_REDIRECT_URI",
        "FRONT_OAUTH_AUTHORIZE_URL",
        "FRONT_OAUTH_TOKEN_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    for var, value in values.items():
        if value is not None:
            monkeypatch.setenv(var, value)


def test_config_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(
        monkeypatch,
        FRONT_CLIENT_ID="env-id",
        FRONT_CLIENT_SECRET=SECRET,
        FRONT_REDIRECT_URI="https://app.example.com/front/callback",
    )
    config = FrontOAuthConfig.from_env()
    assert config.client_id == "env-id"
    assert config.client_secret.get_secret_value() == SECRET
    assert config.redirect_uri == "https://app.example.com/front/callback"
    assert config.token_url == FRONT_TOKEN_URL
    assert SECRET not in repr(config) and SECRET not in str(config)

    override = FrontOAuthConfig.from_env(client_id="other", token_url="http://localhost:9/t")
    assert override.client_id == "other"
    assert override.token_url == "http://localhost:9/t"


def test_config_from_env_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(
        monkeypatch,
        FRONT_CLIENT_ID="id",
        FRONT_CLIENT_SECRET="s",
        FRONT_REDIRECT_URI=REDIRECT,
        FRONT_OAUTH_TOKEN_URL="http://127.0.0.1:5/oauth/token",
        FRONT_OAUTH_AUTHORIZE_URL="http://[::1]:5/oauth/authorize",
    )
    config = FrontOAuthConfig.from_env()
    assert config.token_url == "http://127.0.0.1:5/oauth/token"
    assert config.authorize_url == "http://[::1]:5/oauth/authorize"


@pytest.mark.parametrize(
    "missing", ["FRONT_CLIENT_ID", "FRONT_CLIENT_SECRET", "FRONT_REDIRECT_URI"]
)
def test_config_from_env_missing(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    values = {
        "FRONT_CLIENT_ID": "id",
        "FRONT_CLIENT_SECRET": SECRET,
        "FRONT_REDIRECT_URI": REDIRECT,
    }
    values[missing] = "   "
    _env(monkeypatch, **values)
    with pytest.raises(FrontConfigurationError, match=missing) as info:
        FrontOAuthConfig.from_env()
    assert SECRET not in str(info.value)
    # an override fills the gap
    field = {"FRONT_CLIENT_ID": "client_id", "FRONT_CLIENT_SECRET": "client_secret"}.get(
        missing, "redirect_uri"
    )
    assert FrontOAuthConfig.from_env(**{field: "https://x.example/cb"})


def test_config_from_env_invalid_value(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(
        monkeypatch,
        FRONT_CLIENT_ID="id",
        FRONT_CLIENT_SECRET=SECRET,
        FRONT_REDIRECT_URI="http://example.com/callback",
    )
    with pytest.raises(FrontConfigurationError, match="redirect_uri: redirect_uri must use https"):
        FrontOAuthConfig.from_env()
    with pytest.raises(FrontConfigurationError, match="scope: Extra inputs are not permitted"):
        FrontOAuthConfig.from_env(redirect_uri=REDIRECT, scope="all")


@pytest.mark.parametrize(
    "url",
    [
        "https://app.example.com/cb",
        "http://127.0.0.1:8765/callback",
        "http://localhost/cb",
        "http://[::1]:9/cb",
        "https://app.example.com/cb?tenant=1",
    ],
)
def test_config_accepts(url: str) -> None:
    config = FrontOAuthConfig(
        client_id="c", client_secret=SecretStr("s"), redirect_uri=url, token_url=url
    )
    assert config.redirect_uri == url


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("http://example.com/cb", "must use https"),
        ("http://127.0.0.2/cb", "must use https"),
        ("ftp://127.0.0.1/cb", "must use https"),
        ("/callback", "absolute URL"),
        ("https://app.example.com/cb#frag", "fragment"),
        ("https://user:pw@app.example.com/cb", "user name or password"),
        ("https://exa mple.com\x00/cb", "URL"),
    ],
)
@pytest.mark.parametrize("field", ["redirect_uri", "authorize_url", "token_url"])
def test_config_refuses(url: str, match: str, field: str) -> None:
    values: dict[str, Any] = {
        "client_id": "c",
        "client_secret": SecretStr(SECRET),
        "redirect_uri": REDIRECT,
        field: url,
    }
    with pytest.raises(ValidationError, match=match) as info:
        FrontOAuthConfig(**values)
    assert field in str(info.value)
    assert SECRET not in str(info.value)


def test_config_refuses_empty_credentials() -> None:
    with pytest.raises(ValidationError, match="client_secret is empty"):
        FrontOAuthConfig(client_id="c", client_secret=SecretStr(" "), redirect_uri=REDIRECT)
    with pytest.raises(ValidationError, match="client_id is empty"):
        FrontOAuthConfig(client_id="", client_secret=SecretStr("s"), redirect_uri=REDIRECT)


# ------------------------------------------------------------------------------ secrets


def test_secrets_never_leak(
    server: FrontOAuthServer, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    codes: list[str] = []
    states: list[str] = []
    with FrontOAuth(server.config(REDIRECT), transport=_transport(server), clock=clock) as oauth:
        texts.append(repr(oauth))
        texts.append(repr(oauth.config) + str(oauth.config))
        state = oauth.start_authorization("u1").state  # no browser: httpx would log the URLs
        code = server.issue_code("u1", REDIRECT)
        codes.append(code)
        states.append(state)
        token = oauth.exchange_code(code=code, state=state, user_id="u1")
        texts.append(repr(token) + str(token))
        assert token.refresh_token is not None
        rt = token.refresh_token.get_secret_value()
        refreshed = oauth.refresh(rt, user_id="u1")
        texts.append(repr(refreshed) + str(refreshed))
        # failures
        failures: list[Any] = [
            lambda: oauth.exchange_code(code=code, state=state, user_id="u1"),  # reused
            lambda: oauth.exchange_code(
                code=code, state=oauth.start_authorization("u1").state, user_id="u1"
            ),  # code reused → invalid_grant
        ]
        server.single_use_refresh_tokens = True
        oauth.refresh(rt, user_id="u1")
        failures.append(lambda: oauth.refresh(rt, user_id="u1"))

        def echoed() -> None:
            server.enqueue_response(400, {"error": "invalid_grant", "error_description": rt})
            oauth.refresh(rt, user_id="u1")

        def malformed() -> None:
            server.enqueue_response(200, {"access_token": "at-x", "expires_at": "soon"})
            oauth.refresh(rt, user_id="u1")

        failures += [echoed, malformed]
        for failure in failures:
            with pytest.raises(OAuthError) as info:
                failure()
            texts.append(str(info.value) + repr(info.value))
            assert info.value.__cause__ is None
    bad = server.config(REDIRECT).model_copy(update={"client_secret": SecretStr(SECRET + "x")})
    with (
        FrontOAuth(bad, transport=_transport(server), clock=clock) as oauth,
        pytest.raises(ReauthorizationRequired) as info,
    ):
        oauth.refresh(rt)
    texts.append(str(info.value))

    assert caplog.records, "the flow should log something"
    texts.extend(record.getMessage() for record in caplog.records)  # httpx's records too
    haystack = "\n".join(texts)
    secrets = [SECRET, *codes, *states, *server.issued_access_tokens, rt, "rt-0002", "at-x"]
    for secret in secrets:
        assert secret not in haystack, secret
    assert any(r.name == "langchain_front.auth" for r in caplog.records)


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
    with httpx.Client(transport=_transport(server)) as client:
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
    with httpx.Client(transport=_transport(server)) as client:
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
    response = _visit(server, str(url))
    assert response.status_code == 302
    assert _query(response.headers["location"]) == {
        "tenant": "7",
        "code": "code-0001",
        "state": "st-1",
    }
    bad = _visit(server, str(url.copy_set_param("client_id", "nope")))
    assert bad.status_code == 400


def test_server_stats_endpoint(server: FrontOAuthServer) -> None:
    server.single_use_refresh_tokens = True
    rt = server.issue_refresh_token()
    with httpx.Client(transport=_transport(server)) as client:
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


def test_server_shared_by_another_process(clock: Clock) -> None:
    """A CLI or worker in another process refreshes against the server and reads /_stats."""
    script = """
import json, httpx
from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig
oauth = FrontOAuth(FrontOAuthConfig.from_env())
token = oauth.refresh(RT, user_id="worker")
stats = httpx.get(STATS).json()
print(json.dumps({"at": token.access_token.get_secret_value(), "stats": stats}))
"""
    with FrontOAuthServer(client_id=CLIENT_ID, client_secret=SECRET, clock=clock) as server:
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


def test_passed_http_client_is_not_closed(server: FrontOAuthServer, clock: Clock) -> None:
    client = httpx.Client(transport=_transport(server))
    with FrontOAuth(server.config(REDIRECT), http_client=client, clock=clock) as oauth:
        oauth.refresh(server.issue_refresh_token())
    assert not client.is_closed
    client.close()


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
