"""What a reviewer is asked (:class:`ApprovalRequest`) and answers (:class:`ApprovalDecision`).

Both are JSON-able pydantic models: a LangGraph interrupt carries the request's ``model_dump()``
and a UI resumes with a decision dict. :func:`parse_decision` also reads the decision formats of
LangChain's ``HumanInTheLoopMiddleware`` (``edited_action``, ``message``, ``{"decisions": [...]}``)
so one reviewer UI can answer both. An approval is bound to one action: :func:`action_digest` of
the tool name and its full arguments.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ApprovalDecision",
    "ApprovalRequest",
    "Approver",
    "DecisionType",
    "FrontRequest",
    "action_digest",
    "parse_decision",
]

DecisionType = Literal["approve", "edit", "reject"]
_ALL_DECISIONS: tuple[DecisionType, ...] = ("approve", "edit", "reject")


def action_digest(tool: str, args: Mapping[str, Any]) -> str:
    """A stable digest of one action: the tool and its arguments (JSON, keys sorted)."""
    text = json.dumps({"tool": tool, "args": args}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class FrontRequest(BaseModel):
    """One request to Front exactly as it would be sent (the token aside)."""

    operation: str = Field(description="The catalog operation ID.")
    method: str = Field(description="HTTP method.")
    path: str = Field(description="Path with its parameters filled in, e.g. /conversations/cnv_1.")
    url: str = Field(description="Full URL.")
    query: dict[str, Any] = Field(default_factory=dict, description="Query parameters.")
    body: Any = Field(default=None, description="JSON body (the message text for a reply).")
    effect: str = Field(default="write", description="The operation's effect.")


class ApprovalRequest(BaseModel):
    """What a reviewer sees before a call runs; the payload of the LangGraph interrupt."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["front_approval"] = "front_approval"
    tool: str = Field(description="The tool's name.")
    effect: str = Field(description="read, write, destructive or send.")
    args: dict[str, Any] = Field(description="The tool call's arguments (an edit replaces them).")
    requests: list[FrontRequest] = Field(
        default_factory=list, description="The Front requests the call would make that change."
    )
    conversation_id: str | None = Field(default=None, description="The conversation acted on.")
    subject: str | None = Field(default=None, description="That conversation's subject.")
    recipient: str | None = Field(default=None, description="That conversation's recipient.")
    allowed_decisions: list[DecisionType] = Field(
        default_factory=lambda: list(_ALL_DECISIONS),
        description="What the reviewer may answer.",
    )
    action_id: str = Field(description="Digest of the tool and its arguments.")
    description: str = Field(default="", description="One line for a person.")


class ApprovalDecision(BaseModel):
    """A reviewer's answer: approve, edit (run these arguments instead) or reject."""

    type: DecisionType
    args: dict[str, Any] | None = Field(default=None, description="Edited arguments (edit).")
    reason: str | None = Field(default=None, description="Why (shown to the model on reject).")
    approver: str | None = Field(default=None, description="Who decided (for the audit trail).")
    action_id: str | None = Field(
        default=None, description="The request's action_id; when given, it must match."
    )


#: Decides outside a graph: gets the request, returns a decision (or a dict of one); may be async.
#: (``ApprovalDecision | dict | Awaitable[...]``, typed ``Any`` so pydantic fields accept any.)
Approver = Callable[[ApprovalRequest], Any]


def parse_decision(value: Any, tool: str | None = None) -> ApprovalDecision:
    """A decision from our format or LangChain HITL middleware's; raises ``ValueError`` if neither.

    HITL formats: ``{"decisions": [d]}`` (batched; exactly one decision), ``{"type": "edit",
    "edited_action": {"name", "args"}}``, ``{"type": "reject", "message": ...}``; a ``respond``
    decision counts as a rejection whose reason is its message (the tool does not run).
    """
    if isinstance(value, ApprovalDecision):
        return value
    if value == "approve" or value == "reject":
        return ApprovalDecision(type=value)
    if not isinstance(value, Mapping):
        raise ValueError(f"not an approval decision: {value!r}")
    if "decisions" in value and "type" not in value:
        decisions = value["decisions"]
        if not isinstance(decisions, list) or len(decisions) != 1:
            raise ValueError("expected exactly one decision for this call")
        return parse_decision(decisions[0], tool)
    data = dict(value)
    kind = data.get("type")
    if kind == "respond":
        data = {"type": "reject", "reason": data.get("message")}
    elif kind == "reject" and "message" in data and "reason" not in data:
        data["reason"] = data.pop("message")
    edited = data.pop("edited_action", None)
    if isinstance(edited, Mapping):
        name = edited.get("name")
        if tool is not None and name not in (None, tool):
            raise ValueError(f"an edit cannot switch tools ({name!r} is not {tool!r})")
        data["args"] = dict(edited.get("args") or {})
    data.pop("message", None)
    return ApprovalDecision.model_validate(data)
