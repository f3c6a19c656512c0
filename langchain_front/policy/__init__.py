"""Safety for tools that act: a policy per effect, human approval, limits, dry run and audit.

See docs/safety.md. The default policy is draft-first: reads and writes run, destructive calls
and sends wait for a human (a LangGraph interrupt, or an ``approver`` callable), and without one
they fail closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_front.policy.approval import (
    ApprovalDecision,
    ApprovalRequest,
    Approver,
    FrontRequest,
    action_digest,
    parse_decision,
)
from langchain_front.policy.audit import (
    AuditEvent,
    AuditSink,
    LoggingAuditSink,
    MemoryAuditSink,
)
from langchain_front.policy.limits import Limits, RunCounters
from langchain_front.policy.rules import EFFECTS, Policy, Rule

__all__ = [
    "EFFECTS",
    "ApprovalDecision",
    "ApprovalRequest",
    "Approver",
    "AuditEvent",
    "AuditSink",
    "FrontRequest",
    "Limits",
    "LoggingAuditSink",
    "MemoryAuditSink",
    "Policy",
    "PostgresAuditSink",
    "Rule",
    "RunCounters",
    "SQLiteAuditSink",
    "action_digest",
    "parse_decision",
]


if TYPE_CHECKING:
    from langchain_front.policy.audit_sql import PostgresAuditSink, SQLiteAuditSink


def __getattr__(name: str) -> object:
    # The durable sinks load on first use (sqlite3, psycopg stay out of the import path).
    if name in ("SQLiteAuditSink", "PostgresAuditSink"):
        from langchain_front.policy import audit_sql

        return getattr(audit_sql, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
