"""Every event store keeps the same contract: dedup by ID, claims with a lease, retries, cursors.

Redis and PostgreSQL run against real servers when FRONT_TEST_REDIS_URL / FRONT_TEST_POSTGRES_DSN
are set (``eval "$(bash scripts/ci_services.sh start)"``), and are skipped otherwise.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from langchain_front.errors import FrontConfigurationError
from langchain_front.events import EventStore, MemoryEventStore, SQLiteEventStore, open_event_store

KINDS = ["memory", "sqlite", "redis", "postgres"]


def make_store(kind: str, tmp_path: Path) -> EventStore:
    if kind == "memory":
        return MemoryEventStore()
    if kind == "sqlite":
        return SQLiteEventStore(tmp_path / "events.sqlite3")
    if kind == "redis":
        url = os.environ.get("FRONT_TEST_REDIS_URL")
        if not url:
            pytest.skip("FRONT_TEST_REDIS_URL is not set (scripts/ci_services.sh start)")
        from langchain_front.events import RedisEventStore

        return RedisEventStore(url, prefix=f"test-{uuid.uuid4().hex[:8]}:")
    url = os.environ.get("FRONT_TEST_POSTGRES_DSN")
    if not url:
        pytest.skip("FRONT_TEST_POSTGRES_DSN is not set (scripts/ci_services.sh start)")
    from langchain_front.events import PostgresEventStore

    return PostgresEventStore(url, table_prefix=f"t{uuid.uuid4().hex[:8]}_")


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStore]:
    made = make_store(request.param, tmp_path)
    yield made
    made.close()


def test_add_deduplicates_by_id(store: EventStore) -> None:
    assert store.add("evt_1", '{"id": "evt_1"}') is True
    assert store.add("evt_1", '{"id": "evt_1", "changed": true}') is False
    assert store.status("evt_1") == "pending"
    [claimed] = store.claim()
    assert (claimed.id, claimed.payload, claimed.attempts) == ("evt_1", '{"id": "evt_1"}', 1)
    store.complete("evt_1")
    assert store.status("evt_1") == "done"
    assert store.add("evt_1", "{}") is False  # still a duplicate once handled
    assert store.claim() == []


def test_claims_are_oldest_first_and_hidden_for_the_lease(store: EventStore) -> None:
    for n in range(3):
        store.add(f"evt_{n}", "{}")
        time.sleep(0.002)
    assert [c.id for c in store.claim(limit=2, lease=60)] == ["evt_0", "evt_1"]
    assert [c.id for c in store.claim(limit=5, lease=60)] == ["evt_2"]
    assert store.claim() == []


def test_an_expired_lease_makes_the_event_claimable_again(store: EventStore) -> None:
    """A worker that died mid-handling: its event comes back after the lease."""
    store.add("evt_a", "{}")
    assert [c.attempts for c in store.claim(lease=0.05)] == [1]
    assert store.claim() == []
    time.sleep(0.1)
    assert [(c.id, c.attempts) for c in store.claim()] == [("evt_a", 2)]


def test_fail_retries_later_or_gives_up(store: EventStore) -> None:
    store.add("evt_r", "{}")
    store.claim()
    store.fail("evt_r", retry_in=0.05)
    assert store.claim() == []
    time.sleep(0.1)
    assert [c.id for c in store.claim()] == ["evt_r"]
    store.fail("evt_r", retry_in=None)
    assert store.status("evt_r") == "failed"
    time.sleep(0.01)
    assert store.claim() == []


def test_cursors(store: EventStore) -> None:
    assert store.get_cursor("p") is None
    store.set_cursor("p", "12.5")
    store.set_cursor("p", "13.5")
    store.set_cursor("q", "1")
    assert store.get_cursor("p") == "13.5"
    assert store.get_cursor("q") == "1"


def test_concurrent_claims_never_share_an_event(store: EventStore) -> None:
    for n in range(40):
        store.add(f"evt_{n:02d}", "{}")
    taken: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            got = store.claim(limit=3, lease=60)
            if not got:
                return
            with lock:
                taken.extend(c.id for c in got)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == [f"evt_{n:02d}" for n in range(40)]


def test_handled_events_are_pruned_after_the_retention(tmp_path: Path) -> None:
    for store in (MemoryEventStore(retention=0.01), SQLiteEventStore(tmp_path / "p.sqlite3")):
        store.retention = 0.01
        store.add("evt_old", "{}")
        store.add("evt_pending", "{}")
        [first, _] = store.claim()
        store.complete(first.id)
        time.sleep(0.05)
        store.prune_now()
        assert store.status("evt_old") is None
        assert store.status("evt_pending") == "pending"  # never pruned before it is handled


def test_sqlite_keeps_events_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    SQLiteEventStore(path).add("evt_x", '{"a": 1}')
    again = SQLiteEventStore(path)
    assert again.add("evt_x", "{}") is False
    assert [c.payload for c in again.claim()] == ['{"a": 1}']


def test_open_event_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(open_event_store("memory:"), MemoryEventStore)
    sqlite = open_event_store(f"sqlite:{tmp_path}/x.sqlite3")
    assert isinstance(sqlite, SQLiteEventStore) and sqlite.path == tmp_path / "x.sqlite3"
    monkeypatch.setenv("FRONT_EVENT_STORE", "memory:")
    assert isinstance(open_event_store(), MemoryEventStore)
    with pytest.raises(FrontConfigurationError, match="unknown event store kind"):
        open_event_store("mongodb://x")
