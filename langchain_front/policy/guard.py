"""The check every Front tool call goes through: deny, dry run, approval, limits, audit.

:func:`guarded` wraps a tool's ``steps`` generator in another one of the same kind, so the tool's
sync and async drivers run it unchanged. It yields the tool's :class:`Call` objects (sent by the
driver) and :class:`Ask` actions (answered by an approver or a LangGraph interrupt). A call that
needs approval first runs as a preview (reads sent, changes captured); the reviewer sees those
exact requests; after an approval the changes must match them request for request, or nothing
more is sent (changes past an incomplete preview, which follow from Front's answers to approved
ones, pass). An edit is approved as it stands: the edited arguments run. In a graph, a resumed
task reuses what its reviewer was shown and does not make a change twice (:mod:`.graph`). Reads
allowed by the policy go straight through, unaudited. Audit sink failures are logged, never
raised: a change Front made must not come back as an error the model would retry.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.tools import ToolException
from pydantic import BaseModel, ValidationError

from langchain_front.auth.context import user_id_from_config
from langchain_front.client import FrontResponse
from langchain_front.errors import FrontError
from langchain_front.policy.approval import (
    ApprovalDecision,
    ApprovalRequest,
    FrontRequest,
    action_digest,
)
from langchain_front.policy.audit import AuditEvent, AuditSink
from langchain_front.policy.capture import (
    Finished,
    Planner,
    Preview,
    capture,
    describe_requests,
    forward,
    front_request,
    is_change,
)
from langchain_front.policy.graph import completed, middleware_answer, remember, show, shown
from langchain_front.policy.limits import LimitReached, run_key

if TYPE_CHECKING:
    from langchain_front.tools._base import Call, FrontTool, Steps

_LOGGER = logging.getLogger(__name__)

__all__ = [
    "DRY_RUN_CONFIG_KEY",
    "Ask",
    "Flow",
    "args_dict",
    "audit_decision",
    "guarded",
    "is_dry_run",
]

#: ``config["configurable"][DRY_RUN_CONFIG_KEY] = True`` makes one run a dry run.
DRY_RUN_CONFIG_KEY = "front_dry_run"


@dataclass(frozen=True)
class Ask:
    """Action: ask for a decision about ``request``; the driver sends back an ApprovalDecision."""

    request: ApprovalRequest


Flow = Generator["Call | Ask", Any, tuple[str, Any]]


def args_dict(args: Any) -> dict[str, Any]:
    """A call's arguments as JSON-able data (defaults included): what an approval is bound to."""
    if isinstance(args, BaseModel):
        return args.model_dump(mode="json")
    return dict(args) if isinstance(args, Mapping) else {}


def is_dry_run(tool: FrontTool, config: Mapping[str, Any] | None) -> bool:
    """Toolkit-wide ``dry_run``, or ``front_dry_run`` in this run's config."""
    configurable = (config or {}).get("configurable") or {}
    return bool(tool.dry_run or configurable.get(DRY_RUN_CONFIG_KEY))


class _Audit:
    """Builds and writes the audit events of one tool call."""

    def __init__(self, tool: FrontTool, sink: AuditSink, config: Mapping[str, Any] | None) -> None:
        self.tool = tool
        self.sink = sink
        self.user_id = user_id_from_config(config)
        self.run_id = run_key(config)

    def _write(self, **fields: Any) -> None:
        fields.setdefault("user_id", self.user_id)
        fields.setdefault("run_id", self.run_id)
        if not self.sink.include_bodies:
            fields.pop("body", None)
        event = AuditEvent(tool=self.tool.name, **fields)
        try:
            self.sink.write(event)
        except Exception:
            # A broken sink must not turn a change Front made into an error (the model would
            # retry it); the event still reaches the log.
            _LOGGER.exception("audit sink %r failed; event: %s", self.sink, event.to_json())

    def decision(self, effect: str, args: Any, decision: str, **fields: Any) -> None:
        self._write(
            kind="decision",
            effect=effect,
            action_id=action_digest(self.tool.name, args_dict(args)),
            conversation_id=_conversation_of(args),
            decision=decision,
            **fields,
        )

    def call(self, effect: str, args: Any, request: FrontRequest, **fields: Any) -> None:
        self._write(
            kind="call",
            effect=effect,
            operation=request.operation,
            method=request.method,
            path=request.path,
            action_id=action_digest(self.tool.name, args_dict(args)),
            conversation_id=_conversation_of(args) or _conversation_in(request.path),
            body=request.body,
            **fields,
        )


def audit_decision(
    tool: FrontTool,
    config: Mapping[str, Any] | None,
    effect: str,
    args: Any,
    decision: str,
    **fields: Any,
) -> None:
    """Record one decision about a call of ``tool`` (for deciders outside the tool's flow)."""
    _Audit(tool, tool.audit_sink(), config).decision(effect, args, decision, **fields)


def _conversation_of(args: Any) -> str | None:
    value = getattr(args, "conversation_id", None)
    if value is None and isinstance(args, Mapping):
        value = args.get("conversation_id")
    return value if isinstance(value, str) else None


def _conversation_in(path: str) -> str | None:
    parts = path.strip("/").split("/")
    if len(parts) >= 2 and parts[0] == "conversations":
        return parts[1]
    return None


def _resource_id(data: Any) -> str | None:
    if isinstance(data, Mapping):
        for key in ("id", "message_uid"):
            if isinstance(data.get(key), str):
                return str(data[key])
    return None


def guarded(tool: FrontTool, args: Any, config: Mapping[str, Any] | None, plan: Planner) -> Flow:
    """Run one call of ``tool`` under its policy (see the module docstring)."""
    effect = tool.call_effect(args)
    rule = tool.policy.rule(tool.name, effect, tool.call_operations(args))
    if effect == "read" and rule == "allow":
        return (yield from tool.steps(args))
    audit = _Audit(tool, tool.audit_sink(), config)
    if rule == "deny":
        audit.decision(effect, args, "deny", approver="policy")
        raise ToolException(tool.denied_message(args, effect))
    if is_dry_run(tool, config):
        captured = yield from capture(tool.steps(args), plan)
        audit.decision(effect, args, "dry_run", approver="policy")
        return _dry_run_result(captured)
    action_id = action_digest(tool.name, args_dict(args))
    done = completed(config, action_id)
    if done is not None:  # a resumed graph task runs again: its changes were already made
        return done
    run = run_key(config)
    if rule != "approve":
        result = yield from _perform(tool, args, effect, run, audit, None, None, plan)
        remember(config, action_id, result)
        return result
    _check_limit(tool, run, effect, audit, args)
    tool.check_can_ask(config)  # fail closed before any request when no one can approve
    expected: Preview | None = None
    decision = middleware_answer(config, tool.name, action_id, tool.digest_of_edit)
    if decision is None:
        earlier = shown(config, action_id)
        if earlier is None:
            expected = yield from capture(tool.steps(args), plan)
            request = yield from _approval_request(tool, args, effect, expected)
            show(config, request, expected)
        else:
            request, expected = earlier
        decision = yield Ask(request)
    if decision.action_id is not None and decision.action_id != action_id:
        audit.decision(effect, args, "reject", approver=decision.approver, reason="stale")
        raise ToolException(
            "The approval was for another call (or another version of this one); nothing was "
            "sent. Ask for approval again."
        )
    audit.decision(effect, args, decision.type, approver=decision.approver, reason=decision.reason)
    if decision.type == "reject":
        return _rejection(tool, action_id, decision)
    if decision.type == "edit":
        args = _edited(tool, args, decision)
        expected = None  # the reviewer approved these arguments, not a preview of them
    result = yield from _perform(tool, args, effect, run, audit, expected, decision, plan)
    remember(config, action_id, result)
    return result


def _check_limit(tool: FrontTool, run: str, effect: str, audit: _Audit, args: Any) -> None:
    try:
        tool.counters.check(tool.limits, run, effect)
    except LimitReached as exc:
        audit.decision(effect, args, "limit", approver="policy", reason=str(exc))
        raise ToolException(f"{tool.name}: {exc}") from None


def _approval_request(
    tool: FrontTool, args: Any, effect: str, captured: list[FrontRequest]
) -> Generator[Call, FrontResponse, ApprovalRequest]:
    """The request a reviewer sees, with the conversation's subject and recipient (one read)."""
    from langchain_front.tools._base import Call

    conversation_id = _conversation_of(args)
    subject = recipient = None
    if conversation_id:
        response = yield Call("get-conversation-by-id", {"conversation_id": conversation_id})
        data = response.data if isinstance(response.data, Mapping) else {}
        subject = data.get("subject") if isinstance(data.get("subject"), str) else None
        who = data.get("recipient")
        if isinstance(who, Mapping):
            name, handle = who.get("name"), who.get("handle")
            recipient = f"{name} <{handle}>" if name and handle and name != handle else handle
    data = args_dict(args)
    where = f" in {conversation_id}" if conversation_id else ""
    return ApprovalRequest(
        tool=tool.name,
        effect=effect,
        args=data,
        requests=captured,
        conversation_id=conversation_id,
        subject=subject,
        recipient=recipient if isinstance(recipient, str) else None,
        action_id=action_digest(tool.name, data),
        description=f"{tool.name} ({effect}){where}: approve, edit or reject.",
    )


def _edited(tool: FrontTool, args: Any, decision: ApprovalDecision) -> Any:
    """The reviewer's arguments, validated by the tool's schema (they replace the model's)."""
    merged = {**args_dict(args), **(decision.args or {})}
    schema = tool.args_schema
    if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        return merged
    try:
        return schema.model_validate(merged)
    except ValidationError as exc:
        raise ToolException(
            f"The reviewer's edited arguments are invalid ({exc.errors()[0]['msg']}); nothing "
            "was sent. Ask for approval again."
        ) from None


def _rejection(tool: FrontTool, action_id: str, decision: ApprovalDecision) -> tuple[str, Any]:
    reason = f" Reason: {decision.reason.strip().rstrip('.')}." if decision.reason else ""
    content = (
        f"Not done: a human reviewer rejected this {tool.name} call, so nothing was sent to "
        f"Front.{reason} Do not retry the same call unless the user asks; adapt instead."
    )
    artifact = {"rejected": True, "reason": decision.reason, "action_id": action_id}
    return content, artifact


def _dry_run_result(captured: Preview) -> tuple[str, Any]:
    if not captured:
        content = "Dry run: this call would change nothing in Front; nothing was sent."
    else:
        content = (
            f"Dry run: nothing was sent to Front. This call would make {len(captured)} "
            "request(s):\n" + describe_requests(captured)
        )
        if not captured.complete:
            content += "\n(then more, which depend on Front's answers to these)"
    return content, {"dry_run": True, "requests": [r.model_dump(mode="json") for r in captured]}


def _perform(
    tool: FrontTool,
    args: Any,
    effect: str,
    run: str,
    audit: _Audit,
    expected: Preview | None,
    decision: ApprovalDecision | None,
    plan: Planner,
) -> Flow:
    """Run the steps for real: changes checked against the approved ones, counted and audited."""
    steps: Steps = tool.steps(args)
    label = decision.type if decision else "allow"
    approver = (decision.approver if decision else None) or ("policy" if not decision else None)
    made = 0
    try:
        action = next(steps)
        while True:
            if not is_change(action.operation):
                forwarded = yield from forward(steps, action)
                if isinstance(forwarded, Finished):  # a read ended the steps
                    ended: tuple[str, Any] = forwarded.value
                    return ended
                action = forwarded
                continue
            request = front_request(action, plan)
            if expected is not None and not _same(request, expected, made):
                raise ToolException(
                    "What this call would send changed since it was approved; nothing more was "
                    "sent. Ask for approval again."
                )
            if made == 0:
                try:
                    tool.counters.take(tool.limits, run, effect)
                except LimitReached as exc:
                    audit.decision(effect, args, "limit", approver="policy", reason=str(exc))
                    raise ToolException(f"{tool.name}: {exc}") from None
            made += 1
            try:
                outcome = yield action
            except FrontError as exc:
                status = getattr(exc, "status", None)
                audit.call(
                    effect,
                    args,
                    request,
                    decision=label,
                    approver=approver,
                    status=status if isinstance(status, int) else None,
                    error=type(exc).__name__,
                )
                action = steps.throw(exc)
                continue
            audit.call(
                effect,
                args,
                request,
                decision=label,
                approver=approver,
                status=outcome.status,
                resource_id=_resource_id(outcome.data),
            )
            action = steps.send(outcome)
    except StopIteration as done:
        result: tuple[str, Any] = done.value
        return result


def _same(request: FrontRequest, expected: Preview, index: int) -> bool:
    """Whether the ``index``-th change is the approved one (changes past an incomplete preview
    follow from Front's answers to approved ones and pass)."""
    if index >= len(expected):
        return not expected.complete
    approved = expected[index]
    return (request.method, request.path, request.query, request.body) == (
        approved.method,
        approved.path,
        approved.query,
        approved.body,
    )
