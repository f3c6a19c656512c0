"""Two meta tools reach all 244 Core API operations with a small tool count.

``front_find_operations`` finds operations matching a need; ``front_call_operation`` calls one by
ID with arguments validated against that operation's schema before any request. Both honour the
toolkit's policy: only operations whose effect is allowed are found or called.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field

from langchain_front.catalog import Effect, Operation, load_catalog
from langchain_front.policy.rules import EFFECTS, operation_effect
from langchain_front.tools._base import CUSTOMER_CONTENT_OPERATIONS, Call, FrontTool, Steps
from langchain_front.tools._fields import ToolArgs
from langchain_front.tools._paging import RESUME_PREFIX, PageRequest
from langchain_front.tools._registry import register
from langchain_front.tools.render.generic import render_generic
from langchain_front.tools.render.text import CUSTOMER_DATA_NOTE, customer_data

ALL_EFFECTS: frozenset[Effect] = frozenset({"read", "write", "destructive", "send"})


class FindOperationsInput(ToolArgs):
    """Arguments of front_find_operations."""

    query: str = Field(
        min_length=2,
        max_length=200,
        description="What you want to do, in a few keywords, e.g. 'list shifts', 'update contact "
        "custom fields', 'knowledge base articles'.",
    )
    effect: Literal["read", "write", "destructive", "send"] | None = Field(
        default=None,
        description="Only operations with this effect (read, write, destructive, send). "
        "Empty: any allowed effect.",
    )
    limit: int = Field(default=8, ge=1, le=25, description="How many operations to list (1-25).")
    include_schema: bool = Field(
        default=False,
        description="Also show each operation's parameters and body fields (longer output).",
    )


@register
class FrontFindOperations(FrontTool):
    """Find Front API operations matching a need."""

    name: str = "front_find_operations"
    description: str = (
        "Find Front Core API operations (244 in all: contacts, accounts, tags, inboxes, "
        "channels, teammates, teams, templates, knowledge bases, analytics, shifts...) that "
        "match a need, when no other Front tool does it. Returns operation IDs to pass to "
        "front_call_operation, with method, path, summary and effect."
    )
    args_schema: type[BaseModel] = FindOperationsInput
    group = "meta"
    example = {"query": "list shifts"}

    @property
    def allowed_effects(self) -> frozenset[str]:
        """The effects the policy does not deny (read-only toolkits: only 'read')."""
        return self.policy.allowed_effects()

    def steps(self, args: FindOperationsInput) -> Steps:
        """Search the catalog; no request to Front."""
        effects = self.allowed_effects
        if args.effect is not None:
            effects = effects & {args.effect}
        found = [
            op
            for op in load_catalog().search(args.query, effects=effects, limit=args.limit)
            if self.policy.operations.get(op.id) != "deny"
        ]
        if not found:
            policy = "" if effects == ALL_EFFECTS else f" among {'/'.join(sorted(effects))} ones"
            return f"No Front operation matches {args.query!r}{policy}; try other words.", []
        lines = [_describe(op, args.include_schema) for op in found]
        content = "\n".join(lines) + "\nCall one with front_call_operation(operation_id=...)."
        return content, [op.summary_dict() for op in found]
        yield  # pragma: no cover - makes this a generator that never calls Front


def _describe(op: Operation, with_schema: bool) -> str:
    line = f"{op.id}: {op.method} {op.path} [{op.effect}] {op.summary}"
    if op.deprecated:
        line += " (deprecated)"
    if not with_schema:
        return line
    parts = []
    for param in (*op.path_params, *op.query_params):
        flag = "required" if param.required else "optional"
        parts.append(f"  {param.location} {param.name} ({flag}): {param.description[:120]}")
    if op.body_schema is not None:
        parts.append("  body: " + _body_fields(op))
    return "\n".join([line, *parts])


def _body_fields(op: Operation) -> str:
    schema: Any = op.body_schema or {}
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str):
        schema = load_catalog().components.get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    required = set(schema.get("required", [])) if isinstance(schema, dict) else set()
    fields = [f"{name}{'*' if name in required else ''}" for name in props]
    return (", ".join(fields) + " (* required)") if fields else json.dumps(schema)[:300]


class CallOperationInput(ToolArgs):
    """Arguments of front_call_operation."""

    operation_id: str = Field(
        min_length=2,
        max_length=120,
        description="The operation ID from front_find_operations, e.g. 'list-shifts'.",
    )
    path_params: dict[str, str] = Field(
        default_factory=dict,
        description="Values for the {placeholders} in the operation's path, e.g. "
        '{"contact_id": "crd_123"}.',
    )
    query: dict[str, Any] = Field(
        default_factory=dict,
        description='Query parameters, e.g. {"limit": 20}. Front\'s q filter object goes as '
        '{"q": {"statuses": ["unassigned"]}}.',
    )
    body: dict[str, Any] | list[Any] | None = Field(
        default=None, description="JSON body for operations that take one. Empty otherwise."
    )


@register
class FrontCallOperation(FrontTool):
    """Call any catalogued Front API operation by ID."""

    name: str = "front_call_operation"
    description: str = (
        "Call one Front Core API operation by its ID (find it with front_find_operations first). "
        "Arguments are checked against the operation before anything is sent; errors say what "
        "to fix. Returns the result as compact JSON. " + CUSTOMER_DATA_NOTE
    )
    args_schema: type[BaseModel] = CallOperationInput
    group = "meta"
    example = {"operation_id": "list-teams"}

    @property
    def allowed_effects(self) -> frozenset[str]:
        """The effects the policy does not deny (read-only toolkits: only 'read')."""
        return self.policy.allowed_effects()

    def effective_effect(self) -> Effect:
        """The strongest effect the policy lets this tool perform."""
        order: list[Effect] = ["send", "destructive", "write", "read"]
        return next((e for e in order if e in self.allowed_effects), "read")

    def call_effect(self, args: CallOperationInput) -> Effect:
        """The operation's effect; ``send`` (the strongest) for an unknown or unlabelled one."""
        return operation_effect(args.operation_id)

    def call_operations(self, args: CallOperationInput) -> tuple[str, ...]:
        """The one operation this call makes (its policy override applies)."""
        return (args.operation_id,)

    def denied_message(self, args: CallOperationInput, effect: str) -> str:
        """Why the policy refuses this operation, and what is allowed instead."""
        allowed = "/".join(e for e in EFFECTS if e in self.policy.allowed_effects()) or "no"
        return (
            f"{args.operation_id} is a {effect} operation and this Front toolkit's policy denies "
            f"it (it allows {allowed} operations); nothing was sent. Choose another operation."
        )

    def steps(self, args: CallOperationInput) -> Steps:
        """Make the call (the policy was checked around it; the client validates the arguments)."""
        op = load_catalog().get(args.operation_id)
        query = dict(args.query)
        request = _page_of(query)
        response = yield Call(op.id, path_params=args.path_params, query=query, body=args.body)
        content = render_generic(response.data, skip=request.skip, resume=request.resume)
        if op.id in CUSTOMER_CONTENT_OPERATIONS:  # conversation content: not the user's words
            content = customer_data(content, block=True)
        artifact = response.data if response.data is not None else {"status": response.status}
        return content, artifact


def _page_of(query: dict[str, Any]) -> PageRequest:
    """The page a generic call reads; a resume token in ``query`` is replaced by what it names.

    Resuming re-reads the page it names with the same size, then skips the rows shown before.
    """
    token = query.get("page_token")
    if isinstance(token, str) and token.startswith(RESUME_PREFIX):
        request = PageRequest.of(None, query.pop("page_token"))
        query.pop("limit", None)
        query.update(request.query())
        return request
    limit = query.get("limit")
    if isinstance(limit, str) and limit.strip().isdigit():
        limit = int(limit)
    return PageRequest(
        limit=limit if isinstance(limit, int) and not isinstance(limit, bool) else None,
        front_token=token if isinstance(token, str) else None,
    )
