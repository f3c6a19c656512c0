"""Run Front tools inside a LangGraph ``ToolNode``, sync and async, errors included.

A model's tool calls go to the node; a bad ID comes back as an error ToolMessage the model can
act on, instead of crashing the graph.

    uv run python examples/langgraph_toolnode.py
"""

from __future__ import annotations

import asyncio

from langchain_core.messages import AIMessage
from langgraph.prebuilt import ToolNode

from langchain_front import FrontToolkit


def tool_calls() -> AIMessage:
    """What a model might ask for: a search, and a read with a malformed ID."""
    return AIMessage(
        content="",
        tool_calls=[
            {"name": "front_search_conversations", "args": {"query": "is:unassigned"}, "id": "a"},
            {"name": "front_get_conversation", "args": {"conversation_id": "12345"}, "id": "b"},
        ],
    )


def main() -> None:
    """Run the node both ways and print each ToolMessage's status and first line."""
    node = ToolNode(FrontToolkit.offline().get_tools())
    for label, result in (
        ("sync", node.invoke({"messages": [tool_calls()]})),
        ("async", asyncio.run(node.ainvoke({"messages": [tool_calls()]}))),
    ):
        for message in result["messages"]:
            print(f"[{label}] {message.name} {message.status}: {message.content.splitlines()[0]}")


if __name__ == "__main__":
    main()
