"""``AsyncFrontClient``: the asynchronous driver of the shared request flow.

An ``httpx.AsyncClient``'s connections belong to the event loop that opened them, and an app
that calls ``asyncio.run(tool.ainvoke(...))`` per request runs each call on a new loop. The client
therefore keeps one connection pool per running loop (dropped with its loop), so it works from
any loop; an ``http_client`` you pass in is used as is, on whatever loop you use it.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any

import httpx
from typing_extensions import Self

from langchain_front._drive import adrive
from langchain_front.client._base import BaseFrontClient
from langchain_front.client._core import (
    Action,
    Observe,
    Pace,
    RequestPlan,
    Sleep,
    Upload,
    aguard_redirect,
    next_page_plan,
    request_flow,
)
from langchain_front.client._responses import FrontResponse
from langchain_front.client.pacing import apace
from langchain_front.client.pages import ItemBudget


class AsyncFrontClient(BaseFrontClient):
    """Asynchronous twin of :class:`~langchain_front.client.sync.FrontClient`, same methods.

    ```python
    async with AsyncFrontClient.from_env() as client:
        me = await client.call("api-token-details")
        async for conv in client.paginate("list-conversations", max_items=200):
            ...
    ```
    """

    def __init__(
        self,
        token: Any = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **options: Any,
    ) -> None:
        super().__init__(token, **options)
        self._given_http = http_client
        self._transport = transport
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )
        self._pools_lock = threading.Lock()
        self._sleep = sleep

    @property
    def _http(self) -> httpx.AsyncClient:
        """The HTTP client of the running event loop (created on its first request)."""
        if self._given_http is not None:
            return self._given_http
        loop = asyncio.get_running_loop()
        with self._pools_lock:
            http = self._pools.get(loop)
            if http is None or http.is_closed:
                http = httpx.AsyncClient(
                    transport=self._transport,
                    event_hooks={"response": [aguard_redirect]},
                    **self._http_kwargs(),
                )
                self._pools[loop] = http
            return http

    @classmethod
    def from_env(cls, **options: Any) -> Self:
        """Build from ``FRONT_API_TOKEN`` (and optional ``FRONT_BASE_URL``)."""
        return cls(**{**cls._env_kwargs(), **options})

    async def aclose(self) -> None:
        """Close the connection pool of the running loop (not an ``http_client`` passed in)."""
        if self._given_http is not None:
            return
        with self._pools_lock:
            http = self._pools.pop(asyncio.get_running_loop(), None)
        if http is not None:
            await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def send(self, plan: RequestPlan) -> FrontResponse:
        """Send a planned request through pacing, retries and error mapping."""
        flow = request_flow(plan, self._http, retry=self.retry)
        return await adrive(flow, self._perform, throw=httpx.TransportError)

    async def _perform(self, action: Action) -> httpx.Response | float | None:
        if isinstance(action, Sleep):
            await self._sleep(action.seconds)
            return None
        if isinstance(action, Pace | Observe):
            return await apace(self.pacer, action)
        return await self._http.send(action.request, auth=self._auth)

    async def request(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        files: Sequence[Upload] = (),
    ) -> FrontResponse:
        """Call a catalogued operation; arguments are checked before any traffic.

        ``files`` are attached as Front's ``attachments`` (the request goes as
        multipart/form-data).
        """
        plan = self.plan(operation_id, path_params=path_params, query=query, body=body, files=files)
        return await self.send(plan)

    async def call(self, operation_id: str, **kwargs: Any) -> Any:
        """Like :meth:`request`, returning only the decoded JSON (``None`` for 204)."""
        return (await self.request(operation_id, **kwargs)).data

    async def iter_pages(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[FrontResponse]:
        """Each page of a list operation, following ``_pagination.next`` to the end."""
        plan: RequestPlan | None = self.plan(
            operation_id, path_params=path_params, query=query, page_size=page_size
        )
        while plan is not None:
            page = await self.send(plan)
            yield page
            plan = next_page_plan(plan, page)

    async def paginate(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        max_items: int | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[Any]:
        """Every item of a list operation, page after page, in constant memory."""
        budget = ItemBudget(max_items, page_size)
        if budget.spent:
            return
        async for page in self.iter_pages(
            operation_id, path_params=path_params, query=query, page_size=budget.page_size
        ):
            for item in budget.take(page.data):
                yield item
            if budget.spent:
                return
