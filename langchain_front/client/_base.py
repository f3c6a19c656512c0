"""What the sync and async clients share: configuration and turning calls into request plans."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import SecretStr

from langchain_front._hosts import check_url
from langchain_front._version import USER_AGENT
from langchain_front.auth import FrontAuth, StaticTokenProvider, TokenProvider
from langchain_front.client._core import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    MAX_PAGE_SIZE,
    RequestPlan,
    RetryPolicy,
    Upload,
)
from langchain_front.client._responses import Expect
from langchain_front.client.pacing import Pacer, open_pacer
from langchain_front.errors import FrontConfigurationError

if TYPE_CHECKING:  # the catalog imports the errors above, so it is imported lazily here
    from langchain_front.catalog import Catalog, Operation

TOKEN_ENV = "FRONT_API_TOKEN"
BASE_URL_ENV = "FRONT_BASE_URL"


class BaseFrontClient:
    """Configuration and request planning; subclasses add the I/O driver."""

    def __init__(
        self,
        token: str | SecretStr | None = None,
        *,
        token_provider: TokenProvider | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        pacer: Pacer | str | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        if token_provider is None:
            if token is None:
                raise FrontConfigurationError(
                    "no Front credentials: pass token=... (or token_provider=...), "
                    f"or set {TOKEN_ENV}"
                )
            token_provider = StaticTokenProvider(token)
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        check_url(self.base_url)
        self.token_provider = token_provider
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        # A URL ("redis://...") or nothing goes to open_pacer, which reads FRONT_RATE_LIMITER.
        self.pacer: Pacer = open_pacer(pacer) if pacer is None or isinstance(pacer, str) else pacer
        if catalog is None:
            from langchain_front.catalog import load_catalog

            catalog = load_catalog()
        self.catalog = catalog
        self._auth = FrontAuth(token_provider)

    @staticmethod
    def _env_kwargs() -> dict[str, Any]:
        token = os.environ.get(TOKEN_ENV)
        if not token:
            raise FrontConfigurationError(
                f"{TOKEN_ENV} is not set: create an API token in Front (Settings > Developers > "
                "API tokens) and export it, or pass token=..."
            )
        return {"token": SecretStr(token), "base_url": os.environ.get(BASE_URL_ENV) or None}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={self.token_provider!r})"

    def operation(self, operation_id: str) -> Operation:
        """The catalogued operation ``operation_id`` (raises with suggestions when unknown)."""
        return self.catalog.get(operation_id)

    def plan(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        page_size: int | None = None,
        files: Sequence[Upload] = (),
    ) -> RequestPlan:
        """Validate the arguments against the catalog and build the request; no I/O."""
        op = self.catalog.get(operation_id)
        query = dict(query or {})
        if page_size is not None and any(p.name == "limit" for p in op.query_params):
            query["limit"] = max(1, min(page_size, MAX_PAGE_SIZE))
        op.validate(path_params or {}, query, body)
        return RequestPlan(
            operation=op.id,
            method=op.method,
            url=self.base_url + op.render_path({k: str(v) for k, v in (path_params or {}).items()}),
            params=tuple(op.encode_query(query)),
            json_body=body,
            has_body=body is not None,
            expect=self._expect(op),
            files=tuple(files),
        )

    def _expect(self, op: Operation) -> Expect:
        """What a success body of ``op`` must be: a JSON object where Front documents one."""
        schema: Any = op.response_schema or {}
        ref = schema.get("$ref")
        if isinstance(ref, str):
            schema = self.catalog.components.get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
        return "object" if isinstance(schema, Mapping) and schema.get("type") == "object" else "any"

    def _http_kwargs(self) -> dict[str, Any]:
        return {
            "timeout": self.timeout,
            "headers": {"user-agent": USER_AGENT},
            "follow_redirects": False,
        }
