"""Run a tool's steps with reads sent and changes captured: dry runs and approval previews.

A multi-step tool reads before it writes (the channel of a reply, the conversation's inbox), so
its reads go to Front and its changes are recorded as the exact :class:`FrontRequest` the client
would send (built by the client's own ``plan``: validated, path filled in, query encoded) and
answered with an empty 202 so the steps can finish. Steps that need a change's answer to go on
(an ID Front returns) stop there: the preview shows what is known.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from langchain_front.client import FrontResponse
from langchain_front.errors import FrontError
from langchain_front.policy.approval import FrontRequest
from langchain_front.policy.rules import operation_effect

if TYPE_CHECKING:
    from langchain_front.client._core import RequestPlan
    from langchain_front.tools._base import Call, Steps

__all__ = ["Planner", "Preview", "capture", "describe_requests", "front_request", "is_change"]

Planner = Callable[["Call"], "RequestPlan"]


def is_change(operation: str) -> bool:
    """Whether an operation changes anything (its effect is not read; unknown counts)."""
    return operation_effect(operation) != "read"


def front_request(call: Call, planner: Planner) -> FrontRequest:
    """The exact request ``call`` makes, from the client's own plan (validated, no I/O)."""
    plan = planner(call)
    split = urlsplit(plan.url)
    query: dict[str, Any] = {}
    for key, value in plan.params:
        query[key] = (
            [*query[key], value]
            if isinstance(query.get(key), list)
            else ([query[key], value] if key in query else value)
        )
    return FrontRequest(
        operation=plan.operation,
        method=plan.method,
        path=split.path,
        url=plan.url,
        query=query,
        body=plan.json_body,
        effect=operation_effect(call.operation),
    )


class Preview(list[FrontRequest]):
    """The captured changes; ``complete`` is false when the steps stopped at a change whose
    answer they needed (later changes depend on what Front answers)."""

    complete: bool = True


@dataclass(frozen=True)
class Finished:
    """What :func:`forward` returns when the steps ended: their ``(content, artifact)``."""

    value: Any


def forward(steps: Steps, action: Call) -> Generator[Call, FrontResponse, Call | Finished]:
    """Send ``action`` (yield it to the driver) and hand its answer, or its error, back to
    ``steps``; return the next action ``steps`` asks for, or :class:`Finished` when they end
    (a ``StopIteration`` must not escape a generator)."""
    try:
        try:
            outcome = yield action
        except FrontError as exc:
            return steps.throw(exc)
        return steps.send(outcome)
    except StopIteration as done:
        return Finished(done.value)


def capture(steps: Steps, planner: Planner) -> Generator[Call, FrontResponse, Preview]:
    """Drive ``steps``: reads are yielded (sent), changes captured; returns the captured ones."""
    captured = Preview()
    try:
        action = next(steps)
        while True:
            if not is_change(action.operation):
                forwarded = yield from forward(steps, action)
                if isinstance(forwarded, Finished):
                    return captured  # a read ended the steps
                action = forwarded
                continue
            request = front_request(action, planner)
            captured.append(request)
            action = steps.send(
                FrontResponse(
                    operation=action.operation, status=202, data={}, headers={}, url=request.url
                )
            )
    except StopIteration:
        pass
    except Exception:
        if not captured:  # nothing to show: the call fails as it would for real
            raise
        captured.complete = False
    finally:
        steps.close()
    return captured


def describe_requests(requests: list[FrontRequest]) -> str:
    """``POST /conversations/cnv_1/messages {"body": ...}``, one line per request."""
    lines = []
    for request in requests:
        line = f"{request.method} {request.path}"
        if request.query:
            line += "?" + "&".join(f"{k}={v}" for k, v in request.query.items())
        if request.body is not None:
            line += " " + json.dumps(request.body, ensure_ascii=False, sort_keys=True)
        lines.append(line)
    return "\n".join(lines)
