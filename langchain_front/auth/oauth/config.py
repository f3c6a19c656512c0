"""A Front OAuth app's settings: client credentials, redirect URI and Front's endpoints, read from
the environment and checked (https only, except http on loopback)."""

from __future__ import annotations

import os
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError, field_validator

from langchain_front._hosts import LOOPBACK_HOSTS
from langchain_front.errors import FrontConfigurationError

__all__ = ["FRONT_AUTHORIZE_URL", "FRONT_TOKEN_URL", "FrontOAuthConfig"]

FRONT_AUTHORIZE_URL = "https://app.frontapp.com/oauth/authorize"
FRONT_TOKEN_URL = "https://app.frontapp.com/oauth/token"


def _check_url(value: str, what: str) -> str:
    value = value.strip()
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError):
        raise ValueError(f"{what} is not a valid URL") from None
    host = (url.host or "").lower()
    if not url.scheme or not host:
        raise ValueError(f"{what} must be an absolute URL such as https://example.com/...")
    if url.userinfo:
        raise ValueError(f"{what} must not contain a user name or password")
    if url.fragment:
        raise ValueError(f"{what} must not contain a #fragment")
    if url.scheme == "https" or (url.scheme == "http" and host in LOOPBACK_HOSTS):
        return value
    raise ValueError(
        f"{what} must use https (plain http is allowed only on 127.0.0.1, localhost or [::1]); "
        f"got {url.scheme}://{host}"
    )


class FrontOAuthConfig(BaseModel):
    """A Front OAuth app: its client credentials, redirect URI and Front's endpoints.

    Every URL must be https, except http on loopback (127.0.0.1, localhost, [::1]) for local
    callbacks and tests. The secret is a :class:`~pydantic.SecretStr`: masked in repr and str.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    client_id: str
    client_secret: SecretStr
    redirect_uri: str
    authorize_url: str = FRONT_AUTHORIZE_URL
    token_url: str = FRONT_TOKEN_URL

    @field_validator("client_id")
    @classmethod
    def _client_id_not_empty(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("client_id is empty: use the client ID of your Front app")
        return value

    @field_validator("client_secret")
    @classmethod
    def _secret_not_empty(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("client_secret is empty: use the client secret of your Front app")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("redirect_uri")
    @classmethod
    def _redirect_uri_ok(cls, value: str) -> str:
        return _check_url(value, "redirect_uri")

    @field_validator("authorize_url")
    @classmethod
    def _authorize_url_ok(cls, value: str) -> str:
        return _check_url(value, "authorize_url")

    @field_validator("token_url")
    @classmethod
    def _token_url_ok(cls, value: str) -> str:
        return _check_url(value, "token_url")

    @classmethod
    def from_env(cls, **overrides: Any) -> FrontOAuthConfig:
        """Read ``FRONT_CLIENT_ID``, ``FRONT_CLIENT_SECRET`` and ``FRONT_REDIRECT_URI`` (and,
        optionally, ``FRONT_OAUTH_AUTHORIZE_URL`` and ``FRONT_OAUTH_TOKEN_URL``); keyword
        arguments that are not ``None`` win over the environment.

        Raises :class:`~langchain_front.errors.FrontConfigurationError` naming the missing
        variable or the invalid value.
        """
        given = {k: v for k, v in overrides.items() if v is not None}
        values: dict[str, Any] = {}
        required = (
            ("client_id", "FRONT_CLIENT_ID", "the client ID of your Front app"),
            ("client_secret", "FRONT_CLIENT_SECRET", "the client secret of your Front app"),
            ("redirect_uri", "FRONT_REDIRECT_URI", "the redirect URI registered on the app"),
        )
        for field, var, meaning in required:
            if field in given:
                continue
            raw = os.environ.get(var, "").strip()
            if not raw:
                raise FrontConfigurationError(
                    f"{var} is not set: set it to {meaning} (Front: Settings → Developers → "
                    f"your app → OAuth), or pass {field}=..."
                )
            values[field] = raw
        for field, var in (
            ("authorize_url", "FRONT_OAUTH_AUTHORIZE_URL"),
            ("token_url", "FRONT_OAUTH_TOKEN_URL"),
        ):
            raw = os.environ.get(var, "").strip()
            if field not in given and raw:
                values[field] = raw
        values.update(given)
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'config'}: "
                f"{str(err['msg']).removeprefix('Value error, ')}"
                for err in exc.errors(include_input=False, include_url=False)
            )
            raise FrontConfigurationError(f"invalid Front OAuth settings: {problems}") from None
