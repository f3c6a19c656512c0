"""Front double handlers for messages: reading them (JSON or EML), listing a conversation's
messages and drafts, sending (new messages and replies, answered 202 and readable through
``alt:uid:``), importing into an inbox and receiving on a custom channel.

Also the message-making helpers the draft handlers share.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from langchain_front.testing.builders import make_tag, message_json
from langchain_front.testing.double.calls import (
    Abort,
    Call,
    accepted,
    apply_membership,
    bad_request,
    error_response,
    handles,
    reply,
)
from langchain_front.testing.double.core import FrontDouble, require_all, resolve_author
from langchain_front.testing.double.multipart import store_uploads
from langchain_front.testing.double.pages import list_response
from langchain_front.testing.double.tags import tag_by_name
from langchain_front.testing.records import (
    ARCHIVED,
    OPEN,
    Conversation,
    Message,
    Recipient,
    html_to_text,
    stable_hex,
)

__all__ = [
    "channel_type",
    "check_signature",
    "new_conversation",
    "new_message",
    "outbound_recipients",
]

_CHANNEL_MESSAGE_TYPES: dict[str, str] = {
    "smtp": "email",
    "gmail": "email",
    "imap": "email",
    "office365": "email",
    "front_mail": "email",
    "twilio": "sms",
    "custom": "custom",
    "intercom": "intercom",
    "front_chat": "front_chat",
    "twilio_whatsapp": "whatsapp",
    "facebook": "facebook",
}


@handles("get-message")
def get_message(double: FrontDouble, call: Call) -> httpx.Response:
    msg_id = call.params["message_id"]
    if "message/rfc822" in call.request.headers.get("accept", ""):
        return _eml(double, msg_id)
    return reply(call, message_json(double.store, msg_id))


def _eml(double: FrontDouble, msg_id: str) -> httpx.Response:
    msg = double.store.messages[msg_id]
    if msg.type != "email":
        raise bad_request(f"Message {msg_id} is not an email; no EML is available")

    def names(role: str) -> str:
        return ", ".join(r.handle for r in msg.recipients if r.role == role)

    lines = [
        f"From: {names('from')}",
        f"To: {names('to')}",
        *([f"Cc: {names('cc')}"] if names("cc") else []),
        f"Subject: {msg.subject}",
        f"Date: {email.utils.formatdate(msg.created_at, usegmt=True)}",
        f"Message-ID: <{msg.uid}@frontapp.example>",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "",
        msg.body,
    ]
    return httpx.Response(
        200,
        content="\r\n".join(lines).encode("utf-8"),
        headers={"content-type": "message/rfc822"},
    )


@handles("list-conversation-messages")
def list_messages(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    msgs = st.conversation_messages(call.params["conversation_id"], drafts=None)
    if call.first("sort_order") != "asc":
        msgs.reverse()
    return list_response(double, call, [message_json(st, m.id) for m in msgs])


@handles("list-conversation-drafts")
def list_drafts(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    msgs = st.conversation_messages(call.params["conversation_id"], drafts=True)
    return list_response(double, call, [message_json(st, m.id) for m in reversed(msgs)])


def channel_type(double: FrontDouble, channel_id: str) -> str:
    """The message type a channel sends (``email``, ``sms``, ``custom``...)."""
    return _CHANNEL_MESSAGE_TYPES.get(double.store.channels[channel_id]["type"], "custom")


def check_signature(double: FrontDouble, call: Call, channel_id: str) -> None:
    """403 when a ``signature_id`` is used off an email channel."""
    if call.arg("signature_id") is not None and channel_type(double, channel_id) != "email":
        raise Abort(
            error_response(
                403,
                "Forbidden",
                "signature_id can only be used when sending from an email channel",
            )
        )


def outbound_recipients(
    double: FrontDouble, call: Call, channel_id: str, author: str | None, default_to: Sequence[str]
) -> list[Recipient]:
    """The sender (the channel's address) and the ``to``/``cc``/``bcc`` of an outgoing message
    (``default_to`` when the body names no ``to``)."""
    st = double.store
    sender_name = call.arg("sender_name")
    if sender_name is None and author is not None and author in st.teammates:
        t = st.teammates[author]
        sender_name = f"{t['first_name']} {t['last_name']}".strip()
    recipients = [Recipient(st.channels[channel_id]["address"], "from", sender_name)]
    to = call.arg("to")
    for handle in to if isinstance(to, list) and to else default_to:
        recipients.append(Recipient(str(handle), "to"))
    for role in ("cc", "bcc"):
        for handle in call.arg(role) or []:
            recipients.append(Recipient(str(handle), role))
    return recipients


def new_message(
    double: FrontDouble,
    conv: Conversation,
    *,
    body: str,
    recipients: list[Recipient],
    inbound: bool,
    channel_id: str | None,
    author: str | None = None,
    kind: str = "email",
    text: str | None = None,
    subject: str | None = None,
    created_at: float | None = None,
    is_draft: bool = False,
    draft_mode: str | None = None,
    external_id: str | None = None,
    thread_ref: str | None = None,
) -> Message:
    """Store a new message (or draft) in ``conv``; a message, not a draft, moves its
    ``updated_at``."""
    st = double.store
    previous = st.conversation_messages(conv.id)
    uid = st.new_uid()
    msg = Message(
        id=st.new_id("msg"),
        conversation_id=conv.id,
        uid=uid,
        type=kind,
        is_inbound=inbound,
        subject=conv.subject if subject is None else subject,
        body=body,
        created_at=created_at if created_at is not None else st.now(),
        recipients=recipients,
        channel_id=channel_id,
        author_id=author,
        text=text,
        is_draft=is_draft,
        draft_mode=draft_mode,
        version=stable_hex("version", uid),
        replied_to=previous[-1].id if previous else None,
        external_id=external_id,
        thread_ref=thread_ref,
    )
    st.messages[msg.id] = msg
    if not is_draft and double.uid_lookups_before_visible:
        double.pending_uids[uid] = double.uid_lookups_before_visible
    if not is_draft:
        conv.updated_at = max(conv.updated_at, msg.created_at)
    return msg


def new_conversation(double: FrontDouble, inbox_id: str | None, subject: str) -> Conversation:
    """Store a new, open conversation in ``inbox_id``."""
    st = double.store
    now = st.now()
    conv = Conversation(
        id=st.new_id("cnv"),
        subject=subject,
        inbox_ids=[inbox_id] if inbox_id else [],
        created_at=now,
        updated_at=now,
    )
    st.conversations[conv.id] = conv
    return conv


def _options(double: FrontDouble, call: Call) -> tuple[bool, list[str]]:
    options = call.arg("options")
    archive = True
    tag_ids: list[str] = []
    if isinstance(options, Mapping):
        archive = options.get("archive", True) is not False
        tag_ids = require_all(double, "tag", options.get("tag_ids", []), "options.tag_ids")
    return archive, tag_ids


@handles("create-message")
def create_message(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    channel_id = call.params["channel_id"]
    check_signature(double, call, channel_id)
    author = resolve_author(double, call.arg("author_id")) if call.arg("author_id") else None
    archive, tag_ids = _options(double, call)
    kind = channel_type(double, channel_id)
    subject = str(call.arg("subject") or "") if kind == "email" else ""
    conv = new_conversation(double, st.channel_inbox.get(channel_id), subject)
    msg = new_message(
        double,
        conv,
        body=str(call.arg("body")),
        text=call.arg("text"),
        recipients=outbound_recipients(double, call, channel_id, author, []),
        inbound=False,
        channel_id=channel_id,
        author=author,
        kind=kind,
    )
    msg.attachment_ids = store_uploads(double, call)
    apply_membership(conv.tag_ids, tag_ids, add=True)
    conv.state = ARCHIVED if archive else OPEN
    return accepted(msg.uid)


@handles("create-message-reply")
def create_reply(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    channel_id = _conversation_channel(double, conv, call.arg("channel_id"))
    check_signature(double, call, channel_id)
    author = resolve_author(double, call.arg("author_id")) if call.arg("author_id") else None
    archive, tag_ids = _options(double, call)
    recipient = st.main_recipient(conv)
    default_to = [recipient.handle] if recipient is not None else []
    msg = new_message(
        double,
        conv,
        body=str(call.arg("body")),
        text=call.arg("text"),
        subject=call.arg("subject"),
        recipients=outbound_recipients(double, call, channel_id, author, default_to),
        inbound=False,
        channel_id=channel_id,
        author=author,
        kind=channel_type(double, channel_id),
    )
    msg.attachment_ids = store_uploads(double, call)
    apply_membership(conv.tag_ids, tag_ids, add=True)
    if archive:
        conv.state = ARCHIVED
        conv.snoozed_until = None
    return accepted(msg.uid)


def _conversation_channel(double: FrontDouble, conv: Conversation, raw: Any) -> str:
    st = double.store
    if raw is not None:
        return double.require("channel", raw)
    for msg in reversed(st.conversation_messages(conv.id)):
        if msg.channel_id in st.channels:
            return msg.channel_id
    for channel_id, inbox in st.channel_inbox.items():
        if inbox in conv.inbox_ids:
            return channel_id
    raise bad_request(f"Conversation {conv.id} has no channel to reply from; pass channel_id")


@handles("import-inbox-message")
def import_message(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    inbox_id = call.params["inbox_id"]
    external_id = str(call.arg("external_id"))
    known = st.imported_external_ids.get((inbox_id, external_id))
    if known is not None:
        return accepted(known)  # Front does not import the same external ID twice
    metadata = call.arg("metadata") or {}
    sender = call.arg("sender") or {}
    inbound = bool(metadata.get("is_inbound"))
    thread_ref = metadata.get("thread_ref")
    conv: Conversation | None = None
    if call.arg("conversation_id") is not None:
        conv = st.conversations[double.require("conversation", call.arg("conversation_id"))]
    elif thread_ref:
        conv = _thread(double, inbox_id, str(thread_ref))
    if conv is None:
        conv = new_conversation(double, inbox_id, str(call.arg("subject") or ""))
    author = None
    if sender.get("author_id") is not None:
        author = double.require("teammate", sender["author_id"])
    if call.arg("assignee_id") is not None:
        conv.assignee_id = double.require("teammate", call.arg("assignee_id"))
    recipients = [Recipient(str(sender.get("handle")), "from", sender.get("name"))]
    recipients += [Recipient(str(h), "to") for h in call.arg("to") or []]
    for role in ("cc", "bcc"):
        recipients += [Recipient(str(h), role) for h in call.arg(role) or []]
    body = str(call.arg("body"))
    created = call.arg("created_at")
    msg = new_message(
        double,
        conv,
        body=body,
        text=html_to_text(body) if call.arg("body_format") == "html" else body,
        subject=call.arg("subject"),
        recipients=recipients,
        inbound=inbound,
        channel_id=None,
        author=author,
        kind=str(call.arg("type") or "email"),
        created_at=float(created) if isinstance(created, (int, float)) else None,
        external_id=external_id,
        thread_ref=str(thread_ref) if thread_ref else None,
    )
    for name in call.arg("tags") or []:
        tag = tag_by_name(st.tags, str(name))
        if tag is None:
            tag = st.new_id("tag")
            st.tags[tag] = make_tag(st, tag, str(name), created_at=st.now())
        apply_membership(conv.tag_ids, [tag], add=True)
    conv.state = ARCHIVED if metadata.get("is_archived", True) is not False else OPEN
    st.imported_external_ids[(inbox_id, external_id)] = msg.uid
    return accepted(msg.uid)


def _thread(double: FrontDouble, inbox_id: str, thread_ref: str) -> Conversation | None:
    st = double.store
    for msg in st.messages.values():
        conv = st.conversations.get(msg.conversation_id)
        if conv is not None and msg.thread_ref == thread_ref and inbox_id in conv.inbox_ids:
            return conv
    return None


@handles("receive-custom-messages")
def receive_custom(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    channel_id = call.params["channel_id"]
    if st.channels[channel_id]["type"] != "custom":
        raise bad_request(f"Channel {channel_id} is not a custom channel")
    inbox_id = st.channel_inbox.get(channel_id)
    metadata = call.arg("metadata") or {}
    sender = call.arg("sender") or {}
    thread_ref = metadata.get("thread_ref")
    conv = _thread(double, inbox_id, str(thread_ref)) if inbox_id and thread_ref else None
    if conv is None:
        conv = new_conversation(double, inbox_id, str(call.arg("subject") or ""))
    body = str(call.arg("body"))
    msg = new_message(
        double,
        conv,
        body=body,
        text=html_to_text(body) if call.arg("body_format") == "html" else body,
        subject=call.arg("subject") or conv.subject,
        recipients=[Recipient(str(sender.get("handle")), "from", sender.get("name"))],
        inbound=True,
        channel_id=channel_id,
        kind="custom",
        thread_ref=str(thread_ref) if thread_ref else None,
    )
    if conv.state == ARCHIVED:
        conv.state = OPEN  # a new inbound message reopens the conversation
    return accepted(msg.uid)
