"""Invoking a tool as an agent does (a tool call), for the unit tests: the result is the
``ToolMessage`` with status, content and artifact."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool


def call(tool: BaseTool, args: dict[str, Any], config: Any = None) -> ToolMessage:
    """Invoke ``tool`` with ``args`` as a tool call (``config``: the run config)."""
    message = tool.invoke(
        {"type": "tool_call", "id": "t1", "name": tool.name, "args": args}, config
    )
    assert isinstance(message, ToolMessage)
    return message


async def acall(tool: BaseTool, args: dict[str, Any], config: Any = None) -> ToolMessage:
    """Async twin of :func:`call`."""
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "t1", "name": tool.name, "args": args}, config
    )
    assert isinstance(message, ToolMessage)
    return message
