"""Durable audit sinks on real databases: SQLite files and a PostgreSQL server.

PostgreSQL needs ``FRONT_TEST_POSTGRES_DSN`` (``eval "$(bash scripts/ci_services.sh start)"``, or
what .ci/run does); without it those tests are skipped. Each test writes the events of one
approved send through a toolkit, reads them back through a new sink, and checks that threads
writing at once lose nothing.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from langchain_front import FrontToolkit
from langchain_front.policy import AuditEvent, PostgresAuditSink, SQLiteAuditSink
from langchain_front.testing import SEED, FrontDouble

POSTGRES_ENV = "FRONT_TEST_POSTGRES_DSN"
REPLY_ARGS = {"conversation_id": SEED.conversation_id, "body": "Private text."}


def _postgres(prefix: str) -> PostgresAuditSink:
    dsn = os.environ.get(POSTGRES_ENV)
    if not dsn:
        pytest.skip(f'{POSTGRES_ENV} is not set; run: eval "$(bash scripts/ci_services.sh start)"')
    return PostgresAuditSink(dsn, table_prefix=prefix)


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A function opening a new sink on the same storage, each time it is called."""
    if request.param == "sqlite":
        path = tmp_path / "audit.sqlite3"
        yield lambda: SQLiteAuditSink(path)
        return
    prefix = f"t{uuid.uuid4().hex[:10]}_"
    first = _postgres(prefix)
    yield lambda: PostgresAuditSink(os.environ[POSTGRES_ENV], table_prefix=prefix)
    first._run(  # drop the test's table
        first._pg.sql.SQL("DROP TABLE IF EXISTS {}").format(
            first._pg.sql.Identifier(f"{prefix}audit_events")
        ),
        (),
    )
    first.close()


def test_an_approved_send_is_kept(opener: Any) -> None:
    sink = opener()
    double = FrontDouble()
    toolkit = FrontToolkit.offline(
        double, approver=lambda r: {"type": "approve", "approver": "lead"}, audit=sink
    )
    tool = toolkit.get_tool("front_reply_to_conversation")
    config = {"configurable": {"front_user_id": "u-1", "thread_id": "run-1"}}
    message = tool.invoke(
        {"type": "tool_call", "id": "1", "name": tool.name, "args": REPLY_ARGS}, config
    )
    assert message.status == "success"
    sink.close()
    reader = opener()
    events = reader.events()
    reader.close()
    assert [(e.kind, e.decision, e.approver) for e in events] == [
        ("decision", "approve", "lead"),
        ("call", "approve", "lead"),
    ]
    change = events[1]
    assert (change.status, change.operation, change.user_id, change.run_id) == (
        202,
        "create-message-reply",
        "u-1",
        "run-1",
    )
    assert change.resource_id == message.artifact["message_uid"]
    assert change.body is None and all("Private text." not in e.to_json() for e in events)


def test_threads_writing_at_once_lose_nothing(opener: Any) -> None:
    sink = opener()

    def writer(n: int) -> None:
        for i in range(10):
            sink.write(
                AuditEvent(
                    kind="decision",
                    tool="t",
                    effect="send",
                    action_id=f"{n}-{i}",
                    decision="approve",
                )
            )

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(e.action_id for e in sink.events()) == sorted(
        f"{n}-{i}" for n in range(4) for i in range(10)
    )
    sink.close()
