"""Approval over MCP: the policy's ``approve`` calls ask the user through MCP elicitation.

The toolkit behind the server gets :func:`mcp_approver` as its ``approver``. When a tool call
needs approval, it runs with the exact :class:`~langchain_front.policy.ApprovalRequest` (the
requests that would be sent, the conversation's subject and recipient) and asks the client:

* on a 2026-07-28 connection, by answering the call with an ``InputRequiredResult`` carrying an
  elicitation (the client asks its user and retries the call with the answer; the answer binds
  to the request's ``action_id``, the digest of the tool and its arguments);
* on an older connection, with an ``elicitation/create`` request while the call waits.

A client that did not declare the elicitation capability cannot ask anyone: the call fails
closed (nothing is sent), with a message saying how to allow it.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any

import mcp_types as types
from langchain_core.tools import ToolException

from langchain_front.policy import ApprovalDecision, ApprovalRequest

__all__ = ["ANSWER_KEY", "CallContext", "NeedsInput", "current_call", "mcp_approver"]

#: The key of the approval elicitation in ``input_requests`` / ``input_responses``.
ANSWER_KEY = "front_approval"

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "approve": {
            "type": "boolean",
            "title": "Approve",
            "description": "Run this action in Front now.",
            "default": False,
        },
        "reason": {"type": "string", "title": "Reason", "description": "Why (optional)."},
    },
    "required": ["approve"],
}


@dataclass
class CallContext:
    """What the approver needs to know about the MCP call in progress."""

    ctx: Any  # mcp.server.context.ServerRequestContext
    can_elicit: bool
    modern: bool
    responses: dict[str, Any] | None = None
    request_state: str | None = None
    user: str | None = None


current_call: contextvars.ContextVar[CallContext | None] = contextvars.ContextVar(
    "front_mcp_call", default=None
)


class NeedsInput(Exception):
    """Raised through the tool call to answer it with an ``InputRequiredResult``."""

    def __init__(self, request: ApprovalRequest) -> None:
        super().__init__(request.tool)
        self.request = request


def elicitation_message(request: ApprovalRequest) -> str:
    """What the user reads: the action, where, to whom, and the exact requests."""
    lines = [f"Approve {request.tool} ({request.effect})?"]
    if request.conversation_id:
        subject = f" {request.subject!r}" if request.subject else ""
        lines.append(f"Conversation {request.conversation_id}{subject}")
    if request.recipient:
        lines.append(f"Recipient: {request.recipient}")
    for sent in request.requests:
        body = f" {sent.body}" if sent.body is not None else ""
        lines.append(f"{sent.method} {sent.path}{body}"[:1500])
    return "\n".join(lines)


def elicit_request(request: ApprovalRequest) -> types.ElicitRequest:
    """The form elicitation asking about ``request``."""
    return types.ElicitRequest(
        params=types.ElicitRequestFormParams(
            message=elicitation_message(request), requested_schema=_SCHEMA
        )
    )


def decision_from(result: Any, user: str | None) -> ApprovalDecision:
    """An :class:`ApprovalDecision` from the client's ``ElicitResult``: approve only on an
    accepted form with ``approve: true``."""
    if isinstance(result, dict):
        result = types.ElicitResult.model_validate(result)
    action = getattr(result, "action", None)
    content = getattr(result, "content", None) or {}
    who = f"mcp:{user}" if user else "mcp user"
    if action == "accept" and content.get("approve") is True:
        return ApprovalDecision(type="approve", approver=who)
    reason = content.get("reason") if isinstance(content.get("reason"), str) else None
    if action != "accept":
        reason = reason or f"the user chose {action} in the MCP client"
    return ApprovalDecision(type="reject", reason=reason or "not approved", approver=who)


async def mcp_approver(request: ApprovalRequest) -> ApprovalDecision:
    """The toolkit's approver inside the MCP server (see the module docstring)."""
    call = current_call.get()
    if call is None:
        raise ToolException(f"{request.tool} needs approval and no MCP call is in progress.")
    if call.responses and ANSWER_KEY in call.responses and call.request_state == request.action_id:
        return decision_from(call.responses[ANSWER_KEY], call.user)
    if not call.can_elicit:
        raise ToolException(
            f"{request.tool} needs a human's approval ({request.effect} call) and this MCP client "
            "cannot ask its user (it does not support elicitation), so nothing was sent. Use a "
            "client that supports elicitation, or start the server with a policy that allows it "
            f"(--allow {request.effect})."
        )
    if call.modern:
        raise NeedsInput(request)
    result = await call.ctx.session.elicit_form(
        message=elicitation_message(request),
        requested_schema=_SCHEMA,
        related_request_id=call.ctx.request_id,
    )
    return decision_from(result, call.user)
