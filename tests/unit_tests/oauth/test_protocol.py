"""The protocol without I/O: token requests, and reading token responses (expiry, refresh token,
malformed shapes) as pure functions.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from pydantic import SecretStr

from langchain_front.auth.oauth import (
    FRONT_TOKEN_URL,
    FrontOAuthConfig,
    build_code_request,
    build_refresh_request,
    parse_token_response,
    token_from_http_response,
)
from langchain_front.errors import OAuthError, ReauthorizationRequired
from tests.unit_tests.oauth.helpers import CLIENT_ID, NOW, REDIRECT, SECRET


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
