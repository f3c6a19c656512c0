"""The toolkit's tools as MCP tool definitions, and one tool call's result as MCP content.

An MCP client sees exactly what a LangChain model sees: the same name, description and JSON
schema (LangChain's own conversion, as ``langchain-front tools --json`` prints), the same text
content, and the policy's selection (a denied tool is not listed). The annotations come from
each tool's effect metadata: ``readOnlyHint``, ``destructiveHint``, ``idempotentHint``,
``openWorldHint``.
"""

from __future__ import annotations

from typing import Any

import mcp_types as types
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

__all__ = ["mcp_tool", "tool_result"]


def mcp_tool(tool: BaseTool) -> types.Tool:
    """The MCP definition of ``tool``."""
    function = convert_to_openai_tool(tool)["function"]
    meta = tool.metadata or {}
    annotations = types.ToolAnnotations(
        read_only_hint=bool(meta.get("readOnlyHint", False)),
        destructive_hint=bool(meta.get("destructiveHint", True)),
        idempotent_hint=bool(meta.get("idempotentHint", False)),
        open_world_hint=bool(meta.get("openWorldHint", True)),
    )
    return types.Tool(
        name=tool.name,
        description=function.get("description") or tool.description,
        input_schema=function.get("parameters") or {"type": "object", "properties": {}},
        annotations=annotations,
    )


def tool_result(message: ToolMessage) -> types.CallToolResult:
    """The tool message's text content; an error message (bad input, a Front error, a denied or
    rejected call) is an MCP tool error the model can read and act on."""
    content = message.content if isinstance(message.content, str) else str(message.content)
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=content)],
        is_error=message.status == "error",
    )


def error_result(text: str) -> types.CallToolResult:
    """A tool error with ``text``."""
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)], is_error=True)


def tool_call(tool: BaseTool, arguments: dict[str, Any] | None, call_id: str) -> dict[str, Any]:
    """A LangChain tool call, so that errors come back as messages rather than exceptions."""
    return {"type": "tool_call", "id": call_id, "name": tool.name, "args": arguments or {}}
