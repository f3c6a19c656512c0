"""Token text checked where it enters, and token responses sanity-checked (Hardening 1 and 14)."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from pydantic import SecretStr

from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.oauth.protocol import MAX_LIFETIME, parse_token_response
from langchain_front.auth.providers import StaticTokenProvider
from langchain_front.auth.stores.memory import MemoryTokenStore
from langchain_front.auth.tokens import FrontToken
from langchain_front.client import FrontClient
from langchain_front.errors import FrontConfigurationError, OAuthError, TokenStoreError
from langchain_front.testing import FrontDouble, FrontOAuthServer

SECRET = "tok3nSECRETvalue0123456789abcdef"
NOW = 1_800_000_000.0
BAD_INSIDE = ["\r\n", "\n", "\r", "\t", "\x00", " ", "\x7f", "é"]


@pytest.mark.parametrize("padding", ["\n", "\r\n", " ", "\t", "  \n\t "])
def test_api_token_with_stray_whitespace_is_stripped(padding: str) -> None:
    """Hardening 1: FRONT_API_TOKEN with a trailing newline (or spaces) just works."""
    provider = StaticTokenProvider(padding + SECRET + padding)
    assert provider.get_token() == SECRET
    seen: list[str] = []
    double = FrontDouble()

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return double.handle(request)

    client = FrontClient(token=SECRET + padding, transport=httpx.MockTransport(handler))
    client.call("api-token-details")
    assert seen == [f"Bearer {SECRET}"]


@pytest.mark.parametrize("inside", BAD_INSIDE)
def test_api_token_with_a_control_character_inside_is_refused_without_quoting_it(
    inside: str,
) -> None:
    """Hardening 1: a token no header can carry is refused at once, naming no secret."""
    with pytest.raises(FrontConfigurationError) as caught:
        StaticTokenProvider(SECRET[:10] + inside + SECRET[10:])
    message = str(caught.value)
    assert "SECRET" not in message and SECRET[:10] not in message
    assert "position 11" in message and "FRONT_API_TOKEN" in message


def _answer(server: FrontOAuthServer, body: dict[str, object]) -> FrontOAuth:
    server.enqueue_response(200, body)
    return FrontOAuth(server.config(), transport=server.transport())


def test_token_endpoint_tokens_are_stripped() -> None:
    """Hardening 1: a token from the token endpoint with stray whitespace is stripped."""
    server = FrontOAuthServer()
    oauth = _answer(
        server,
        {"access_token": f" {SECRET}\r\n", "refresh_token": "\trt-1 \n", "expires_in": 3600},
    )
    token = oauth.refresh("rt-0", user_id="u")
    assert token.access_token.get_secret_value() == SECRET
    assert token.refresh_token is not None and token.refresh_token.get_secret_value() == "rt-1"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"access_token": f"{SECRET}\r\nX-Evil: 1"}, "control character"),
        ({"access_token": SECRET, "refresh_token": "rt\x00x"}, "control character"),
        ({"access_token": "a" * 1_000_000}, "1000000 characters"),
        ({"access_token": SECRET, "token_type": "mac"}, "not Bearer"),
        ({"access_token": SECRET, "expires_at": NOW - 30}, "expired 30 s ago"),
    ],
)
def test_unusable_token_responses_are_refused(body: dict[str, object], expected: str) -> None:
    """Hardening 14: CR/LF, 1 MB tokens, a token type other than bearer and already-expired
    tokens are refused with a clear error that quotes no token."""
    with pytest.raises(OAuthError) as caught:
        parse_token_response(body, now=NOW)
    message = str(caught.value)
    assert expected in message
    assert "SECRET" not in message and "aaaa" not in message


def test_bearer_token_type_in_any_case_is_accepted() -> None:
    """Hardening 14: ``bearer``, ``BEARER``... are bearer."""
    token = parse_token_response({"access_token": SECRET, "token_type": "bearer "}, now=NOW)
    assert token.token_type == "Bearer"


@pytest.mark.parametrize("expires_at", [1e300, 1e20, NOW + 10 * 365 * 86400])
def test_absurd_expiry_is_clamped(expires_at: float) -> None:
    """Hardening 14: an ``expires_at`` of 1e300 (or ten years) is kept for a day at most."""
    token = parse_token_response({"access_token": SECRET, "expires_at": expires_at}, now=NOW)
    assert token.expires_at == NOW + MAX_LIFETIME


def test_refused_token_response_through_the_client() -> None:
    """Hardening 14: the OAuth client refuses the same answers end to end."""
    server = FrontOAuthServer()
    oauth = _answer(server, {"access_token": f"{SECRET}\nx", "expires_in": 3600})
    with pytest.raises(OAuthError, match="unusable token") as caught:
        oauth.refresh("rt-0", user_id="u")
    assert "SECRET" not in str(caught.value)


def _stored(store: MemoryTokenStore, user_id: str, access: str) -> None:
    """Write a token's payload as a store holds it, bypassing every check."""
    payload = {
        "access_token": access,
        "refresh_token": "rt-x\n",
        "expires_at": time.time() + 3600,
        "token_type": "Bearer",
        "obtained_at": 0.0,
    }
    store._put_raw(user_id, json.dumps(payload), None)


def test_tokens_read_from_a_store_are_stripped() -> None:
    """Hardening 1: a stored token with a trailing newline reads without it."""
    store = MemoryTokenStore()
    _stored(store, "u", f"{SECRET}\n")
    stored = store.get("u")
    assert stored is not None
    assert stored.token.access_token.get_secret_value() == SECRET
    assert stored.token.refresh_token is not None
    assert stored.token.refresh_token.get_secret_value() == "rt-x"


def test_stored_token_with_a_control_character_inside_is_a_clear_error() -> None:
    """Hardening 1: a stored token with CR/LF inside is refused, naming the user, not the token."""
    store = MemoryTokenStore()
    _stored(store, "u", f"{SECRET[:8]}\r\n{SECRET[8:]}")
    with pytest.raises(TokenStoreError) as caught:
        store.get("u")
    message = str(caught.value)
    assert "'u'" in message and "control character" in message and "auth login" in message
    assert SECRET[:8] not in message and "SECRET" not in message


def test_a_lifetime_under_the_leeway_does_not_refresh_on_every_call() -> None:
    """Hardening 14: tokens that live 2 minutes (less than the 5-minute leeway) are refreshed
    once per lifetime, not on every call: the leeway is clamped to a quarter of the lifetime."""
    server = FrontOAuthServer(access_lifetime=120)
    store = MemoryTokenStore()
    store.save(
        "u",
        FrontToken(
            access_token=SecretStr("at-old"),
            refresh_token=SecretStr(server.issue_refresh_token("u")),
            expires_at=time.time() - 1,
        ),
    )
    manager = TokenManager(store, FrontOAuth(server.config(), transport=server.transport()))
    first = manager.access_token("u")
    for _ in range(5):
        assert manager.access_token("u") == first
    fresh = TokenManager(store, FrontOAuth(server.config(), transport=server.transport()))
    assert fresh.access_token("u") == first  # read from the store, not refreshed again
    assert server.refresh_count == 1
    stored = store.get("u")
    assert stored is not None
    assert manager.effective_leeway(stored.token) == pytest.approx(30, abs=1)
