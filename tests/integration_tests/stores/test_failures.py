"""Stores under failure: hung servers (SIGSTOP), holders killed with SIGKILL mid-refresh,
leases renewed while held, and connections closed while in use (Hardening 12 and 13, and the
SQLite close race)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from langchain_front.auth.stores import FileTokenStore
from langchain_front.errors import LockTimeoutError, TokenStoreError
from langchain_front.testing import FrontOAuthServer
from tests.integration_tests.stores.conftest import make_spec
from tests.integration_tests.stores.helpers import StoreSpec, close, token

ROOT = Path(__file__).resolve().parents[3]


def _outcome(call: Callable[[], object], limit: float) -> tuple[float, BaseException | None]:
    """Run ``call`` in a thread; (seconds it took, what it raised). Fails the test if it is
    still running after ``limit`` seconds (a hung call is left to finish in the background)."""
    result: dict[str, Any] = {}

    def run() -> None:
        started = time.monotonic()
        try:
            call()
        except BaseException as exc:
            result["error"] = exc
        result["took"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still blocked after {limit} s"
    return result["took"], result.get("error")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


@contextmanager
def _stopped(pids: list[int]) -> Iterator[None]:
    """SIGSTOP ``pids`` (a hung server: the kernel still accepts connections and data, nothing
    answers), SIGCONT them afterwards whatever happens."""
    for pid in pids:
        with suppress(ProcessLookupError):  # a backend that just ended
            os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


def _server_pids(spec: StoreSpec) -> list[int]:
    if spec.kind == "redis":
        import redis

        client = redis.Redis.from_url(spec.url)
        try:
            return [int(client.info("server")["process_id"])]
        finally:
            client.close()
    import psycopg

    with psycopg.connect(spec.url, autocommit=True) as conn:
        backend = conn.info.backend_pid
    stat = Path(f"/proc/{backend}/stat").read_text()
    postmaster = int(stat.rsplit(")", 1)[1].split()[1])
    return [postmaster, *_children(postmaster)]


def _short_timeouts(kind: str) -> dict[str, float]:
    if kind == "redis":
        return {"timeout": 2.0, "connect_timeout": 2.0}
    return {"statement_timeout": 2.0, "connect_timeout": 2.0}


# ---------------------------------------------------------------------------- Hardening 12


@pytest.mark.parametrize("kind", ["redis", "postgres"])
def test_a_hung_server_fails_get_save_and_lock_within_their_timeouts(
    kind: str, tmp_path: Path
) -> None:
    """Hardening 12: with the server SIGSTOPped, get/save fail within the statement timeout
    (2 s here) and lock(timeout=5) within about 5 s, instead of blocking (90 s observed)."""
    spec = make_spec(kind, tmp_path)
    store = spec.open(**_short_timeouts(kind))
    try:
        store.save("alice", token("hung"))  # a pooled connection that the stop will catch
        with _stopped(_server_pids(spec)):
            took, error = _outcome(lambda: store.get("alice"), 20)
            assert isinstance(error, TokenStoreError) and took < 8, (took, error)
            assert "SECRET" not in str(error)
            took, error = _outcome(lambda: store.save("alice", token("x")), 20)
            assert isinstance(error, TokenStoreError) and took < 8, (took, error)

            def lock() -> None:
                with store.lock("alice", timeout=5):
                    pass

            took, error = _outcome(lock, 30)
            assert isinstance(error, TokenStoreError) and took < 9, (took, error)
        assert store.get("alice") is not None  # works again once the server does
    finally:
        close(store)
        spec.cleanup()


def test_sqlite_lock_timeout_holds_against_a_stopped_writer(tmp_path: Path) -> None:
    """Hardening 12: a process that holds SQLite's write lock and is stopped: lock(timeout=2)
    fails within about 2 s (it waited for busy_timeout, 30 s, before), and save within
    busy_timeout."""
    path = tmp_path / "tokens.sqlite3"
    store = make_spec("sqlite", tmp_path).open(busy_timeout=3.0)
    store.save("alice", token("s"))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with _stopped([holder.pid]):

            def lock() -> None:
                with store.lock("alice", timeout=2):
                    pass

            took, error = _outcome(lock, 20)
            assert isinstance(error, LockTimeoutError) and took < 4, (took, error)
            took, error = _outcome(lambda: store.save("alice", token("t")), 20)
            assert isinstance(error, TokenStoreError) and took < 6, (took, error)
            assert "busy" in str(error)
            assert store.get("alice") is not None  # WAL: readers never wait for a writer
    finally:
        holder.kill()
        holder.wait()
        close(store)


def test_file_store_write_timeout_is_configurable_and_honoured(tmp_path: Path) -> None:
    """Hardening 12: a stopped writer holding the file's write lock fails a save after
    ``write_timeout`` (a constructor option now; it was fixed at 30 s)."""
    path = tmp_path / "tokens.json"
    store = FileTokenStore(path, write_timeout=1.0)
    store.save("alice", token("f"))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import filelock, time\n"
            f"lock = filelock.FileLock({str(path) + '.lock'!r}); lock.acquire()\n"
            "print('held', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with _stopped([holder.pid]):
            took, error = _outcome(lambda: store.save("alice", token("g")), 20)
        assert isinstance(error, TokenStoreError) and took < 4, (took, error)
    finally:
        holder.kill()
        holder.wait()


# ---------------------------------------------------------------------------- Hardening 13

KILLED_CHILD = """
import sys, time
from pydantic import SecretStr
from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig
from langchain_front.auth.tokens import FrontToken
from tests.integration_tests.stores.helpers import StoreSpec
kind, directory, url, name, token_url, refresh_token = sys.argv[1:7]
store = StoreSpec(kind=kind, directory=directory, url=url, name=name).open()
store.save("user", FrontToken(access_token=SecretStr("at-old"),
           refresh_token=SecretStr(refresh_token), expires_at=time.time() - 10))
config = FrontOAuthConfig(client_id="test-client-id", client_secret=SecretStr("test-client-secret"),
    redirect_uri="http://127.0.0.1:8765/cb", token_url=token_url)
TokenManager(store, FrontOAuth(config)).access_token("user")   # the refresh hangs: killed there
"""


@pytest.mark.parametrize("kind", ["file", "sqlite", "redis", "postgres"])
def test_a_process_killed_mid_refresh_frees_the_lock_within_seconds(
    kind: str, tmp_path: Path
) -> None:
    """Hardening 13: kill -9 a process holding the store's lock in the middle of a refresh;
    another process gets the lock within a few seconds (SQLite and Redis held a 60 s lease)."""
    spec = make_spec(kind, tmp_path)
    with FrontOAuthServer(token_delay=60) as server:
        refresh_token = server.issue_refresh_token("user")
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                KILLED_CHILD,
                kind,
                spec.directory,
                spec.url,
                spec.name,
                server.token_url,
                refresh_token,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            deadline = time.monotonic() + 30
            while server.token_requests_started == 0:  # the child holds the lock, mid-refresh
                assert child.poll() is None and time.monotonic() < deadline
                time.sleep(0.02)
            child.send_signal(signal.SIGKILL)
            child.wait()
            store = spec.open()
            started = time.monotonic()
            with store.lock("user", timeout=30):
                took = time.monotonic() - started
            assert took < 12, f"the lock of a killed holder stayed taken {took:.1f} s"
            close(store)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            server.token_delay = 0
            spec.cleanup()


HOLDER_CHILD = """
import sys, time
from tests.integration_tests.stores.helpers import StoreSpec
kind, directory, url, name = sys.argv[1:5]
store = StoreSpec(kind=kind, directory=directory, url=url, name=name).open(lock_ttl=0.6)
with store.lock("user", timeout=10):
    print("held", flush=True)
    time.sleep(3)
"""


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_a_lease_is_renewed_while_its_holder_works(kind: str, tmp_path: Path) -> None:
    """Hardening 13: a lease shorter than its holder's work (0.6 s, held 3 s by another
    process) is renewed by a heartbeat: nobody else gets the lock while the holder lives."""
    spec = make_spec(kind, tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER_CHILD, kind, spec.directory, spec.url, spec.name],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
    )
    other = spec.open(lock_ttl=0.6)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"held"
        with pytest.raises(LockTimeoutError), other.lock("user", timeout=1.8):
            pass
        with other.lock("user", timeout=10):  # free once the holder lets go
            pass
    finally:
        child.kill()
        child.wait()
        close(other)
        spec.cleanup()


# ---------------------------------------------------------------------------- SQLite close race

CLOSE_RACE_CHILD = """
import sys, threading, time
from langchain_front.auth.stores import SQLiteTokenStore
from tests.integration_tests.stores.helpers import token
store = SQLiteTokenStore(sys.argv[1])
store.save("u", token("x"))
stop = time.monotonic() + 4
def work(i):
    while time.monotonic() < stop:
        with store.lock(f"u{i}", timeout=10):
            store.get("u")
threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads: t.start()
while time.monotonic() < stop:
    store.close()
for t in threads: t.join()
print("ok", flush=True)
"""


def test_sqlite_close_while_other_threads_use_the_store_does_not_crash(tmp_path: Path) -> None:
    """SQLite close race: ``close()`` while other threads take and release leases and read
    (``_release_lease`` racing ``close``) used to crash the interpreter with SIGSEGV."""
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_RACE_CHILD, str(tmp_path / "t.sqlite3")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == "ok"
    with sqlite3.connect(tmp_path / "t.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM locks").fetchone() == (0,)
