"""Who answers an approval: a LangGraph interrupt inside a graph, else the ``approver`` callable.

With neither, a call that needs approval fails closed, before any request, with a message that
says the three ways to approve. A sync call cannot wait for an async approver (it says to use
``ainvoke``); an async call takes either kind.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from langchain_core.tools import ToolException

from langchain_front.policy.approval import ApprovalDecision, ApprovalRequest, Approver
from langchain_front.policy.approval import parse_decision as _parse
from langchain_front.policy.graph import ask_in_graph, in_graph

__all__ = ["adecide", "check_can_ask", "decide", "no_approver_text"]


def no_approver_text(tool: str, effect: str) -> str:
    """The fail-closed message: nothing was sent, and how to approve."""
    return (
        f"{tool} needs a human's approval ({effect} call) and none can be asked here, so nothing "
        "was sent. To approve: run the tools in a LangGraph graph with a checkpointer (the call "
        "pauses for a reviewer), or build the toolkit with approver=<a function that returns "
        "ApprovalDecision(type='approve')>, or allow it in the policy, e.g. "
        f"FrontToolkit(policy=Policy({effect}='allow'))."
    )


def check_can_ask(
    tool: str, effect: str, approver: Approver | None, config: Mapping[str, Any] | None
) -> None:
    """Raise the fail-closed error when no reviewer can be asked (no graph, no approver)."""
    if approver is None and not in_graph(config):
        raise ToolException(no_approver_text(tool, effect))


def _ask(request: ApprovalRequest, approver: Approver | None) -> Any:
    """The approver's answer (maybe awaitable); without an approver, fail closed."""
    if approver is None:
        raise ToolException(no_approver_text(request.tool, request.effect))
    return approver(request)


def decide(
    request: ApprovalRequest, approver: Approver | None, config: Mapping[str, Any] | None
) -> ApprovalDecision:
    """The decision about ``request``, for a sync call."""
    if in_graph(config):
        return ask_in_graph(request, config)
    answer = _ask(request, approver)
    if inspect.isawaitable(answer):
        close = getattr(answer, "close", None)
        if callable(close):
            close()  # never awaited: close it rather than leave a warning
        raise ToolException(
            f"{request.tool} needs approval and the approver is async: call the tool with "
            "ainvoke (nothing was sent)."
        )
    return _parse(answer, request.tool)


async def adecide(
    request: ApprovalRequest, approver: Approver | None, config: Mapping[str, Any] | None
) -> ApprovalDecision:
    """The decision about ``request``, for an async call (the approver may be sync or async)."""
    if in_graph(config):
        return ask_in_graph(request, config)
    answer = _ask(request, approver)
    if inspect.isawaitable(answer):
        answer = await answer
    return _parse(answer, request.tool)
