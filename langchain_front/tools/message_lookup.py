"""Message lookup tools: read one message by ID or UID, and resolve a just-sent message's UID.

Front answers a send or an import with 202 and a ``message_uid`` before the message exists; a
read of ``alt:uid:<uid>`` answers 404 until Front has created it. ``front_resolve_message`` waits
and reads again, with a bounded backoff, and never sends anything.
"""

from __future__ import annotations

from typing import Annotated

from langchain_core.tools import ToolException
from pydantic import AfterValidator, BaseModel, Field, field_validator

from langchain_front.errors import FrontNotFoundError
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.messages import render_message, render_message_head
from langchain_front.tools.render.text import _related_ids

MESSAGE = IdKind(
    "msg_",
    "message",
    "msg_8h0",
    "list the conversation's messages (front_list_conversation_messages), or use "
    "alt:uid:<message_uid> after a send",
    ("alt:uid:",),
)
MessageRef = Annotated[str, AfterValidator(MESSAGE), MESSAGE.field(), MESSAGE]

#: Longest wait front_resolve_message accepts, in seconds.
MAX_RESOLVE_WAIT = 60.0


class GetMessageInput(ToolArgs):
    """Arguments of front_get_message."""

    message_id: MessageRef


@register
class FrontGetMessage(FrontTool):
    """Read one message (or draft) by ID or by the UID a send returned."""

    name: str = "front_get_message"
    description: str = (
        "Read one Front message or draft by ID (msg_...) or by the message_uid a send returned "
        "(alt:uid:<uid>): its conversation ID (and its msg_ ID when read by UID), direction, "
        "time, sender, recipients, attachments (with their fil_ IDs), subject and plain-text "
        "body. Right after a send the UID may "
        "not exist yet: use front_resolve_message, which waits for it."
    )
    args_schema: type[BaseModel] = GetMessageInput
    operations = ("get-message",)
    group = "messages"
    example = {"message_id": "msg_8h0"}

    def steps(self, args: GetMessageInput) -> Steps:
        """GET the message."""
        response = yield Call("get-message", path_params={"message_id": args.message_id})
        data = response.data or {}
        # Read by its msg_ ID, the message ID is the model's own: only an alias needs it back.
        return render_message(data, with_id=data.get("id") != args.message_id), response.data


class ResolveMessageInput(ToolArgs):
    """Arguments of front_resolve_message."""

    message_uid: str = Field(
        min_length=8,
        max_length=100,
        pattern=r"^(alt:uid:)?[0-9a-zA-Z]+$",
        description="The message_uid given by a send, reply or import (with or without the "
        "alt:uid: prefix).",
    )
    max_wait_seconds: float = Field(
        default=20.0,
        ge=0,
        le=MAX_RESOLVE_WAIT,
        description="How long to keep trying while Front has not created the message yet "
        f"(0-{MAX_RESOLVE_WAIT:.0f} s, default 20).",
    )

    @field_validator("message_uid")
    @classmethod
    def _bare(cls, value: str) -> str:
        return value.removeprefix("alt:uid:")


@register
class FrontResolveMessage(FrontTool):
    """Wait for a just-sent message to exist, and give its message and conversation IDs."""

    name: str = "front_resolve_message"
    description: str = (
        "Find the message a send, reply or import created, from the message_uid it returned: "
        "Front creates the message a few seconds after accepting it and answers 'not found' "
        "until then, so this tool waits and reads again (bounded backoff, up to "
        "max_wait_seconds). It NEVER sends anything again. Returns the message ID, its "
        "conversation ID, recipients and subject (not the body, which the send had)."
    )
    args_schema: type[BaseModel] = ResolveMessageInput
    operations = ("get-message",)
    group = "messages"
    example = {"message_uid": "5f1c0e6a9b2d4c7e8f0a1b2c3d4e5f60"}

    first_delay: float = Field(default=0.5, exclude=True)
    """Seconds before the second read; each later wait doubles, up to ``max_delay``."""
    max_delay: float = Field(default=8.0, exclude=True)
    """Longest single wait between two reads."""
    max_reads: int = Field(default=12, exclude=True)
    """Most reads of one call, whatever the delays."""

    def steps(self, args: ResolveMessageInput) -> Steps:
        """Read ``alt:uid:<uid>``; on 404 wait (doubling) and read again, within the bounds."""
        alias = f"alt:uid:{args.message_uid}"
        delay, waited, reads, pause = self.first_delay, 0.0, 0, 0.0
        while True:
            reads += 1
            try:
                response = yield Call("get-message", path_params={"message_id": alias}, wait=pause)
            except FrontNotFoundError:
                if reads >= self.max_reads or waited >= args.max_wait_seconds:
                    break
                pause = max(0.0, min(delay, self.max_delay, args.max_wait_seconds - waited))
                waited += pause
                delay *= 2
                continue
            message = response.data or {}
            conversation = _related_ids(message).get("conversation")
            head = (
                f"Resolved {alias} after {reads} read{'s' if reads > 1 else ''} "
                f"({waited:.1f} s waited): message {message.get('id', '?')}"
                + (f" in conversation {conversation}." if conversation else ".")
            )
            # The body is what was just sent: the fields say which message it is.
            return head + "\n" + render_message_head(message), message
        raise ToolException(
            f"Message {alias} does not exist yet after {reads} reads over {waited:.1f} s. "
            "Nothing was sent again: the send itself was accepted. Call front_resolve_message "
            "again in a little while (or search the conversation) rather than sending again."
        )
