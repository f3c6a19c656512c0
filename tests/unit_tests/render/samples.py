"""Sample payloads for the renderer tests, shaped like the spec's schemas.

ConversationResponse, MessageResponse, CommentResponse, TeammateResponse, TagResponse...: each
builder returns a fresh dict, with Front's ``_links`` and nulls left in.
"""

from __future__ import annotations

from typing import Any

API = "https://dundermifflin.api.frontapp.com"


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
