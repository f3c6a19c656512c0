"""The events poller on the Front double: pages followed, cursor kept, each event delivered once."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from langchain_front.client import FrontClient
from langchain_front.events import EventPoller, FrontEvent, MemoryEventStore, SQLiteEventStore
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.double.events import event_log, record_event


def client_on(double: FrontDouble) -> FrontClient:
    return FrontClient(token="front-double-token", transport=double.transport())


class Recorder:
    def __init__(self) -> None:
        self.ids: list[str] = []

    def __call__(self, event: FrontEvent) -> None:
        self.ids.append(event.id)


async def test_follows_pages_oldest_first_and_delivers_each_event_once(tmp_path: Path) -> None:
    double = FrontDouble()
    start = double.store.now()
    made = [record_event(double, "inbound", SEED.conversation_id)["id"] for _ in range(20)]
    handler = Recorder()
    store = SQLiteEventStore(tmp_path / "events.sqlite3")
    poller = EventPoller(client_on(double), store, handler, start_at=start)

    assert await poller.run_once() == 20
    assert handler.ids == made  # oldest first, across two pages of 15
    pages = [url for method, url in double.requests if "/events" in url]
    assert len(pages) == 2
    query = dict(parse_qsl(urlsplit(pages[0]).query))
    assert float(query["q[after]"]) < start + 1 and query["limit"] == "15"

    assert await poller.run_once() == 0  # the overlap re-reads the last second: deduplicated
    assert handler.ids == made

    later = [record_event(double, "tag", SEED.conversation_id)["id"] for _ in range(2)]
    restarted = EventPoller(client_on(double), SQLiteEventStore(store.path), handler)
    assert await restarted.run_once() == 2  # the cursor came from the store, not start_at
    assert handler.ids == made + later
    newest = max(e["emitted_at"] for e in event_log(double))
    assert float(store.get_cursor("default") or 0) == newest


async def test_a_late_event_of_the_cursors_second_is_not_missed() -> None:
    double = FrontDouble()
    first = record_event(double, "inbound", SEED.conversation_id)
    handler = Recorder()
    # from just before it (the double also lists the events its seeded state implies)
    start = first["emitted_at"] - 0.5
    poller = EventPoller(client_on(double), MemoryEventStore(), handler, start_at=start)
    await poller.run_once()
    late = record_event(double, "assign", SEED.conversation_id, emitted_at=first["emitted_at"])
    await poller.run_once()
    assert handler.ids == [first["id"], late["id"]]


async def test_without_a_cursor_history_is_not_replayed() -> None:
    double = FrontDouble()
    record_event(double, "inbound", SEED.conversation_id, emitted_at=1000.0)
    handler = Recorder()
    poller = EventPoller(client_on(double), MemoryEventStore(), handler)
    assert await poller.run_once() == 0
    assert handler.ids == []


async def test_types_and_inboxes_filters_reach_front() -> None:
    double = FrontDouble()
    first = record_event(double, "inbound", SEED.conversation_id)
    record_event(double, "tag", SEED.conversation_id)
    handler = Recorder()
    poller = EventPoller(
        client_on(double),
        MemoryEventStore(),
        handler,
        start_at=first["emitted_at"] - 0.5,  # not the seeded state's own events
        types=["tag"],
        inboxes=[SEED.inbox_id],
    )
    assert await poller.run_once() == 1
    url = next(url for _, url in double.requests if "/events" in url)
    assert "q%5Btypes%5D" in url or "q[types]" in url
