"""Tests for the conversation renderers: list lines and the full timeline."""

from __future__ import annotations

import json
import re
from typing import Any

from langchain_front.tools.render import render_conversation, render_conversation_line
from tests.unit_tests.render.samples import LONG_PARAGRAPH, conversation, message, thread

ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def test_render_conversation_line() -> None:
    line = render_conversation_line(conversation())
    assert "\n" not in line
    assert line.startswith("cnv_yo1kg5q | ")
    assert "<customer_data>Paper order for Scranton branch</customer_data>" in line
    assert "status: assigned (ticket: open)" in line
    assert "assignee: Michael Scott (tea_6r55a)" in line
    assert "recipient: purpleboss@limitlesspaper.com" in line
    assert "tags: Warehouse task, VIP" in line
    assert "updated: 2023-12-05T20:06:30Z" in line
    assert "private" not in line
    assert "http" not in line
    private = render_conversation_line(conversation(is_private=True, type="task"))
    assert private.endswith(" | private") and "type: task" in private


def test_render_conversation_line_null_fields() -> None:
    odd = conversation(
        assignee=None,
        recipient=None,
        tags=None,
        subject=None,
        updated_at=None,
        status_category=None,
    )
    line = render_conversation_line(odd)
    assert line.startswith("cnv_yo1kg5q | (no subject) | status: assigned")
    assert "assignee" not in line and "recipient" not in line and "tags" not in line
    assert "None" not in line and "null" not in line
    assert "created: 2023-11-29T21:17:29Z" in line  # falls back to created_at
    assert render_conversation_line({}) == "(no id) | (no subject)"


def test_render_conversation_timeline() -> None:
    conv, messages, comments = thread()
    out = render_conversation(conv, messages, comments)
    head, _, timeline = out.partition("Timeline (oldest first):\n")
    assert timeline, out
    # header: one field per line, no noise
    assert head.startswith(
        "conversation: cnv_yo1kg5q\n"
        "subject: <customer_data>Paper order for Scranton branch</customer_data>\n"
    )
    assert "status: assigned (ticket: open)" in head
    assert "assignee: Michael Scott <michael.scott@dundermifflin.com> (tea_6r55a)" in head
    assert "recipient: Phyllis Lapin-Vance <purpleboss@limitlesspaper.com>" in head
    assert "tags: Warehouse task (tag_2oxhvy), VIP (tag_9vip)" in head
    assert "custom fields: Region: Northeast; isVIP: true" in head
    assert "tickets: TICKET-1" in head
    assert "Notes" not in head and "Empty" not in head
    assert "links:" not in head and "reminders:" not in head and "private:" not in head
    # no _links noise, no HTML, no nulls
    assert "_links" not in out and "api.frontapp.com" not in out and "http" not in out
    html = re.sub(r"</?customer_data>", "", out)  # the one tag the renderer adds
    assert "<div" not in html and "<br" not in html and "</" not in html
    assert "None" not in out and "null" not in out
    # oldest first, comments merged by posted_at
    entry_ids = [
        re.search(r"(msg_\d|com_\d)", line).group(1)  # type: ignore[union-attr]
        for line in timeline.splitlines()
        if line.startswith("- ")
    ]
    assert entry_ids == ["msg_1", "com_1", "msg_2", "msg_3", "com_2", "msg_4", "msg_5"]
    first = timeline.splitlines()[0]
    assert first.startswith("- 2023-11-29T21:17:29Z inbound email msg_1 from Phyllis Lapin-Vance")
    assert "to sales@dundermifflin.com" in first and "cc accounting@limitlesspaper.com" in first
    assert "- 2023-11-29T23:20:00Z comment com_1 by Pam Beesly (tea_2bk9) [pinned]" in timeline
    assert "outbound email msg_2 from Dunder Mifflin Sales <sales@dundermifflin.com>" in timeline
    assert "by Michael Scott (tea_6r55a)" in timeline
    # subject only when it differs (Re: prefixes ignored)
    assert timeline.count("subject:") == 1
    assert (
        "  subject: <customer_data>Paper order for Scranton branch - URGENT</customer_data>"
        in timeline
    )
    # attachments: names, ids and count; inline ones only counted
    assert "attachments (1): PO-4411.pdf (fil_po4411)" in timeline
    assert "attachments (1): quote.pdf (fil_quote1) (+1 inline)" in timeline
    # bodies as indented text, list items on their own lines
    assert "\n  Hi Michael,\n" in timeline
    assert "500 reams of copy paper" in timeline
    # the long body is trimmed with a visible note
    assert re.search(r"… \[trimmed \d+ more characters\]", timeline)
    assert all(ISO_RE.fullmatch(t) for t in re.findall(r"^- (\S+)", timeline, re.M))


def test_render_conversation_is_much_smaller_than_raw_json() -> None:
    conv, messages, comments = thread()
    rendered = render_conversation(conv, messages, comments)
    raw = json.dumps(conv) + json.dumps(messages) + json.dumps(comments)
    assert len(rendered) / len(raw) < 0.5, (len(rendered), len(raw))


def test_render_conversation_body_chars() -> None:
    conv, messages, _ = thread()
    out = render_conversation(conv, messages[:1], body_chars=100)
    body = [line for line in out.splitlines() if line.startswith("  ")]
    assert body[0].strip() == "<customer_data>"
    assert body[1].strip().startswith("We would like to confirm")
    assert "[trimmed" in body[-2] and body[-1].strip() == "</customer_data>"
    assert sum(len(line) for line in body) < 200


def test_render_conversation_empty_and_odd() -> None:
    conv = conversation()
    assert render_conversation(conv, [], []).endswith("Timeline (oldest first):\n(no messages)")
    assert render_conversation(conv, []).endswith("(no messages)")
    assert "Timeline" not in render_conversation(conv)  # nothing fetched: header only
    odd_messages: list[dict[str, Any]] = [
        {"id": "msg_a", "created_at": "1701292649", "body": None, "recipients": None},
        {"id": "msg_b", "created_at": None, "body": "<p>late</p>", "author": None, "tags": 3},
        {"id": "msg_c", "created_at": "2023-11-28T10:00:00Z", "is_inbound": True, "body": 42},
    ]
    odd_comments: list[dict[str, Any]] = [{"id": "com_x", "author": "tea_1", "posted_at": "?"}]
    out = render_conversation(
        {"id": "cnv_odd", "assignee": None, "tags": None, "custom_fields": []},
        odd_messages,
        odd_comments,
    )
    entries = [line for line in out.splitlines() if line.startswith("- ")]
    assert len(entries) == 4
    assert entries[0].startswith("- 2023-11-28T10:00:00Z inbound message msg_c")
    assert entries[1].startswith("- 2023-11-29T21:17:29Z message msg_a")
    # unknown times sort last, in input order; an unparseable string is shown as is
    assert entries[2] == "- (no time) message msg_b"
    assert entries[3] == "- ? comment com_x by tea_1"
    assert "late" in out


def test_render_conversation_respects_max_chars() -> None:
    conv = conversation()
    messages = [
        message(f"msg_{i}", 1701292649.0 + i * 3600, inbound=i % 2 == 0, body=LONG_PARAGRAPH)
        for i in range(40)
    ]
    out = render_conversation(conv, messages, max_chars=6000)
    assert len(out) <= 6000
    assert "msg_0 " in out  # first message kept
    assert "msg_39 " in out  # newest kept
    note = re.search(r"\[(\d+) entries omitted to fit the size limit \(read them by id\): ", out)
    assert note and int(note.group(1)) > 10
    assert "msg_1," in out  # omitted ids are listed
