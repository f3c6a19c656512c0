"""Message tools: read a conversation's messages, reply (sent to the customer), draft, comment.

How a body is formatted for the channel it goes out on lives in :mod:`._bodies`; templates,
signatures, quotes and attached files, which replies, drafts, comments and new messages share,
in :mod:`._compose`. Reading one message and resolving a send are in :mod:`.message_lookup`,
new conversations (send, import) in :mod:`.outbound`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from langchain_front.tools._base import Call, FrontTool, Steps, target_conversation
from langchain_front.tools._bodies import (
    channel_is_email,
    conversation_is_email,
    first_channel,
    outbound_body,
)
from langchain_front.tools._compose import (
    ATTACHMENTS_FIELD,
    DEFAULT_SIGNATURE_FIELD,
    FILE_HINTS,
    QUOTE_FIELD,
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
    Limit,
    PageToken,
    TeammateRef,
    ToolArgs,
)
from langchain_front.tools._paging import PageRequest, page_content
from langchain_front.tools._registry import register
from langchain_front.tools.render.messages import render_accepted, render_message_entry


class ListConversationMessagesInput(ToolArgs):
    """Arguments of front_list_conversation_messages."""

    conversation_id: ConversationId
    limit: Limit = 10
    page_token: PageToken = None


@register
class FrontListConversationMessages(FrontTool):
    """The messages of a conversation, newest first, with plain-text bodies."""

    name: str = "front_list_conversation_messages"
    description: str = (
        "List the messages (emails, chats, SMS...) of one Front conversation, newest first: time, "
        "direction, ID, sender, recipients, subject, attachments and the plain-text body without "
        "the earlier messages it quotes. Use page_token to go further back."
    )
    args_schema: type[BaseModel] = ListConversationMessagesInput
    operations = ("list-conversation-messages",)
    group = "messages"
    example = {"conversation_id": "cnv_7g0", "limit": 5}

    def steps(self, args: ListConversationMessagesInput) -> Steps:
        """One page of messages."""
        request = PageRequest.of(args.limit, args.page_token)
        response = yield Call(
            "list-conversation-messages",
            path_params={"conversation_id": args.conversation_id},
            query=request.query(),
        )
        content = page_content(
            response.data, request, render_message_entry, noun="messages", separator="\n\n"
        )
        return content, response.data


class ReplyInput(ComposedArgs):
    """Arguments of front_reply_to_conversation."""

    argument_hints: ClassVar[dict[str, str]] = {
        "draft": "this tool SENDS to the customer; to draft, call front_create_draft_reply",
        "mode": "this tool SENDS to the customer; to draft, call front_create_draft_reply",
        **FILE_HINTS,
    }

    conversation_id: ConversationId
    body: str | None = Field(
        default=None,
        min_length=1,
        max_length=100_000,
        description="The reply text, as plain text (line breaks are kept) or HTML. Or give "
        "template_id instead.",
    )
    template_id: TemplateId | None = TEMPLATE_FIELD
    archive: bool = Field(
        default=False,
        description="Archive the conversation once the reply is sent. Default false: the "
        "conversation stays open (Front's own API default would archive it).",
    )
    channel_id: ChannelRef | None = Field(
        default=None,
        description="Channel to send from (cha_... or alt:address:<address>). Empty: Front "
        "picks the conversation's channel.",
    )
    sender_name: str | None = Field(
        default=None, max_length=200, description="Name shown as the sender. Empty: the default."
    )
    subject: str | None = Field(
        default=None, max_length=500, description="Subject, for email. Empty: keep the thread's."
    )
    to: list[str] | None = Field(
        default=None, description="Recipient handles. Empty: reply to the conversation's contact."
    )
    cc: list[str] | None = Field(default=None, description="CC handles (email only).")
    bcc: list[str] | None = Field(default=None, description="BCC handles (email only).")
    author_id: TeammateRef | None = Field(
        default=None,
        description="Teammate on whose behalf the reply is sent (tea_... or alt:email:...). "
        "Empty: the API token or app.",
    )
    signature_id: str | None = SIGNATURE_FIELD
    should_add_default_signature: bool = DEFAULT_SIGNATURE_FIELD
    quote_body: str | None = QUOTE_FIELD
    attachments: list[FileInput] | None = ATTACHMENTS_FIELD


@register
class FrontReplyToConversation(FrontTool):
    """Send a reply to the customer in a conversation."""

    name: str = "front_reply_to_conversation"
    description: str = (
        "SEND a reply to the customer in a Front conversation (it leaves Front right away; it is "
        "never retried automatically, so check the result before trying again). Read the "
        "conversation first. Prefer front_create_draft_reply when a human should review. The "
        "conversation stays open unless archive=true. template_id sends a message template's "
        "text; signature_id adds a signature (email only). The result gives the message_uid; "
        "front_resolve_message turns it into message and conversation IDs."
    )
    args_schema: type[BaseModel] = ReplyInput
    operations = (
        "create-message-reply",
        "get-channel",
        "list-conversation-messages",
        "get-message-template",
    )
    group = "messages"
    example = {"conversation_id": "cnv_7g0", "body": "Thanks, it ships today."}

    def steps(self, args: ReplyInput) -> Steps:
        """Find out whether the reply goes out as email, then POST it (Front answers 202)."""
        if args.channel_id:
            email = yield from channel_is_email(args.channel_id)
        else:
            email = yield from conversation_is_email(args.conversation_id)
        check_email_only(email=email, signature_id=args.signature_id, quote_body=args.quote_body)
        text, used = args.body or "", ""
        if args.template_id:
            text, used, _ = yield from template_text(args.template_id, email=email)
        body: dict[str, Any] = {
            **outbound_body(text, email=email),
            "options": {"archive": args.archive},
        }
        keys = ("channel_id", "sender_name", "subject", "to", "cc", "bcc", "author_id")
        for key in (*keys, "signature_id", "should_add_default_signature", "quote_body"):
            value = getattr(args, key)
            if value:
                body[key] = value
        files = uploads(args.attachments)
        response = yield Call(
            "create-message-reply",
            path_params={"conversation_id": args.conversation_id},
            body=body,
            files=files,
        )
        content = render_accepted(response.data or {}, what="Reply") + attached(files)
        if used:
            content += f" The body was {used}."
        if not args.archive:
            content += " The conversation was left open."
        return content, response.data or {"status": response.status}


class DraftReplyInput(ComposedArgs):
    """Arguments of front_create_draft_reply."""

    argument_hints: ClassVar[dict[str, str]] = FILE_HINTS

    conversation_id: ConversationId
    body: str | None = Field(
        default=None,
        min_length=1,
        max_length=100_000,
        description="The draft text, as plain text (line breaks are kept) or HTML. Or give "
        "template_id instead.",
    )
    template_id: TemplateId | None = TEMPLATE_FIELD
    channel_id: ChannelRef | None = Field(
        default=None,
        description="Channel the reply would be sent from (cha_... or alt:address:<address>). "
        "Empty: the first channel of the conversation's inbox.",
    )
    mode: Literal["shared", "private"] = Field(
        default="shared",
        description="shared: teammates can see and send the draft (default); private: only its "
        "author can.",
    )
    author_id: TeammateRef | None = Field(
        default=None,
        description="Teammate who owns the draft (tea_... or alt:email:...). Empty: the token.",
    )
    signature_id: str | None = SIGNATURE_FIELD
    should_add_default_signature: bool = DEFAULT_SIGNATURE_FIELD
    quote_body: str | None = QUOTE_FIELD
    attachments: list[FileInput] | None = ATTACHMENTS_FIELD


@register
class FrontCreateDraftReply(FrontTool):
    """Draft a reply for a human to review and send."""

    name: str = "front_create_draft_reply"
    description: str = (
        "Create a DRAFT reply in a Front conversation, for a teammate to review and send. "
        "Nothing reaches the customer. The safe choice when unsure. template_id drafts a "
        "message template's text; signature_id adds a signature (email only)."
    )
    args_schema: type[BaseModel] = DraftReplyInput
    operations = (
        "create-draft-reply",
        "get-channel",
        "list-conversation-inboxes",
        "list-inbox-channels",
        "get-message-template",
    )
    group = "messages"
    example = {"conversation_id": "cnv_7g0", "body": "Draft: it ships today."}

    def steps(self, args: DraftReplyInput) -> Steps:
        """Find a channel if none was given, then POST the draft."""
        if args.channel_id:
            channel_id = args.channel_id
            email = yield from channel_is_email(channel_id)
        else:
            channel_id, email = yield from first_channel(args.conversation_id)
        check_email_only(email=email, signature_id=args.signature_id, quote_body=args.quote_body)
        text, used = args.body or "", ""
        if args.template_id:
            text, used, _ = yield from template_text(args.template_id, email=email)
        body: dict[str, Any] = {
            **outbound_body(text, email=email, plain_version=False),
            "channel_id": channel_id,
            "mode": args.mode,
        }
        for key in ("author_id", "signature_id", "should_add_default_signature", "quote_body"):
            value = getattr(args, key)
            if value:
                body[key] = value
        files = uploads(args.attachments)
        response = yield Call(
            "create-draft-reply",
            path_params={"conversation_id": args.conversation_id},
            body=body,
            files=files,
        )
        draft = response.data or {}
        content = (
            f"Draft {draft.get('id', '(id pending)')} created in "
            f"{target_conversation(response, args.conversation_id)} "
            f"({args.mode}, channel {channel_id}); a teammate can review and send it."
        )
        content += attached(files)
        if used:
            content += f" The body is {used}."
        return content, draft


class AddCommentInput(ToolArgs):
    """Arguments of front_add_comment."""

    argument_hints: ClassVar[dict[str, str]] = FILE_HINTS

    conversation_id: ConversationId
    body: str = Field(
        min_length=1,
        max_length=50_000,
        description="The comment, in Markdown. Visible to teammates only, never to the customer.",
    )
    author_id: TeammateRef | None = Field(
        default=None,
        description="Teammate shown as the author (tea_... or alt:email:...). Empty: the token.",
    )
    is_pinned: bool = Field(default=False, description="Pin the comment to the conversation.")
    attachments: list[FileInput] | None = ATTACHMENTS_FIELD


@register
class FrontAddComment(FrontTool):
    """Add an internal comment to a conversation."""

    name: str = "front_add_comment"
    description: str = (
        "Add an internal comment (a note for teammates, never shown to the customer) to a Front "
        "conversation. Markdown is supported. To notify a teammate, write @ and their username "
        "(e.g. @beno; front_find_teammate gives it), not their name or email. attachments "
        "attaches files."
    )
    args_schema: type[BaseModel] = AddCommentInput
    operations = ("add-comment",)
    group = "messages"
    example = {"conversation_id": "cnv_7g0", "body": "Customer asked twice; **urgent**."}

    def steps(self, args: AddCommentInput) -> Steps:
        """POST the comment."""
        body: dict[str, Any] = {"body": args.body}
        if args.author_id:
            body["author_id"] = args.author_id
        if args.is_pinned:
            body["is_pinned"] = True
        files = uploads(args.attachments)
        response = yield Call(
            "add-comment",
            path_params={"conversation_id": args.conversation_id},
            body=body,
            files=files,
        )
        comment = response.data or {}
        label = " ".join(filter(None, ["Comment", comment.get("id")]))
        conversation = target_conversation(response, args.conversation_id)
        return f"{label} added to {conversation}.{attached(files)}", comment
