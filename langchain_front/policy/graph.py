"""Approval inside LangGraph: ``interrupt()`` with the request, and LangChain's HITL middleware.

A tool that needs approval in a graph calls ``langgraph.types.interrupt`` with the
:class:`ApprovalRequest` and reads the resume value as a decision. When LangChain's
``HumanInTheLoopMiddleware`` (``interrupt_mode="per_call"``, configured by
``FrontToolkit.interrupt_on()``) already asked about the same call in the same task, the tool
takes that answer instead of asking twice: the middleware's description hook notes which exact
action (digest of tool and arguments) it put to the reviewer, and the tool accepts the answer only
for that action (an edit only for the edited arguments it is run with). Anything else, e.g. a
rejected call run again by another component in another task, finds no answer and pauses again:
the tool fails closed.

Two LangGraph traits need care. A task that pauses runs again from the start when resumed, so a
change made before a sibling call paused would be made twice: changes made in a task are
remembered (per thread, task and action, in this process) and not made again. And LangGraph
matches resume values to interrupts by their order within a task, which is not fixed when a
``ToolNode`` runs several calls of one model turn concurrently: when more than one action asked
in the same task, only a decision naming its ``action_id`` is taken (``create_agent`` runs each
call as a task of its own, so this never arises there). langgraph is imported only when a call
runs inside a graph.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from langchain_core.tools import ToolException

from langchain_front.policy.approval import ApprovalDecision, ApprovalRequest, parse_decision

__all__ = [
    "ask_in_graph",
    "completed",
    "in_graph",
    "middleware_answer",
    "note_review",
    "remember",
    "scratchpad_of",
    "show",
    "shown",
]

_SCRATCHPAD = "__pregel_scratchpad"
_CHECKPOINTER = "__pregel_checkpointer"
_MAX_ENTRIES = 1024

_lock = threading.Lock()
# Reviews the HITL middleware put to a person, per running task execution (its scratchpad): the
# action digest and the interrupt index its answer comes back at. Entries keep the scratchpad
# alive, so an id is never reused while listed.
_reviews: OrderedDict[int, tuple[Any, list[tuple[str, int]]]] = OrderedDict()
# Per task (thread, checkpoint namespace): the actions that asked, and the results of changes made.
_asked: OrderedDict[tuple[str, str], set[str]] = OrderedDict()
_done: OrderedDict[tuple[str, str, str], tuple[str, Any]] = OrderedDict()
# Per task and action: what the reviewer was shown (the request and the preview's changes).
_shown: OrderedDict[tuple[str, str, str], tuple[ApprovalRequest, Any]] = OrderedDict()


def _bounded(table: OrderedDict[Any, Any], key: Any, value: Any) -> Any:
    """Set (or keep) ``table[key]``, most recent last, dropping the oldest past the bound."""
    current = table.setdefault(key, value)
    table.move_to_end(key)
    while len(table) > _MAX_ENTRIES:
        table.popitem(last=False)
    return current


def scratchpad_of(config: Mapping[str, Any] | None) -> Any:
    """The running LangGraph task's scratchpad, or ``None`` outside a graph."""
    configurable = (config or {}).get("configurable") or {}
    return configurable.get(_SCRATCHPAD)


def in_graph(config: Mapping[str, Any] | None) -> bool:
    """Whether a call runs in a LangGraph task that can pause and resume: it has a scratchpad
    (``interrupt`` works) and a checkpointer (a paused run can be resumed). Without one a pause
    would end the run for good, so the call is treated as outside a graph: the ``approver``
    decides, or it fails closed with a message the model reads."""
    configurable = (config or {}).get("configurable") or {}
    return scratchpad_of(config) is not None and configurable.get(_CHECKPOINTER) is not None


def _task(config: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """(thread, checkpoint namespace): the same for every run of one task, resumes included."""
    configurable = (config or {}).get("configurable") or {}
    thread = configurable.get("thread_id")
    if thread is None or not in_graph(config):
        return None
    return str(thread), str(configurable.get("checkpoint_ns", ""))


def completed(config: Mapping[str, Any] | None, action_id: str) -> tuple[str, Any] | None:
    """The result of ``action_id`` if this task already made its changes (then not again)."""
    task = _task(config)
    if task is None:
        return None
    with _lock:
        return _done.get((*task, action_id))


def remember(config: Mapping[str, Any] | None, action_id: str, result: tuple[str, Any]) -> None:
    """Record that this task made the changes of ``action_id``, with their result."""
    task = _task(config)
    if task is not None:
        with _lock:
            _bounded(_done, (*task, action_id), result)


def shown(config: Mapping[str, Any] | None, action_id: str) -> tuple[ApprovalRequest, Any] | None:
    """The request (and previewed changes) this task showed a reviewer for ``action_id``.

    A resumed task runs again: reusing what was shown saves the preview's reads, and the
    changes are then checked against what the reviewer saw (in this process).
    """
    task = _task(config)
    if task is None:
        return None
    with _lock:
        return _shown.get((*task, action_id))


def show(config: Mapping[str, Any] | None, request: ApprovalRequest, preview: Any) -> None:
    """Record what this task shows a reviewer for ``request.action_id``."""
    task = _task(config)
    if task is not None:
        with _lock:
            _bounded(_shown, (*task, request.action_id), (request, preview))


def note_review(action_id: str) -> Any:
    """Record that the HITL middleware is asking about ``action_id`` in the current task.

    Returns the answer the run is resuming with for this review, if any (``None`` on the first
    run), without consuming it: the middleware reads it next.
    """
    try:
        from langgraph.config import get_config

        scratchpad = scratchpad_of(get_config())
    except (ImportError, RuntimeError):
        return None
    if scratchpad is None:
        return None
    with _lock:
        _, reviews = _bounded(_reviews, id(scratchpad), (scratchpad, []))
        index = len(reviews)
        reviews.append((action_id, index))
    resume = list(getattr(scratchpad, "resume", None) or [])
    if index < len(resume):
        return resume[index]
    peek = getattr(scratchpad, "get_null_resume", None)
    return peek(False) if callable(peek) else None


def middleware_answer(
    config: Mapping[str, Any] | None,
    tool: str,
    action_id: str,
    digest_of_edit: Callable[[dict[str, Any]], str],
) -> ApprovalDecision | None:
    """The HITL middleware's answer about exactly this action in this task, if it gave one."""
    scratchpad = scratchpad_of(config)
    if scratchpad is None:
        return None
    with _lock:
        entry = _reviews.get(id(scratchpad))
        reviews = list(entry[1]) if entry else []
    resume = list(getattr(scratchpad, "resume", None) or [])
    for reviewed, index in reversed(reviews):
        if index >= len(resume):
            continue
        try:
            decision = parse_decision(resume[index], tool)
        except ValueError:
            continue
        if decision.type == "edit":
            if decision.args is None or digest_of_edit(decision.args) != action_id:
                continue
        elif reviewed != action_id:
            continue
        return decision.model_copy(update={"approver": decision.approver or "hitl-middleware"})
    return None


def _decision(value: Any, tool: str) -> ApprovalDecision:
    try:
        return parse_decision(value, tool)
    except ValueError as exc:  # pydantic's ValidationError is one
        raise ToolException(
            f"The answer to this approval is not a decision ({str(exc).splitlines()[0]}); "
            "nothing was sent. Resume with approve, edit or reject."
        ) from None


def ask_in_graph(request: ApprovalRequest, config: Mapping[str, Any] | None) -> ApprovalDecision:
    """Pause with ``interrupt(request)``; the resume value is the decision (see the module doc).

    A decision naming this request's ``action_id`` is taken wherever it sits among the task's
    resume values; one naming another action is skipped (the call pauses again for its own).
    """
    from langgraph.types import interrupt

    for value in list(getattr(scratchpad_of(config), "resume", None) or []):
        try:
            earlier = parse_decision(value, request.tool)
        except ValueError:
            continue
        if earlier.action_id == request.action_id:
            return earlier
    task = _task(config)
    askers: set[str] = set()
    if task is not None:
        with _lock:
            askers = _bounded(_asked, task, set())
            askers.add(request.action_id)
    payload = request.model_dump(mode="json")
    while True:
        decision = _decision(interrupt(payload), request.tool)
        if decision.action_id == request.action_id:
            return decision
        if decision.action_id is not None:
            continue  # another call's answer: ask for this one at the next index
        with _lock:
            several = len(askers) > 1
        if several:
            raise ToolException(
                "Several calls needing approval ran in the same graph step, so this answer "
                "cannot be matched to one of them; nothing was sent. Resume with the action_id "
                "of the request you decide on, or run each tool call as its own task "
                "(create_agent does)."
            )
        return decision
