"""Memory benchmark: ``paginate`` streams any number of items in constant memory.

Walks N conversations (100 per page, next links on a company host) served by an in-memory
transport, and reports the peak traced memory for several N: it stays flat as N grows.

    uv run python benchmarks/pagination_memory.py
"""

from __future__ import annotations

import json
import sys
import tracemalloc
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import table

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


def run(quick: bool = False) -> str:
    """The section for docs/performance.md."""
    rows = []
    for total in (1_000, 10_000) if quick else (1_000, 10_000, 50_000):
        seen, peak = peak_kib(total)
        assert seen == total
        rows.append([f"{total:,}", f"{total // 100:,}", f"{peak:,.0f} KiB"])
    return "\n".join(
        [
            "## Pagination memory",
            "",
            "`paginate()` over N conversations (100 per page, 500-character bodies, next links "
            "on a company host): the peak traced memory stays flat as N grows "
            "(`benchmarks/pagination_memory.py`).",
            "",
            table(["items", "pages", "peak traced memory"], rows),
        ]
    )


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
