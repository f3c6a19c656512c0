"""FrontOAuth end to end: code exchange, expiry, refresh, reauthorization and error mapping, the
async twins, and no secret in any message or log.

Against :class:`FrontOAuthServer`, both in-process (httpx transport) and as a real HTTP server on
127.0.0.1 (the ``server`` fixture runs each test both ways).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.tokens import FrontToken
from langchain_front.errors import (
    FrontTransportError,
    OAuthError,
    OAuthStateError,
    ReauthorizationRequired,
)
from langchain_front.testing.oauth_server import NON_ADMIN_MESSAGE, FrontOAuthServer
from tests.unit_tests.oauth.helpers import (
    CLIENT_ID,
    NOW,
    REDIRECT,
    SECRET,
    Clock,
    assert_nothing_exchanged,
    authorize_as,
    transport_for,
    visit,
)

# ------------------------------------------------------------------------------ code exchange


def test_code_exchange_end_to_end(
    oauth: FrontOAuth, server: FrontOAuthServer, clock: Clock
) -> None:
    code, state = authorize_as(oauth, server, "u1")
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


def test_exchange_callback_url(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    response = visit(server, oauth.authorization_url("u1"))
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
    assert_nothing_exchanged(server)


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
        FrontOAuth(config, transport=transport_for(server), clock=clock) as oauth,
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
    response = visit(server, oauth.authorization_url("u1"))
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


# ------------------------------------------------------------------------------ async twins


async def test_async_code_exchange(aoauth: FrontOAuth, server: FrontOAuthServer) -> None:
    request = await aoauth.astart_authorization("u1")
    code = server.issue_code("u1", REDIRECT)
    token = await aoauth.aexchange_code(code=code, state=request.state, user_id="u1")
    assert server.is_valid_access_token(token.access_token.get_secret_value())
    assert server.requests[-1].basic_auth == (CLIENT_ID, SECRET)


async def test_async_callback(aoauth: FrontOAuth, server: FrontOAuthServer) -> None:
    url = await aoauth.aauthorization_url("u1")
    async with httpx.AsyncClient(transport=transport_for(server)) as client:
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
    assert_nothing_exchanged(server)


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
    async with FrontOAuth(config, transport=transport_for(server), clock=clock) as oauth:
        with pytest.raises(ReauthorizationRequired) as info:
            await oauth.arefresh(_refresh_token(server), user_id="u1")
    assert info.value.reason == "invalid_client"


# ------------------------------------------------------------------------------ secrets


def test_secrets_never_leak(
    server: FrontOAuthServer, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    codes: list[str] = []
    states: list[str] = []
    with FrontOAuth(server.config(REDIRECT), transport=transport_for(server), clock=clock) as oauth:
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
        FrontOAuth(bad, transport=transport_for(server), clock=clock) as oauth,
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


def test_passed_http_client_is_not_closed(server: FrontOAuthServer, clock: Clock) -> None:
    client = httpx.Client(transport=transport_for(server))
    with FrontOAuth(server.config(REDIRECT), http_client=client, clock=clock) as oauth:
        oauth.refresh(server.issue_refresh_token())
    assert not client.is_closed
    client.close()
