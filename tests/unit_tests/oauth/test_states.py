"""The authorize URL and the single-use ``state`` bound to a user ID: creation, storage (in
memory or in a given store) and every way a callback's ``state`` is refused.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from langchain_front.auth.oauth import FrontOAuth, InMemoryStateStore
from langchain_front.errors import (
    FrontConfigurationError,
    FrontError,
    OAuthError,
    OAuthStateError,
    ReauthorizationRequired,
)
from langchain_front.testing.oauth_server import FrontOAuthServer
from tests.unit_tests.oauth.helpers import (
    CLIENT_ID,
    NOW,
    REDIRECT,
    Clock,
    assert_nothing_exchanged,
    authorize_as,
    query_of,
    transport_for,
)

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
    assert "scope" not in query_of(url)
    assert "scope" not in url


def test_states_are_random_and_stored_for_the_user(clock: Clock) -> None:
    store = InMemoryStateStore(clock=clock)
    oauth = FrontOAuth(FrontOAuthServer().config(), state_store=store, clock=clock, state_ttl=60)
    first = oauth.start_authorization("u1")
    second = oauth.start_authorization("u1")
    assert first.state != second.state
    assert query_of(first.url)["state"] == first.state
    assert first.expires_at == NOW + 60
    assert store.take_state(first.state) == ("u1", NOW + 60)
    assert first.state not in repr(first)


def test_empty_user_id_is_refused(oauth: FrontOAuth) -> None:
    with pytest.raises(FrontConfigurationError, match="user_id"):
        oauth.authorization_url("")


def test_state_ttl_must_be_positive() -> None:
    with pytest.raises(FrontConfigurationError, match="state_ttl"):
        FrontOAuth(FrontOAuthServer().config(), state_ttl=0)


# ------------------------------------------------------------------------------ state checks


@pytest.mark.parametrize("state", [None, ""])
def test_missing_state(oauth: FrontOAuth, server: FrontOAuthServer, state: str | None) -> None:
    code = server.issue_code("u1", REDIRECT)
    with pytest.raises(OAuthStateError, match="no `state`") as info:
        oauth.exchange_code(code=code, state=state, user_id="u1")
    assert info.value.reason == "missing"
    assert_nothing_exchanged(server)


def test_unknown_state(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code = server.issue_code("u1", REDIRECT)
    with pytest.raises(OAuthStateError, match="unknown") as info:
        oauth.exchange_code(code=code, state="forged-state", user_id="u1")
    assert info.value.reason == "unknown"
    assert_nothing_exchanged(server)


def test_reused_state(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code, state = authorize_as(oauth, server, "u1")
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
    code, state = authorize_as(oauth, server, "u1")
    clock.now += 601
    with pytest.raises(OAuthStateError, match="expired") as info:
        oauth.exchange_code(code=code, state=state, user_id="u1")
    assert info.value.reason == "expired"
    assert "10 min" in str(info.value)
    assert_nothing_exchanged(server)


def test_state_of_another_user(oauth: FrontOAuth, server: FrontOAuthServer) -> None:
    code, state = authorize_as(oauth, server, "alice")
    with pytest.raises(OAuthStateError, match="another user") as info:
        oauth.exchange_code(code=code, state=state, user_id="mallory")
    assert info.value.reason == "other_user"
    assert "alice" not in str(info.value)  # do not tell who it belonged to
    assert_nothing_exchanged(server)
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
    assert_nothing_exchanged(server)


def test_callback_with_error_consumes_the_state(
    oauth: FrontOAuth, server: FrontOAuthServer
) -> None:
    state = oauth.start_authorization("u1").state
    with pytest.raises(OAuthError, match="declined"):
        oauth.exchange_callback(f"{REDIRECT}?error=access_denied&state={state}", user_id="u1")
    with pytest.raises(OAuthStateError):
        oauth.exchange_callback(f"{REDIRECT}?code=x&state={state}", user_id="u1")
    assert_nothing_exchanged(server)


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
        server.config(REDIRECT), state_store=store, transport=transport_for(server), clock=clock
    ) as oauth:
        code, state = authorize_as(oauth, server, "u1")
        assert store.data[state] == ("u1", NOW + 600)
        oauth.exchange_code(code=code, state=state, user_id="u1")
        assert store.data == {}


async def test_custom_state_store_async(server: FrontOAuthServer, clock: Clock) -> None:
    store = DictStateStore()
    async with FrontOAuth(
        server.config(REDIRECT), state_store=store, transport=transport_for(server), clock=clock
    ) as oauth:
        url = await oauth.aauthorization_url("u1")
        state = query_of(url)["state"]
        assert state in store.data
        code = server.issue_code("u1", REDIRECT)
        token = await oauth.aexchange_code(code=code, state=state, user_id="u1")
        assert server.is_valid_access_token(token.access_token.get_secret_value())
        assert store.data == {}
