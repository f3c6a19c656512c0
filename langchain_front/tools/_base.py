"""One base class turns a tool declaration into a LangChain ``BaseTool``.

A tool declares a name, a description written for a model, a pydantic args model, the catalogued
operations it may call, and a ``steps`` generator. ``steps`` yields :class:`Call` objects and
receives each :class:`~langchain_front.client.FrontResponse`; it returns ``(content, artifact)``.
The same generator is driven (:mod:`langchain_front._drive`) by the sync client in ``_run`` and
by the async client in ``_arun``, so no tool has twin code. Both drive it inside the policy's
guard (:func:`langchain_front.policy.guard.guarded`: deny, dry run, approval, limits, audit), so
no call reaches Front around the policy. Tools register themselves with
:func:`~langchain_front.tools._registry.register`.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal, get_type_hints

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, CallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool, ToolException
from langchain_core.utils import secret_from_env
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, ValidationError
from pydantic.v1 import ValidationError as ValidationErrorV1

from langchain_front._drive import adrive, drive
from langchain_front.auth.context import acting_as, user_id_from_config
from langchain_front.catalog import Effect, load_catalog
from langchain_front.client import AsyncFrontClient, FrontClient, FrontResponse, Upload
from langchain_front.errors import (
    FrontError,
    FrontNotFoundError,
    FrontRateLimitError,
    FrontValidationError,
)
from langchain_front.policy.approval import Approver
from langchain_front.policy.audit import AuditSink, LoggingAuditSink
from langchain_front.policy.deciders import adecide, check_can_ask, decide
from langchain_front.policy.guard import Ask, args_dict, guarded
from langchain_front.policy.limits import Limits, RunCounters
from langchain_front.policy.rules import Policy
from langchain_front.policy.rules import operation_effect as _operation_effect
from langchain_front.tools._fields import not_found_hint
from langchain_front.tools.render.text import CUSTOMER_DATA_NOTE

_SEVERITY: dict[str, int] = {"read": 0, "write": 1, "destructive": 2, "send": 3}

#: Reads whose answers carry conversation content (bodies, comments, subjects): the read tools
#: calling one tell the model that the ``<customer_data>`` blocks they show are not instructions.
CUSTOMER_CONTENT_OPERATIONS = frozenset(
    {
        "list-conversation-messages",
        "get-conversation-by-id",
        "search-conversations",
        "list-conversations",
        "list-inbox-conversations",
        "list-conversation-comments",
        "list-conversation-drafts",
        "list-conversation-events",
        "list-contact-conversations",
        "list-link-conversations",
        "get-message",
        "get-comment",
        "download-attachment",
        "download-attachment-for-a-message",
        "list-events",
    }
)


@dataclass(frozen=True)
class Call:
    """One request a tool wants made: a catalogued operation and its arguments."""

    operation: str
    path_params: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    files: tuple[Upload, ...] = ()
    """Files sent as multipart/form-data (attachments of a reply, draft or comment)."""
    wait: float = 0.0
    """Seconds to wait before sending (a tool polling Front for a result); the sync driver
    sleeps, the async driver awaits."""

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``client.request`` for this call."""
        arguments = {"path_params": self.path_params, "query": self.query, "body": self.body}
        if self.files:
            arguments["files"] = self.files
        return arguments


Steps = Generator[Call, FrontResponse, tuple[str, Any]]


def tool_error_text(exc: FrontError, not_found_hint: str = "") -> str:
    """Turn a package error into a message a model can act on."""
    if isinstance(exc, FrontValidationError):
        return "Invalid arguments: " + "; ".join(exc.problems) + ". Fix them and call again."
    if isinstance(exc, FrontRateLimitError):
        wait = f"{exc.retry_after:.1f} s" if exc.retry_after is not None else "a few seconds"
        return f"Front rate limit reached; retry after {wait}."
    if isinstance(exc, FrontNotFoundError):
        what = exc.message or "the resource was not found"
        hint = not_found_hint or exc.hint
        return f"Not found: {what}. {hint[:1].upper()}{hint[1:]}".rstrip(" .") + "."
    return str(exc)


def validation_error_text(error: ValidationError | ValidationErrorV1) -> str:
    """Model-facing text for arguments that failed the tool's schema."""
    lines = []
    for item in error.errors()[:8]:
        where = ".".join(str(part) for part in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return "Invalid arguments: " + "; ".join(lines) + ". Fix them and call again."


class FrontTool(BaseTool):
    """Base of every Front tool: clients, error handling, and the sync/async drivers.

    Build tools through :class:`~langchain_front.toolkit.FrontToolkit`, which shares one client
    between them, or pass ``client=`` / ``async_client=`` (or ``api_token=``) directly.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str = ""
    """The tool's name (``front_...``), set by each tool class."""
    description: str = ""
    """What the tool does, written for a model; set by each tool class."""
    client: FrontClient | None = Field(default=None, exclude=True)
    """Synchronous client; built from ``api_token`` on first use when absent."""
    async_client: AsyncFrontClient | None = Field(default=None, exclude=True)
    """Asynchronous client; derived from ``client`` or ``api_token`` when absent."""
    api_token: SecretStr | None = Field(
        default_factory=secret_from_env("FRONT_API_TOKEN", default=None), exclude=True
    )
    """Front API token, read from ``FRONT_API_TOKEN`` by default; ignored when a client is given."""
    policy: Policy = Field(default_factory=Policy.draft_first, exclude=True)
    """What runs freely, what needs a human, what is denied (default: draft-first)."""
    approver: Approver | None = Field(default=None, exclude=True)
    """Decides approvals outside a LangGraph graph (sync, or async for ``ainvoke``)."""
    dry_run: bool = Field(default=False, exclude=True)
    """Return the exact changes a call would make instead of making them (reads still run)."""
    audit: AuditSink | None = Field(default=None, exclude=True)
    """Where audit events go; ``None``: the ``langchain_front.audit`` logger."""
    limits: Limits = Field(default_factory=Limits, exclude=True)
    """Caps on send and destructive calls per run."""
    counters: RunCounters = Field(default_factory=RunCounters, exclude=True)
    """Calls made per run (shared by a toolkit's tools, so the limits hold across them)."""

    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    handle_tool_error: bool = True
    handle_validation_error: (
        bool | str | Callable[[ValidationError | ValidationErrorV1], str] | None
    ) = validation_error_text

    operations: ClassVar[tuple[str, ...]] = ()
    """The catalogued operations this tool may call (its effect is the strongest of theirs)."""
    group: ClassVar[str] = "misc"
    """Toolkit selection group (see :data:`langchain_front.tools.GROUPS`)."""
    example: ClassVar[dict[str, Any] | None] = None
    """One valid invocation, on the Front double's seeded workspace: the standard test suites
    call the tool with it, and the docs show it."""

    _derived_async: AsyncFrontClient | None = PrivateAttr(default=None)

    def model_post_init(self, context: Any, /) -> None:
        """Publish the tool's effect in ``metadata`` (with the MCP tool annotation names); tell
        the model that conversation content is customer data where a tool shows some."""
        super().model_post_init(context)
        self.metadata = {**(self.metadata or {}), **self.effect_metadata()}
        shows_content = CUSTOMER_CONTENT_OPERATIONS.intersection(self.operations)
        if shows_content and self.effect() == "read" and CUSTOMER_DATA_NOTE not in self.description:
            self.description = f"{self.description} {CUSTOMER_DATA_NOTE}"

    def effect_metadata(self) -> dict[str, Any]:
        """``effect`` plus MCP's ``readOnlyHint``, ``destructiveHint``, ``idempotentHint`` and
        ``openWorldHint``, so one policy can treat these tools and MCP-adapted ones alike."""
        effect = self.effective_effect()
        catalog = load_catalog()
        changes = [
            catalog.get(op).method for op in self.operations if _operation_effect(op) != "read"
        ]
        idempotent = effect == "read" or (
            bool(changes) and all(m in ("PUT", "PATCH", "DELETE") for m in changes)
        )
        return {
            "effect": effect,
            "readOnlyHint": effect == "read",
            "destructiveHint": effect in ("destructive", "send"),
            "idempotentHint": idempotent,
            "openWorldHint": effect == "send",
        }

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Each tool's ``steps`` first resolves the names given in ID fields that accept them
        (a tag, inbox or teammate name; :mod:`langchain_front.tools._names`)."""
        super().__pydantic_init_subclass__(**kwargs)
        if "steps" in cls.__dict__:
            from langchain_front.tools._names import resolving_names

            cls.steps = resolving_names(cls.__dict__["steps"])  # type: ignore[method-assign,assignment]

    @classmethod
    def effect(cls) -> Effect:
        """read, write, destructive or send: the strongest effect of the tool's operations."""
        return _strongest_effect(cls.operations)

    def effective_effect(self) -> Effect:
        """The effect of this tool instance (meta tools depend on the toolkit's policy)."""
        return self.effect()

    def call_effect(self, args: Any) -> Effect:
        """The effect of one call with these (validated) arguments.

        The same as :meth:`effective_effect` unless a tool's effect depends on its arguments
        (an action over many conversations counts as destructive beyond a handful).
        """
        return self.effective_effect()

    def call_operations(self, args: Any) -> tuple[str, ...]:
        """The catalogued operations one call with these arguments may make (for the policy)."""
        return self.operations

    def denied_message(self, args: Any, effect: str) -> str:
        """What the model reads when the policy denies this call."""
        return (
            f"{self.name} is not allowed here: this toolkit's policy denies its {effect} calls; "
            "nothing was done. Tell the user, or choose another way."
        )

    def audit_sink(self) -> AuditSink:
        """The audit sink: the one given, else the shared logging sink."""
        return self.audit if self.audit is not None else _DEFAULT_AUDIT

    # ------------------------------------------------------------------ to implement

    def steps(self, args: Any) -> Steps:
        """The tool's logic: yield :class:`Call` objects, return ``(content, artifact)``."""
        raise NotImplementedError

    # ------------------------------------------------------------------ clients

    def _sync_client(self) -> FrontClient:
        if self.client is None:
            if self.api_token is None:
                raise ToolException(
                    "Front is not connected: set FRONT_API_TOKEN or give the toolkit a client."
                )
            self.client = FrontClient(token=self.api_token)
        return self.client

    def _aclient(self) -> AsyncFrontClient:
        if self.async_client is not None:
            return self.async_client
        if self._derived_async is None:
            self._derived_async = self._sync_client().to_async()
        return self._derived_async

    # ------------------------------------------------------------------ drivers

    def _to_args_and_kwargs(
        self, tool_input: str | dict[str, Any], tool_call_id: str | None
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        # LangChain skips validation for schemas without fields; unknown arguments must still be
        # refused (the schema's validator says which are valid), never silently dropped.
        schema = self.args_schema
        if (
            isinstance(tool_input, dict)
            and tool_input
            and isinstance(schema, type)
            and issubclass(schema, BaseModel)
            and not schema.model_fields
        ):
            schema.model_validate(tool_input)
        return super()._to_args_and_kwargs(tool_input, tool_call_id)

    def _args(self, kwargs: dict[str, Any]) -> Any:
        """The args model from LangChain's already validated input (validated once, not twice)."""
        schema = self.args_schema
        if isinstance(schema, type) and issubclass(schema, BaseModel):
            return schema.model_construct(**kwargs)
        return kwargs

    def _error(self, exc: FrontError, args: Any) -> ToolException:
        hint = ""
        if isinstance(exc, FrontNotFoundError) and isinstance(args, BaseModel):
            hint = not_found_hint(args, exc.message)
        return ToolException(tool_error_text(exc, hint))

    def _run(
        self,
        config: RunnableConfig,
        run_manager: CallbackManagerForToolRun | None = None,
        **kwargs: Any,
    ) -> tuple[str, Any]:
        args = self._args(kwargs)
        client = self._sync_client()
        merges = _Merges()

        def perform(action: Call | Ask) -> Any:
            if isinstance(action, Ask):
                return decide(action.request, self.approver, config)
            if action.wait > 0:
                time.sleep(action.wait)
            routed, survivor = merges.route(action)
            response = client.request(routed.operation, **routed.arguments())
            return merges.note(action, response, survivor)

        with acting_as(user_id_from_config(config)):
            flow = guarded(self, args, config, _planner(client))
            try:
                return merges.annotate(drive(flow, perform, throw=FrontError))
            except FrontError as exc:
                raise self._error(exc, args) from exc

    async def _arun(
        self,
        config: RunnableConfig,
        run_manager: AsyncCallbackManagerForToolRun | None = None,
        **kwargs: Any,
    ) -> tuple[str, Any]:
        args = self._args(kwargs)
        client = self._aclient()
        merges = _Merges()

        async def perform(action: Call | Ask) -> Any:
            if isinstance(action, Ask):
                return await adecide(action.request, self.approver, config)
            if action.wait > 0:
                await asyncio.sleep(action.wait)
            routed, survivor = merges.route(action)
            response = await client.request(routed.operation, **routed.arguments())
            return merges.note(action, response, survivor)

        with acting_as(user_id_from_config(config)):
            flow = guarded(self, args, config, _planner(client))
            try:
                return merges.annotate(await adrive(flow, perform, throw=FrontError))
            except FrontError as exc:
                raise self._error(exc, args) from exc

    # ------------------------------------------------------------------ approvals

    def digest_of_edit(self, edited: dict[str, Any]) -> str:
        from langchain_front.policy.approval import action_digest

        schema = self.args_schema
        if isinstance(schema, type) and issubclass(schema, BaseModel):
            return action_digest(self.name, args_dict(schema.model_validate(edited)))
        return action_digest(self.name, edited)

    def check_can_ask(self, config: Mapping[str, Any] | None) -> None:
        """Raise the fail-closed error when no reviewer can be asked (no graph, no approver)."""
        check_can_ask(self.name, self.effective_effect(), self.approver, config)


_DEFAULT_AUDIT = LoggingAuditSink()


@functools.cache
def _strongest_effect(operations: tuple[str, ...]) -> Effect:
    """The strongest catalogued effect of ``operations`` (read for none); the catalog is fixed."""
    catalog = load_catalog()
    effects = [catalog.get(op).effect for op in operations] or ["read"]
    return max(effects, key=lambda e: _SEVERITY[e])


def _planner(client: FrontClient | AsyncFrontClient) -> Callable[[Call], Any]:
    """The exact request a call makes, built by the client (validated, no I/O)."""
    return lambda call: client.plan(call.operation, **call.arguments())


# LangChain looks up ``_run``'s type hints on every call (to find a RunnableConfig parameter);
# with postponed annotations that compiles each annotation again each time. Resolve them once.
for _method in (FrontTool._run, FrontTool._arun):
    _method.__annotations__ = get_type_hints(_method)


class _Merges:
    """Merged conversations met during one tool call.

    Once Front has answered that a conversation was merged (a 301 the client followed), later
    calls of the same tool call go to the surviving conversation directly, and their responses
    say so (``merged_into``), so a tool confirms with the surviving ID. The model gets a note.
    """

    def __init__(self) -> None:
        self.survivors: dict[str, str] = {}

    def route(self, call: Call) -> tuple[Call, str | None]:
        """``call`` sent to the surviving conversation when its conversation was merged."""
        old = call.path_params.get("conversation_id")
        survivor = self.survivors.get(old) if isinstance(old, str) else None
        if survivor is None:
            return call, None
        return replace(
            call, path_params={**call.path_params, "conversation_id": survivor}
        ), survivor

    def note(self, call: Call, response: FrontResponse, rerouted: str | None) -> FrontResponse:
        """Remember what ``response`` says about a merge; mark a rerouted call's response."""
        old = call.path_params.get("conversation_id")
        if response.merged_into and isinstance(old, str):
            self.survivors[old] = response.merged_into
        if rerouted and not response.merged_into:
            response = replace(response, merged_into=rerouted)
        return response

    def annotate(self, result: tuple[str, Any]) -> tuple[str, Any]:
        """Prefix the content with a note per merged conversation."""
        content, artifact = result
        notes = [
            f"Note: {old} was merged into {survivor}; the result is for {survivor}. "
            "Use that ID from now on."
            for old, survivor in self.survivors.items()
        ]
        if notes:
            content = "\n".join([*notes, content])
        return content, artifact


def no_content(status: int, request: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """The artifact of a write Front answers with no body (204): its status and what was sent."""
    return {"status": status, "request": dict(request), **extra}


def target_conversation(response: FrontResponse, conversation_id: str) -> str:
    """The conversation a call acted on: the surviving one when ``conversation_id`` was merged."""
    return response.merged_into or conversation_id
