"""Events and analytics tools on the Front double: pages of 15 followed without skipping an
event, filters as Front takes them, times in seconds, and a report polled until done."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontToolkit
from langchain_front.catalog import load_catalog
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.double import events as double_events
from langchain_front.tools import analytics
from langchain_front.tools._times import to_unix_seconds
from langchain_front.tools.events import EventType
from langchain_front.tools.render.analytics import format_metric


def all_events(double: FrontDouble) -> int:
    """How many events the double's state implies (messages, comments, assignees, tags...)."""
    return sum(1 for _ in double_events._events(double.store))


@pytest.fixture
def toolkit(double: FrontDouble) -> FrontToolkit:
    """A toolkit on a fresh double."""
    return FrontToolkit.offline(double)


@pytest.fixture
def no_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Polling without sleeping: the waits asked for are recorded, never slept."""
    asked: list[float] = []
    monkeypatch.setattr(analytics, "POLL_DELAYS", (0.5, 1.0, 2.0, 4.0))
    monkeypatch.setattr("langchain_front.tools._base.time.sleep", asked.append)
    return asked


def call(toolkit: FrontToolkit, name: str, args: dict[str, Any]) -> ToolMessage:
    message = toolkit.get_tool(name).invoke(
        {"type": "tool_call", "id": "t1", "name": name, "args": args}
    )
    assert isinstance(message, ToolMessage)
    return message


def event_ids(message: ToolMessage) -> list[str]:
    return [e["id"] for e in message.artifact["_results"]]


# ----------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("2023-11-30", 1701302400.0),
        ("2023-11-30T01:00:00Z", 1701306000.0),
        ("2023-11-30T02:00:00+01:00", 1701306000.0),
        (1701306000, 1701306000.0),
        ("1701306000.5", 1701306000.5),
        (1701306000500, 1701306000.5),  # milliseconds: Front wants seconds
    ],
)
def test_times_become_unix_seconds(value: Any, seconds: float) -> None:
    assert to_unix_seconds(value, "after") == seconds


# ----------------------------------------------------------------------------- events


def test_event_types_are_fronts() -> None:
    schema = load_catalog().components["schemas"]["EventResponse"]
    assert list(EventType.__args__) == schema["properties"]["type"]["enum"]


def test_events_follow_pages_of_15_up_to_the_limit(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(toolkit, "front_list_events", {"limit": 40})
    assert message.status == "success"
    total = all_events(double)
    assert 15 < total <= 40  # the seed spans pages, within the limit
    assert len(message.artifact["_results"]) == total
    assert message.artifact["page_token"] is None
    assert len(double.requests) == -(-total // 15)
    assert all("limit=15" in url for _, url in double.requests)
    times = [e["emitted_at"] for e in message.artifact["_results"]]
    assert times == sorted(times, reverse=True)


def test_events_resume_inside_a_page_without_skipping_or_repeating(
    toolkit: FrontToolkit,
) -> None:
    everything = event_ids(call(toolkit, "front_list_events", {"limit": 50}))
    seen: list[str] = []
    token = None
    for _ in range(10):
        args: dict[str, Any] = {"limit": 7}
        if token:
            args["page_token"] = token
        message = call(toolkit, "front_list_events", args)
        seen += event_ids(message)
        token = message.artifact["page_token"]
        if token is None:
            break
        assert f"page_token={token}" in message.content
    assert seen == everything


def test_event_filters_reach_front_as_its_q_object(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    message = call(
        toolkit,
        "front_list_events",
        {
            "types": ["inbound", "inbound"],
            "after": "2023-11-30",
            "before": 1701400000,
            "inbox_ids": [SEED.inbox_id],
        },
    )
    assert message.status == "success"
    url = double.requests[0][1]
    assert "q%5Btypes%5D=inbound" in url and url.count("inbound") == 1
    assert "q%5Bafter%5D=1701302400" in url and "q%5Bbefore%5D=1701400000" in url
    assert f"q%5Binboxes%5D={SEED.inbox_id}" in url
    events = message.artifact["_results"]
    assert events and {e["type"] for e in events} == {"inbound"}
    assert all(e["emitted_at"] > 1701302400 for e in events)
    assert "types inbound; after 2023-11-30T00:00:00Z" in message.content


def test_oldest_first_asks_front_to_sort(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(toolkit, "front_list_events", {"oldest_first": True, "limit": 5})
    assert "sort_order=asc" in double.requests[0][1]
    times = [e["emitted_at"] for e in message.artifact["_results"]]
    assert times == sorted(times)


def test_event_lines_name_the_conversation_and_the_actor(toolkit: FrontToolkit) -> None:
    message = call(toolkit, "front_list_events", {"types": ["comment"]})
    assert f"{SEED.conversation_id} <customer_data>Invoice #4521 charged twice</customer_data>" in (
        message.content
    )
    assert f"({SEED.teammate_id})" in message.content
    assert "on comment com_9i" in message.content


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"after": "last tuesday"}, "not a time"),
        ({"after": "2023-12-01", "before": "2023-11-01"}, "must be earlier"),
        ({"types": ["message_received"]}, "inbound"),
        ({"inbox_ids": ["No Such Inbox"]}, "no inbox is named"),
    ],
)
def test_bad_event_filters_are_explained_before_any_request(
    toolkit: FrontToolkit, double: FrontDouble, args: dict[str, Any], fragment: str
) -> None:
    message = call(toolkit, "front_list_events", args)
    assert message.status == "error"
    assert fragment in message.content
    # nothing but, for an inbox name, the one list read that finds no such inbox
    assert [r for r in double.requests if "/inboxes" not in r[1]] == []


def test_an_inbox_name_filters_events_by_its_id(toolkit: FrontToolkit) -> None:
    message = call(toolkit, "front_list_events", {"inbox_ids": ["Support"]})
    assert message.status == "success"
    assert "Resolved: inbox 'Support' is inb_" in message.content


def test_events_content_is_a_fraction_of_the_raw_json(toolkit: FrontToolkit) -> None:
    import json

    message = call(toolkit, "front_list_events", {"limit": 50})
    raw = json.dumps(message.artifact, ensure_ascii=False, separators=(",", ":"))
    assert len(message.content) <= 0.25 * len(raw)


# ----------------------------------------------------------------------------- analytics


def test_report_is_polled_until_done_with_growing_waits(
    toolkit: FrontToolkit, double: FrontDouble, no_waits: list[float]
) -> None:
    double.store.analytics_polls_until_done = 2
    message = call(
        toolkit,
        "front_run_analytics_report",
        {
            "metrics": ["num_messages_received", "avg_first_response_time"],
            "start": "2023-11-29",
            "end": "2023-11-30",
            "inbox_ids": [SEED.inbox_id],
        },
    )
    assert message.status == "success"
    methods = [method for method, _ in double.requests]
    assert methods == ["POST", "GET", "GET", "GET"]  # created once, read until done
    assert no_waits == [0.5, 1.0, 2.0]
    lines = str(message.content).splitlines()
    assert lines[0] == f"2023-11-29 to 2023-11-30 (UTC days); only inboxes {SEED.inbox_id}:"
    assert lines[1].startswith("num_messages_received: ")
    assert lines[2].startswith("avg_first_response_time: ") and "|" not in message.content
    assert message.artifact["status"] == "done"
    report = next(iter(double.store.analytics_reports.values()))
    assert report["filters"] == {"inbox_ids": [SEED.inbox_id]}


def test_report_still_running_hands_back_its_uid_and_is_not_created_twice(
    toolkit: FrontToolkit, double: FrontDouble, no_waits: list[float]
) -> None:
    double.store.analytics_polls_until_done = 10
    args = {"metrics": ["num_messages_sent"], "start": "2023-11-29", "end": "2023-11-30"}
    first = call(toolkit, "front_run_analytics_report", args)
    assert first.status == "success"
    uid = first.artifact["uid"]
    assert f"report_uid={uid}" in first.content
    assert len(no_waits) == len(analytics.POLL_DELAYS)  # bounded
    double.store.analytics_polls_until_done = 0
    double.store.analytics_reports[uid]["reads_left"] = 0
    second = call(toolkit, "front_run_analytics_report", {"report_uid": uid})
    assert second.content == "The report is done:\nnum_messages_sent: 1"
    assert [m for m, _ in double.requests].count("POST") == 1
    assert len(double.store.analytics_reports) == 1


def test_failed_report_is_an_actionable_error(
    toolkit: FrontToolkit, double: FrontDouble, no_waits: list[float]
) -> None:
    double.store.analytics_polls_until_done = 10
    args = {"metrics": ["num_messages_sent"], "start": "2023-11-29", "end": "2023-11-30"}
    uid = call(toolkit, "front_run_analytics_report", args).artifact["uid"]
    double.store.analytics_reports[uid]["status"] = "failed"
    message = call(toolkit, "front_run_analytics_report", {"report_uid": uid})
    assert message.status == "error"
    assert "shorter period" in message.content


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"metrics": ["num_messages_sent"], "start": "2023-11-29"}, "needs end"),
        (
            {"metrics": ["num_messages_sent"], "start": "2023-11-30", "end": "2023-11-01"},
            "must be later",
        ),
        (
            {
                "metrics": ["num_messages_sent"],
                "start": "2023-11-29",
                "end": "2023-11-30",
                "timezone": "CET+1",
            },
            "IANA",
        ),
        ({"metrics": ["csat"], "start": "2023-11-29", "end": "2023-11-30"}, "avg_csat"),
        ({"report_uid": "abcdef12", "metrics": ["num_messages_sent"]}, "alone"),
        (
            {
                "metrics": ["num_messages_sent"],
                "start": "2023-11-29",
                "end": "2023-11-30",
                "account_ids": ["globex"],
            },
            "front_find_accounts",
        ),
    ],
)
def test_bad_report_arguments_are_explained_before_any_request(
    toolkit: FrontToolkit, double: FrontDouble, args: dict[str, Any], fragment: str
) -> None:
    message = call(toolkit, "front_run_analytics_report", args)
    assert message.status == "error"
    assert fragment in message.content
    assert double.requests == []


async def test_report_async_awaits_its_waits(
    toolkit: FrontToolkit, double: FrontDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    awaited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        awaited.append(seconds)

    monkeypatch.setattr("langchain_front.tools._base.asyncio.sleep", fake_sleep)
    monkeypatch.setattr(analytics, "POLL_DELAYS", (0.25, 0.5))
    double.store.analytics_polls_until_done = 1
    tool = toolkit.get_tool("front_run_analytics_report")
    message = await tool.ainvoke(
        {
            "type": "tool_call",
            "id": "t1",
            "name": tool.name,
            "args": {"metrics": ["num_messages_sent"], "start": 1701216000, "end": 1701388800},
        }
    )
    assert message.status == "success"
    assert awaited == [0.25, 0.5]


@pytest.mark.parametrize(
    ("kind", "value", "text"),
    [
        ("duration", 3723, "1h 2m 3s"),
        ("duration", 1080, "18m"),
        ("duration", 90000.4, "25h"),
        ("duration", 42, "42s"),
        ("duration", 0, "0s"),
        ("percentage", 45.5, "45.5%"),
        ("number", 1200, "1,200"),
        ("number", None, "(no data)"),
        ("resource", {"label": "Ava", "resource": {"id": "tea_1"}}, "Ava (tea_1)"),
    ],
)
def test_metric_values_are_written_in_their_unit(kind: str, value: Any, text: str) -> None:
    assert format_metric(kind, value) == text
