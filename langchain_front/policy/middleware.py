"""Configuration for LangChain's ``HumanInTheLoopMiddleware`` that agrees with the tools' policy.

:func:`interrupt_on` gives one ``InterruptOnConfig`` per tool a call of which may need approval:
the decisions the tools accept, a ``when`` predicate that asks exactly when the policy says
``approve`` for that call's arguments, and a description hook. In ``interrupt_mode="per_call"``
the hook runs in the tool's own task and notes the exact action put to the reviewer, so the tool
takes the middleware's answer instead of asking again (:mod:`.graph`). The tool's own check stays
in force whatever the middleware does: a call the middleware let through without an answer for
exactly its arguments pauses again, and a rejected call never reaches Front.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from langchain_front.policy.approval import action_digest, parse_decision
from langchain_front.policy.graph import note_review
from langchain_front.policy.guard import audit_decision, is_dry_run
from langchain_front.policy.rules import EFFECTS

if TYPE_CHECKING:
    from langchain_front.tools._base import FrontTool

__all__ = ["DECISIONS", "interrupt_on", "may_need_approval"]

DECISIONS = ["approve", "edit", "reject"]


def _validated(tool: FrontTool, args: Any) -> Any:
    schema = tool.args_schema
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return schema.model_validate(args or {})
    return args


def may_need_approval(tool: FrontTool) -> bool:
    """Whether some call of ``tool`` may need approval under its policy."""
    from langchain_front.tools._base import FrontTool

    if tool.policy.rule(tool.name, tool.effective_effect(), tool.operations) == "approve":
        return True
    varies = type(tool).call_effect is not FrontTool.call_effect
    return varies and any(tool.policy.for_effect(effect) == "approve" for effect in EFFECTS)


def _needs_approval(tool: FrontTool, args: Any) -> bool:
    try:
        parsed = _validated(tool, args)
    except ValidationError:
        return True  # the tool refuses it anyway; asking costs nothing
    rule = tool.policy.rule(tool.name, tool.call_effect(parsed), tool.call_operations(parsed))
    return rule == "approve"


def _audit_rejection(tool: FrontTool, effect: str, args: dict[str, Any], answer: Any) -> None:
    """Record a rejection given through the middleware (the tool never runs to record it;
    approvals and edits are recorded by the tool, which takes them)."""
    if answer is None:
        return
    try:
        decision = parse_decision(answer, tool.name)
    except ValueError:
        return
    if decision.type != "reject":
        return
    from langgraph.config import get_config

    audit_decision(
        tool,
        get_config(),
        effect,
        args,
        "reject",
        approver=decision.approver or "hitl-middleware",
        reason=decision.reason,
    )


def _current_config() -> Any:
    try:
        from langgraph.config import get_config

        return get_config()
    except (ImportError, RuntimeError):
        return None


def _config(tool: FrontTool) -> dict[str, Any]:
    def when(request: Any) -> bool:
        if is_dry_run(tool, _current_config()):  # a dry run sends nothing: nothing to review
            return False
        return _needs_approval(tool, request.tool_call.get("args"))

    def describe(tool_call: Any, state: Any, runtime: Any) -> str:
        args = tool_call.get("args") or {}
        effect = tool.effective_effect()
        data = args
        try:
            parsed = _validated(tool, args)
        except ValidationError:
            pass
        else:
            effect = tool.call_effect(parsed)
            data = parsed.model_dump(mode="json") if isinstance(parsed, BaseModel) else args
        answer = note_review(action_digest(tool.name, data))
        _audit_rejection(tool, effect, data, answer)
        shown = json.dumps(args, ensure_ascii=False, sort_keys=True)
        return f"{tool.name} ({effect}) needs approval.\nArgs: {shown}"

    return {"allowed_decisions": list(DECISIONS), "description": describe, "when": when}


def interrupt_on(tools: Iterable[FrontTool]) -> dict[str, Any]:
    """``HumanInTheLoopMiddleware(interrupt_on=...)`` for these tools (see the module doc)."""
    return {tool.name: _config(tool) for tool in tools if may_need_approval(tool)}
