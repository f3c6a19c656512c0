"""Refreshes per expiry under concurrency: 4 processes x (50 threads + 50 asyncio tasks).

Every call needs a token whose access token has just expired; the token endpoint (the OAuth
double, answering after 0.2 s) invalidates a refresh token once used. Reported per token store:
the refresh requests Front received for the one expiry (target: exactly 1), the calls that
succeeded, and the wall time. The same scenario is the integration test
``tests/integration_tests/test_refresh_concurrency.py``; Redis and PostgreSQL are measured when
``FRONT_TEST_REDIS_URL`` / ``FRONT_TEST_POSTGRES_DSN`` name servers.

    uv run python benchmarks/refresh_concurrency.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from pydantic import SecretStr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import table  # noqa: E402

from langchain_front.auth.stores.urls import open_token_store  # noqa: E402
from langchain_front.auth.tokens import FrontToken  # noqa: E402
from langchain_front.testing import FrontOAuthServer  # noqa: E402
from tests.integration_tests import refresh_worker  # noqa: E402

PROCESSES, THREADS, TASKS = 4, 50, 50


def stores(directory: Path) -> list[tuple[str, str]]:
    """``(name, URL)`` of each store to measure."""
    out = [
        ("file", f"file:{directory / 'tokens.json'}"),
        ("SQLite", f"sqlite:{directory / 'tokens.sqlite3'}"),
    ]
    if os.environ.get("FRONT_TEST_REDIS_URL"):
        out.append(("Redis", os.environ["FRONT_TEST_REDIS_URL"]))
    if os.environ.get("FRONT_TEST_POSTGRES_DSN"):
        out.append(("PostgreSQL", os.environ["FRONT_TEST_POSTGRES_DSN"]))
    return out


def one_expiry(url: str) -> tuple[int, int, float]:
    """(refresh requests, calls that succeeded, seconds) for one expiry seen by every call."""
    user = f"bench-{uuid.uuid4().hex[:8]}"
    with FrontOAuthServer(single_use_refresh_tokens=True, token_delay=0.2) as server:
        store = open_token_store(url)
        store.save(
            user,
            FrontToken(
                access_token=SecretStr("at-expired"),
                refresh_token=SecretStr(server.issue_refresh_token(user)),
                expires_at=time.time() - 60,
            ),
        )
        summaries, elapsed = refresh_worker.run_together(
            url,
            server,
            user,
            processes=PROCESSES,
            threads=THREADS,
            tasks=TASKS,
            settle=1.0,
            timeout=180.0,
        )
        store.delete(user)
        return server.refresh_count, sum(s["ok"] for s in summaries), elapsed


def run(quick: bool = False) -> str:
    """The section for docs/performance.md."""
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for name, url in stores(Path(directory)):
            refreshes, ok, seconds = one_expiry(url)
            verdict = "met" if refreshes == 1 else "missed"
            calls = PROCESSES * (THREADS + TASKS)
            rows.append(
                [name, f"{refreshes} ({verdict})", f"{ok:,} of {calls:,}", f"{seconds:.1f} s"]
            )
    return "\n".join(
        [
            "## Refreshes per expiry",
            "",
            f"{PROCESSES} processes x ({THREADS} threads + {TASKS} asyncio tasks) calling Front "
            "at the moment the access token expires; the token endpoint answers after 0.2 s "
            "and accepts each refresh token once (`benchmarks/refresh_concurrency.py`). Target: "
            "exactly one refresh.",
            "",
            table(["token store", "refresh requests", "calls that succeeded", "wall time"], rows),
        ]
    )


if __name__ == "__main__":
    print(run())
