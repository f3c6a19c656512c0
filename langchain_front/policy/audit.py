"""The audit trail: one structured :class:`AuditEvent` per change and per decision, and sinks.

An event says when, for which user, which tool and Front operation, an argument digest and the
conversation ID, the decision (``allow``, ``approve``, ``edit``, ``reject``, ``deny``, ``limit``,
``dry_run``), who decided and why, and the outcome (Front's status, the new message or draft
ID, or the error). Message bodies and secrets stay out unless a sink is built with
``include_bodies=True``. :class:`LoggingAuditSink` (the default) writes one JSON line per event to
the ``langchain_front.audit`` logger; durable sinks live in :mod:`.audit_sql`.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field

__all__ = ["AuditEvent", "AuditSink", "LoggingAuditSink", "MemoryAuditSink", "audit_logger"]

audit_logger = logging.getLogger("langchain_front.audit")

Decision = Literal["allow", "approve", "edit", "reject", "deny", "limit", "dry_run", "requested"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


class AuditEvent(BaseModel):
    """One audited fact: a decision about a call, or a change Front was asked to make."""

    at: datetime = Field(default_factory=_now, description="When (UTC).")
    kind: Literal["decision", "call"] = Field(
        description="decision: what the policy or a reviewer decided; call: a change sent."
    )
    user_id: str | None = Field(default=None, description="The user the call acted for.")
    run_id: str | None = Field(default=None, description="The run (thread) it belongs to.")
    tool: str = Field(description="The tool's name.")
    effect: str = Field(description="The call's effect.")
    operation: str | None = Field(default=None, description="The Front operation (call events).")
    method: str | None = Field(default=None, description="HTTP method (call events).")
    path: str | None = Field(default=None, description="Request path (call events).")
    action_id: str = Field(description="Digest of the tool and its arguments.")
    conversation_id: str | None = Field(default=None, description="The conversation acted on.")
    decision: Decision = Field(description="What was decided.")
    approver: str | None = Field(default=None, description="Who decided (a person or 'policy').")
    reason: str | None = Field(default=None, description="Why, when given.")
    status: int | None = Field(default=None, description="Front's HTTP status (call events).")
    resource_id: str | None = Field(
        default=None, description="The new message, draft or comment ID (or message_uid)."
    )
    error: str | None = Field(default=None, description="The error, when the call failed.")
    body: Any = Field(default=None, description="The request body, only with include_bodies.")

    def to_json(self) -> str:
        """The event as one JSON line."""
        return self.model_dump_json(exclude_none=True)


@runtime_checkable
class AuditSink(Protocol):
    """Where audit events go. ``include_bodies``: whether events keep request bodies."""

    include_bodies: bool

    def write(self, event: AuditEvent) -> None:
        """Record one event (must not raise for a healthy sink; keep it quick)."""


class LoggingAuditSink:
    """Audit events as JSON lines on a Python logger (``langchain_front.audit``, INFO)."""

    def __init__(
        self,
        logger: logging.Logger | None = None,
        *,
        level: int = logging.INFO,
        include_bodies: bool = False,
    ) -> None:
        self.logger = logger or audit_logger
        self.level = level
        self.include_bodies = include_bodies

    def write(self, event: AuditEvent) -> None:
        """Log the event as one JSON line."""
        self.logger.log(self.level, "%s", event.to_json(), extra={"audit": event})

    def __repr__(self) -> str:
        return f"LoggingAuditSink(logger={self.logger.name!r})"


class MemoryAuditSink:
    """Events kept in a list (tests, or to show a run's trail in a UI)."""

    def __init__(self, *, include_bodies: bool = False) -> None:
        self.events: list[AuditEvent] = []
        self.include_bodies = include_bodies

    def write(self, event: AuditEvent) -> None:
        """Append the event."""
        self.events.append(event)

    def dicts(self) -> list[dict[str, Any]]:
        """The events as JSON-able dicts, ``None`` fields left out."""
        return [json.loads(event.to_json()) for event in self.events]
