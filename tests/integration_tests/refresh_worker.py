"""One process of the refresh-concurrency test: threads and asyncio tasks calling Front at once.

Imported by spawned processes (``multiprocessing`` "spawn"), so it has no pytest dependency.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
from pydantic import SecretStr

from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig
from langchain_front.auth.stores.urls import open_token_store
from langchain_front.client import FrontClient
from langchain_front.testing import FrontDouble


def run(
    store_url: str,
    oauth_settings: dict[str, str],
    user_id: str,
    threads: int,
    tasks: int,
    go: Any,
    results: Any,
) -> None:
    """Wait for ``go``, then make ``threads`` + ``tasks`` calls; put a summary in ``results``."""
    store = open_token_store(store_url)
    config = FrontOAuthConfig(
        client_id=oauth_settings["client_id"],
        client_secret=SecretStr(oauth_settings["client_secret"]),
        redirect_uri="http://127.0.0.1:8765/integration-callback",
        authorize_url=oauth_settings["authorize_url"],
        token_url=oauth_settings["token_url"],
    )
    manager = TokenManager(store, FrontOAuth(config))
    double = FrontDouble()
    seen: set[str] = set()
    seen_lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with seen_lock:
            seen.add(request.headers.get("authorization", "").removeprefix("Bearer "))
        return double.handle(request)

    client = FrontClient(
        token_provider=manager.provider(user_id), transport=httpx.MockTransport(handler)
    )
    aclient = client.to_async()
    ok = 0
    errors: list[str] = []
    count_lock = threading.Lock()

    def one_call() -> None:
        nonlocal ok
        try:
            client.call("api-token-details")
        except Exception as exc:
            with count_lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        else:
            with count_lock:
                ok += 1

    async def many_calls() -> list[Any]:
        return await asyncio.gather(
            *(aclient.call("api-token-details") for _ in range(tasks)), return_exceptions=True
        )

    workers = [threading.Thread(target=one_call) for _ in range(threads)]
    go.wait(60)
    for worker in workers:
        worker.start()
    outcomes = asyncio.run(many_calls())
    for worker in workers:
        worker.join()
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            errors.append(f"{type(outcome).__name__}: {outcome}")
        else:
            ok += 1
    results.put({"ok": ok, "errors": errors[:5], "tokens": sorted(seen)})


def run_together(
    store_url: str,
    server: Any,
    user_id: str,
    *,
    processes: int,
    threads: int,
    tasks: int,
    settle: float = 0.5,
    timeout: float = 120.0,
) -> tuple[list[dict[str, Any]], float]:
    """Start ``processes`` spawned workers against ``server`` (a ``FrontOAuthServer``), release
    them at once, and return their summaries and the seconds from release to the last one.

    The tests and the refresh benchmark share it; each child runs :func:`run`.
    """
    import multiprocessing
    import time

    settings = {
        "client_id": server.client_id,
        "client_secret": server.client_secret,
        "authorize_url": server.authorize_url,
        "token_url": server.token_url,
    }
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    results: Any = context.Queue()
    children = [
        context.Process(
            target=run, args=(store_url, settings, user_id, threads, tasks, go, results)
        )
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    time.sleep(settle)  # let the children import; the event starts them together
    started = time.perf_counter()
    go.set()
    summaries = [results.get(timeout=timeout) for _ in children]
    elapsed = time.perf_counter() - started
    for child in children:
        child.join(30)
        if child.exitcode != 0:
            raise RuntimeError(f"a refresh worker exited with {child.exitcode}")
    return summaries, elapsed
