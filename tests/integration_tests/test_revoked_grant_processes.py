"""A revoked grant across processes: 4 processes x (50 threads + 50 asyncio tasks) find an
expired token whose refresh token Front revoked. One token request in all; every call fails with
"reconnect"; later calls fail at once without asking Front (Hardening 10; it took 369 token
requests and 92 s before)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from pydantic import SecretStr

from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.urls import open_token_store
from langchain_front.auth.tokens import FrontToken
from langchain_front.errors import FrontReconnectRequiredError
from langchain_front.testing import FrontOAuthServer
from tests.integration_tests import refresh_worker
from tests.integration_tests.test_refresh_concurrency import store_url

PROCESSES, THREADS, TASKS = 4, 50, 50


@pytest.mark.parametrize("kind", ["file", "sqlite", "redis", "postgres"])
def test_a_revoked_grant_is_asked_once_across_processes(kind: str, tmp_path: Path) -> None:
    url = store_url(kind, tmp_path)
    user = f"user-{uuid.uuid4().hex[:8]}"
    with FrontOAuthServer(token_delay=0.2) as server:
        store = open_token_store(url)
        store.save(
            user,
            FrontToken(
                access_token=SecretStr("at-expired"),
                refresh_token=SecretStr(server.issue_refresh_token(user)),
                expires_at=time.time() - 60,
            ),
        )
        server.revoke_all()
        summaries, took = refresh_worker.run_together(
            url, server, user, processes=PROCESSES, threads=THREADS, tasks=TASKS
        )

        assert server.token_request_count == 1
        assert sum(s["ok"] for s in summaries) == 0
        errors = [error for s in summaries for error in s["errors"]]
        assert errors and all("reconnect" in error for error in errors), errors[:3]
        assert took < 30, f"{took:.1f} s to fail {PROCESSES * (THREADS + TASKS)} calls"

        oauth = FrontOAuth(server.config())
        with pytest.raises(FrontReconnectRequiredError):  # later, in yet another "process"
            TokenManager(open_token_store(url), oauth).access_token(user)
        assert server.token_request_count == 1
        store.delete(user)
