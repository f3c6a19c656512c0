"""Throughput under Front's company rate limit: 1 and 4 worker processes, shared limiter or not.

The Front double (company limit ``--limit`` requests per ``--window`` seconds, 40% for search,
``x-ratelimit-*`` headers, 429 with ``retry-after``) is served over real HTTP on 127.0.0.1; each
worker process runs ``--threads`` threads calling a mix of operations (30% searches) through one
``FrontClient`` for ``--seconds``. Each scenario is run with the limiter shared on a real Redis
(``redis://...?window=W``: the limit itself is learned from Front's headers) and with the
per-process ``HeaderPacer``. Reported: the achieved rate against the allowed one (steady state:
the calls Front accepted over whole windows, from the first window's opening to the last's),
failed calls, and the 429s Front answered. Results are in docs/architecture.md ("Pacing").

    uv run python benchmarks/shared_rate_limit.py              # about 5 minutes
    uv run python benchmarks/shared_rate_limit.py --seconds 20 # a quick look

Needs ``redis-server`` on PATH (``apt-get install redis-server``), or a Redis URL in
``FRONT_BENCH_REDIS_URL`` (its keys ``langchain-front:rate:{bench-*}`` are used).
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import platform
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script, or imported

from langchain_front import FrontClient
from langchain_front.errors import FrontError
from langchain_front.testing import SEED
from langchain_front.testing.served import LocalFront, ServedDouble, free_port, windows

CONVERSATION = {"conversation_id": SEED.conversation_id}
#: (operation, arguments, weight): 30% searches, below the 40% share on average.
MIX: list[tuple[str, dict[str, Any], int]] = [
    ("get-conversation-by-id", {"path_params": CONVERSATION}, 30),
    ("list-conversation-messages", {"path_params": CONVERSATION}, 10),
    ("list-teammates", {}, 20),
    ("list-inboxes", {}, 10),
    ("search-conversations", {"path_params": {"query": "invoice"}}, 30),
]


def worker(
    port: int, pacer: str, threads: int, seconds: float, seed: int, go: Any, results: Any
) -> None:
    """One worker process: ``threads`` threads calling the mix for ``seconds`` after ``go``
    (a shared Unix time, set once every worker is ready)."""
    logging.getLogger("langchain_front").setLevel(logging.ERROR)  # 429s are counted instead
    transport = LocalFront(port)
    client = FrontClient(token="bench-token", transport=transport, pacer=pacer)
    results.put({"ready": seed})
    while go.value == 0.0:
        time.sleep(0.01)
    start_at = go.value
    deadline = start_at + seconds
    done: list[float] = []
    failures: Counter[str] = Counter()
    lock = threading.Lock()

    def run(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        operations = [op for op, _, _ in MIX]
        weights = [weight for _, _, weight in MIX]
        arguments = {op: args for op, args, _ in MIX}
        while time.time() < deadline:
            operation = rng.choices(operations, weights)[0]
            try:
                client.call(operation, **arguments[operation])
            except FrontError as exc:
                with lock:
                    failures[type(exc).__name__] += 1
            else:
                with lock:
                    done.append(time.time())

    time.sleep(max(0.0, start_at - time.time()))
    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    client.close()
    results.put({"done": done, "failures": dict(failures), "statuses": dict(transport.statuses)})


@dataclass
class Row:
    """One scenario's results."""

    pacing: str
    processes: int
    allowed_rate: float
    steady_rate: float | None
    raw_rate: float
    ok: int
    failed: int
    answered_429: int
    max_per_window: int
    max_searches_per_window: int
    windows: int

    @property
    def ratio(self) -> float | None:
        return None if self.steady_rate is None else self.steady_rate / self.allowed_rate


def scenario(
    pacing: str, pacer: str, processes: int, args: argparse.Namespace, context: Any
) -> Row:
    """Run one scenario against a fresh served double."""
    with ServedDouble(rate_limit=args.limit, window=args.window) as served:
        results = context.Queue()
        go = context.Value("d", 0.0)
        children = [
            context.Process(
                target=worker, args=(served.port, pacer, args.threads, args.seconds, n, go, results)
            )
            for n in range(processes)
        ]
        for child in children:
            child.start()
        collect(results, children, time.time() + 120)  # every worker imported and ready
        start_at = go.value = time.time() + 0.5
        outcomes = collect(results, children, start_at + args.seconds + 120)
        for child in children:
            child.join(30)
        records = list(served.records)
    deadline = start_at + args.seconds
    done = [t for o in outcomes for t in o["done"] if start_at <= t < deadline]
    failed = sum(sum(o["failures"].values()) for o in outcomes)
    opened = [w for w in windows(records, args.window) if start_at <= w.start < deadline]
    steady = None
    if len(opened) >= 2:
        steady = sum(w.accepted for w in opened[:-1]) / (opened[-1].start - opened[0].start)
    return Row(
        pacing=pacing,
        processes=processes,
        allowed_rate=args.limit / args.window,
        steady_rate=steady,
        raw_rate=len(done) / args.seconds,
        ok=sum(len(o["done"]) for o in outcomes),
        failed=failed,
        answered_429=sum(1 for r in records if r.status == 429),
        max_per_window=max((w.accepted for w in opened), default=0),
        max_searches_per_window=max((w.searches for w in opened), default=0),
        windows=len(opened),
    )


def collect(results: Any, children: list[Any], deadline: float) -> list[dict[str, Any]]:
    """Each child's result; fails fast when a child dies without one."""
    outcomes: list[dict[str, Any]] = []
    while len(outcomes) < len(children):
        try:
            outcomes.append(results.get(timeout=1.0))
        except queue.Empty:
            dead = [c.exitcode for c in children if c.exitcode not in (None, 0)]
            if dead or time.time() > deadline:
                for child in children:
                    child.kill()
                raise RuntimeError(f"a worker failed (exit codes {dead}); see above") from None
    return outcomes


@contextmanager
def redis_url() -> Iterator[str]:
    """``FRONT_BENCH_REDIS_URL``, or a throwaway ``redis-server`` on a free port."""
    given = os.environ.get("FRONT_BENCH_REDIS_URL")
    if given:
        yield given
        return
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is not on PATH: apt-get install it, or set FRONT_BENCH_REDIS_URL")
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        server = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory,
            ],
            stdout=subprocess.DEVNULL,
        )
        try:
            import redis

            client = redis.Redis(port=port)
            for _ in range(100):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(10)


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| pacing | processes | allowed | achieved (steady) | ratio | calls ok | failed | 429s "
        "| max per window | max searches per window |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        steady = "n/a" if r.steady_rate is None else f"{r.steady_rate:.2f}/s"
        ratio = "n/a" if r.ratio is None else f"{r.ratio:.1%}"
        lines.append(
            f"| {r.pacing} | {r.processes} | {r.allowed_rate:.2f}/s | {steady} | {ratio} | "
            f"{r.ok} | {r.failed} | {r.answered_429} | {r.max_per_window} | "
            f"{r.max_searches_per_window} |"
        )
    return "\n".join(lines)


def _options(seconds: float) -> argparse.Namespace:
    return argparse.Namespace(limit=100, window=10.0, seconds=seconds, threads=8, json=None)


def measure(args: argparse.Namespace) -> list[Row]:
    """Every scenario: 1 and 4 processes, with the shared limiter and with HeaderPacer."""
    context = multiprocessing.get_context("spawn")
    rows = []
    with redis_url() as url:
        for processes in (1, 4):
            for pacing, pacer in (
                (
                    "shared limiter (Redis)",
                    f"{url}?window={args.window:g}&key=bench-{uuid.uuid4().hex[:8]}",
                ),
                ("HeaderPacer per process", "header:"),
            ):
                row = scenario(pacing, pacer, processes, args, context)
                print(f"{pacing}, {processes} process(es): {asdict(row)}", file=sys.stderr)
                rows.append(row)
    return rows


def run(quick: bool = False) -> str:
    """The section for docs/performance.md (``benchmarks/run.py``)."""
    args = _options(20.0 if quick else 60.0)
    if not os.environ.get("FRONT_BENCH_REDIS_URL") and shutil.which("redis-server") is None:
        return "## Throughput under a rate limit\n\nNot measured: no redis-server on this machine."
    rows = measure(args)
    return "\n".join(
        [
            "## Throughput under a rate limit",
            "",
            f"The Front double served over HTTP with a company limit of {args.limit} requests per "
            f"{args.window:g} s (searches: 40%), {args.threads} threads per worker process, 30% "
            f"searches, {args.seconds:g} s per scenario (`benchmarks/shared_rate_limit.py`). "
            "Target: 4 processes sharing the limit reach at least 95% of the allowed rate with "
            "no failed call and no 429 storm.",
            "",
            table(rows),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100, help="requests per window (100)")
    parser.add_argument("--window", type=float, default=10.0, help="window in seconds (10)")
    parser.add_argument("--seconds", type=float, default=60.0, help="run time per scenario (60)")
    parser.add_argument("--threads", type=int, default=8, help="threads per process (8)")
    parser.add_argument("--json", help="also write the rows to this JSON file")
    args = parser.parse_args()
    rows = measure(args)
    print()
    print(
        f"{args.limit} requests per {args.window:g} s (searches: 40%), {args.threads} threads per "
        f"process, {args.seconds:g} s per scenario; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    print()
    print(table(rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump([asdict(r) for r in rows], out, indent=2)


if __name__ == "__main__":
    main()
