"""The shape of an agent task: a support request and the tool calls a careful model makes.

A :class:`Task` is what a support lead, ops manager or support engineer asks, and the calls a
careful model would make for it using only the tools' descriptions (:class:`Step`). A step's
argument may be a :class:`Ref` to what an earlier step returned (an ID in its artifact, or a
``page_token`` in its content), as a model reads it from the earlier result.

What the runner checks (``run.py``): every call ends as the step expects (``ok`` or ``error``
with the words it must say), every request reaching Front is valid, the operations in ``hits``
were reached, no changing operation outside ``writes`` was, and ``check`` holds on the double.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

#: The kinds of requests the set covers (one task may be more than one; ``kind`` is the main).
KINDS = (
    "read",
    "search",
    "write",
    "send",
    "destructive",
    "multi-step",
    "pagination",
    "bad input",
    "refusal",
    "admin",
)


@dataclass(frozen=True)
class Ref:
    """A value taken from an earlier step's result.

    ``artifact``: a dotted path into its artifact (``"message_uid"``, ``"0.id"``);
    ``content``: a regular expression whose first group is read from its content.
    """

    step: int
    artifact: str | None = None
    content: str | None = None


@dataclass(frozen=True)
class Step:
    """One tool call and what it must come to."""

    tool: str
    args: dict[str, Any]
    expect: Literal["ok", "error"] = "ok"
    says: tuple[str, ...] = ()
    """Words the content must contain (case-insensitive)."""


@dataclass(frozen=True)
class Task:
    """One support request and the calls that serve it."""

    id: str
    kind: str
    request: str
    steps: tuple[Step, ...]
    hits: tuple[str | tuple[str, ...], ...] = ()
    """Operations that must be reached (a tuple: at least one of them)."""
    writes: tuple[str, ...] = ()
    """The only changing (non-read) operations that may be reached."""
    toolkit: dict[str, Any] = field(default_factory=dict)
    """Toolkit options: ``read_only``, or ``policy`` (a ``Policy`` constructor name)."""
    check: Callable[[Any], str | None] | None = None
    """A check on the double's state after the task: a problem, or None."""
