"""Work over many conversations: one action applied to every conversation a search or a list names.

Front has no bulk endpoint, so a handover of 140 conversations is 140 requests. Without this
tool a model makes them one tool call at a time and runs out of turns. Here one call does them
all, in the safe order a person would: count first (``confirm=false`` changes nothing), then act
(``confirm=true``), one request per conversation through the shared client, whose pacer keeps
within Front's rate limit. A conversation that fails (gone, merged away, refused) is reported and
the run goes on; a failure that would hit every conversation (rate limit beyond the retry
budget, lost credentials, network) stops the run with a resume token that carries the
conversations left, so the next call continues where this one stopped. Touching more than
:data:`HANDFUL` conversations counts as destructive (the tool's ``call_effect``), so a policy
asks a human first.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import zlib
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from typing_extensions import Self

from langchain_front.catalog import Effect
from langchain_front.client.pages import ListPage
from langchain_front.errors import (
    FrontAPIError,
    FrontAuthenticationError,
    FrontNotConnectedError,
    FrontRateLimitError,
    FrontTransportError,
    FrontValidationError,
)
from langchain_front.tools._base import Call, FrontTool, Steps, target_conversation
from langchain_front.tools._fields import ConversationId, TagId, TeammateRef, ToolArgs
from langchain_front.tools._names import resolve_query, with_notes
from langchain_front.tools._registry import register
from langchain_front.tools.render.bulk import render_count, render_outcome

logger = logging.getLogger(__name__)

#: Up to this many conversations an action counts as a write; beyond, as destructive.
HANDFUL = 5
#: Most conversations one call handles (and a resume token carries).
MAX_CONVERSATIONS = 500
#: Consecutive failures after which the run stops (something is wrong for every conversation).
MAX_CONSECUTIVE_FAILURES = 10
#: A progress event every this many conversations.
PROGRESS_EVERY = 10
#: Name of the LangChain custom event that reports progress.
PROGRESS_EVENT = "front_bulk_progress"

_RESUME_PREFIX = "lfb1."
_STOPPING = (
    FrontRateLimitError,
    FrontAuthenticationError,
    FrontNotConnectedError,
    FrontTransportError,
)

Action = Literal[
    "assign", "unassign", "add_tags", "remove_tags", "archive", "reopen", "set_status", "snooze"
]


class BulkUpdateInput(ToolArgs):
    """Arguments of front_bulk_update_conversations."""

    action: Action = Field(
        description="What to do to each conversation: assign (needs teammate_id), unassign, "
        "add_tags / remove_tags (need tag_ids; other tags are kept), archive, reopen, "
        "set_status (needs status_id), snooze (needs snooze_until and teammate_id)."
    )
    query: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="A Front search query selecting the conversations, as in "
        "front_search_conversations (e.g. 'assignee:ben is:open'; tag:, inbox: and assignee: "
        "take names). Give this or conversation_ids.",
    )
    conversation_ids: list[ConversationId] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_CONVERSATIONS,
        description="The conversations (cnv_... IDs or the numbers Front's app shows). Give "
        "this or query.",
    )
    teammate_id: TeammateRef | None = Field(
        default=None,
        description="assign: the new assignee; snooze: whose reminder it is. A teammate ID, "
        "alt:email:<email>, or their name.",
    )
    tag_ids: list[TagId] | None = Field(
        default=None,
        min_length=1,
        max_length=20,
        description="add_tags / remove_tags: tag IDs (tag_...) or tag names.",
    )
    status_id: str | None = Field(
        default=None,
        pattern=r"^sts_[0-9a-z]+$",
        description="set_status: the ticket status ID (sts_...; only with ticketing enabled).",
    )
    snooze_until: str | None = Field(
        default=None,
        max_length=40,
        description="snooze: when the conversation reopens, ISO 8601 with a timezone "
        "(2025-03-01T09:00:00Z) or Unix seconds.",
    )
    confirm: bool = Field(
        default=False,
        description="false (first call): only count and preview the conversations, changing "
        "nothing. true: apply the action to all of them.",
    )
    max_conversations: int = Field(
        default=200,
        ge=1,
        le=MAX_CONVERSATIONS,
        description="Most query matches to handle in this call (matches beyond it are left "
        "alone; a list of conversation_ids is always handled whole).",
    )
    resume_token: str | None = Field(
        default=None,
        max_length=20_000,
        description="To continue a run that stopped early: the resume_token it gave, with the "
        "same action arguments and confirm=true (query and conversation_ids are not needed).",
    )

    @model_validator(mode="after")
    def _needs(self) -> Self:
        needs = {
            "assign": ("teammate_id",),
            "add_tags": ("tag_ids",),
            "remove_tags": ("tag_ids",),
            "set_status": ("status_id",),
            "snooze": ("snooze_until", "teammate_id"),
        }
        missing = [f for f in needs.get(self.action, ()) if getattr(self, f) in (None, [])]
        if missing:
            raise ValueError(f"action {self.action!r} needs {' and '.join(missing)}")
        given = [f for f in ("query", "conversation_ids") if getattr(self, f)]
        if len(given) == 2:
            raise ValueError("give query or conversation_ids, not both")
        if not given and not self.resume_token:
            raise ValueError("give query or conversation_ids (or a resume_token)")
        if self.snooze_until is not None:
            _timestamp(self.snooze_until)
        return self


def _timestamp(text: str) -> float:
    """Unix seconds from ISO 8601 (with a timezone) or a number."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"snooze_until {text!r} is not a time: use ISO 8601 like 2025-03-01T09:00:00Z"
        ) from None
    if moment.tzinfo is None:
        raise ValueError("snooze_until needs a timezone, e.g. 2025-03-01T09:00:00Z")
    return moment.astimezone(timezone.utc).timestamp()


# ----------------------------------------------------------------------------- resume tokens


def _signature(args: BulkUpdateInput) -> str:
    """What a resume token is bound to: the action and its parameters (after name resolution)."""
    what = [args.action, args.teammate_id, args.tag_ids, args.status_id, args.snooze_until]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:16]


def _encode(signature: str, remaining: list[str], done: int, failed: int) -> str:
    data = json.dumps({"s": signature, "r": remaining, "d": done, "f": failed}).encode()
    return _RESUME_PREFIX + base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii")


def _decode(token: str, signature: str) -> tuple[list[str], int, int]:
    """``(conversations left, done before, failed before)`` of a resume token."""
    problem = (
        "resume_token is not one this tool gave: pass it exactly as the previous result showed"
    )
    try:
        if not token.startswith(_RESUME_PREFIX):
            raise ValueError(token)
        raw = zlib.decompress(base64.urlsafe_b64decode(token[len(_RESUME_PREFIX) :]))
        data = json.loads(raw)
        remaining, done, failed = data["r"], int(data["d"]), int(data["f"])
        if not isinstance(remaining, list) or not all(isinstance(r, str) for r in remaining):
            raise ValueError(token)
    except (ValueError, KeyError, TypeError, binascii.Error, zlib.error):
        raise _invalid(problem) from None
    if data.get("s") != signature:
        raise _invalid(
            "resume_token belongs to a different action: call again with the same action, "
            "teammate_id, tag_ids, status_id and snooze_until as the run that gave it"
        )
    return remaining, done, failed


def _invalid(problem: str) -> FrontValidationError:
    return FrontValidationError("resume_token", [problem])


# ----------------------------------------------------------------------------- the tool


#: The one operation each action makes per conversation (what the policy judges).
_ACTION_OPERATIONS = {
    "assign": "update-conversation-assignee",
    "unassign": "update-conversation-assignee",
    "add_tags": "add-conversation-tag",
    "remove_tags": "remove-conversation-tag",
    "snooze": "update-conversation-reminders",
    "set_status": "update-conversation",
    "archive": "update-conversation",
    "reopen": "update-conversation",
}


def _action_call(args: BulkUpdateInput, conversation_id: str) -> Call:
    ids = {"conversation_id": conversation_id}
    if args.action in ("assign", "unassign"):
        assignee = args.teammate_id if args.action == "assign" else None
        return Call("update-conversation-assignee", path_params=ids, body={"assignee_id": assignee})
    if args.action in ("add_tags", "remove_tags"):
        op = "add-conversation-tag" if args.action == "add_tags" else "remove-conversation-tag"
        return Call(op, path_params=ids, body={"tag_ids": list(dict.fromkeys(args.tag_ids or []))})
    if args.action == "snooze":
        when = _timestamp(args.snooze_until or "")
        body = {"teammate_id": args.teammate_id, "scheduled_at": when}
        return Call("update-conversation-reminders", path_params=ids, body=body)
    if args.action == "set_status":
        return Call("update-conversation", path_params=ids, body={"status_id": args.status_id})
    status = "archived" if args.action == "archive" else "open"
    return Call("update-conversation", path_params=ids, body={"status": status})


def _reason(exc: FrontAPIError) -> str:
    text = f"{exc.status} {exc.title}" + (f": {exc.message}" if exc.message else "")
    return text if len(text) <= 200 else text[:199] + "…"


def _stop_reason(exc: Exception) -> str:
    if isinstance(exc, FrontRateLimitError):
        wait = f"{exc.retry_after:.0f} s" if exc.retry_after is not None else "a minute"
        return f"Front's rate limit is spent; resume in {wait}"
    text = str(exc)
    return text if len(text) <= 300 else text[:299] + "…"


def _progress(action: str, handled: int, total: int, failed: int) -> None:
    """Report progress as a LangChain custom event (and a log line)."""
    data = {"action": action, "handled": handled, "total": total, "failed": failed}
    logger.info("front bulk %s: %d/%d handled, %d failed", action, handled, total, failed)
    try:
        from langchain_core.callbacks import dispatch_custom_event

        dispatch_custom_event(PROGRESS_EVENT, data)
    except RuntimeError:  # not inside a run (no parent run to report to)
        pass


@register
class FrontBulkUpdateConversations(FrontTool):
    """Apply one action to every conversation matching a search or in a list."""

    name: str = "front_bulk_update_conversations"
    description: str = (
        "Apply one action (assign, unassign, add_tags, remove_tags, archive, reopen, set_status, "
        "snooze) to every conversation matching a Front search query or in a list of IDs, in "
        "one call (e.g. a handover of 140 conversations). Call it first with confirm=false: it "
        "counts and previews the matches and changes nothing. Then call it with the same "
        "arguments and confirm=true: it acts on each, paced within Front's rate limit, and "
        "returns which conversations succeeded and which failed with why. If it stops early it "
        "gives a resume_token to continue. For one conversation use the single tools."
    )
    args_schema: type[BaseModel] = BulkUpdateInput
    operations = (
        "search-conversations",
        "update-conversation-assignee",
        "add-conversation-tag",
        "remove-conversation-tag",
        "update-conversation",
        "update-conversation-reminders",
    )
    group = "bulk"
    example = {"action": "add_tags", "query": "is:open", "tag_ids": ["tag_4d4"]}

    def call_operations(self, args: Any) -> tuple[str, ...]:
        """Counting searches only; acting adds the one operation of the chosen action."""
        if not getattr(args, "confirm", False):
            return ("search-conversations",)
        action = _ACTION_OPERATIONS.get(str(getattr(args, "action", "")))
        return ("search-conversations", action) if action else self.operations

    def call_effect(self, args: Any) -> Effect:
        """Read when only counting; beyond :data:`HANDFUL` conversations (or an unknown number,
        from a query), destructive; else as strong as the action's operation."""
        values = args if isinstance(args, Mapping) else getattr(args, "__dict__", {})

        def get(key: str) -> Any:
            return values.get(key)

        if not get("confirm"):
            return "read"
        count: int | None = None
        if get("conversation_ids"):
            count = len(set(get("conversation_ids")))
        elif get("resume_token"):
            count = _token_count(str(get("resume_token")))
        if count is None or count > HANDFUL or get("action") == "remove_tags":
            return "destructive"
        return "write"

    def steps(self, args: BulkUpdateInput) -> Steps:
        """Select (search pages or the list), count, then act on each conversation."""
        notes: list[str] = []
        earlier = (0, 0)
        if args.resume_token:
            targets, *before = _decode(args.resume_token, _signature(args))
            earlier = (before[0], before[1])
            preview = [{"id": cid} for cid in targets]
            capped, total = False, None
        elif args.query:
            query, notes = yield from resolve_query(self, args.query)
            preview, capped, total = yield from _search(query, args.max_conversations)
            targets = [str(c.get("id")) for c in preview]
        else:
            targets = list(dict.fromkeys(args.conversation_ids or []))
            preview = [{"id": cid} for cid in targets]
            capped, total = False, None
        if not args.confirm:
            content = render_count(args.action, preview, capped=capped, total=total)
            return with_notes(content, notes), {"action": args.action, "conversation_ids": targets}
        content, artifact = yield from self._apply(args, targets, earlier)
        if capped:
            content += (
                f"\nMore conversations matched ({total if total is not None else 'more'} in all) "
                f"than max_conversations={args.max_conversations}: count again to handle the rest."
            )
        return with_notes(content, notes), artifact

    def _apply(self, args: BulkUpdateInput, targets: list[str], earlier: tuple[int, int]) -> Steps:
        done: list[str] = []
        failed: list[tuple[str, str]] = []
        stopped: str | None = None
        streak = 0
        for cid in targets:
            try:
                response = yield _action_call(args, cid)
            except _STOPPING as exc:
                stopped = _stop_reason(exc)
                break
            except FrontAPIError as exc:
                failed.append((cid, _reason(exc)))
                streak += 1
                if streak >= MAX_CONSECUTIVE_FAILURES:
                    stopped = f"{streak} failures in a row; check the last one"
                    break
            else:
                done.append(target_conversation(response, cid))
                streak = 0
            handled = len(done) + len(failed)
            if handled % PROGRESS_EVERY == 0:
                _progress(args.action, handled, len(targets), len(failed))
        handled = len(done) + len(failed)
        remaining = targets[handled:]
        _progress(args.action, handled, len(targets), len(failed))
        token = None
        if remaining:
            token = _encode(
                _signature(args), remaining, earlier[0] + len(done), earlier[1] + len(failed)
            )
        content = render_outcome(
            args.action,
            done,
            failed,
            len(remaining),
            stopped=stopped,
            resume_token=token,
            earlier=earlier,
        )
        artifact = {
            "action": args.action,
            "succeeded": done,
            "failed": [{"conversation_id": c, "error": r} for c, r in failed],
            "remaining": remaining,
            "resume_token": token,
            "stopped": stopped,
        }
        return content, artifact


def _token_count(token: str) -> int | None:
    """How many conversations a resume token carries, without checking what it is for."""
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(token[len(_RESUME_PREFIX) :]))
        remaining = json.loads(raw)["r"]
        return len(remaining) if isinstance(remaining, list) else None
    except (ValueError, KeyError, TypeError, binascii.Error, zlib.error):
        return None


def _search(query: str, most: int) -> Any:
    """``(conversations, capped, Front's total)``: search pages followed up to ``most``."""
    found: list[Mapping[str, Any]] = []
    page_token: str | None = None
    total: int | None = None
    while len(found) < most:
        params: dict[str, Any] = {"limit": min(100, most - len(found))}
        if page_token:
            params["page_token"] = page_token
        response = yield Call("search-conversations", path_params={"query": query}, query=params)
        page = ListPage.of(response.data)
        total = page.total if total is None else total
        found += [c for c in page.items if isinstance(c, Mapping) and c.get("id")]
        page_token = page.page_token
        if not page_token:
            return found[:most], False, total
    return found[:most], True, total
