"""Memory benchmark: ``paginate`` streams any number of items in constant memory.

Walks N conversations (100 per page, next links on a company host) served by an in-memory
transport, and reports the peak traced memory for several N: it stays flat as N grows.

    uv run python benchmarks/pagination_memory.py
"""

from __future__ import annotations

import json
import tracemalloc

import httpx

from langchain_front import FrontClient
from langchain_front.client import NoPacer


def transport(total: int) -> httpx.MockTransport:
    """Pages of fake conversations, ``total`` in all, like Front's list responses."""

    def handler(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("page_token", "0"))
        limit = int(request.url.params.get("limit", "100"))
        end = min(start + limit, total)
        results = [
            {"id": f"cnv_{i:x}", "subject": f"Order {i}", "body": "x" * 500}
            for i in range(start, end)
        ]
        nxt = (
            f"https://acme.api.frontapp.com/conversations?page_token={end}" if end < total else None
        )
        body = {"_pagination": {"next": nxt}, "_results": results}
        return httpx.Response(200, content=json.dumps(body).encode())

    return httpx.MockTransport(handler)


def peak_kib(total: int) -> tuple[int, float]:
    """(items seen, peak KiB traced while paginating ``total`` items)."""
    client = FrontClient(token="bench", transport=transport(total), pacer=NoPacer())
    tracemalloc.start()
    seen = sum(1 for _ in client.paginate("list-conversations"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    client.close()
    return seen, peak / 1024


def main() -> None:
    """Print a Markdown table."""
    print("| items | pages | peak traced memory |")
    print("|---|---|---|")
    for total in (1_000, 10_000, 50_000):
        seen, peak = peak_kib(total)
        assert seen == total
        print(f"| {total:,} | {total // 100:,} | {peak:,.0f} KiB |")


if __name__ == "__main__":
    main()
