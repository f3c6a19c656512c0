"""One process of the shared-limiter tests: threads calling the served Front double until a time.

Imported by spawned processes (``multiprocessing`` "spawn"), so it has no pytest dependency.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from typing import Any

from langchain_front.client import FrontClient
from langchain_front.errors import FrontError
from langchain_front.testing import SEED
from langchain_front.testing.served import LocalFront

SEARCH = ("search-conversations", {"path_params": {"query": "invoice"}})
READ = ("get-conversation-by-id", {"path_params": {"conversation_id": SEED.conversation_id}})


def run(
    port: int,
    pacer: str,
    threads: int,
    seconds: float,
    searches: float,
    seed: int,
    ready: Any,
    go: Any,
    results: Any,
) -> None:
    """Once every process is ready and ``go`` is set, ``threads`` threads call (a ``searches``
    fraction of searches) for ``seconds``; put ``{"ok", "failures", "statuses"}`` in
    ``results``."""
    transport = LocalFront(port)
    client = FrontClient(token="limiter-test-token", transport=transport, pacer=pacer)
    ok = 0
    failures: Counter[str] = Counter()
    lock = threading.Lock()
    ready.put(seed)
    go.wait()
    deadline = time.time() + seconds

    def calls(number: int) -> None:
        nonlocal ok
        rng = random.Random(seed * 100 + number)
        while time.time() < deadline:
            operation, arguments = SEARCH if rng.random() < searches else READ
            try:
                client.call(operation, **arguments)
            except FrontError as exc:
                with lock:
                    failures[f"{type(exc).__name__}: {exc}"[:200]] += 1
            else:
                with lock:
                    ok += 1

    pool = [threading.Thread(target=calls, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    client.close()
    results.put({"ok": ok, "failures": dict(failures), "statuses": dict(transport.statuses)})
