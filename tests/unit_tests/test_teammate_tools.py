"""front_find_teammate and front_get_teammate_availability on the Front double."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from langchain_front import FrontToolkit
from langchain_front.testing import SEED, FrontDouble
from langchain_front.tools import teammates
from tests.unit_tests.calls import acall, call

BEN = SEED.teammate_ids[1]
#: Monday 2024-01-08, 10:00 UTC (11:00 in Paris).
MONDAY_10_UTC = datetime(2024, 1, 8, 10, 0, tzinfo=timezone.utc).timestamp()
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


@pytest.fixture
def toolkit(double: FrontDouble) -> FrontToolkit:
    return FrontToolkit.offline(double)


@pytest.fixture
def at_monday_10(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(teammates, "_now", lambda: MONDAY_10_UTC)
    return MONDAY_10_UTC


def add_shift(
    toolkit: FrontToolkit, start: str, end: str, tz: str = "Europe/Paris", days: Any = WEEKDAYS
) -> None:
    toolkit.client.call(
        "create-shift",
        body={
            "name": "Office hours",
            "color": "blue",
            "timezone": tz,
            "times": {day: {"start": start, "end": end} for day in days},
            "teammate_ids": [BEN],
        },
    )


def add_time_off(toolkit: FrontToolkit, start: float, end: float | None) -> None:
    toolkit.client.call(
        "create-time-off",
        path_params={"teammate_id": BEN},
        body={"name": "Vacation", "start_at": start, "end_at": end},
    )


# ----------------------------------------------------------------------------- find


@pytest.mark.parametrize("query", ["ben", "BEN ORTIZ", "beno", "@beno", "ben.ortiz@acme.example"])
def test_find_teammate_by_name_email_or_username(
    toolkit: FrontToolkit, double: FrontDouble, query: str
) -> None:
    message = call(toolkit.get_tool("front_find_teammate"), {"query": query})
    assert message.status == "success"
    assert message.content.splitlines()[0] == f"1 teammate matches {query!r}:"
    assert BEN in message.content
    assert "mention: @beno" in message.content
    assert [r["id"] for r in message.artifact["_results"]] == [BEN]
    assert len(double.requests) == 1


def test_find_teammate_by_part_of_a_name(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_find_teammate"), {"query": "par"})
    assert "Chloe Park" in message.content and "@chloep" in message.content
    assert "Dev Patel" not in message.content


def test_find_teammate_without_a_match_lists_the_teammates(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_find_teammate"), {"query": "zed"})
    assert message.status == "success"
    assert message.content.startswith("No teammate matches 'zed'.")
    assert "Ava Chen @avac" in message.content
    assert SEED.api_bot_id not in message.content  # bots are not teammates to mention


def test_find_teammate_refreshes_the_name_cache(toolkit: FrontToolkit, double: FrontDouble) -> None:
    call(toolkit.get_tool("front_find_teammate"), {"query": "ben"})
    call(
        toolkit.get_tool("front_assign_conversation"),
        {"conversation_id": SEED.unassigned_conversation_id, "teammate_id": "ben"},
    )
    assert [u for _, u in double.requests if u.endswith("/teammates")] == [
        "https://api2.frontapp.com/teammates"
    ]


def test_comment_tool_explains_mentions(toolkit: FrontToolkit) -> None:
    description = toolkit.get_tool("front_add_comment").description
    assert "@" in description and "username" in description
    assert "front_find_teammate" in description


# ----------------------------------------------------------------------------- availability


def test_available_with_no_schedule(toolkit: FrontToolkit, at_monday_10: float) -> None:
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": BEN})
    assert message.status == "success"
    first = message.content.splitlines()[0]
    assert first.startswith(f"Ben Ortiz ({BEN}) is available now (2024-01-08T10:00:00Z)")
    assert "no shifts" in first and "no current or upcoming time off" in first
    assert "Shifts:" not in message.content
    assert set(message.artifact) == {"teammate", "shifts", "time_offs"}


def test_front_status_unavailable(toolkit: FrontToolkit, at_monday_10: float) -> None:
    message = call(
        toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": SEED.teammate_ids[3]}
    )
    assert "is NOT available now" in message.content
    assert "Front status unavailable" in message.content


def test_on_shift_in_the_shift_timezone(toolkit: FrontToolkit, at_monday_10: float) -> None:
    add_shift(toolkit, "09:00", "17:00", "Europe/Paris")  # 11:00 in Paris: on shift
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": BEN})
    assert "is available now" in message.content
    assert "on shift now" in message.content
    assert "[Europe/Paris] (on shift now)" in message.content


def test_outside_every_shift(toolkit: FrontToolkit, at_monday_10: float) -> None:
    add_shift(toolkit, "09:00", "17:00", "America/New_York")  # 05:00 in New York
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": BEN})
    assert "is NOT available now" in message.content
    assert "outside all their shifts now" in message.content
    assert "mon 09:00-17:00" in message.content


def test_overnight_shift_from_the_day_before(toolkit: FrontToolkit, at_monday_10: float) -> None:
    # Sunday 22:00 to 11:00 UTC: Monday 10:00 is inside; no Monday interval at all.
    add_shift(toolkit, "22:00", "11:00", "UTC", days=("sun",))
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": BEN})
    assert "is available now" in message.content, message.content


def test_on_time_off_now_and_upcoming(toolkit: FrontToolkit, at_monday_10: float) -> None:
    add_time_off(toolkit, at_monday_10 - 3600, at_monday_10 + 86400)
    add_time_off(toolkit, at_monday_10 + 7 * 86400, None)
    add_time_off(toolkit, at_monday_10 - 9 * 86400, at_monday_10 - 8 * 86400)  # over
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": BEN})
    assert "is NOT available now" in message.content
    assert "on time off now until 2024-01-09T10:00:00Z" in message.content
    time_off = message.content.splitlines()[-1]
    assert "(now)" in time_off and "open-ended" in time_off
    assert "2023-12-30" not in time_off  # past time off left out


def test_upcoming_time_off_does_not_make_unavailable(
    toolkit: FrontToolkit, at_monday_10: float
) -> None:
    add_time_off(toolkit, at_monday_10 + 86400, at_monday_10 + 2 * 86400)
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": BEN})
    assert "is available now" in message.content
    assert "Vacation" in message.content


def test_availability_by_name_costs_one_list_then_three_reads(
    toolkit: FrontToolkit, double: FrontDouble, at_monday_10: float
) -> None:
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": "Ben"})
    assert message.content.startswith(f"Resolved: teammate 'Ben' is {BEN}.")
    urls = [u.removeprefix("https://api2.frontapp.com") for _, u in double.requests]
    assert urls == [
        "/teammates",
        f"/teammates/{BEN}",
        f"/teammates/{BEN}/shifts",
        f"/teammates/{BEN}/time_offs?limit=100",
    ]


def test_availability_by_email_alias_reads_by_id_after(
    toolkit: FrontToolkit, double: FrontDouble, at_monday_10: float
) -> None:
    message = call(
        toolkit.get_tool("front_get_teammate_availability"),
        {"teammate_id": "alt:email:ben.ortiz@acme.example"},
    )
    assert message.status == "success"
    assert double.requests[1][1].endswith(f"/teammates/{BEN}/shifts")


def test_unknown_teammate_is_an_actionable_error(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": "tea_zzzz"})
    assert message.status == "error"
    assert "Not found" in message.content and "list teammates" in message.content


async def test_availability_async(toolkit: FrontToolkit, at_monday_10: float) -> None:
    add_shift(toolkit, "09:00", "17:00", "Europe/Paris")
    message = await acall(
        toolkit.get_tool("front_get_teammate_availability"), {"teammate_id": "beno"}
    )
    assert "is available now" in message.content
