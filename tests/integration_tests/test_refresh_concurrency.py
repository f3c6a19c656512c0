"""Single-flight refresh under load: 4 processes x (50 threads + 50 asyncio tasks), one expiry.

For each store that can be shared by processes (file, SQLite) or machines (Redis, PostgreSQL),
with an expired access token and a token endpoint that invalidates a refresh token once used:
exactly one refresh request, every call succeeds, no invalid_grant, and every call used the
refreshed token. Redis and PostgreSQL come from servers that .ci/run starts (skipped, with the
reason, where they are absent).
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
from pydantic import SecretStr

from langchain_front.auth.stores.urls import open_token_store
from langchain_front.auth.tokens import FrontToken
from langchain_front.testing import FrontOAuthServer
from tests.integration_tests import refresh_worker

PROCESSES, THREADS, TASKS = 4, 50, 50


def store_url(kind: str, tmp_path: Path) -> str:
    """The store URL for ``kind``, or a skip with the reason."""
    if kind == "file":
        return f"file:{tmp_path / 'tokens.json'}"
    if kind == "sqlite":
        return f"sqlite:{tmp_path / 'tokens.sqlite3'}"
    env = {"redis": "FRONT_TEST_REDIS_URL", "postgres": "FRONT_TEST_POSTGRES_DSN"}[kind]
    url = os.environ.get(env)
    if not url:
        pytest.skip(f"{env} is not set: .ci/run starts {kind} for this test")
    return url


@pytest.mark.parametrize("kind", ["file", "sqlite", "redis", "postgres"])
def test_exactly_one_refresh_per_expiry(kind: str, tmp_path: Path) -> None:
    url = store_url(kind, tmp_path)
    user = f"user-{uuid.uuid4().hex[:8]}"  # shared servers: a user ID of this test's own
    with FrontOAuthServer(single_use_refresh_tokens=True, token_delay=0.2) as server:
        refresh_token = server.issue_refresh_token(user)
        store = open_token_store(url)
        expired = FrontToken(
            access_token=SecretStr("at-expired"),
            refresh_token=SecretStr(refresh_token),
            expires_at=time.time() - 60,
        )
        store.save(user, expired)
        summaries, _ = refresh_worker.run_together(
            url, server, user, processes=PROCESSES, threads=THREADS, tasks=TASKS
        )

        assert server.refresh_count == 1
        assert server.invalid_grant_count == 0
        assert [s["errors"] for s in summaries] == [[]] * PROCESSES
        assert sum(s["ok"] for s in summaries) == PROCESSES * (THREADS + TASKS)
        used = {token for s in summaries for token in s["tokens"]}
        stored = store.get(user)
        assert stored is not None
        fresh = stored.token.access_token.get_secret_value()
        assert used == {fresh}
        assert server.is_valid_access_token(fresh)
        store.delete(user)
