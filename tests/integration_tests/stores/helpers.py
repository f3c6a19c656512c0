"""Store specs and the code that runs in other processes (importable by "spawn" children)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_front.auth.stores import (
    BaseTokenStore,
    FernetEncryption,
    FileTokenStore,
    MemoryTokenStore,
    PostgresTokenStore,
    RedisTokenStore,
    SQLiteTokenStore,
)
from langchain_front.auth.tokens import FrontToken

REDIS_ENV = "FRONT_TEST_REDIS_URL"
POSTGRES_ENV = "FRONT_TEST_POSTGRES_DSN"
BACKENDS = ("memory", "file", "sqlite", "redis", "postgres")
SHARED = ("file", "sqlite", "redis", "postgres")  # visible to other processes


@dataclass(frozen=True)
class StoreSpec:
    """How to open one test store, in this process or another (picklable)."""

    kind: str
    directory: str = ""
    url: str = ""
    name: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:10]}_")
    options: tuple[tuple[str, Any], ...] = ()

    def open(self, encryption: FernetEncryption | None = None, **options: Any) -> BaseTokenStore:
        options = {**dict(self.options), **options}
        if self.kind == "memory":
            return MemoryTokenStore(encryption=encryption)
        if self.kind == "file":
            return FileTokenStore(Path(self.directory) / "tokens.json", encryption=encryption)
        if self.kind == "sqlite":
            path = Path(self.directory) / "tokens.sqlite3"
            return SQLiteTokenStore(path, encryption=encryption, **options)
        if self.kind == "redis":
            return RedisTokenStore(
                self.url, prefix=f"lcf-test:{self.name}", encryption=encryption, **options
            )
        if self.kind == "postgres":
            return PostgresTokenStore(
                self.url, table_prefix=self.name, encryption=encryption, **options
            )
        raise ValueError(self.kind)

    def cleanup(self) -> None:
        if self.kind == "redis":
            import redis

            client = redis.Redis.from_url(self.url)
            try:
                names = list(client.scan_iter(match=f"lcf-test:{self.name}*", count=1000))
                if names:
                    client.delete(*names)
            finally:
                client.close()
        elif self.kind == "postgres":
            import psycopg
            from psycopg import sql

            with psycopg.connect(self.url, autocommit=True) as conn:
                for table in ("tokens", "oauth_states"):
                    conn.execute(
                        sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(self.name + table))
                    )


def token(label: str, *, expires_in: float = 3600.0) -> FrontToken:
    """A token whose secrets are recognisable in assertions."""
    return FrontToken(
        access_token=f"access-{label}-SECRET",
        refresh_token=f"refresh-{label}-SECRET",
        expires_at=time.time() + expires_in,
        obtained_at=time.time(),
    )


def close(store: BaseTokenStore) -> None:
    closer = getattr(store, "close", None)
    if closer is not None:
        closer()


def _append(path: str, line: str) -> None:
    """One write(2) on an O_APPEND file: lines of concurrent writers never mix."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def _ready_then_wait(ready_dir: str, go_path: str) -> None:
    Path(ready_dir, f"{os.getpid()}").touch()
    deadline = time.monotonic() + 60
    while not os.path.exists(go_path):
        if time.monotonic() > deadline:
            raise TimeoutError("never told to go")
        time.sleep(0.005)


# ---------------------------------------------------------------------------- process jobs


def warm_up() -> None:
    """Pool initializer: import everything once per worker process."""
    import langchain_front.auth.stores  # noqa: F401


def lock_job(
    spec: StoreSpec, user_id: str, log: str, threads: int, rounds: int, ready_dir: str, go_path: str
) -> int:
    """``threads`` threads each take the lock ``rounds`` times and log enter/exit around a nap."""
    store = spec.open()
    _ready_then_wait(ready_dir, go_path)
    me = os.getpid()
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            for _ in range(rounds):
                with store.lock(user_id, timeout=30):
                    _append(log, f"enter {me}-{index}\n")
                    time.sleep(0.002)
                    _append(log, f"exit {me}-{index}\n")
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    close(store)
    if errors:
        raise errors[0]
    return me


def _refresh(store: BaseTokenStore, user_id: str, log: str) -> None:
    """What a token manager does: check, lock, check again, refresh once, save with CAS."""
    stored = store.get(user_id)
    assert stored is not None
    if not stored.token.is_expired(leeway=300):
        return
    with store.lock(user_id, timeout=60):
        stored = store.get(user_id)
        assert stored is not None
        if not stored.token.is_expired(leeway=300):
            return
        _append(log, f"refresh {os.getpid()} {threading.get_ident()}\n")
        time.sleep(0.05)  # the HTTP call
        store.save(user_id, token(f"fresh-{os.getpid()}"), expected_version=stored.version)


async def _arefresh(store: BaseTokenStore, user_id: str, log: str) -> None:
    await asyncio.to_thread(_refresh, store, user_id, log)


def refresh_job(
    spec: StoreSpec, user_id: str, log: str, threads: int, tasks: int, ready_dir: str, go_path: str
) -> int:
    """``threads`` threads and ``tasks`` asyncio tasks all try to refresh one expired token."""
    store = spec.open()
    _ready_then_wait(ready_dir, go_path)
    errors: list[BaseException] = []

    def in_thread() -> None:
        try:
            _refresh(store, user_id, log)
        except BaseException as exc:
            errors.append(exc)

    async def in_tasks() -> None:
        results = await asyncio.gather(
            *[_arefresh(store, user_id, log) for _ in range(tasks)], return_exceptions=True
        )
        errors.extend(r for r in results if isinstance(r, BaseException))

    workers = [threading.Thread(target=in_thread) for _ in range(threads)]
    for worker in workers:
        worker.start()
    asyncio.run(in_tasks())
    for worker in workers:
        worker.join()
    close(store)
    if errors:
        raise errors[0]
    return os.getpid()


def hold_job(spec: StoreSpec, user_id: str, seconds: float, held_path: str) -> None:
    """Hold the lock on ``user_id`` for ``seconds``, saying so with the file ``held_path``."""
    store = spec.open()
    with store.lock(user_id, timeout=30):
        Path(held_path).touch()
        time.sleep(seconds)
    close(store)


CRASH_CHILD = """
import sys, time
from tests.integration_tests.stores.helpers import StoreSpec, token
spec = StoreSpec(kind=sys.argv[1], directory=sys.argv[2])
store = spec.open()
base = int(sys.argv[3])
i = 0
while True:
    i += 1
    label = f"{base + i}-" + "x" * 3000  # big enough for a write to be cut in the middle
    if spec.kind == "file":
        with store.lock("user", timeout=30):
            store.save("user", token(label))
    else:
        store.save("user", token(label))
    if i == 1:
        print("ready", flush=True)
"""
