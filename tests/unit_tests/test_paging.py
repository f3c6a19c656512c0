"""Following a list tool's page_token reads every row exactly once, even when pages are cut to
fit the content size limit (Hardening 8: a continuation never skips rows the model has not seen).
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontClient, FrontToolkit
from langchain_front.client import NoPacer

API = "https://api2.frontapp.com"
COMPANY = "https://acme.api.frontapp.com"


def _row(path: str, i: int) -> dict[str, Any]:
    """A row of the list at ``path``, long enough that a page of 100 cannot fit in full."""
    pad = "x" * 300
    if "teammates" in path:
        return {"id": f"tea_{i:x}", "email": f"t{i}-{pad}@acme.example", "first_name": f"T{i}"}
    if "tags" in path:
        return {"id": f"tag_{i:x}", "name": f"Tag {i} {pad}"}
    if "messages" in path:
        return {"id": f"msg_{i:x}", "type": "email", "body": f"<p>Message {i} {pad}</p>"}
    return {"id": f"cnv_{i:x}", "subject": f"Order {i} {pad}", "status": "unassigned"}


class PagedFront:
    """Front's cursor paging over ``total`` rows per list; ``paged=False`` answers one page."""

    def __init__(self, total: int, *, paged: bool = True) -> None:
        self.total = total
        self.paged = paged
        self.requests: list[httpx.URL] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url)
        path = request.url.path
        if not self.paged:
            rows = [_row(path, i) for i in range(self.total)]
            return httpx.Response(200, json={"_results": rows})
        start = int(request.url.params.get("page_token", "0"))
        limit = int(request.url.params.get("limit", "50"))
        end = min(start + limit, self.total)
        nxt = f"{COMPANY}{path}?page_token={end}&limit={limit}" if end < self.total else None
        body: dict[str, Any] = {
            "_results": [_row(path, i) for i in range(start, end)],
            "_pagination": {"next": nxt},
        }
        if "search" in path:
            body["_total"] = self.total
        return httpx.Response(200, json=body)

    def toolkit(self) -> FrontToolkit:
        client = FrontClient(
            token="front-double-token", transport=httpx.MockTransport(self.handle), pacer=NoPacer()
        )
        return FrontToolkit(client=client)


_TOKEN = re.compile(r"page_token=(\S+)$", re.MULTILINE)


def read_everything(
    front: PagedFront, name: str, args: dict[str, Any], id_prefix: str, *, arg: str = "page_token"
) -> tuple[list[str], int]:
    """Call ``name`` and follow its page_token to the end: the IDs seen, and the calls made."""
    tool = front.toolkit().get_tool(name)
    seen: list[str] = []
    token: str | None = None
    calls = 0
    while True:
        call_args = dict(args)
        if token is not None:
            if arg == "query.page_token":
                call_args["query"] = {**call_args.get("query", {}), "page_token": token}
            else:
                call_args[arg] = token
        message = tool.invoke({"type": "tool_call", "id": "1", "name": name, "args": call_args})
        assert isinstance(message, ToolMessage)
        assert message.status == "success", message.content
        calls += 1
        seen += re.findall(rf"\b{id_prefix}_[0-9a-f]+\b", str(message.content))
        found = _TOKEN.search(str(message.content))
        if found is None:
            return seen, calls
        token = found.group(1)
        assert calls < 100, "runaway paging"


def _ids(prefix: str, total: int) -> list[str]:
    return [f"{prefix}_{i:x}" for i in range(total)]


@pytest.mark.parametrize(
    ("name", "args", "prefix"),
    [
        ("front_search_conversations", {"query": "order", "limit": 100}, "cnv"),
        ("front_list_conversations", {"limit": 100}, "cnv"),
        ("front_list_tags", {"limit": 100}, "tag"),
        ("front_list_conversation_messages", {"conversation_id": "cnv_1", "limit": 100}, "msg"),
    ],
)
def test_following_page_tokens_reads_every_row_once(
    name: str, args: dict[str, Any], prefix: str
) -> None:
    front = PagedFront(total=250)
    seen, calls = read_everything(front, name, args, prefix)
    assert seen == _ids(prefix, 250)
    assert calls > 3  # pages of 100 did not fit: continuations within a page were needed


def test_a_list_front_returns_whole_continues_where_it_was_cut() -> None:
    """front_list_teammates: Front returns every teammate at once; a cut list continues."""
    front = PagedFront(total=120, paged=False)
    seen, calls = read_everything(front, "front_list_teammates", {}, "tea")
    assert seen == _ids("tea", 120)
    assert calls > 1


def test_generic_call_continues_within_a_cut_page() -> None:
    """front_call_operation over a list operation: the continuation goes in query.page_token."""
    front = PagedFront(total=250)
    args = {"operation_id": "list-conversations", "query": {"limit": 100}}
    seen, _ = read_everything(front, "front_call_operation", args, "cnv", arg="query.page_token")
    assert seen == _ids("cnv", 250)


def test_a_continuation_reads_the_same_page_again_at_the_same_size() -> None:
    """The model may pass another limit with a continuation: the page read stays the same."""
    front = PagedFront(total=250)
    tool = front.toolkit().get_tool("front_list_conversations")
    first = tool.invoke({"type": "tool_call", "id": "1", "args": {"limit": 100}})
    token = _TOKEN.search(str(first.content))
    assert token is not None
    tool.invoke(
        {"type": "tool_call", "id": "2", "args": {"limit": 5, "page_token": token.group(1)}}
    )
    assert front.requests[-1].params.get("limit") == "100"
    assert "page_token" not in front.requests[-1].params  # the first page, read again


def test_a_forged_continuation_is_refused() -> None:
    front = PagedFront(total=10)
    tool = front.toolkit().get_tool("front_list_conversations")
    message = tool.invoke(
        {"type": "tool_call", "id": "1", "args": {"page_token": "lf1.not-base64!"}}
    )
    assert message.status == "error"
    assert "page_token is not one this tool gave" in message.content
    assert front.requests == []
