"""Two meta tools reach all 244 Core API operations with a small tool count.

``front_find_operations`` finds operations matching a need; ``front_call_operation`` calls one by
ID with arguments validated against that operation's schema before any request. Both honour the
toolkit's policy: only operations whose effect is allowed are found or called.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field

from langchain_front.catalog import Effect, Operation, load_catalog
from langchain_front.catalog._describe import Describer
from langchain_front.catalog._search import known_gap
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
        description="Also show each operation's parameters and body fields with type, allowed "
        "values, unit, default, required flag and description, nested fields indented. Use "
        "it before front_call_operation.",
    )


@register
class FrontFindOperations(FrontTool):
    """Find Front API operations matching a need."""

    name: str = "front_find_operations"
    description: str = (
        "Find Front Core API operations (244 in all: contacts, accounts, tags, inboxes, "
        "channels, teammates, teams, templates, knowledge bases, analytics, shifts...) that "
        "match a need, when no other Front tool does it. Returns operation IDs to pass to "
        "front_call_operation, with method, path, summary and effect; says so when Front's API "
        "has no operation for the need."
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
        return find_operations(
            args,
            self.allowed_effects,
            keep=lambda op: self.policy.operations.get(op.id) != "deny",
        )
        yield  # pragma: no cover - makes this a generator that never calls Front


#: Below this relevance (0..1, see ``Catalog.relevance``) a found operation shares only common
#: words with the need, and the search answers that Front's API has no such operation.
MIN_RELEVANCE = 0.48
#: Characters of parameter and body descriptions one search shows; the best match is always
#: shown whole, the next ones while they fit, the rest as one line each.
SCHEMA_BUDGET = 8000


def find_operations(
    args: FindOperationsInput,
    allowed: frozenset[str],
    keep: Callable[[Operation], bool] | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """front_find_operations' content and artifact (the operations listed, as dicts).

    ``allowed``: the effects the toolkit allows; ``keep``: a further per-operation check (a
    policy that denies single operations), both applied after relevance.
    """
    catalog = load_catalog()
    gap = known_gap(args.query)
    if gap is not None:
        return f"Front's API has no operation for {args.query!r}: {gap}.", []
    effects = allowed & {args.effect} if args.effect is not None else allowed
    found = [
        op
        for op in catalog.search(args.query, limit=args.limit)
        if catalog.relevance(args.query, op) >= MIN_RELEVANCE
    ]
    if not found:
        return (
            f"Front's API has no operation for {args.query!r}: no operation covers its main "
            "words. Say so rather than using an unrelated one (or retry with Front's words for "
            "the thing, e.g. 'conversation', 'contact', 'tag', 'inbox', 'teammate')."
        ), []
    kept = [op for op in found if op.effect in effects and (keep is None or keep(op))]
    if not kept:
        if any(op.effect in effects for op in found):
            return (
                f"No Front operation this toolkit allows matches {args.query!r}: its policy "
                "denies the ones that do.",
                [],
            )
        kinds = "/".join(sorted({op.effect for op in found}))
        return (
            f"No Front operation this toolkit allows matches {args.query!r}: the ones that do "
            f"are {kinds} operations, and only {'/'.join(sorted(effects))} ones are allowed here."
        ), []
    return _listing(kept, args.include_schema), [op.summary_dict() for op in kept]


def _listing(found: list[Operation], with_schema: bool) -> str:
    describer = Describer(load_catalog().components)
    blocks: list[str] = []
    used = 0
    left_out: list[str] = []
    for index, op in enumerate(found):
        line = _headline(op)
        if not with_schema:
            blocks.append(line)
            continue
        details = "\n".join(describer.operation(op))
        if index == 0 or used + len(details) <= SCHEMA_BUDGET:
            used += len(details)
            blocks.append(f"{line}\n{details}" if details else line)
        else:
            blocks.append(line)
            left_out.append(op.id)
    content = "\n".join(blocks)
    if left_out:
        content += (
            f"\n(Parameters of {', '.join(left_out)} left out to keep this short: search for "
            "one by its ID with include_schema=true.)"
        )
    return content + "\nCall one with front_call_operation(operation_id=...)."


def _headline(op: Operation) -> str:
    effect = f"{op.effect}, cannot be undone" if op.irreversible else op.effect
    line = f"{op.id}: {op.method} {op.path} [{effect}] {op.summary}"
    return line + " (deprecated)" if op.deprecated else line


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
