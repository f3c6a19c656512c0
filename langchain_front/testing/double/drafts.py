"""Front double handlers for drafts: new drafts and draft replies, edits and deletes guarded by
the draft's ``version`` (409 when it has changed).
"""

from __future__ import annotations

from typing import Any

import httpx

from langchain_front.testing.builders import message_json
from langchain_front.testing.double.calls import Abort, Call, error_response, handles, reply
from langchain_front.testing.double.core import FrontDouble, resolve_author
from langchain_front.testing.double.messages import (
    channel_type,
    check_signature,
    new_conversation,
    new_message,
    outbound_recipients,
)
from langchain_front.testing.double.multipart import store_uploads
from langchain_front.testing.records import Message, stable_hex
from langchain_front.testing.seed import SEED


@handles("create-draft")
def create_draft(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    channel_id = call.params["channel_id"]
    check_signature(double, call, channel_id)
    author = resolve_author(double, call.arg("author_id"))
    kind = channel_type(double, channel_id)
    conv = new_conversation(
        double, st.channel_inbox.get(channel_id), str(call.arg("subject") or "")
    )
    msg = new_message(
        double,
        conv,
        body=str(call.arg("body")),
        recipients=outbound_recipients(double, call, channel_id, author, []),
        inbound=False,
        channel_id=channel_id,
        author=author,
        kind=kind,
        is_draft=True,
        draft_mode=str(call.arg("mode") or "private"),
    )
    msg.attachment_ids = store_uploads(double, call)
    return reply(call, message_json(st, msg.id))


@handles("create-draft-reply")
def create_draft_reply(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv = st.conversations[call.params["conversation_id"]]
    channel_id = double.require("channel", call.arg("channel_id"))
    check_signature(double, call, channel_id)
    author = resolve_author(double, call.arg("author_id"))
    recipient = st.main_recipient(conv)
    msg = new_message(
        double,
        conv,
        body=str(call.arg("body")),
        subject=call.arg("subject"),
        recipients=outbound_recipients(
            double, call, channel_id, author, [recipient.handle] if recipient else []
        ),
        inbound=False,
        channel_id=channel_id,
        author=author,
        kind=channel_type(double, channel_id),
        is_draft=True,
        draft_mode=str(call.arg("mode") or "private"),
    )
    msg.attachment_ids = store_uploads(double, call)
    return reply(call, message_json(st, msg.id))


def _check_version(msg: Message, version: Any) -> None:
    if version is not None and version != msg.version:
        raise Abort(
            error_response(
                409,
                "Conflict",
                f"Draft {msg.id} has changed since version {version}; "
                "fetch it again and use its current version",
            )
        )


@handles("edit-draft")
def edit_draft(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    msg = st.messages[call.params["message_id"]]
    _check_version(msg, call.arg("version"))
    channel_id = double.require("channel", call.arg("channel_id"))
    check_signature(double, call, channel_id)
    if call.arg("author_id") is not None:
        msg.author_id = double.require("teammate", call.arg("author_id"))
    msg.body = str(call.arg("body"))
    msg.text = None if channel_type(double, channel_id) == "email" else msg.body
    msg.channel_id = channel_id
    if isinstance(call.arg("subject"), str):
        msg.subject = call.arg("subject")
    if call.arg("mode") is not None:
        msg.draft_mode = str(call.arg("mode"))
    if any(call.arg(k) is not None for k in ("to", "cc", "bcc")):
        default_to = [r.handle for r in msg.recipients if r.role == "to"]
        msg.recipients = outbound_recipients(
            double, call, channel_id, msg.author_id or SEED.api_bot_id, default_to
        )
    msg.version = stable_hex("version", msg.uid, st.now())
    return reply(call, message_json(st, msg.id))


@handles("delete-draft")
def delete_draft(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    msg = st.messages[call.params["draft_id"]]
    _check_version(msg, call.arg("version"))
    del st.messages[msg.id]
    return reply(call)
