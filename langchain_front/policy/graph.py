"""Approval inside LangGraph: ``interrupt()`` with the request, and LangChain's HITL middleware.

A tool that needs approval in a graph calls ``langgraph.types.interrupt`` with the
:class:`ApprovalRequest` and reads the resume value as a decision. When LangChain's
``HumanInTheLoopMiddleware`` (``interrupt_mode="per_call"``, configured by
``FrontToolkit.interrupt_on()``) already asked about the same call in the same task, the tool
takes that answer instead of asking twice: the middleware's description hook notes which exact
action (digest of tool and arguments) it put to the reviewer, and the tool accepts the answer only
for that action (an edit only for the edited arguments it is run with). Anything else, e.g. a
rejected call run again by another component in another task, finds no answer and pauses again:
the tool fails closed. langgraph is imported only when a call runs inside a graph.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from langchain_front.policy.approval import ApprovalDecision, ApprovalRequest, parse_decision

__all__ = ["ask_in_graph", "in_graph", "note_review", "scratchpad_of"]

_SCRATCHPAD = "__pregel_scratchpad"
_MAX_TASKS = 512

# Reviews the HITL middleware put to a person, per running task (its scratchpad): the action
# digest and the interrupt index its answer comes back at. Bounded; entries keep the scratchpad
# alive so an id is never reused while listed.
_reviews: OrderedDict[int, tuple[Any, list[tuple[str, int]]]] = OrderedDict()
_lock = threading.Lock()


def scratchpad_of(config: Mapping[str, Any] | None) -> Any:
    """The running LangGraph task's scratchpad, or ``None`` outside a graph."""
    configurable = (config or {}).get("configurable") or {}
    return configurable.get(_SCRATCHPAD)


def in_graph(config: Mapping[str, Any] | None) -> bool:
    """Whether a call runs inside a LangGraph task (so it can pause with ``interrupt``)."""
    return scratchpad_of(config) is not None


def note_review(action_id: str) -> None:
    """Record that the HITL middleware is asking about ``action_id`` in the current task."""
    try:
        from langgraph.config import get_config

        scratchpad = scratchpad_of(get_config())
    except (ImportError, RuntimeError):
        return
    if scratchpad is None:
        return
    with _lock:
        _, reviews = _reviews.setdefault(id(scratchpad), (scratchpad, []))
        _reviews.move_to_end(id(scratchpad))
        reviews.append((action_id, len(reviews)))
        while len(_reviews) > _MAX_TASKS:
            _reviews.popitem(last=False)


def _middleware_answer(
    scratchpad: Any, request: ApprovalRequest, digest_of_edit: Any
) -> ApprovalDecision | None:
    """The middleware's answer about exactly this action in this task, if it gave one."""
    with _lock:
        entry = _reviews.get(id(scratchpad))
        reviews = list(entry[1]) if entry else []
    resume = list(getattr(scratchpad, "resume", None) or [])
    for action_id, index in reversed(reviews):
        if index >= len(resume):
            continue
        try:
            decision = parse_decision(resume[index], request.tool)
        except ValueError:
            continue
        if decision.type == "edit":
            if decision.args is not None and digest_of_edit(decision.args) == request.action_id:
                return decision
            continue
        if action_id == request.action_id:
            return decision
    return None


def ask_in_graph(
    request: ApprovalRequest, config: Mapping[str, Any] | None, digest_of_edit: Any
) -> ApprovalDecision:
    """The decision about ``request``: the middleware's answer, else pause with ``interrupt``."""
    scratchpad = scratchpad_of(config)
    answer = _middleware_answer(scratchpad, request, digest_of_edit)
    if answer is not None:
        return answer.model_copy(update={"approver": answer.approver or "hitl-middleware"})
    from langgraph.types import interrupt

    value = interrupt(request.model_dump(mode="json"))
    return parse_decision(value, request.tool)
