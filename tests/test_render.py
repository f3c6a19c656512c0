"""Tests for langchain_front.render: the model-facing text of every tool."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from langchain_front import render
from langchain_front.render import (
    DEFAULT_BODY_CHARS,
    DEFAULT_MAX_CHARS,
    format_time,
    html_to_text,
    page_token_from_next,
    render_accepted,
    render_channel_line,
    render_comment,
    render_contact,
    render_conversation,
    render_conversation_line,
    render_generic,
    render_identity,
    render_inbox_line,
    render_list,
    render_message,
    render_tag_line,
    render_teammate_line,
    strip_links,
    truncate,
)

API = "https://dundermifflin.api.frontapp.com"
ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

# ---------------------------------------------------------------------------------------------
# Sample payloads shaped like the spec's schemas (ConversationResponse, MessageResponse, ...)
# ---------------------------------------------------------------------------------------------


def teammate(tid: str, first: str, last: str, email: str, **extra: Any) -> dict[str, Any]:
    return {
        "_links": {
            "self": f"{API}/teammates/{tid}",
            "related": {
                "inboxes": f"{API}/teammates/{tid}/inboxes",
                "conversations": f"{API}/teammates/{tid}/conversations",
            },
        },
        "id": tid,
        "email": email,
        "username": first + last,
        "first_name": first,
        "last_name": last,
        "is_admin": False,
        "is_available": True,
        "is_blocked": False,
        "type": "user",
        "custom_fields": {},
        **extra,
    }


MICHAEL = teammate("tea_6r55a", "Michael", "Scott", "michael.scott@dundermifflin.com")
PAM = teammate("tea_2bk9", "Pam", "Beesly", "pam@dundermifflin.com")


def tag(tid: str, name: str, highlight: str | None = None) -> dict[str, Any]:
    return {
        "_links": {
            "self": f"{API}/tags/{tid}",
            "related": {
                "conversations": f"{API}/tags/{tid}/conversations",
                "owner": f"{API}/teams/tim_k30",
                "children": f"{API}/tags/{tid}/children",
            },
        },
        "id": tid,
        "name": name,
        "description": None,
        "highlight": highlight,
        "is_private": False,
        "is_visible_in_conversation_lists": True,
        "created_at": 1682538996.583,
        "updated_at": 1699575875.186,
    }


def recipient(handle: str, role: str, name: str | None = None) -> dict[str, Any]:
    return {
        "_links": {"related": {"contact": f"{API}/contacts/crd_2njtoem"}},
        "name": name,
        "handle": handle,
        "role": role,
    }


def conversation(**overrides: Any) -> dict[str, Any]:
    conv: dict[str, Any] = {
        "_links": {
            "self": f"{API}/conversations/cnv_yo1kg5q",
            "related": {
                "events": f"{API}/conversations/cnv_yo1kg5q/events",
                "followers": f"{API}/conversations/cnv_yo1kg5q/followers",
                "messages": f"{API}/conversations/cnv_yo1kg5q/messages",
                "comments": f"{API}/conversations/cnv_yo1kg5q/comments",
                "inboxes": f"{API}/conversations/cnv_yo1kg5q/inboxes",
                "last_message": f"{API}/messages/msg_1q15qmtq?referer=conversation",
            },
        },
        "id": "cnv_yo1kg5q",
        "type": "conversation",
        "subject": "Paper order for Scranton branch",
        "status": "assigned",
        "status_id": "sts_5x",
        "status_category": "open",
        "ticket_ids": ["TICKET-1"],
        "assignee": MICHAEL,
        "recipient": recipient("purpleboss@limitlesspaper.com", "from", "Phyllis Lapin-Vance"),
        "tags": [tag("tag_2oxhvy", "Warehouse task", "blue"), tag("tag_9vip", "VIP")],
        "links": [],
        "custom_fields": {"Region": "Northeast", "isVIP": True, "Notes": None, "Empty": ""},
        "created_at": 1701292649.333,
        "updated_at": 1701806790.536,
        "waiting_since": 1701292649.333,
        "is_private": False,
        "scheduled_reminders": [],
        "metadata": {},
    }
    conv.update(overrides)
    return conv


LONG_PARAGRAPH = (
    "We would like to confirm the quantities for the next quarter and discuss the delivery "
    "schedule for the warehouse, since the last shipment arrived two days late. "
) * 12

INBOUND_HTML = (
    '<div dir="ltr"><div>Hi Michael,</div><br><div>Could you send us a quote for:</div>'
    "<ul><li>500 reams of copy paper</li><li>20 boxes of cardstock</li></ul>"
    '<div>Our <a href="https://limitlesspaper.com/po/4411">purchase order</a> is attached.'
    "</div><br><br><br><div>Thanks,<br>Phyllis</div></div>"
)

REPLY_HTML = (
    "<div>Hi Phyllis,</div><div>Sure, here is the quote.&nbsp;&nbsp;</div><br>"
    '<div class="gmail_quote"><div>On Wed, Nov 29, 2023 Phyllis wrote:</div>'
    '<blockquote type="cite"><div>Could you send us a quote for:</div>'
    "<ul><li>500 reams of copy paper</li></ul></blockquote></div>"
)


def message(
    mid: str,
    created_at: float | str | None,
    *,
    inbound: bool,
    body: str | None,
    subject: str = "Re: Paper order for Scranton branch",
    author: dict[str, Any] | None = None,
    attachments: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    if inbound:
        recipients = [
            recipient("purpleboss@limitlesspaper.com", "from", "Phyllis Lapin-Vance"),
            recipient("sales@dundermifflin.com", "to", "Dunder Mifflin Sales"),
            recipient("accounting@limitlesspaper.com", "cc"),
        ]
    else:
        recipients = [
            recipient("sales@dundermifflin.com", "from", "Dunder Mifflin Sales"),
            recipient("purpleboss@limitlesspaper.com", "to", "Phyllis Lapin-Vance"),
        ]
    return {
        "_links": {
            "self": f"{API}/messages/{mid}",
            "related": {
                "conversation": f"{API}/conversations/cnv_yo1kg5q",
                "message_replied_to": f"{API}/messages/msg_previous",
                "message_seen": f"{API}/messages/{mid}/seen",
            },
        },
        "id": mid,
        "message_uid": "1eab543f84a0785f7b6b8967cck18f4d",
        "type": "email",
        "is_inbound": inbound,
        "draft_mode": None,
        "error_type": None,
        "version": None,
        "created_at": created_at,
        "subject": subject,
        "blurb": (body or "")[:60],
        "author": author,
        "recipients": recipients,
        "body": body,
        "text": None,
        "attachments": attachments or [],
        "signature": None,
        "metadata": {"headers": {"in_reply_to": "<abc@mail.gmail.com>"}},
        **extra,
    }


def attachment(fid: str, filename: str, *, inline: bool = False) -> dict[str, Any]:
    return {
        "id": fid,
        "filename": filename,
        "url": f"{API}/download/{fid}",
        "content_type": "application/pdf",
        "size": 4405,
        "metadata": {"is_inline": inline, "cid": "526b45586d0e6b1c484afab63d1ef0be"},
    }


def comment(cid: str, posted_at: float | None, body: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "_links": {
            "self": f"{API}/comments/{cid}",
            "related": {
                "conversation": f"{API}/conversations/cnv_yo1kg5q",
                "mentions": f"{API}/comments/{cid}/mentions",
                "comment_replied_to": None,
            },
        },
        "id": cid,
        "author": PAM,
        "body": body,
        "posted_at": posted_at,
        "attachments": [],
        "is_pinned": False,
        **extra,
    }


def thread() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A realistic conversation: 5 messages (newest first, as Front lists them) + 2 comments."""
    messages = [
        message(
            "msg_5",
            1701806790.536,
            inbound=True,
            body=f"<div><p>{LONG_PARAGRAPH}</p></div>" + REPLY_HTML,
        ),
        message("msg_4", 1701720000.0, inbound=False, body=REPLY_HTML, author=MICHAEL),
        message(
            "msg_3",
            1701633600.25,
            inbound=True,
            body="<p>Following up on the order.</p>" + REPLY_HTML,
            subject="Paper order for Scranton branch - URGENT",
        ),
        message(
            "msg_2",
            1701379049.0,
            inbound=False,
            body=REPLY_HTML,
            author=MICHAEL,
            attachments=[
                attachment("fil_quote1", "quote.pdf"),
                attachment("fil_logo", "logo.png", inline=True),
            ],
        ),
        message(
            "msg_1",
            1701292649.333,
            inbound=True,
            body=INBOUND_HTML,
            subject="Paper order for Scranton branch",
            attachments=[attachment("fil_po4411", "PO-4411.pdf")],
        ),
    ]
    comments = [
        comment("com_2", 1701700000.0, "Quote sent, waiting on accounting."),
        comment("com_1", 1701300000.0, "<p>@Michael can you take this one?</p>", is_pinned=True),
    ]
    return conversation(), messages, comments


# ---------------------------------------------------------------------------------------------
# Primitives
# ---------------------------------------------------------------------------------------------


def test_defaults() -> None:
    assert DEFAULT_BODY_CHARS == 1200
    assert DEFAULT_MAX_CHARS == 12000


def test_html_to_text_removes_tags_and_keeps_text() -> None:
    text = html_to_text(INBOUND_HTML)
    assert "<" not in text and ">" not in text
    assert "Hi Michael," in text
    assert "purchase order" in text
    assert "https://" not in text
    lines = text.splitlines()
    # list items on separate lines
    assert any(line.strip().endswith("500 reams of copy paper") for line in lines)
    assert any(line.strip().endswith("20 boxes of cardstock") for line in lines)
    item_lines = [line for line in lines if "reams" in line or "cardstock" in line]
    assert len(item_lines) == 2
    # runs of blank lines collapsed, no trailing spaces
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in lines)
    assert "Thanks,\nPhyllis" in text


def test_html_to_text_quoted_reply_and_entities() -> None:
    text = html_to_text(REPLY_HTML)
    assert "Sure, here is the quote." in text
    assert "&nbsp;" not in text and "\xa0" not in text
    quoted = next(line for line in text.splitlines() if "Could you send us a quote" in line)
    assert quoted.startswith("  ")  # blockquote stays visibly quoted
    assert html_to_text("<p>Fish &amp; chips</p>") == "Fish & chips"


def test_html_to_text_plain_and_empty() -> None:
    assert html_to_text(None) == ""
    assert html_to_text("") == ""
    assert html_to_text("line one  \n\n\n\nline two\r\n") == "line one\n\nline two"
    assert html_to_text("a < b and c > d") == "a < b and c > d"
    assert html_to_text("<p>\u200bhidden\u200c marker</p>") == "hidden marker"


def test_format_time() -> None:
    assert format_time(1701292649.333) == "2023-11-29T21:17:29Z"
    assert format_time(1701292649) == "2023-11-29T21:17:29Z"
    assert format_time(1701292649333) == "2023-11-29T21:17:29Z"  # milliseconds
    assert format_time(1701292649333.0) == "2023-11-29T21:17:29Z"
    assert format_time("1701292649.333") == "2023-11-29T21:17:29Z"
    assert format_time("2023-11-29T22:17:29+01:00") == "2023-11-29T21:17:29Z"
    assert format_time("2023-11-29T21:17:29Z") == "2023-11-29T21:17:29Z"
    assert format_time(None) is None
    assert format_time("") is None
    assert format_time(float("nan")) is None
    assert format_time(True) is None
    assert format_time("next tuesday") == "next tuesday"


def test_truncate() -> None:
    assert truncate("short text", 100) == "short text"
    assert truncate("", 5) == ""
    text = "word " * 100  # 500 chars
    out = truncate(text.strip(), 103)
    kept, _, note = out.partition(" … ")
    assert kept.endswith("word") and len(kept) <= 103
    assert note == f"[trimmed {len(text.strip()) - len(kept)} more characters]"
    # no word boundary nearby: hard cut
    out = truncate("x" * 50, 10)
    assert out == "x" * 10 + " … [trimmed 40 more characters]"
    assert truncate("abc", 0) == "… [trimmed 3 more characters]"


def test_strip_links_is_deep_and_non_destructive() -> None:
    conv = conversation()
    stripped = strip_links(conv)
    assert "_links" in conv  # input untouched
    assert "_links" not in json.dumps(stripped)
    assert stripped["assignee"]["id"] == "tea_6r55a"
    assert stripped["tags"][0]["name"] == "Warehouse task"
    assert stripped["recipient"] == {
        "name": "Phyllis Lapin-Vance",
        "handle": "purpleboss@limitlesspaper.com",
        "role": "from",
    }
    assert strip_links([1, "a", None]) == [1, "a", None]


def test_page_token_from_next() -> None:
    url = f"{API}/conversations?limit=25&page_token=a1b2c3%3D%3D&q%5Bstatuses%5D%5B%5D=open"
    assert page_token_from_next(url) == "a1b2c3=="
    assert page_token_from_next(None) is None
    assert page_token_from_next("") is None
    assert page_token_from_next(f"{API}/conversations?limit=25") is None


# ---------------------------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------------------------


def test_render_identity() -> None:
    me = {
        "_links": {"self": f"{API}/me"},
        "id": "cmp_k30",
        "name": "Dunder Mifflin Paper Company, Inc.",
    }
    assert render_identity(me) == "company: Dunder Mifflin Paper Company, Inc. (cmp_k30)"
    assert render_identity({}) == "company: (unnamed)"


def test_render_conversation_line() -> None:
    line = render_conversation_line(conversation())
    assert "\n" not in line
    assert line.startswith("cnv_yo1kg5q | ")
    assert '"Paper order for Scranton branch"' in line
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
    assert head.startswith("conversation: cnv_yo1kg5q\nsubject: Paper order for Scranton branch\n")
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
    assert "<div" not in out and "<br" not in out and "</" not in out
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
    assert "  subject: Paper order for Scranton branch - URGENT" in timeline
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
    assert body[0].strip().startswith("We would like to confirm")
    assert "[trimmed" in body[-1]
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


def test_render_message_and_draft() -> None:
    msg = message(
        "msg_1",
        1701292649.333,
        inbound=True,
        body=INBOUND_HTML,
        attachments=[attachment("fil_po4411", "PO-4411.pdf")],
    )
    out = render_message(msg)
    assert out.startswith("message: msg_1\nconversation: cnv_yo1kg5q\nin reply to: msg_previous\n")
    assert "kind: inbound email" in out
    assert "time: 2023-11-29T21:17:29Z" in out
    assert "from: Phyllis Lapin-Vance <purpleboss@limitlesspaper.com>" in out
    assert "to: Dunder Mifflin Sales <sales@dundermifflin.com>" in out
    assert "cc: accounting@limitlesspaper.com" in out
    assert "attachments: PO-4411.pdf (fil_po4411)" in out
    assert "body:\nHi Michael," in out
    assert "http" not in out and "<" not in out.replace("<purpleboss", "").replace("<sales", "")
    assert "author:" not in out  # inbound: author is null

    draft = message(
        "msg_d1",
        1701292700,
        inbound=False,
        body="<p>Draft reply</p>",
        author=MICHAEL,
        draft_mode="shared",
        version="551ba368f3e7803cce51503ee3e58ef0-26028-1701804863304-945c",
    )
    out = render_message(draft)
    assert "kind: draft email (shared)" in out
    assert "draft version: 551ba368f3e7803cce51503ee3e58ef0-26028-1701804863304-945c" in out
    assert "author: Michael Scott <michael.scott@dundermifflin.com> (tea_6r55a)" in out
    legacy = render_message({"id": "msg_x", "is_draft": True, "body": None})
    assert "kind: draft message" in legacy and "body: (empty)" in legacy
    assert render_message({}).startswith("message: (no id)")


def test_render_comment() -> None:
    com = comment(
        "com_1ywg3f2",
        1698943401.378,
        "<p>Heads up:</p><ul><li>call Phyllis</li><li>send quote</li></ul>",
        is_pinned=True,
    )
    out = render_comment(com)
    assert out.splitlines()[:6] == [
        "comment: com_1ywg3f2",
        "conversation: cnv_yo1kg5q",
        "time: 2023-11-02T16:43:21Z",
        "author: Pam Beesly <pam@dundermifflin.com> (tea_2bk9)",
        "pinned: yes",
        "body:",
    ]
    assert "* call Phyllis\n* send quote" in out
    assert "in reply to" not in out  # comment_replied_to is null
    assert "body: (empty)" in render_comment(comment("com_2", None, None))


def test_render_contact() -> None:
    contact = {
        "_links": {
            "self": f"{API}/contacts/crd_3cgz4ge",
            "related": {
                "notes": f"{API}/contacts/crd_3cgz4ge/notes",
                "conversations": f"{API}/contacts/crd_3cgz4ge/conversations",
                "owner": None,
            },
        },
        "id": "crd_3cgz4ge",
        "name": "Dwight Schrute",
        "description": "Assistant to the regional manager",
        "avatar_url": f"{API}/contacts/crd_3cgz4ge/avatar-1673436467707",
        "links": ["https://shrutefarms.com"],
        "groups": [
            {"_links": {}, "id": "grp_3j342", "name": "Party Planning", "is_private": False}
        ],
        "lists": [{"_links": {}, "id": "grp_3j342", "name": "Party Planning", "is_private": False}],
        "handles": [
            {"handle": "dwight@dundermifflin.com", "source": "email"},
            {"handle": "+15555550100", "source": "phone"},
        ],
        "custom_fields": {"Beet farm": True, "Nickname": None, "Rank": ""},
        "is_private": False,
        "account": {"id": "acc_76", "name": "Schrute Farms"},
    }
    out = render_contact(contact)
    assert out.splitlines() == [
        "contact: crd_3cgz4ge",
        "name: Dwight Schrute",
        "handles: email: dwight@dundermifflin.com, phone: +15555550100",
        "description: Assistant to the regional manager",
        "links: https://shrutefarms.com",
        "lists: Party Planning (grp_3j342)",
        "account: Schrute Farms (acc_76)",
        "custom fields: Beet farm: true",
    ]
    assert render_contact({"id": "crd_1", "handles": None, "links": None}) == "contact: crd_1"


def test_resource_lines() -> None:
    inbox = {
        "_links": {"self": f"{API}/inboxes/inb_1ix6"},
        "id": "inb_1ix6",
        "name": "The Dundies",
        "is_private": True,
        "is_public": False,
        "custom_fields": {},
    }
    assert render_inbox_line(inbox) == "inb_1ix6 | The Dundies | private"
    channel = {
        "_links": {
            "self": f"{API}/channels/cha_1gv4",
            "related": {"inbox": f"{API}/inboxes/inb_1ix6", "owner": f"{API}/teams/tim_k30"},
        },
        "id": "cha_1gv4",
        "name": "Paper Sales Inbox",
        "address": "sales@dundermifflin.com",
        "type": "gmail",
        "send_as": "sales@dundermifflin.com",
        "settings": {"undo_send_time": 15, "all_teammates_can_reply": False},
        "is_private": False,
        "is_valid": True,
    }
    assert render_channel_line(channel) == (
        "cha_1gv4 | Paper Sales Inbox | type: gmail | address: sales@dundermifflin.com"
        " | inbox: inb_1ix6"
    )
    odd_channel = {"id": "cha_2", "type": "smtp", "send_as": "x@y.com", "is_valid": False}
    assert render_channel_line(odd_channel) == (
        "cha_2 | type: smtp | send as: x@y.com | not valid (cannot send)"
    )
    away = teammate("tea_9", "Dwight", "Schrute", "dwight@dundermifflin.com", is_available=False)
    assert render_teammate_line(away) == (
        "tea_9 | Dwight Schrute | dwight@dundermifflin.com | username: DwightSchrute | unavailable"
    )
    bot = {"id": "tea_bot", "username": "rulebot", "type": "rule", "is_admin": True}
    assert render_teammate_line(bot) == "tea_bot | rulebot | admin | type: rule"
    assert render_tag_line(tag("tag_2oxhvy", "Warehouse task", "blue")) == (
        "tag_2oxhvy | Warehouse task | highlight: blue"
    )
    assert render_tag_line({"id": "tag_p", "name": "Mine", "is_private": True}) == (
        "tag_p | Mine | private"
    )


# ---------------------------------------------------------------------------------------------
# Lists, accepted, generic
# ---------------------------------------------------------------------------------------------


def test_render_list_with_total_and_page_token() -> None:
    convs = [conversation(id=f"cnv_{i}", subject=f"Order {i}") for i in range(3)]
    out = render_list(
        convs, render_conversation_line, noun="conversations", total=57, next_page_token="tok=="
    )
    lines = out.splitlines()
    assert lines[0] == "3 conversations (of 57 total):"
    assert [line.split(" | ")[0] for line in lines[1:4]] == ["cnv_0", "cnv_1", "cnv_2"]
    assert lines[-1] == "More results: call again with page_token=tok=="
    assert "http" not in out


def test_render_list_empty_and_singular() -> None:
    assert render_list([], render_tag_line, noun="conversations") == "No conversations found."
    assert render_list([], render_tag_line, noun="tags", next_page_token="t") == (
        "No tags on this page.\nMore results: call again with page_token=t"
    )
    out = render_list([{"id": "inb_1", "name": "Sales"}], render_inbox_line, noun="inboxes")
    assert out == "1 inbox:\ninb_1 | Sales"


def test_render_list_budget() -> None:
    convs = [conversation(id=f"cnv_{i}") for i in range(200)]
    out = render_list(
        convs, render_conversation_line, noun="conversations", next_page_token="abc", max_chars=2000
    )
    assert len(out) <= 2000
    shown = [line for line in out.splitlines() if line.startswith("cnv_")]
    assert 0 < len(shown) < 200
    assert f"[{200 - len(shown)} more conversations left out to fit the size limit" in out
    assert out.endswith("More results: call again with page_token=abc")
    # a single huge line is trimmed rather than dropped
    huge = render_list([{"id": "x" * 5000}], lambda d: str(d["id"]), noun="items", max_chars=1000)
    assert "[trimmed" in huge and len(huge) < 1100


def test_render_accepted() -> None:
    out = render_accepted(
        {"status": "accepted", "message_uid": "1eab543f84a0785f7b6b8967cck18f4d"}, what="reply"
    )
    assert out.startswith(
        "Reply accepted by Front (asynchronous). message_uid=1eab543f84a0785f7b6b8967cck18f4d"
    )
    assert "alt:uid:1eab543f84a0785f7b6b8967cck18f4d" in out
    folder = render_accepted(
        {"status": "accepted", "message_template_folder_id": "rsf_g2"}, what="Folder deletion"
    )
    assert (
        folder
        == "Folder deletion accepted by Front (asynchronous). message_template_folder_id=rsf_g2"
    )
    assert render_accepted({}, what="Validation") == "Validation accepted by Front (asynchronous)."


def test_render_generic_list_response() -> None:
    _, messages, _ = thread()
    response = {
        "_pagination": {"next": f"{API}/conversations/cnv_yo1kg5q/messages?page_token=p%2F2"},
        "_links": {"self": f"{API}/conversations/cnv_yo1kg5q/messages"},
        "_results": messages[-2:],
    }
    out = render_generic(response)
    lines = out.splitlines()
    assert lines[0] == "2 results:"
    assert lines[-1] == "More results: call again with page_token=p/2"
    first = json.loads(lines[1])
    assert first["id"] == "msg_2"
    assert first["created_at"] == "2023-11-30T21:17:29Z"
    assert first["conversation_id"] == "cnv_yo1kg5q"  # rescued from _links.related
    assert "draft_mode" not in first and "text" not in first  # nulls dropped
    assert "<div" not in first["body"] and "Sure, here is the quote." in first["body"]
    assert "_links" not in out and "api.frontapp.com/messages" not in out
    assert first["attachments"][0] == {
        "id": "fil_quote1",
        "filename": "quote.pdf",
        "url": f"{API}/download/fil_quote1",
        "content_type": "application/pdf",
        "size": 4405,
        "metadata": {"is_inline": False, "cid": "526b45586d0e6b1c484afab63d1ef0be"},
    }


def test_render_generic_search_total_and_ms_timestamps() -> None:
    response = {
        "_pagination": {"next": None},
        "_links": {"self": f"{API}/conversations/search/foo"},
        "_total": 1,
        "_results": [
            {
                "_links": {"self": f"{API}/events/evt_1"},
                "id": "evt_1",
                "emitted_at": 1703102616123,
                "duration": 189,
                "undo_send_time": 15,
                "start": "09:00",
            }
        ],
    }
    out = render_generic(response)
    assert out.splitlines()[0] == "1 result (of 1 total):"
    row = json.loads(out.splitlines()[1])
    assert row == {
        "id": "evt_1",
        "emitted_at": "2023-12-20T20:03:36Z",
        "duration": 189,
        "undo_send_time": 15,
        "start": "09:00",
    }
    assert "page_token" not in out


def test_render_generic_object_none_and_trim() -> None:
    assert render_generic(None) == "Done (no content)."
    assert render_generic("") == "Done (no content)."
    assert render_generic({"_links": {"self": f"{API}/me"}}) == "Done (no content)."
    out = render_generic(
        {
            "_links": {"self": f"{API}/me"},
            "id": "cmp_k30",
            "name": "Dunder Mifflin",
            "logo": None,
            "flags": [],
            "is_x": False,
            "count": 0,
            "nested": {"_links": {"self": "x"}, "a": {}, "b": "ü"},
        }
    )
    assert (
        out == '{"id":"cmp_k30","name":"Dunder Mifflin","is_x":false,"count":0,"nested":{"b":"ü"}}'
    )
    big = render_generic({"body": "word " * 5000}, max_chars=500)
    assert len(big) <= 500 and big.endswith("more characters]")
    assert render_generic([{"id": "a"}, 3]) == '2 items:\n{"id":"a"}\n{"value":3}'
    assert render_generic(b"\x89PNG") == "Binary content (4 bytes)."


@pytest.mark.parametrize(
    "fn",
    [
        render_conversation_line,
        render_conversation,
        render_message,
        render_comment,
        render_contact,
        render_inbox_line,
        render_channel_line,
        render_teammate_line,
        render_tag_line,
        render_identity,
    ],
)
@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"id": None, "name": None, "tags": "oops", "assignee": 5, "recipients": [None, 3]},
        {"attachments": [{"filename": None}], "created_at": {"x": 1}, "links": [{"a": 1}]},
        {"handles": [{"handle": None}], "custom_fields": None, "author": [], "body": ["x"]},
    ],
)
def test_renderers_never_raise_on_odd_input(fn: Any, payload: dict[str, Any]) -> None:
    out = fn(payload)
    assert isinstance(out, str) and out
    assert "None" not in out


def test_module_import_is_light() -> None:
    assert not any(name.startswith("inscriptis") for name in vars(render))
