"""Message tools on the Front double: read by ID or UID, resolve a just-sent UID (the double
answers 404 for it first, as Front does), send a new message, import a message."""

from __future__ import annotations

import json
from typing import Any

import pytest

from langchain_front.errors import FrontNotFoundError
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.content import CONTENT_SEED
from langchain_front.tools import FrontTool
from langchain_front.tools.message_lookup import FrontResolveMessage, ResolveMessageInput
from tests.unit_tests.content_helpers import Recorder


@pytest.fixture
def rec(double: FrontDouble) -> Recorder:
    recorder = Recorder(double)
    resolve = recorder.tools["front_resolve_message"]
    assert isinstance(resolve, FrontResolveMessage)
    resolve.first_delay = 0.001  # real waits, kept short
    return recorder


def test_get_message_by_id_and_by_uid(rec: Recorder) -> None:
    by_id = rec.call("front_get_message", {"message_id": SEED.message_id})
    by_uid = rec.call("front_get_message", {"message_id": f"alt:uid:{SEED.message_uid}"})
    text = str(by_id.content)
    # Read by its ID, the model has the message ID; read by UID, it is given.
    assert text.startswith(f"in {SEED.conversation_id}: inbound email, ")
    assert by_uid.content == f"{SEED.message_id} {text}"
    assert "from Jane Doe <jane.doe@globex.example> to support@acme.example" in text
    assert "invoice-4521.pdf (fil_0j0)" in text
    subject_and_body = "<customer_data>\nsubject: Invoice #4521 charged twice\nHi Acme team,"
    assert subject_and_body in text and text.endswith("Globex\n</customer_data>")
    assert "http" not in text and "<p>" not in text
    raw = json.dumps(by_id.artifact, ensure_ascii=False, separators=(",", ":"))
    assert len(text) <= 0.25 * len(raw)


def test_get_message_refuses_a_conversation_id(rec: Recorder) -> None:
    out = rec.call("front_get_message", {"message_id": SEED.conversation_id})
    assert out.status == "error" and "alt:uid:" in str(out.content)
    assert rec.sent == []


def test_send_then_resolve_waits_through_404s_and_never_sends_again(
    rec: Recorder, double: FrontDouble
) -> None:
    double.uid_lookups_before_visible = 3
    sent = rec.call(
        "front_send_new_message",
        {
            "channel_id": SEED.channel_id,
            "to": ["new.customer@example.com"],
            "subject": "Welcome",
            "body": "Hello!\nWelcome aboard.",
        },
    )
    assert sent.status == "success", sent.content
    uid = sent.artifact["message_uid"]
    assert f"front_resolve_message with message_uid={uid}" in str(sent.content)
    assert "left open" in str(sent.content)
    body = rec.body()
    assert body["options"] == {"archive": False}
    assert (
        body["body"] == "Hello!<br>\nWelcome aboard." and body["text"] == "Hello!\nWelcome aboard."
    )
    posts_before = [p for p in rec.paths() if p.startswith("POST")]

    out = rec.call("front_resolve_message", {"message_uid": uid})
    assert out.status == "success", out.content
    gets = [p for p in rec.paths() if p == f"GET /messages/alt:uid:{uid}"]
    assert len(gets) == 4  # three 404s, then the message
    assert [p for p in rec.paths() if p.startswith("POST")] == posts_before
    text = str(out.content)
    assert text.startswith(f"Resolved alt:uid:{uid} after 4 reads")
    conv = out.artifact["_links"]["related"]["conversation"].rsplit("/", 1)[1]
    assert f"in conversation {conv}." in text
    assert text.splitlines()[1].startswith("outbound email, ")  # the IDs are said once
    assert "subject: <customer_data>" in text and "Welcome aboard" not in text  # no body
    assert double.store.conversations[conv].state == "open"


def test_resolve_gives_up_within_its_bound_with_what_to_do(
    rec: Recorder, double: FrontDouble
) -> None:
    double.uid_lookups_before_visible = 50
    sent = rec.call(
        "front_reply_to_conversation", {"conversation_id": SEED.conversation_id, "body": "Hi"}
    )
    uid = sent.artifact["message_uid"]
    out = rec.call(
        "front_resolve_message", {"message_uid": f"alt:uid:{uid}", "max_wait_seconds": 0.01}
    )
    assert out.status == "error"
    assert "Nothing was sent again" in str(out.content)
    assert "front_resolve_message" in str(out.content)
    assert sum(1 for p in rec.paths() if p.startswith("POST")) == 1


def test_resolve_backoff_doubles_and_stays_within_max_wait() -> None:
    tool = FrontResolveMessage(first_delay=0.5, max_delay=4.0, max_reads=20)
    steps = tool.steps(ResolveMessageInput(message_uid="abc123def456", max_wait_seconds=10))
    waits: list[float] = []
    action: Any = next(steps)
    with pytest.raises(Exception, match="does not exist yet"):
        while True:
            if action.wait:
                waits.append(action.wait)
            action = steps.throw(FrontNotFoundError("get-message", 404, message="nope"))
    assert waits == [0.5, 1.0, 2.0, 4.0, 2.5]
    assert sum(waits) == 10


async def test_resolve_async(rec: Recorder, double: FrontDouble) -> None:
    double.uid_lookups_before_visible = 1
    sent = await rec.acall(
        "front_send_new_message",
        {"channel_id": SEED.channel_id, "to": ["a@example.com"], "template_id": "rsp_1a0"},
    )
    assert rec.body()["subject"] == "Your refund"  # the template's subject
    out = await rec.acall("front_resolve_message", {"message_uid": sent.artifact["message_uid"]})
    assert out.status == "success" and "after 2 reads" in str(out.content)


def test_send_new_message_signature_refused_on_sms(rec: Recorder) -> None:
    out = rec.call(
        "front_send_new_message",
        {
            "channel_id": SEED.sms_channel_id,
            "to": ["+15550101234"],
            "body": "Hi",
            "signature_id": CONTENT_SEED.signature_id,
        },
    )
    assert out.status == "error" and "only works on email channels" in str(out.content)
    assert not any(p.startswith("POST") for p in rec.paths())


def test_send_new_message_is_a_send_and_import_a_write(rec: Recorder) -> None:
    send, imp = rec.tools["front_send_new_message"], rec.tools["front_import_message"]
    assert isinstance(send, FrontTool) and isinstance(imp, FrontTool)
    assert send.effect() == "send"
    assert imp.effect() == "write"


def test_import_message_records_without_sending_and_dedupes(
    rec: Recorder, double: FrontDouble
) -> None:
    args = {
        "inbox_id": SEED.inbox_id,
        "external_id": "legacy-42",
        "sender_handle": "old.customer@example.com",
        "sender_name": "Old Customer",
        "to": [SEED.channel_address],
        "subject": "Old ticket",
        "body": "Where is **my** order?",
        "is_inbound": True,
        "created_at": "2026-11-01T10:00:00Z",
        "tags": ["imported"],
        "archive": False,
    }
    first = rec.call("front_import_message", args)
    assert first.status == "success", first.content
    body = rec.body()
    assert body["created_at"] == 1793527200
    assert body["metadata"] == {"is_inbound": True, "is_archived": False}
    assert body["sender"] == {"handle": "old.customer@example.com", "name": "Old Customer"}
    assert body["body_format"] == "markdown"
    count = len(double.store.messages)
    again = rec.call("front_import_message", args)
    assert again.artifact["message_uid"] == first.artifact["message_uid"]
    assert len(double.store.messages) == count
    msg = next(m for m in double.store.messages.values() if m.external_id == "legacy-42")
    assert msg.is_inbound and double.store.conversations[msg.conversation_id].state == "open"


def test_import_requires_direction(rec: Recorder) -> None:
    out = rec.call(
        "front_import_message",
        {
            "inbox_id": SEED.inbox_id,
            "external_id": "x",
            "sender_handle": "a@example.com",
            "to": ["b@example.com"],
            "body": "b",
        },
    )
    assert out.status == "error" and "is_inbound" in str(out.content)
    assert rec.sent == []


def test_import_reads_a_time_without_zone_as_utc(rec: Recorder) -> None:
    args = {
        "inbox_id": SEED.inbox_id,
        "external_id": "naive-1",
        "sender_handle": "a@example.com",
        "to": ["b@example.com"],
        "body": "b",
        "is_inbound": True,
        "created_at": "2026-11-01T10:00:00",
    }
    assert rec.call("front_import_message", args).status == "success"
    assert rec.body()["created_at"] == 1793527200
