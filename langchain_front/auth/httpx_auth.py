"""``httpx.Auth`` that adds the bearer token, only ever for Front's own hosts."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator

import httpx

from langchain_front._hosts import check_url
from langchain_front.auth.providers import TokenProvider


class FrontAuth(httpx.Auth):
    """Sets ``Authorization: Bearer`` from a :class:`TokenProvider`.

    Refuses to attach the token to any host but https ``*.frontapp.com``. After a 401, asks the
    provider whether a fresh token exists and, if so, sends the request once more with it.
    """

    requires_request_body = True  # the request is replayed after a 401

    def __init__(self, provider: TokenProvider) -> None:
        self.provider = provider

    def __repr__(self) -> str:
        return f"FrontAuth({self.provider!r})"

    @staticmethod
    def _authorize(request: httpx.Request, token: str) -> None:
        check_url(request.url)
        request.headers["Authorization"] = f"Bearer {token}"

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Sync flow: token, send, and one retry with a new token after a 401."""
        token = self.provider.get_token()
        self._authorize(request, token)
        response = yield request
        if response.status_code == 401 and self.provider.on_unauthorized(token):
            self._authorize(request, self.provider.get_token())
            yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Async flow: token, send, and one retry with a new token after a 401."""
        token = await self.provider.aget_token()
        self._authorize(request, token)
        response = yield request
        if response.status_code == 401 and await self.provider.aon_unauthorized(token):
            self._authorize(request, await self.provider.aget_token())
            yield request
