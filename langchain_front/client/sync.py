"""``FrontClient``: the synchronous driver of the shared request flow."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import httpx
from typing_extensions import Self

from langchain_front._drive import drive
from langchain_front.client._base import BaseFrontClient
from langchain_front.client._core import (
    Action,
    Observe,
    Pace,
    RequestPlan,
    Sleep,
    Upload,
    guard_redirect,
    next_page_plan,
    request_flow,
)
from langchain_front.client._responses import FrontResponse
from langchain_front.client.aio import AsyncFrontClient
from langchain_front.client.pacing import pace
from langchain_front.client.pages import ItemBudget


class FrontClient(BaseFrontClient):
    """Synchronous client for Front's Core API: every catalogued operation by its ID.

    ```python
    client = FrontClient(token="...")  # or FrontClient.from_env()
    me = client.call("api-token-details")
    for conv in client.paginate("list-conversations", query={"q": {"statuses": ["unassigned"]}}):
        ...
    ```
    Pass ``transport=FrontDouble().transport()`` to work offline against the Front double.
    """

    def __init__(
        self,
        token: Any = None,
        *,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(token, **options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(
            transport=transport, event_hooks={"response": [guard_redirect]}, **self._http_kwargs()
        )
        self._transport = transport
        self._sleep = sleep

    @classmethod
    def from_env(cls, **options: Any) -> Self:
        """Build from ``FRONT_API_TOKEN`` (and optional ``FRONT_BASE_URL``)."""
        return cls(**{**cls._env_kwargs(), **options})

    def to_async(self) -> AsyncFrontClient:
        """An :class:`AsyncFrontClient` with the same credentials, policies and pacing.

        The transport is shared when it can serve async requests too (as the Front double's can).
        """
        transport = self._transport
        return AsyncFrontClient(
            token_provider=self.token_provider,
            base_url=self.base_url,
            timeout=self.timeout,
            retry=self.retry,
            pacer=self.pacer,
            catalog=self.catalog,
            transport=transport if isinstance(transport, httpx.AsyncBaseTransport) else None,
        )

    def close(self) -> None:
        """Close the underlying HTTP client if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, plan: RequestPlan) -> FrontResponse:
        """Send a planned request through pacing, retries and error mapping."""
        flow = request_flow(plan, self._http, retry=self.retry)
        return drive(flow, self._perform, throw=httpx.TransportError)

    def _perform(self, action: Action) -> httpx.Response | float | None:
        if isinstance(action, Sleep):
            self._sleep(action.seconds)
            return None
        if isinstance(action, Pace | Observe):
            return pace(self.pacer, action)
        return self._http.send(action.request, auth=self._auth)

    def request(
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
        return self.send(plan)

    def call(self, operation_id: str, **kwargs: Any) -> Any:
        """Like :meth:`request`, returning only the decoded JSON (``None`` for 204)."""
        return self.request(operation_id, **kwargs).data

    def iter_pages(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        page_size: int = 100,
    ) -> Iterator[FrontResponse]:
        """Each page of a list operation, following ``_pagination.next`` to the end."""
        plan: RequestPlan | None = self.plan(
            operation_id, path_params=path_params, query=query, page_size=page_size
        )
        while plan is not None:
            page = self.send(plan)
            yield page
            plan = next_page_plan(plan, page)

    def paginate(
        self,
        operation_id: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        max_items: int | None = None,
        page_size: int = 100,
    ) -> Iterator[Any]:
        """Every item of a list operation, page after page, in constant memory."""
        budget = ItemBudget(max_items, page_size)
        if budget.spent:
            return
        for page in self.iter_pages(
            operation_id, path_params=path_params, query=query, page_size=budget.page_size
        ):
            yield from budget.take(page.data)
            if budget.spent:
                return
