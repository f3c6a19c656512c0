"""Locks and refreshes across processes ("spawn" workers), and kill -9 in the middle of writes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest

from langchain_front.errors import LockTimeoutError
from tests.integration_tests.stores.conftest import make_spec
from tests.integration_tests.stores.helpers import (
    CRASH_CHILD,
    StoreSpec,
    close,
    hold_job,
    lock_job,
    refresh_job,
    token,
)

ROOT = Path(__file__).resolve().parents[3]


def _run_together(
    pool: ProcessPoolExecutor, tmp_path: Path, job: Callable[..., int], *args: object
) -> list[int]:
    """Run ``job`` in the four workers at once: each says it is ready, then all start together."""
    ready = tmp_path / "ready"
    ready.mkdir()
    go = tmp_path / "go"
    futures: list[Future[int]] = [pool.submit(job, *args, str(ready), str(go)) for _ in range(4)]
    deadline = time.monotonic() + 60
    while len(list(ready.iterdir())) < 4:
        for future in futures:
            if future.done():
                future.result()  # raises what the job raised
        assert time.monotonic() < deadline, "the workers never got ready"
        time.sleep(0.01)
    go.touch()
    pids = [f.result(timeout=120) for f in futures]
    assert len(set(pids)) == 4, "the four jobs must run in four different processes"
    return pids


def test_lock_excludes_processes(
    shared_spec: StoreSpec, process_pool: ProcessPoolExecutor, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    threads, rounds = 3, 5
    _run_together(process_pool, tmp_path, lock_job, shared_spec, "k", str(log), threads, rounds)
    lines = log.read_text().splitlines()
    assert len(lines) == 2 * 4 * threads * rounds
    for enter, leave in zip(lines[::2], lines[1::2], strict=True):
        assert enter.startswith("enter ") and leave == "exit " + enter[6:], (enter, leave)
    assert len({line.split()[1].split("-")[0] for line in lines}) == 4


def test_one_refresh_across_processes_threads_and_tasks(
    shared_spec: StoreSpec, process_pool: ProcessPoolExecutor, tmp_path: Path
) -> None:
    """4 processes x (50 threads + 50 asyncio tasks) find one expired token: one refresh."""
    store = shared_spec.open()
    store.save("user", token("expired", expires_in=-10))
    log = tmp_path / "log"
    _run_together(process_pool, tmp_path, refresh_job, shared_spec, "user", str(log), 50, 50)
    refreshes = log.read_text().splitlines()
    assert len(refreshes) == 1, refreshes
    stored = store.get("user")
    assert stored is not None and stored.version == 2
    assert not stored.token.is_expired()
    close(store)


def test_lock_timeout_against_another_process(
    shared_spec: StoreSpec, process_pool: ProcessPoolExecutor, tmp_path: Path
) -> None:
    held = tmp_path / "held"
    holding = process_pool.submit(hold_job, shared_spec, "k", 1.0, str(held))
    deadline = time.monotonic() + 30
    while not held.exists():
        assert time.monotonic() < deadline and not holding.done(), "the holder never took it"
        time.sleep(0.01)
    store = shared_spec.open()
    started = time.monotonic()
    with pytest.raises(LockTimeoutError), store.lock("k", timeout=0.3):
        pass
    assert 0.25 <= time.monotonic() - started < 0.9
    with store.lock("k", timeout=10):  # free again once the holder lets go
        holding.result(timeout=10)
    close(store)


@pytest.mark.parametrize("kind", ["file", "sqlite"])
def test_kill_9_while_writing_never_corrupts(kind: str, tmp_path: Path) -> None:
    """A writer SIGKILLed at random moments: the store always reads a whole token it wrote."""
    spec = make_spec(kind, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    newest_seen = 0
    for round_number in range(1, 5):
        base = round_number * 1_000_000
        child = subprocess.Popen(
            [sys.executable, "-c", CRASH_CHILD, kind, str(tmp_path), str(base)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(random.uniform(0.0, 0.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()

        store = spec.open()
        stored = store.get("user")  # raises if torn, empty or corrupt
        assert stored is not None
        label = stored.token.access_token.get_secret_value()
        number = int(label.split("-")[1])
        assert base < number < base + 1_000_000  # written by this round's child...
        assert number > newest_seen  # ...and never older than what we saw before
        assert label == f"access-{number}-{'x' * 3000}-SECRET"
        assert stored.token.refresh_token is not None
        assert (
            stored.token.refresh_token.get_secret_value() == f"refresh-{number}-{'x' * 3000}-SECRET"
        )
        newest_seen = number
        store.save("user", token("parent"), expected_version=stored.version)  # still writable
        close(store)
    if kind == "file":  # temporary files of killed writers are swept by the next writer
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []
