"""FrontOAuthConfig: Front's endpoints by default, the environment, and URL checks."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from langchain_front.auth.oauth import FRONT_AUTHORIZE_URL, FRONT_TOKEN_URL, FrontOAuthConfig
from langchain_front.errors import FrontConfigurationError
from tests.unit_tests.oauth.helpers import REDIRECT, SECRET


def test_default_config_points_at_front() -> None:
    config = FrontOAuthConfig(client_id="c", client_secret=SecretStr("s"), redirect_uri=REDIRECT)
    assert config.authorize_url == FRONT_AUTHORIZE_URL == "https://app.frontapp.com/oauth/authorize"
    assert config.token_url == FRONT_TOKEN_URL == "https://app.frontapp.com/oauth/token"


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
