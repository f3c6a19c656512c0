"""``FrontToolkit``: one client shared by every tool, a policy, and tool selection.

The tools come from the registry (:func:`langchain_front.tools.tool_classes`); the toolkit only
builds them around its clients and keeps those its policy and selection allow.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from langchain_core.tools import BaseTool, BaseToolkit
from pydantic import ConfigDict, Field, SecretStr
from typing_extensions import Self

from langchain_front.client import AsyncFrontClient, FrontClient
from langchain_front.errors import FrontConfigurationError, FrontError
from langchain_front.policy import Approver, AuditSink, Limits, Policy, RunCounters
from langchain_front.tools import GROUPS, FrontTool, tool_classes

if TYPE_CHECKING:
    from langchain_front.auth.oauth import FrontOAuth
    from langchain_front.auth.stores.base import BaseTokenStore
    from langchain_front.testing import FrontDouble


class FrontToolkit(BaseToolkit):
    """Front tools for LangChain agents and LangGraph workflows.

    ```python
    from langchain_front import FrontToolkit

    toolkit = FrontToolkit.from_env()                     # FRONT_API_TOKEN
    tools = toolkit.get_tools()                           # every tool the policy allows
    readers = FrontToolkit.from_env(read_only=True).get_tools()
    triage = toolkit.get_tools(groups=["conversations"])  # or names=[...]
    ```

    The five ways to build one (``from_env``, ``from_token``, ``for_users``, ``offline``, and
    ``FrontToolkit(client=...)``) are compared in docs/tools.md, "Building a toolkit".

    !!! warning "Security"
        These tools read and change a Front workspace, and some send messages to customers.
        The default policy is draft-first: sends and destructive calls wait for a human (a
        LangGraph interrupt, or ``approver=``) and fail closed without one. Give an agent
        ``read_only=True`` or a narrow selection unless it must act (docs/safety.md).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    _counters: RunCounters

    client: FrontClient = Field(exclude=True)
    """The synchronous client every tool shares."""
    async_client: AsyncFrontClient | None = Field(default=None, exclude=True)
    """The asynchronous client every tool shares; derived from ``client`` when absent."""
    read_only: bool = False
    """Shorthand for ``policy=Policy.read_only()``: only tools (and meta-tool operations) whose
    effect is read."""
    policy: Policy = Field(default_factory=Policy.draft_first)
    """Per effect (and per tool or operation): allow, approve (a human first) or deny (not
    offered). Default: draft-first (read and write allowed; destructive and send approved)."""
    approver: Approver | None = Field(default=None, exclude=True)
    """Decides approvals outside a LangGraph graph; without one such calls fail closed."""
    dry_run: bool = False
    """Every change returns the exact request it would make instead; reads still run."""
    audit: AuditSink | None = Field(default=None, exclude=True)
    """Where audit events go (default: the ``langchain_front.audit`` logger)."""
    limits: Limits = Field(default_factory=Limits)
    """At most N sends and N destructive calls per run."""
    names: Collection[str] | None = None
    """Keep only these tool names."""
    groups: Collection[str] | None = None
    """Keep only tools in these groups (see :data:`langchain_front.tools.GROUPS`)."""

    def model_post_init(self, context: Any, /) -> None:
        """Check the selection and share one async client."""
        self._check_selection(self.names, self.groups)
        self._check_policy(self.policy)
        if self.read_only:
            self.policy = Policy.read_only()
        self._counters = RunCounters()
        if self.async_client is None:
            self.async_client = self.client.to_async()

    @classmethod
    def from_env(cls, *, client_options: dict[str, Any] | None = None, **options: Any) -> Self:
        """Build from ``FRONT_API_TOKEN`` (and optional ``FRONT_BASE_URL``).

        ``client_options`` go to :class:`FrontClient`: ``{"pacer": "redis://..."}`` shares
        Front's company rate limit with every worker (or set ``FRONT_RATE_LIMITER``).
        """
        return cls(client=FrontClient.from_env(**(client_options or {})), **options)

    @classmethod
    def from_token(
        cls,
        token: str | SecretStr,
        *,
        client_options: dict[str, Any] | None = None,
        **options: Any,
    ) -> Self:
        """Build from an explicit API token (``client_options`` as in :meth:`from_env`)."""
        return cls(client=FrontClient(token=token, **(client_options or {})), **options)

    @classmethod
    def for_users(
        cls,
        store: BaseTokenStore | None = None,
        oauth: FrontOAuth | None = None,
        *,
        default_user_id: str | None = None,
        leeway: float = 300.0,
        client_options: dict[str, Any] | None = None,
        **options: Any,
    ) -> Self:
        """A toolkit serving many users from a token store, with OAuth refresh.

        Each tool call acts as ``config["configurable"]["front_user_id"]`` (or the LangGraph
        runtime context's ``front_user_id``), else as ``default_user_id``. A user with no stored
        token gets a "connect Front first" tool error, never another user's token.

        ``store`` defaults to ``FRONT_TOKEN_STORE`` or the SQLite store; ``oauth`` to the app
        configured by ``FRONT_CLIENT_ID``, ``FRONT_CLIENT_SECRET`` and ``FRONT_REDIRECT_URI``.
        ``client_options`` go to :class:`FrontClient` (retry policy, timeout, transport, a
        shared rate limiter as ``pacer="redis://..."``...).
        """
        from langchain_front.auth.manager import TokenManager
        from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig
        from langchain_front.auth.stores.urls import open_token_store

        store = store or open_token_store()
        oauth = oauth or FrontOAuth(FrontOAuthConfig.from_env())
        manager = TokenManager(store, oauth, leeway=leeway)
        provider = manager.provider(default_user_id)
        client = FrontClient(token_provider=provider, **(client_options or {}))
        return cls(client=client, **options)

    @classmethod
    def offline(cls, double: FrontDouble | None = None, **options: Any) -> Self:
        """A toolkit on the built-in Front double: sample data, no network, no token.

        For demos and for testing your own agents; pass a ``FrontDouble`` to inspect its state.
        """
        from langchain_front.testing import FrontDouble

        transport = (double or FrontDouble()).transport()
        return cls(client=FrontClient(token="front-double-token", transport=transport), **options)

    @property
    def allowed_effects(self) -> frozenset[str]:
        """The effects the policy does not deny."""
        return self.policy.allowed_effects()

    def get_tools(
        self, *, names: Collection[str] | None = None, groups: Collection[str] | None = None
    ) -> list[BaseTool]:
        """The selected tools, sharing this toolkit's clients and policy.

        ``names`` and ``groups`` narrow the toolkit's own selection for this call.
        """
        self._check_selection(names, groups)
        tools: list[BaseTool] = []
        for tool_cls in tool_classes():
            tool = self._build(tool_cls)
            if self._denied(tool):
                continue
            if not _selected(tool, self.names, self.groups) or not _selected(tool, names, groups):
                continue
            tools.append(tool)
        return tools

    def interrupt_on(
        self, *, names: Collection[str] | None = None, groups: Collection[str] | None = None
    ) -> dict[str, Any]:
        """``interrupt_on`` for LangChain's ``HumanInTheLoopMiddleware``, agreeing with the policy.

        One entry per offered tool that may need approval, asking exactly when the policy says
        approve for a call's arguments. Use it with ``interrupt_mode="per_call"`` (or
        :meth:`approval_middleware`): the tool then takes the middleware's answer; in batched
        mode the tool asks again. The tools' own check holds either way (docs/safety.md).
        """
        from langchain_front.policy.middleware import interrupt_on

        return interrupt_on(
            tool
            for tool in self.get_tools(names=names, groups=groups)
            if isinstance(tool, FrontTool)
        )

    def approval_middleware(self, **options: Any) -> Any:
        """A ``HumanInTheLoopMiddleware`` in per-call mode configured by :meth:`interrupt_on`.

        Needs ``langchain>=1.0`` (``pip install langchain``); ``options`` go to the middleware.
        """
        from langchain.agents.middleware import HumanInTheLoopMiddleware

        options.setdefault("interrupt_mode", "per_call")
        return HumanInTheLoopMiddleware(interrupt_on=self.interrupt_on(), **options)

    def get_tool(self, name: str) -> BaseTool:
        """One tool by name (raises with the valid names when unknown or filtered out)."""
        for tool in self.get_tools():
            if tool.name == name:
                return tool
        available = ", ".join(t.name for t in self.get_tools())
        raise FrontConfigurationError(f"no tool named {name!r} here; available: {available}")

    def _build(self, tool_cls: type[FrontTool]) -> FrontTool:
        return tool_cls(
            client=self.client,
            async_client=self.async_client,
            policy=self.policy,
            approver=self.approver,
            dry_run=self.dry_run,
            audit=self.audit,
            limits=self.limits,
            counters=self._counters,
        )

    def _denied(self, tool: FrontTool) -> bool:
        """Whether the policy denies every use of ``tool`` (then it is not offered)."""
        operations = () if tool.group == "meta" else tool.operations
        return self.policy.rule(tool.name, tool.effective_effect(), operations) == "deny"

    @staticmethod
    def _check_policy(policy: Policy) -> None:
        """Refuse overrides naming no tool or operation: a typo must not silently allow."""
        from langchain_front.catalog import load_catalog

        known = {cls.model_fields["name"].default for cls in tool_classes()}
        unknown = sorted(set(policy.tools) - known)
        if unknown:
            raise FrontConfigurationError(
                f"policy.tools names unknown tools {unknown}; valid names: "
                + ", ".join(sorted(known))
            )
        catalog = load_catalog()
        for operation_id in policy.operations:
            try:
                catalog.get(operation_id)
            except FrontError as exc:  # says the closest valid IDs
                raise FrontConfigurationError(f"policy.operations: {exc}") from None

    @staticmethod
    def _check_selection(names: Collection[str] | None, groups: Collection[str] | None) -> None:
        if isinstance(names, str) or isinstance(groups, str):
            raise FrontConfigurationError(
                "names and groups take lists, e.g. names=['front_whoami']"
            )
        known = {cls.model_fields["name"].default for cls in tool_classes()}
        unknown = sorted(set(names or ()) - known)
        if unknown:
            raise FrontConfigurationError(
                f"unknown tool names {unknown}; valid names: {', '.join(sorted(known))}"
            )
        bad_groups = sorted(set(groups or ()) - set(GROUPS))
        if bad_groups:
            raise FrontConfigurationError(
                f"unknown tool groups {bad_groups}; valid groups: {', '.join(GROUPS)}"
            )


def _selected(
    tool: FrontTool, names: Collection[str] | None, groups: Collection[str] | None
) -> bool:
    if names is not None and tool.name not in names:
        return False
    return groups is None or tool.group in groups
