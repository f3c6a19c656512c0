"""Conversation state, ticket status and custom field tools on the Front double: the traps they
handle, the errors a model gets, and exactly what reached Front."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontClient, FrontToolkit
from langchain_front.policy import Policy
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.records import ARCHIVED, OPEN
from langchain_front.tools._when import parse_duration

Sent = tuple[str, str, Any]


class Recorder:
    """Serves requests with the double and keeps (method, path, JSON body) of each."""

    def __init__(self, double: FrontDouble) -> None:
        self.double = double
        self.sent: list[Sent] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.sent.append((request.method, request.url.path, body))
        return self.double.handle(request)

    def writes(self) -> list[Sent]:
        return [s for s in self.sent if s[0] != "GET"]


@pytest.fixture
def rec(double: FrontDouble) -> Recorder:
    return Recorder(double)


@pytest.fixture
def toolkit(rec: Recorder) -> FrontToolkit:
    client = FrontClient(token="front-double-token", transport=httpx.MockTransport(rec))
    return FrontToolkit(client=client, policy=Policy.allow_all())  # approvals: test_approvals.py


def call(toolkit: FrontToolkit, name: str, args: dict[str, Any]) -> ToolMessage:
    tool = toolkit.get_tool(name)
    message = tool.invoke({"type": "tool_call", "id": "t1", "name": name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


CNV = SEED.conversation_id  # assigned to Ava (tea_1a0), custom fields Priority + Order number
UNASSIGNED = SEED.unassigned_conversation_id
SNOOZED = SEED.snoozed_conversation_id  # reminder owned by its assignee, Dev (tea_1a3)


# ----------------------------------------------------------------------------- cheap re-reads


def test_get_conversation_reads_state_in_one_request(toolkit: FrontToolkit, rec: Recorder) -> None:
    message = call(toolkit, "front_get_conversation", {"conversation_id": CNV})
    assert message.status == "success"
    assert rec.sent == [("GET", f"/conversations/{CNV}", None)]
    content = message.content
    for expected in ("status: assigned", "Ava Chen", "Jane Doe", "Billing (tag_4d0)"):
        assert expected in content
    assert "custom fields: Priority: High; Order number: INV-4521" in content
    assert "BILL-12" in content and "top_3l0" in content
    assert "Timeline (oldest first)" not in content and "include_timeline=true" in content
    assert message.artifact["messages"] is None


def test_get_conversation_shows_the_snooze_and_its_owner(toolkit: FrontToolkit) -> None:
    content = call(toolkit, "front_get_conversation", {"conversation_id": SNOOZED}).content
    assert "snoozed until (reminders): 2023-12-02T21:17:19Z (tea_1a3)" in content


def test_get_conversation_timeline_only_when_asked(toolkit: FrontToolkit, rec: Recorder) -> None:
    args = {"conversation_id": CNV, "include_timeline": True}
    message = call(toolkit, "front_get_conversation", args)
    assert "Timeline (oldest first)" in message.content
    assert [path for _, path, _ in rec.sent] == [
        f"/conversations/{CNV}",
        f"/conversations/{CNV}/messages",
        f"/conversations/{CNV}/comments",
    ]


# ----------------------------------------------------------------------------- snooze


def test_snooze_for_a_duration_sends_unix_seconds_for_the_assignee(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    before = time.time()
    message = call(toolkit, "front_snooze_conversation", {"conversation_id": CNV, "duration": "2h"})
    assert message.status == "success", message.content
    [(method, path, body)] = rec.writes()
    assert (method, path) == ("PATCH", f"/conversations/{CNV}/reminders")
    assert body["teammate_id"] == SEED.teammate_id  # the assignee, read first
    assert isinstance(body["scheduled_at"], int)  # seconds, not milliseconds
    assert before + 7200 - 2 <= body["scheduled_at"] <= time.time() + 7200 + 2
    assert double.store.conversations[CNV].snoozed_until == body["scheduled_at"]
    assert message.artifact["scheduled_at_iso"] in message.content
    assert "in 2 hours" in message.content or "in 1 hour" in message.content


def test_snooze_until_a_time_with_a_teammate_needs_no_read(
    toolkit: FrontToolkit, rec: Recorder
) -> None:
    args = {
        "conversation_id": UNASSIGNED,
        "until": "2040-01-15T10:00:00+01:00",
        "teammate_id": "alt:email:ben.ortiz@acme.example",
    }
    message = call(toolkit, "front_snooze_conversation", args)
    assert message.status == "success", message.content
    assert [s[0] for s in rec.sent] == ["PATCH"]
    assert rec.sent[0][2]["scheduled_at"] == 2210230800  # 09:00 UTC
    assert "2040-01-15T09:00:00Z" in message.content


def test_snooze_without_a_timezone_says_it_read_utc(toolkit: FrontToolkit) -> None:
    args = {"conversation_id": CNV, "until": "2040-01-15T09:00"}
    message = call(toolkit, "front_snooze_conversation", args)
    assert "2040-01-15T09:00:00Z" in message.content
    assert "read as UTC" in message.content


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"until": "2040-01-15T09:00:00Z", "duration": "2h"}, "exactly one of until"),
        ({}, "exactly one of until"),
        ({"until": "2020-01-01T00:00:00Z"}, "is not in the future"),
        ({"until": "next tuesday"}, "is not an ISO 8601 date-time"),
        ({"duration": "a while"}, "is not a duration: write it like 30m"),
        ({"until": "2099-01-01T00:00:00Z"}, "more than 50 years"),
    ],
)
def test_bad_snooze_times_are_refused_before_any_write(
    toolkit: FrontToolkit, rec: Recorder, args: dict[str, Any], fragment: str
) -> None:
    message = call(toolkit, "front_snooze_conversation", {"conversation_id": CNV, **args})
    assert message.status == "error"
    assert fragment in message.content
    assert rec.writes() == []


def test_snooze_of_an_unassigned_conversation_asks_for_a_teammate(
    toolkit: FrontToolkit, rec: Recorder
) -> None:
    args = {"conversation_id": UNASSIGNED, "duration": "1d"}
    message = call(toolkit, "front_snooze_conversation", args)
    assert message.status == "error"
    assert "is unassigned" in message.content and "teammate_id" in message.content
    assert rec.writes() == []


async def test_snooze_async(toolkit: FrontToolkit, double: FrontDouble) -> None:
    tool = toolkit.get_tool("front_snooze_conversation")
    args = {"conversation_id": CNV, "duration": "1w"}
    message = await tool.ainvoke({"type": "tool_call", "id": "t", "name": tool.name, "args": args})
    assert message.status == "success"
    assert double.store.conversations[CNV].snoozed_until is not None


# ----------------------------------------------------------------------------- unsnooze, reopen


def test_unsnooze_cancels_the_owners_reminder_with_null(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    message = call(toolkit, "front_unsnooze_conversation", {"conversation_id": SNOOZED})
    assert message.status == "success", message.content
    assert rec.writes() == [
        (
            "PATCH",
            f"/conversations/{SNOOZED}/reminders",
            {"teammate_id": SEED.teammate_ids[3], "scheduled_at": None},
        )
    ]
    assert double.store.conversations[SNOOZED].snoozed_until is None
    assert "cancelled tea_1a3's reminder" in message.content


def test_unsnooze_of_a_conversation_not_snoozed_writes_nothing(
    toolkit: FrontToolkit, rec: Recorder
) -> None:
    message = call(toolkit, "front_unsnooze_conversation", {"conversation_id": CNV})
    assert message.status == "success"
    assert "is not snoozed" in message.content
    assert rec.writes() == []


def test_reopen_archived_sends_status_only(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    conversation_id = SEED.archived_conversation_id
    message = call(toolkit, "front_reopen_conversation", {"conversation_id": conversation_id})
    assert message.status == "success"
    assert rec.writes() == [("PATCH", f"/conversations/{conversation_id}", {"status": "open"})]
    assert double.store.conversations[conversation_id].state == OPEN
    assert "from archived to open" in message.content


def test_reopen_of_a_snoozed_conversation_unsnoozes_it(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    message = call(toolkit, "front_reopen_conversation", {"conversation_id": SNOOZED})
    assert [w[1] for w in rec.writes()] == [f"/conversations/{SNOOZED}/reminders"]
    assert double.store.conversations[SNOOZED].snoozed_until is None
    assert "cancelled" in message.content


def test_reopen_of_an_open_conversation_writes_nothing(
    toolkit: FrontToolkit, rec: Recorder
) -> None:
    message = call(toolkit, "front_reopen_conversation", {"conversation_id": CNV})
    assert "already open" in message.content
    assert rec.writes() == []


# ----------------------------------------------------------------------------- move, followers


def test_move_patches_only_the_inbox(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {"conversation_id": UNASSIGNED, "inbox_id": SEED.custom_inbox_id}
    message = call(toolkit, "front_move_conversation", args)
    assert message.status == "success"
    assert rec.writes() == [
        ("PATCH", f"/conversations/{UNASSIGNED}", {"inbox_id": SEED.custom_inbox_id})
    ]
    conv = double.store.conversations[UNASSIGNED]
    assert conv.inbox_ids == [SEED.custom_inbox_id]
    assert conv.tag_ids == [SEED.bug_tag_id]  # untouched


def test_followers_are_added_and_removed_incrementally(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    ava, ben, chloe, _ = SEED.teammate_ids
    call(toolkit, "front_add_followers", {"conversation_id": CNV, "teammate_ids": [chloe, chloe]})
    assert double.store.conversations[CNV].follower_ids == [ava, ben, chloe]
    call(toolkit, "front_remove_followers", {"conversation_id": CNV, "teammate_ids": [ben]})
    assert double.store.conversations[CNV].follower_ids == [ava, chloe]


def test_unknown_follower_is_a_not_found_with_a_hint(toolkit: FrontToolkit) -> None:
    args = {"conversation_id": CNV, "teammate_ids": ["tea_zzz"]}
    message = call(toolkit, "front_add_followers", args)
    assert message.status == "error"
    assert "Check the teammate ID" in message.content


# ----------------------------------------------------------------------------- links


def test_link_ids_and_urls_go_in_two_requests(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    url = "https://tracker.acme.example/browse/BUG-7"
    args = {"conversation_id": UNASSIGNED, "link_ids": ["top_3l0"], "external_urls": [url]}
    message = call(toolkit, "front_add_links", args)
    assert message.status == "success", message.content
    assert [w[2] for w in rec.writes()] == [
        {"link_ids": ["top_3l0"]},
        {"link_external_urls": [url]},
    ]
    links = double.store.conversations[UNASSIGNED].link_ids
    assert links[0] == "top_3l0" and double.store.links[links[1]]["external_url"] == url


def test_remove_link_by_url_finds_its_id(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    url = "https://tracker.acme.example/browse/BILL-12"
    args = {"conversation_id": CNV, "external_urls": [url]}
    message = call(toolkit, "front_remove_links", args)
    assert message.status == "success", message.content
    assert rec.writes() == [("DELETE", f"/conversations/{CNV}/links", {"link_ids": ["top_3l0"]})]
    assert double.store.conversations[CNV].link_ids == []


def test_remove_unknown_link_url_lists_the_links_and_writes_nothing(
    toolkit: FrontToolkit, rec: Recorder
) -> None:
    args = {"conversation_id": CNV, "external_urls": ["https://nowhere.example/X"]}
    message = call(toolkit, "front_remove_links", args)
    assert message.status == "error"
    assert "no link with URL https://nowhere.example/X" in message.content
    assert "BILL-12 (top_3l0)" in message.content
    assert rec.writes() == []


def test_links_need_an_id_or_a_url(toolkit: FrontToolkit, rec: Recorder) -> None:
    message = call(toolkit, "front_add_links", {"conversation_id": CNV})
    assert message.status == "error" and "link_ids or external_urls" in message.content
    assert rec.sent == []


# ----------------------------------------------------------------------------- ticket statuses


def test_list_ticket_statuses(toolkit: FrontToolkit) -> None:
    message = call(toolkit, "front_list_ticket_statuses", {})
    assert "5 ticket statuses" in message.content
    assert "sts_1s3 | Waiting on customer | waiting" in message.content


def test_ticket_status_by_name_sends_status_id_alone(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {"conversation_id": CNV, "name": "waiting on customer"}
    message = call(toolkit, "front_set_ticket_status", args)
    assert message.status == "success", message.content
    assert rec.writes() == [("PATCH", f"/conversations/{CNV}", {"status_id": "sts_1s3"})]
    assert double.store.conversations[CNV].status_id == "sts_1s3"
    assert "Waiting on customer (sts_1s3, waiting)" in message.content
    state = call(toolkit, "front_get_conversation", {"conversation_id": CNV}).content
    assert "(ticket: waiting)" in state and "ticket status id: sts_1s3" in state


def test_resolved_ticket_status_by_id_archives(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {"conversation_id": CNV, "status_id": "sts_1s2"}
    message = call(toolkit, "front_set_ticket_status", args)
    assert message.status == "success"
    assert [s[0] for s in rec.sent] == ["PATCH"]  # no lookup for an ID
    assert double.store.conversations[CNV].state == ARCHIVED


def test_double_refuses_status_with_status_id(double: FrontDouble) -> None:
    """The trap the tool avoids: Front takes status or status_id, never both."""
    client = FrontClient(token="t", transport=double.transport())
    with pytest.raises(Exception, match="only one of status and status_id"):
        client.call(
            "update-conversation",
            path_params={"conversation_id": CNV},
            body={"status": "open", "status_id": "sts_1s0"},
        )


@pytest.mark.parametrize(
    ("name", "fragments"),
    [
        ("wait", ["matches several ticket statuses", "sts_1s1", "sts_1s3", "give status_id"]),
        ("Closed", ["no ticket status is called 'Closed'", "sts_1s2 | Resolved"]),
    ],
)
def test_ambiguous_or_unknown_status_name_writes_nothing(
    toolkit: FrontToolkit, rec: Recorder, name: str, fragments: list[str]
) -> None:
    message = call(toolkit, "front_set_ticket_status", {"conversation_id": CNV, "name": name})
    assert message.status == "error"
    for fragment in fragments:
        assert fragment in message.content
    assert rec.writes() == []


def test_ticketing_off_is_said_plainly(toolkit: FrontToolkit, double: FrontDouble) -> None:
    double.store.ticket_statuses.clear()
    for name, args in (
        ("front_list_ticket_statuses", {}),
        ("front_set_ticket_status", {"conversation_id": CNV, "name": "Open"}),
    ):
        message = call(toolkit, name, args)
        assert message.status == "error"
        assert "Ticketing is not enabled" in message.content
        assert "front_set_conversation_status" in message.content


def test_status_id_and_name_together_are_refused(toolkit: FrontToolkit, rec: Recorder) -> None:
    args = {"conversation_id": CNV, "name": "Open", "status_id": "sts_1s0"}
    message = call(toolkit, "front_set_ticket_status", args)
    assert message.status == "error" and "exactly one of status_id" in message.content
    assert rec.sent == []


# ----------------------------------------------------------------------------- custom fields


def test_list_custom_fields_shows_types_and_enum_values(
    toolkit: FrontToolkit, rec: Recorder
) -> None:
    message = call(toolkit, "front_list_custom_fields", {})
    assert "Priority (enum: Low, Medium, High, Urgent)" in message.content
    assert "Plan (enum: Free, Pro, Enterprise)" in message.content
    assert "Seats (number)" in message.content
    assert len(rec.sent) == 3
    call(toolkit, "front_list_custom_fields", {"resource": "account"})
    assert rec.sent[-1][1] == "/accounts/custom_fields" and len(rec.sent) == 4


def test_double_replaces_the_whole_custom_fields_object(double: FrontDouble) -> None:
    """Front's trap, reproduced: a PATCH with one field erases the others."""
    client = FrontClient(token="t", transport=double.transport())
    client.call(
        "update-conversation",
        path_params={"conversation_id": CNV},
        body={"custom_fields": {"Priority": "Low"}},
    )
    assert double.store.conversations[CNV].custom_fields == {"Priority": "Low"}


def test_update_custom_fields_keeps_untouched_fields(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {"record_id": CNV, "fields": {"Priority": "urgent", "Refund amount": 120}}
    message = call(toolkit, "front_update_custom_fields", args)
    assert message.status == "success", message.content
    merged = {"Priority": "Urgent", "Order number": "INV-4521", "Refund amount": 120}
    assert double.store.conversations[CNV].custom_fields == merged
    assert rec.writes() == [("PATCH", f"/conversations/{CNV}", {"custom_fields": merged})]
    assert "Priority: High -> Urgent" in message.content
    assert "Refund amount: (unset) -> 120" in message.content
    assert "Kept: Order number" in message.content


def test_update_custom_fields_null_clears_and_contacts_by_alias(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {
        "record_id": f"alt:email:{SEED.contact_email}",
        "fields": {"VIP": True, "Plan": None},
    }
    message = call(toolkit, "front_update_custom_fields", args)
    assert message.status == "success", message.content
    assert double.store.contacts[SEED.contact_id]["custom_fields"] == {"VIP": True}
    assert rec.writes()[0][1] == f"/contacts/{SEED.contact_id}"  # the resolved ID
    assert "Plan: Pro -> (cleared)" in message.content


def test_update_account_custom_fields_by_domain(toolkit: FrontToolkit, double: FrontDouble) -> None:
    args = {"record_id": f"alt:domain:{SEED.account_domain}", "fields": {"Seats": 55}}
    message = call(toolkit, "front_update_custom_fields", args)
    assert message.status == "success", message.content
    assert double.store.accounts[SEED.account_id]["custom_fields"] == {"Tier": "Gold", "Seats": 55}


def test_datetime_custom_field_takes_iso_and_writes_seconds(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    args = {"record_id": CNV, "fields": {"Follow-up date": "2040-01-15T09:00:00Z"}}
    message = call(toolkit, "front_update_custom_fields", args)
    assert message.status == "success", message.content
    assert double.store.conversations[CNV].custom_fields["Follow-up date"] == 2210230800


@pytest.mark.parametrize(
    ("fields", "fragments"),
    [
        (
            {"priority": "High"},
            [
                "nothing was written",
                "unknown custom field 'priority' (did you mean 'Priority'?)",
                "valid fields: Priority (enum: Low, Medium, High, Urgent), Order number (string)",
            ],
        ),
        ({"Priority": "Critical"}, ["'Critical' is not allowed; valid values: Low, Medium"]),
        ({"Escalated": "yes"}, ["Escalated is a boolean field: give true or false"]),
        ({"Refund amount": "ten"}, ["Refund amount is a number field"]),
        ({"Follow-up date": "soon"}, ["Follow-up date is a datetime field"]),
    ],
)
def test_bad_custom_fields_are_refused_and_nothing_is_read_or_written(
    toolkit: FrontToolkit,
    rec: Recorder,
    double: FrontDouble,
    fields: dict[str, Any],
    fragments: list[str],
) -> None:
    message = call(toolkit, "front_update_custom_fields", {"record_id": CNV, "fields": fields})
    assert message.status == "error"
    for fragment in fragments:
        assert fragment in message.content
    assert rec.sent == [("GET", "/conversations/custom_fields", None)]
    assert double.store.conversations[CNV].custom_fields["Priority"] == "High"


def test_unchanged_custom_fields_write_nothing(toolkit: FrontToolkit, rec: Recorder) -> None:
    message = call(
        toolkit, "front_update_custom_fields", {"record_id": CNV, "fields": {"Priority": "High"}}
    )
    assert "nothing changed" in message.content
    assert rec.writes() == []


def test_record_id_must_be_a_conversation_contact_or_account(
    toolkit: FrontToolkit, rec: Recorder
) -> None:
    message = call(
        toolkit, "front_update_custom_fields", {"record_id": "tag_4d0", "fields": {"A": 1}}
    )
    assert message.status == "error" and "cnv_, crd_ or acc_" in message.content
    assert rec.sent == []


# ----------------------------------------------------------------------------- more traps


def test_snooze_with_a_waiting_ticket_status(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {"conversation_id": CNV, "duration": "3d", "status_id": "sts_1s3"}
    message = call(toolkit, "front_snooze_conversation", args)
    assert message.status == "success", message.content
    assert rec.writes()[0][2]["status_id"] == "sts_1s3"
    assert double.store.conversations[CNV].status_id == "sts_1s3"


def test_custom_fields_of_a_merged_conversation_go_to_the_survivor(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {"record_id": SEED.merged_conversation_id, "fields": {"Priority": "Low"}}
    message = call(toolkit, "front_update_custom_fields", args)
    assert message.status == "success", message.content
    assert rec.writes()[-1][1] == f"/conversations/{CNV}"
    assert double.store.conversations[CNV].custom_fields == {
        "Priority": "Low",
        "Order number": "INV-4521",
    }
    assert f"merged into {CNV}" in message.content


async def test_update_custom_fields_async(toolkit: FrontToolkit, double: FrontDouble) -> None:
    tool = toolkit.get_tool("front_update_custom_fields")
    args = {"record_id": SEED.account_id, "fields": {"Tier": "bronze"}}
    message = await tool.ainvoke({"type": "tool_call", "id": "t", "name": tool.name, "args": args})
    assert message.status == "success", message.content
    assert "Tier: Gold -> Bronze" in message.content
    assert double.store.accounts[SEED.account_id]["custom_fields"] == {
        "Tier": "Bronze",
        "Seats": 40,
    }


def test_unsnooze_of_someone_elses_reminder_writes_nothing(
    toolkit: FrontToolkit, rec: Recorder, double: FrontDouble
) -> None:
    args = {"conversation_id": SNOOZED, "teammate_id": SEED.teammate_id}
    message = call(toolkit, "front_unsnooze_conversation", args)
    assert f"has no reminder of {SEED.teammate_id}" in message.content
    assert rec.writes() == []
    assert double.store.conversations[SNOOZED].snoozed_until is not None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30m", 1800),
        ("2h", 7200),
        ("1h30m", 5400),
        ("3 days", 259200),
        ("1w", 604800),
        ("PT2H", 7200),
        ("P1DT2H", 93600),
        ("90 minutes", 5400),
    ],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds
