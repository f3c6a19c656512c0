"""New conversations: send a new outbound message from a channel, or import a message.

Both answer 202 with a ``message_uid``: the message exists a few seconds later, and
``front_resolve_message`` finds it. An import is a write (nothing leaves Front; Front skips an
``external_id`` it already imported); a new message is a send.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._bodies import channel_is_email, outbound_body
from langchain_front.tools._compose import (
    ATTACHMENTS_FIELD,
    DEFAULT_SIGNATURE_FIELD,
    FILE_HINTS,
    SIGNATURE_FIELD,
    TEMPLATE_FIELD,
    ComposedArgs,
    FileInput,
    TemplateId,
    attached,
    check_email_only,
    template_text,
    uploads,
)
from langchain_front.tools._fields import (
    ChannelRef,
    ConversationId,
    InboxId,
    TagId,
    TeammateRef,
    ToolArgs,
)
from langchain_front.tools._registry import register
from langchain_front.tools.render.messages import render_accepted

Handles = list[str] | None


class SendNewMessageInput(ComposedArgs):
    """Arguments of front_send_new_message."""

    argument_hints: ClassVar[dict[str, str]] = FILE_HINTS

    channel_id: ChannelRef = Field(
        description="Channel to send from (cha_... or alt:address:<address>; "
        "front_list_channels lists them)."
    )
    to: list[str] = Field(
        min_length=1,
        max_length=50,
        description="Recipient handles (email addresses, phone numbers...).",
    )
    cc: Handles = Field(default=None, max_length=50, description="CC handles (email only).")
    bcc: Handles = Field(default=None, max_length=50, description="BCC handles (email only).")
    subject: str | None = Field(
        default=None,
        max_length=500,
        description="Subject (email). Empty: the template's subject when template_id is given.",
    )
    body: str | None = Field(
        default=None,
        min_length=1,
        max_length=100_000,
        description="The message, as plain text (line breaks are kept) or HTML. Or give "
        "template_id instead.",
    )
    template_id: TemplateId | None = TEMPLATE_FIELD
    archive: bool = Field(
        default=False,
        description="Archive the new conversation once sent. Default false: it stays open "
        "(Front's own default would archive it).",
    )
    tag_ids: list[TagId] | None = Field(
        default=None, max_length=20, description="Tags to add to the new conversation."
    )
    author_id: TeammateRef | None = Field(
        default=None,
        description="Teammate on whose behalf it is sent (tea_... or alt:email:...). Empty: "
        "the API token or app.",
    )
    sender_name: str | None = Field(
        default=None, max_length=200, description="Name shown as the sender. Empty: the default."
    )
    signature_id: str | None = SIGNATURE_FIELD
    should_add_default_signature: bool = DEFAULT_SIGNATURE_FIELD
    attachments: list[FileInput] | None = ATTACHMENTS_FIELD


@register
class FrontSendNewMessage(FrontTool):
    """Start a new conversation by sending a message from a channel."""

    name: str = "front_send_new_message"
    description: str = (
        "SEND a new message from a Front channel to new recipients, starting a NEW "
        "conversation (it leaves Front right away and is never retried automatically). To "
        "answer an existing conversation use front_reply_to_conversation instead. The new "
        "conversation stays open unless archive=true. The result gives the message_uid; "
        "front_resolve_message turns it into the new message and conversation IDs."
    )
    args_schema: type[BaseModel] = SendNewMessageInput
    operations = ("create-message", "get-channel", "get-message-template")
    group = "messages"
    example = {
        "channel_id": "cha_3c0",
        "to": ["jane.doe@globex.example"],
        "subject": "Your order",
        "body": "Hello Jane, your order shipped today.",
    }

    def steps(self, args: SendNewMessageInput) -> Steps:
        """Find out whether the channel is email, fill in a template, POST (Front answers 202)."""
        email = yield from channel_is_email(args.channel_id)
        check_email_only(email=email, signature_id=args.signature_id)
        text, used, subject = args.body or "", "", args.subject
        if args.template_id:
            text, used, template_subject = yield from template_text(args.template_id, email=email)
            if subject is None and email:
                subject = template_subject
        body: dict[str, Any] = {**outbound_body(text, email=email), "to": args.to}
        options: dict[str, Any] = {"archive": args.archive}
        if args.tag_ids:
            options["tag_ids"] = args.tag_ids
        body["options"] = options
        for key in ("cc", "bcc", "author_id", "sender_name", "signature_id"):
            value = getattr(args, key)
            if value:
                body[key] = value
        if subject:
            body["subject"] = subject
        if args.should_add_default_signature:
            body["should_add_default_signature"] = True
        files = uploads(args.attachments)
        response = yield Call(
            "create-message", path_params={"channel_id": args.channel_id}, body=body, files=files
        )
        content = render_accepted(response.data or {}, what="New message") + attached(files)
        if used:
            content += f" The body was {used}."
        if not args.archive:
            content += " The new conversation was left open."
        return content, response.data or {"status": response.status}


class ImportMessageInput(ToolArgs):
    """Arguments of front_import_message."""

    inbox_id: InboxId = Field(description="Inbox to import into (inb_...; front_list_inboxes).")
    external_id: str = Field(
        min_length=1,
        max_length=200,
        description="Your unique ID for this message (e.g. the source system's ID): Front never "
        "imports two messages with the same external_id, so importing again is harmless.",
    )
    sender_handle: str = Field(
        min_length=1, max_length=300, description="Handle of the sender (an email address...)."
    )
    sender_name: str | None = Field(
        default=None, max_length=200, description="Name of the sender. Empty: none."
    )
    to: list[str] = Field(
        min_length=1, max_length=50, description="Recipient handles of the original message."
    )
    cc: Handles = Field(default=None, max_length=50, description="CC handles.")
    subject: str | None = Field(default=None, max_length=500, description="Subject.")
    body: str = Field(min_length=1, max_length=100_000, description="The message body.")
    body_format: Literal["markdown", "html"] = Field(
        default="markdown",
        description="markdown (default) or html: how Front reads body (email type only).",
    )
    is_inbound: bool = Field(
        description="true: the message was received from the sender (a customer); false: it "
        "was sent by your team."
    )
    created_at: datetime | None = Field(
        default=None,
        description="When the message was originally sent, ISO 8601 (e.g. "
        "2026-11-29T14:00:00Z; UTC when no zone is given). Empty: now.",
    )
    type: Literal["email", "sms", "intercom", "custom"] = Field(
        default="email", description="Kind of message (default email)."
    )
    thread_ref: str | None = Field(
        default=None,
        max_length=200,
        description="Reference that threads imported messages together: messages with the same "
        "thread_ref join one conversation. Empty: Front threads by sender.",
    )
    conversation_id: ConversationId | None = Field(
        default=None,
        description="Add the message to this existing conversation (overrides thread_ref).",
    )
    tags: list[str] | None = Field(
        default=None, max_length=20, description="Tag NAMES to add (created when missing)."
    )
    assignee_id: TeammateRef | None = Field(
        default=None, description="Teammate to assign the conversation to."
    )
    archive: bool = Field(
        default=True,
        description="Archive the conversation after the import (Front's default: true, as for "
        "history). false: it shows in the inbox as open.",
    )


@register
class FrontImportMessage(FrontTool):
    """Import a message (from another system) into an inbox, without sending anything."""

    name: str = "front_import_message"
    description: str = (
        "Import a message into a Front inbox, e.g. history from another system: it is recorded "
        "as received (is_inbound=true) or sent, and NOTHING is sent to anyone. Front skips a "
        "message whose external_id it already imported, so a retry is safe. Archived unless "
        "archive=false. The result gives the message_uid; front_resolve_message finds the "
        "message and its conversation."
    )
    args_schema: type[BaseModel] = ImportMessageInput
    operations = ("import-inbox-message",)
    group = "messages"
    example = {
        "inbox_id": "inb_2b0",
        "external_id": "legacy-1001",
        "sender_handle": "jane.doe@globex.example",
        "to": ["support@acme.example"],
        "subject": "Old ticket",
        "body": "Where is my order?",
        "is_inbound": True,
        "created_at": "2026-11-01T10:00:00Z",
    }

    def steps(self, args: ImportMessageInput) -> Steps:
        """POST the import (Front answers 202)."""
        when = args.created_at
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)  # a time without a zone is read as UTC
        created = when.timestamp() if when else time.time()
        sender: dict[str, Any] = {"handle": args.sender_handle}
        if args.sender_name:
            sender["name"] = args.sender_name
        metadata: dict[str, Any] = {"is_inbound": args.is_inbound, "is_archived": args.archive}
        if args.thread_ref:
            metadata["thread_ref"] = args.thread_ref
        body: dict[str, Any] = {
            "sender": sender,
            "to": args.to,
            "body": args.body,
            "external_id": args.external_id,
            "created_at": int(created),
            "metadata": metadata,
            "type": args.type,
        }
        if args.type == "email":
            body["body_format"] = args.body_format
        for key in ("cc", "subject", "conversation_id", "tags", "assignee_id"):
            value = getattr(args, key)
            if value:
                body[key] = value
        response = yield Call(
            "import-inbox-message", path_params={"inbox_id": args.inbox_id}, body=body
        )
        content = render_accepted(response.data or {}, what="Import")
        return content, response.data or {"status": response.status}
