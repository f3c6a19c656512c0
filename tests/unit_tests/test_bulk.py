"""front_bulk_update_conversations on the Front double: a handover of 140+ conversations."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from langchain_front import FrontClient, FrontToolkit
from langchain_front.client import HeaderPacer, NoPacer, RetryPolicy
from langchain_front.policy import ApprovalDecision, Policy
from langchain_front.testing import SEED, FrontDouble
from langchain_front.tools.bulk import HANDFUL, PROGRESS_EVENT, BulkUpdateInput

BEN, DEV = SEED.teammate_ids[1], SEED.teammate_ids[3]
HANDOVER = 145


def call(tool: BaseTool, args: dict[str, Any], **config: Any) -> ToolMessage:
    message = tool.invoke(
        {"type": "tool_call", "id": "t1", "name": tool.name, "args": args}, config or None
    )
    assert isinstance(message, ToolMessage)
    return message


def handover(double: FrontDouble, count: int = HANDOVER) -> list[str]:
    """``count`` open conversations assigned to Dev (who is leaving), oldest first."""
    client = FrontClient(token="t", transport=double.transport())
    limit, double.rate_limit = double.rate_limit, None  # the setup is not rate limited
    ids = []
    for number in range(count):
        body = {"type": "discussion", "inbox_id": SEED.inbox_id, "subject": f"Handover {number}"}
        conv_id = client.call("create-conversation", body=body)["id"]
        double.store.conversations[conv_id].assignee_id = DEV
        ids.append(conv_id)
    double.rate_limit = limit
    double.requests.clear()
    return ids


def bulk(toolkit: FrontToolkit) -> BaseTool:
    return toolkit.get_tool("front_bulk_update_conversations")


def writes(double: FrontDouble) -> list[tuple[str, str]]:
    return [(m, u) for m, u in double.requests if m != "GET"]


@pytest.fixture
def toolkit(double: FrontDouble) -> FrontToolkit:
    # the bulk behaviour itself; the default policy: test_bulk_under_the_default_policy
    return FrontToolkit.offline(double, policy=Policy.allow_all())


class Clock:
    """One fake clock for the double, the pacer and the client's sleeps."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.slept = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


# ----------------------------------------------------------------------------- count, then act


def test_count_first_changes_nothing(toolkit: FrontToolkit, double: FrontDouble) -> None:
    ids = handover(double)
    message = call(
        bulk(toolkit),
        {"action": "assign", "query": "assignee:dev is:open", "teammate_id": "Ben"},
    )
    assert message.status == "success"
    assert message.content.splitlines()[:2] == [
        f"Resolved: teammate 'Ben' is {BEN}; assignee:dev is assignee:{DEV}.",
        f"{HANDOVER} conversations would get 'assign'. Nothing was changed yet.",
    ]
    assert "confirm=true" in message.content
    assert sorted(message.artifact["conversation_ids"]) == sorted(ids)
    assert writes(double) == []


def test_a_handover_of_145_fits_in_one_call(toolkit: FrontToolkit, double: FrontDouble) -> None:
    ids = handover(double)
    args = {"action": "assign", "query": "assignee:dev is:open", "teammate_id": "ben"}
    call(bulk(toolkit), args)
    double.requests.clear()
    message = call(bulk(toolkit), {**args, "confirm": True})
    assert message.status == "success"
    assert f"'assign': {HANDOVER} of {HANDOVER} conversations done, 0 failed." in message.content
    assert all(double.store.conversations[c].assignee_id == BEN for c in ids)
    assert len(writes(double)) == HANDOVER
    searches = [u for _, u in double.requests if "/search/" in u]
    assert len(searches) == 2  # 100 + 45: the names were cached by the counting call
    assert sorted(message.artifact["succeeded"]) == sorted(ids)
    assert message.artifact["resume_token"] is None


def test_failures_are_reported_per_conversation_and_the_run_goes_on(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    ids = handover(double, 140)
    targets = [*ids[:70], "cnv_zzz1", *ids[70:], "cnv_zzz2", SEED.merged_conversation_id]
    message = call(
        bulk(toolkit),
        {"action": "add_tags", "conversation_ids": targets, "tag_ids": ["VIP"], "confirm": True},
    )
    assert message.status == "success"
    assert "'add_tags': 141 of 143 conversations done, 2 failed." in message.content
    assert "- cnv_zzz1: 404 Not found: Unknown conversation ID cnv_zzz1" in message.content
    assert "- cnv_zzz2: 404" in message.content
    assert all(SEED.vip_tag_id in double.store.conversations[c].tag_ids for c in ids)
    # the merged conversation is reported as (and tagged on) the one it was merged into
    assert SEED.vip_tag_id in double.store.conversations[SEED.conversation_id].tag_ids
    assert SEED.conversation_id in message.artifact["succeeded"]
    assert [f["conversation_id"] for f in message.artifact["failed"]] == ["cnv_zzz1", "cnv_zzz2"]


def test_conversation_numbers_and_duplicates(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        bulk(toolkit),
        {
            "action": "archive",
            "conversation_ids": ["9649", SEED.unassigned_conversation_id, "#9649"],
            "confirm": True,
        },
    )
    assert "'archive': 1 of 1 conversations done" in message.content
    assert double.store.conversations[SEED.unassigned_conversation_id].state == "archived"


# ----------------------------------------------------------------------------- stop and resume


def test_a_run_stopped_by_the_rate_limit_resumes_where_it_stopped() -> None:
    clock = Clock()
    double = FrontDouble(rate_limit=50, window_seconds=60, clock=clock.time, wall_clock=clock.time)
    ids = handover(double, 140)
    client = FrontClient(
        token="t",
        transport=double.transport(),
        pacer=NoPacer(),
        retry=RetryPolicy(max_retries=0, max_wait=0.0),
        sleep=clock.sleep,
    )
    tool = bulk(FrontToolkit(client=client, policy=Policy.allow_all()))
    clock.now += 61  # a fresh window
    args = {"action": "assign", "teammate_id": BEN}
    first = call(tool, {**args, "conversation_ids": ids, "confirm": True})
    assert first.status == "success"
    assert "'assign': 50 of 140 conversations done, 0 failed." in first.content
    assert "Stopped before the last 90 (" in first.content and "rate limit" in first.content
    token = first.artifact["resume_token"]
    assert token and f"resume_token={token}" in first.content
    assert first.artifact["remaining"] == ids[50:]

    clock.now += 61
    second = call(tool, {**args, "resume_token": token, "confirm": True})
    assert "'assign': 50 of 90 conversations done, 0 failed" in second.content
    assert "(earlier calls: 50 done, 0 failed)" in second.content

    clock.now += 61
    third = call(tool, {**args, "resume_token": second.artifact["resume_token"], "confirm": True})
    assert "'assign': 40 of 40 conversations done, 0 failed" in third.content
    assert "(earlier calls: 100 done, 0 failed)" in third.content
    assert third.artifact["resume_token"] is None
    assert all(double.store.conversations[c].assignee_id == BEN for c in ids)
    done = first.artifact["succeeded"] + second.artifact["succeeded"] + third.artifact["succeeded"]
    assert sorted(done) == sorted(ids)  # each exactly once


def test_a_resume_token_is_bound_to_its_action(toolkit: FrontToolkit, double: FrontDouble) -> None:
    from langchain_front.tools.bulk import _encode, _signature

    args = BulkUpdateInput(action="assign", teammate_id=BEN, conversation_ids=["cnv_7g1"])
    token = _encode(_signature(args), ["cnv_7g1"], 3, 0)
    other = call(bulk(toolkit), {"action": "archive", "resume_token": token, "confirm": True})
    assert other.status == "error"
    assert "belongs to a different action" in other.content
    garbage = call(bulk(toolkit), {"action": "archive", "resume_token": "lfb1.xx", "confirm": True})
    assert garbage.status == "error" and "not one this tool gave" in garbage.content
    assert writes(double) == []


def test_paced_within_the_rate_limit_without_a_429() -> None:
    clock = Clock()
    double = FrontDouble(rate_limit=50, window_seconds=60, clock=clock.time, wall_clock=clock.time)
    ids = handover(double, 140)
    statuses: list[int] = []

    def serve(request: httpx.Request) -> httpx.Response:
        response = double.handle(request)
        statuses.append(response.status_code)
        return response

    client = FrontClient(
        token="t",
        transport=httpx.MockTransport(serve),
        pacer=HeaderPacer(clock=clock.time),
        sleep=clock.sleep,
    )
    tool = bulk(FrontToolkit(client=client, policy=Policy.allow_all()))
    clock.now += 61
    message = call(tool, {"action": "unassign", "conversation_ids": ids, "confirm": True})
    assert "'unassign': 140 of 140 conversations done, 0 failed." in message.content
    assert 429 not in statuses
    assert clock.slept >= 120  # 140 requests at 50 per minute span three windows
    assert all(double.store.conversations[c].assignee_id is None for c in ids)


# ----------------------------------------------------------------------------- effect


@pytest.mark.parametrize(
    ("args", "effect"),
    [
        ({"action": "archive", "query": "is:open"}, "read"),
        ({"action": "archive", "conversation_ids": ["cnv_1"] * 2, "confirm": True}, "write"),
        (
            {"action": "archive", "conversation_ids": [f"cnv_{i}" for i in range(HANDFUL)]},
            "read",
        ),
        (
            {
                "action": "archive",
                "conversation_ids": [f"cnv_{i}" for i in range(HANDFUL)],
                "confirm": True,
            },
            "write",
        ),
        (
            {
                "action": "archive",
                "conversation_ids": [f"cnv_{i}" for i in range(HANDFUL + 1)],
                "confirm": True,
            },
            "destructive",
        ),
        ({"action": "archive", "query": "is:open", "confirm": True}, "destructive"),
        (
            {
                "action": "remove_tags",
                "conversation_ids": ["cnv_1"],
                "tag_ids": ["tag_1"],
                "confirm": True,
            },
            "destructive",
        ),
    ],
)
def test_effect_depends_on_how_many(
    toolkit: FrontToolkit, args: dict[str, Any], effect: str
) -> None:
    tool = bulk(toolkit)
    assert tool.call_effect(BulkUpdateInput.model_validate(args)) == effect  # type: ignore[attr-defined]


def test_effect_of_a_resume_token_counts_what_it_carries(toolkit: FrontToolkit) -> None:
    from langchain_front.tools.bulk import _encode

    tool = bulk(toolkit)
    small = {"action": "archive", "confirm": True, "resume_token": _encode("x", ["cnv_1"], 9, 0)}
    big = {**small, "resume_token": _encode("x", [f"cnv_{i}" for i in range(40)], 9, 0)}
    assert tool.call_effect(BulkUpdateInput.model_validate(small)) == "write"  # type: ignore[attr-defined]
    assert tool.call_effect(BulkUpdateInput.model_validate(big)) == "destructive"  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- the rest


class Progress(BaseCallbackHandler):
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def on_custom_event(self, name: str, data: Any, **kwargs: Any) -> None:
        if name == PROGRESS_EVENT:
            self.events.append(data)


def test_progress_is_reported_as_langchain_events(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    ids = handover(double, 25)
    progress = Progress()
    call(
        bulk(toolkit),
        {"action": "reopen", "conversation_ids": ids, "confirm": True},
        callbacks=[progress],
    )
    assert [e["handled"] for e in progress.events] == [10, 20, 25]
    assert progress.events[-1] == {"action": "reopen", "handled": 25, "total": 25, "failed": 0}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"action": "assign", "query": "is:open"}, "needs teammate_id"),
        ({"action": "add_tags", "query": "is:open"}, "needs tag_ids"),
        ({"action": "snooze", "query": "is:open", "teammate_id": BEN}, "needs snooze_until"),
        (
            {"action": "archive", "query": "is:open", "conversation_ids": ["cnv_7g0"]},
            "not both",
        ),
        ({"action": "archive"}, "give query or conversation_ids"),
        (
            {
                "action": "snooze",
                "query": "is:open",
                "teammate_id": BEN,
                "snooze_until": "2025-03-01T09:00",
            },
            "needs a timezone",
        ),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    toolkit: FrontToolkit, double: FrontDouble, args: dict[str, Any], fragment: str
) -> None:
    message = call(bulk(toolkit), args)
    assert message.status == "error"
    assert fragment in message.content
    assert double.requests == []


def test_snooze_until_an_iso_time(toolkit: FrontToolkit, double: FrontDouble) -> None:
    message = call(
        bulk(toolkit),
        {
            "action": "snooze",
            "conversation_ids": [SEED.conversation_id, SEED.unassigned_conversation_id],
            "teammate_id": "ava",
            "snooze_until": "2030-03-01T09:00:00+01:00",
            "confirm": True,
        },
    )
    assert "2 of 2 conversations done" in message.content
    when = datetime(2030, 3, 1, 8, 0, tzinfo=timezone.utc).timestamp()
    conv = double.store.conversations[SEED.unassigned_conversation_id]
    assert conv.snoozed_until == when
    assert conv.reminder_owner_id == SEED.teammate_id


def test_remove_tags_by_name_keeps_the_other_tags(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    call(
        bulk(toolkit),
        {
            "action": "remove_tags",
            "query": "tag:Urgent",
            "tag_ids": ["urgent"],
            "confirm": True,
        },
    )
    tags = double.store.conversations[SEED.conversation_id].tag_ids
    assert tags == [SEED.tag_id]


async def test_bulk_async(toolkit: FrontToolkit, double: FrontDouble) -> None:
    ids = handover(double, 12)
    tool = bulk(toolkit)
    message = await tool.ainvoke(
        {
            "type": "tool_call",
            "id": "t1",
            "name": tool.name,
            "args": {"action": "archive", "conversation_ids": ids, "confirm": True},
        }
    )
    assert "12 of 12 conversations done" in message.content
    assert all(double.store.conversations[c].state == "archived" for c in ids)


async def test_progress_events_on_the_async_path(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    ids = handover(double, 10)
    progress = Progress()
    tool = bulk(toolkit)
    await tool.ainvoke(
        {
            "type": "tool_call",
            "id": "t1",
            "name": tool.name,
            "args": {"action": "archive", "conversation_ids": ids, "confirm": True},
        },
        {"callbacks": [progress]},
    )
    assert [e["handled"] for e in progress.events] == [10, 10]


def test_a_query_beyond_max_conversations_says_so(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    ids = handover(double, 30)
    args = {"action": "assign", "query": "assignee:dev is:open", "teammate_id": BEN}
    count = call(bulk(toolkit), {**args, "max_conversations": 20})
    assert "20 conversations would get 'assign' (Front counts 30 matches" in count.content
    done = call(bulk(toolkit), {**args, "max_conversations": 20, "confirm": True})
    assert "20 of 20 conversations done" in done.content
    assert "More conversations matched (30 in all)" in done.content
    assert sum(double.store.conversations[c].assignee_id == BEN for c in ids) == 20
    rest = call(bulk(toolkit), {**args, "max_conversations": 20, "confirm": True})
    assert "10 of 10 conversations done" in rest.content
    assert all(double.store.conversations[c].assignee_id == BEN for c in ids)


def test_a_list_of_ids_is_handled_whole(toolkit: FrontToolkit, double: FrontDouble) -> None:
    ids = handover(double, 30)
    message = call(
        bulk(toolkit),
        {"action": "unassign", "conversation_ids": ids, "max_conversations": 5, "confirm": True},
    )
    assert "30 of 30 conversations done" in message.content


def test_bulk_under_the_default_policy(double: FrontDouble) -> None:
    """Counting needs no one; a handful is a write; beyond it (or any query) a human approves."""
    ids = handover(double)
    asked: list[str] = []

    def approver(request: Any) -> ApprovalDecision:
        asked.append(request.effect)
        return ApprovalDecision(type="approve", approver="lead")

    tool = bulk(FrontToolkit.offline(double, approver=approver))
    counted = call(tool, {"action": "unassign", "query": "assignee:dev is:open"})
    assert counted.status == "success" and asked == [] and writes(double) == []
    few = call(tool, {"action": "unassign", "conversation_ids": ids[:3], "confirm": True})
    assert few.status == "success" and asked == []
    many = call(tool, {"action": "unassign", "conversation_ids": ids[3:], "confirm": True})
    assert many.status == "success" and asked == ["destructive"]
    refused = bulk(FrontToolkit.offline(double))  # no approver: fails closed, nothing written
    before = len(writes(double))
    out = call(refused, {"action": "unassign", "query": "is:open", "confirm": True})
    assert out.status == "error" and "approval" in out.content
    assert len(writes(double)) == before
