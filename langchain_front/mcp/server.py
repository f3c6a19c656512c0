"""The MCP server: the toolkit's tools over stdio or streamable HTTP (official MCP Python SDK).

:func:`build_server` wraps a :class:`~langchain_front.toolkit.FrontToolkit` in the SDK's
low-level ``Server``: ``tools/list`` lists the tools the policy offers, ``tools/call`` runs one
with ``ainvoke`` as a tool call (so bad input and Front errors come back as tool errors, exactly
as a LangChain agent would read them), acting as the caller's Front user. Approvals go through
:mod:`langchain_front.mcp.approval`.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

import mcp_types as types
from langchain_core.messages import ToolMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool
from mcp.server.lowlevel import Server
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from langchain_front._version import __version__
from langchain_front.auth.context import USER_CONFIG_KEY
from langchain_front.mcp.approval import (
    ANSWER_KEY,
    CallContext,
    NeedsInput,
    current_call,
    elicit_request,
)
from langchain_front.mcp.tools import error_result, mcp_tool, tool_call, tool_result
from langchain_front.toolkit import FrontToolkit

__all__ = ["SERVER_NAME", "build_server", "caller_user"]

_LOGGER = logging.getLogger(__name__)

SERVER_NAME = "langchain-front"

INSTRUCTIONS = (
    "Tools for Front (frontapp.com), the shared support inbox: search and read conversations, "
    "tag, assign, comment, draft and send replies. Calls that send to customers or destroy data "
    "ask the user for approval first."
)


def caller_user(ctx: Any) -> str | None:
    """The Front user of an HTTP caller: the user its bearer token maps to (``None`` on stdio)."""
    request = getattr(ctx, "request", None)
    scope = getattr(request, "scope", None)
    user = scope.get("user") if isinstance(scope, dict) else None
    token = getattr(user, "access_token", None)
    client_id = getattr(token, "client_id", None)
    return str(client_id) if client_id else None


def _can_elicit(ctx: Any) -> bool:
    capabilities = getattr(ctx.session, "client_capabilities", None)
    return getattr(capabilities, "elicitation", None) is not None


def build_server(
    toolkit: FrontToolkit,
    *,
    default_user: str | None = None,
    require_user: bool = False,
) -> Server[Any]:
    """An MCP server for ``toolkit`` (whose ``approver`` should be
    :func:`~langchain_front.mcp.approval.mcp_approver`).

    ``default_user`` acts for stdio callers (the local user); over HTTP the authenticated
    caller's user is used, and ``require_user`` refuses a call without one.
    """
    tools: dict[str, BaseTool] = {tool.name: tool for tool in toolkit.get_tools()}
    definitions = [mcp_tool(tool) for tool in tools.values()]
    ids = itertools.count(1)

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=definitions)

    async def call_tool(
        ctx: Any, params: types.CallToolRequestParams
    ) -> types.CallToolResult | types.InputRequiredResult:
        tool = tools.get(params.name)
        if tool is None:
            return error_result(
                f"Unknown tool {params.name!r}: it does not exist or this server's policy does "
                "not offer it. List the tools to see what is available."
            )
        user = caller_user(ctx) or default_user
        if require_user and user is None:
            return error_result("Not authenticated: this server needs a bearer token per user.")
        call = CallContext(
            ctx=ctx,
            can_elicit=_can_elicit(ctx),
            modern=ctx.protocol_version in MODERN_PROTOCOL_VERSIONS,
            responses=dict(params.input_responses or {}) or None,
            request_state=params.request_state,
            user=user,
        )
        configurable: dict[str, Any] = {} if user is None else {USER_CONFIG_KEY: user}
        config = RunnableConfig(configurable=configurable)
        reset = current_call.set(call)
        try:
            message = await tool.ainvoke(
                tool_call(tool, params.arguments, f"mcp-{next(ids)}"), config
            )
        except NeedsInput as needs:
            return types.InputRequiredResult(
                input_requests={ANSWER_KEY: elicit_request(needs.request)},
                request_state=needs.request.action_id,
            )
        finally:
            current_call.reset(reset)
        if not isinstance(message, ToolMessage):  # pragma: no cover - LangChain contract
            return error_result(f"{tool.name} returned no tool message")
        return tool_result(message)

    return Server(
        SERVER_NAME,
        version=__version__,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


async def run_stdio(server: Server[Any]) -> None:
    """Serve one client over this process's stdin and stdout until it disconnects."""
    from mcp.server.stdio import stdio_server

    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())
