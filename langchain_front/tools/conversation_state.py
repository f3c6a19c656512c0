"""Conversation state tools: snooze and unsnooze, reopen, and move to another inbox.

Each one handles a trap of Front's API so a model does not have to: reminders need a teammate and
Unix seconds (the tools take an ISO time or a duration and default to the assignee), cancelling
a reminder needs its owner, and reopening a snoozed conversation means cancelling its reminders.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field, model_validator

from langchain_front.errors import FrontValidationError
from langchain_front.tools._base import Call, FrontTool, Steps, no_content, target_conversation
from langchain_front.tools._fields import (
    ConversationId,
    InboxId,
    TeammateRef,
    ToolArgs,
)
from langchain_front.tools._registry import register
from langchain_front.tools._when import When, future_moment, in_words
from langchain_front.tools.render.text import _mappings, _str, format_time
from langchain_front.tools.ticket_statuses import TicketStatusId


def _reminder_owner(reminder: Mapping[str, Any]) -> str | None:
    """The teammate ID a reminder belongs to (the last segment of its ``owner`` link)."""
    related = reminder.get("_links", {})
    owner = related.get("related", {}).get("owner") if isinstance(related, Mapping) else None
    if isinstance(owner, str) and "/teammates/" in owner:
        return owner.rstrip("/").rsplit("/", 1)[-1] or None
    return None


def _assignee_id(conversation: Mapping[str, Any]) -> str | None:
    assignee = conversation.get("assignee")
    return _str(assignee.get("id")) if isinstance(assignee, Mapping) else None


def _invalid(tool: str, problem: str) -> FrontValidationError:
    return FrontValidationError(tool, [problem])


# ----------------------------------------------------------------------------- snooze


class SnoozeConversationInput(ToolArgs):
    """Arguments of front_snooze_conversation."""

    conversation_id: ConversationId
    until: str | None = Field(
        default=None,
        max_length=100,
        description="When it comes back: ISO 8601, e.g. 2026-12-07T09:00:00+01:00 (no timezone "
        "means UTC).",
    )
    duration: str | None = Field(
        default=None,
        max_length=100,
        description="Or how long from now: 30m, 2h, 1h30m, 3d, 1w (or ISO 8601 PT2H).",
    )
    teammate_id: TeammateRef | None = Field(
        default=None,
        description="Whose reminder (any teammate with access to its inbox). Empty: the assignee.",
    )
    status_id: TicketStatusId | None = Field(
        default=None,
        description="Ticketing only: the waiting status to set (default: Front's).",
    )

    @model_validator(mode="after")
    def _one_moment(self) -> SnoozeConversationInput:
        if (self.until is None) == (self.duration is None):
            raise ValueError("give exactly one of until (a date-time) or duration (like 2h)")
        return self


@register
class FrontSnoozeConversation(FrontTool):
    """Snooze a conversation until a time (a reminder brings it back)."""

    name: str = "front_snooze_conversation"
    description: str = (
        "Snooze a Front conversation until a date-time (until) or for a duration: a reminder "
        "brings it back to Open then. Says the exact time (UTC) and whose reminder it is. "
        "Snoozing again replaces the time; undo with front_unsnooze_conversation."
    )
    args_schema: type[BaseModel] = SnoozeConversationInput
    operations = ("get-conversation-by-id", "update-conversation-reminders")
    group = "conversations"
    example = {"conversation_id": "cnv_7g0", "until": "2040-01-15T09:00:00Z"}

    def steps(self, args: SnoozeConversationInput) -> Steps:
        """Compute Unix seconds; find the assignee when no teammate is given; PATCH reminders."""
        try:
            when = future_moment(args.until, args.duration)
        except ValueError as exc:
            raise _invalid(self.name, str(exc)) from None
        conversation_id = args.conversation_id
        teammate = args.teammate_id
        if teammate is None:
            response = yield Call(
                "get-conversation-by-id", path_params={"conversation_id": conversation_id}
            )
            conversation = response.data if isinstance(response.data, Mapping) else {}
            conversation_id = _str(conversation.get("id")) or conversation_id
            teammate = _assignee_id(conversation)
            if teammate is None:
                raise _invalid(
                    self.name,
                    f"{conversation_id} is unassigned, and Front needs the teammate whose "
                    "reminder it is: give teammate_id (any teammate with access to its inbox)",
                )
        body: dict[str, Any] = {"teammate_id": teammate, "scheduled_at": when.seconds}
        if args.status_id:
            body["status_id"] = args.status_id
        response = yield Call(
            "update-conversation-reminders",
            path_params={"conversation_id": conversation_id},
            body=body,
        )
        target = target_conversation(response, conversation_id)
        content = _snoozed_text(target, when, teammate)
        return content, no_content(response.status, body, scheduled_at_iso=when.iso)


def _snoozed_text(conversation_id: str, when: When, teammate: str) -> str:
    text = (
        f"Snoozed {conversation_id} until {when.iso} (Unix {when.seconds}, in "
        f"{in_words(when.seconds - time.time())}); reminder of {teammate}."
    )
    if when.note:
        text += f" Note: {when.note}."
    return text


# ----------------------------------------------------------------------------- unsnooze


class UnsnoozeConversationInput(ToolArgs):
    """Arguments of front_unsnooze_conversation."""

    conversation_id: ConversationId
    teammate_id: TeammateRef | None = Field(
        default=None,
        description="Cancel only this teammate's reminder (tea_... or alt:email:...). Empty: "
        "every reminder on the conversation.",
    )


def _cancel_reminders(
    conversation: Mapping[str, Any], conversation_id: str, only: str | None
) -> Steps:
    """Cancel the conversation's reminders (those of ``only`` when given); say what was done."""
    reminders = _mappings(conversation.get("scheduled_reminders"))
    owners: dict[str, str] = {}
    for reminder in reminders:
        owner = _reminder_owner(reminder) or _assignee_id(conversation)
        if owner and (only is None or owner == only):
            owners.setdefault(owner, format_time(reminder.get("scheduled_at")) or "?")
    if only is not None and only.startswith("alt:") and not owners and reminders:
        owners[only] = "?"  # an email alias: Front resolves it (owners are tea_ IDs here)
    cancelled = []
    for owner, when in owners.items():
        body = {"teammate_id": owner, "scheduled_at": None}
        yield Call(
            "update-conversation-reminders",
            path_params={"conversation_id": conversation_id},
            body=body,
        )
        cancelled.append(f"{owner}'s reminder (set for {when})")
    return ", ".join(cancelled), None


@register
class FrontUnsnoozeConversation(FrontTool):
    """Cancel a conversation's snooze (its reminders)."""

    name: str = "front_unsnooze_conversation"
    description: str = (
        "Unsnooze a Front conversation now: cancels its scheduled reminders, so it stays in "
        "Open instead of waiting for the snooze time. Says which reminders were cancelled, or "
        "that the conversation was not snoozed (then nothing is written)."
    )
    args_schema: type[BaseModel] = UnsnoozeConversationInput
    operations = ("get-conversation-by-id", "update-conversation-reminders")
    group = "conversations"
    example = {"conversation_id": "cnv_7g4"}

    def steps(self, args: UnsnoozeConversationInput) -> Steps:
        """Read the reminders (and their owners), then cancel each with a null time."""
        response = yield Call(
            "get-conversation-by-id", path_params={"conversation_id": args.conversation_id}
        )
        conversation = response.data if isinstance(response.data, Mapping) else {}
        conversation_id = _str(conversation.get("id")) or args.conversation_id
        cancelled, _ = yield from _cancel_reminders(conversation, conversation_id, args.teammate_id)
        reminders = _mappings(conversation.get("scheduled_reminders"))
        if not cancelled and reminders:
            content = (
                f"{conversation_id} has no reminder of {args.teammate_id}; nothing changed. "
                "Leave teammate_id empty to cancel every reminder."
            )
        elif not cancelled:
            content = f"{conversation_id} is not snoozed (no scheduled reminder); nothing changed."
        else:
            content = f"Unsnoozed {conversation_id}: cancelled {cancelled}."
        return content, {"conversation": conversation, "cancelled": cancelled}


# ----------------------------------------------------------------------------- reopen


class ReopenConversationInput(ToolArgs):
    """Arguments of front_reopen_conversation."""

    conversation_id: ConversationId


@register
class FrontReopenConversation(FrontTool):
    """Bring a conversation back to Open (from archived, trash, spam or snooze)."""

    name: str = "front_reopen_conversation"
    description: str = (
        "Reopen a Front conversation: an archived, trashed or spam one goes back to Open, and a "
        "snoozed one is unsnoozed (its reminders are cancelled). Assignee, tags and custom "
        "fields are kept. Says what it changed; an open, unsnoozed conversation is left as is."
    )
    args_schema: type[BaseModel] = ReopenConversationInput
    operations = (
        "get-conversation-by-id",
        "update-conversation",
        "update-conversation-reminders",
    )
    group = "conversations"
    example = {"conversation_id": "cnv_7g2"}

    def steps(self, args: ReopenConversationInput) -> Steps:
        """Read the status; PATCH status open only when needed; cancel reminders if snoozed."""
        response = yield Call(
            "get-conversation-by-id", path_params={"conversation_id": args.conversation_id}
        )
        conversation = response.data if isinstance(response.data, Mapping) else {}
        conversation_id = _str(conversation.get("id")) or args.conversation_id
        status = _str(conversation.get("status")) or "unknown"
        done = []
        if status not in ("assigned", "unassigned"):
            # Only ``status`` is sent: Front refuses it together with a ticket ``status_id``.
            yield Call(
                "update-conversation",
                path_params={"conversation_id": conversation_id},
                body={"status": "open"},
            )
            done.append(f"moved it from {status} to open")
        cancelled, _ = yield from _cancel_reminders(conversation, conversation_id, None)
        if cancelled:
            done.append(f"cancelled {cancelled}")
        if not done:
            content = f"{conversation_id} is already open and not snoozed; nothing changed."
        else:
            content = f"Reopened {conversation_id}: " + "; ".join(done) + "."
        return content, {"conversation": conversation, "changes": done}


# ----------------------------------------------------------------------------- move


class MoveConversationInput(ToolArgs):
    """Arguments of front_move_conversation."""

    conversation_id: ConversationId
    inbox_id: InboxId = Field(description="The inbox to move it to (inb_...); list inboxes.")


@register
class FrontMoveConversation(FrontTool):
    """Move a conversation to another inbox."""

    name: str = "front_move_conversation"
    description: str = (
        "Move a Front conversation to another inbox (it leaves its current inbox; it is not "
        "copied). Inbox IDs come from front_list_inboxes."
    )
    args_schema: type[BaseModel] = MoveConversationInput
    operations = ("update-conversation",)
    group = "conversations"
    example = {"conversation_id": "cnv_7g1", "inbox_id": "inb_2b2"}

    def steps(self, args: MoveConversationInput) -> Steps:
        """PATCH only ``inbox_id`` (never tags or custom fields, which PATCH replaces)."""
        body = {"inbox_id": args.inbox_id}
        response = yield Call(
            "update-conversation",
            path_params={"conversation_id": args.conversation_id},
            body=body,
        )
        target = target_conversation(response, args.conversation_id)
        return f"Moved {target} to inbox {args.inbox_id}.", no_content(response.status, body)
