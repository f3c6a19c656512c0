"""Run Front tools in a LangGraph graph's ``ToolNode``, sync and async, errors included.

A model's tool calls go to the node; a malformed ID comes back as an error ToolMessage the
model can act on, instead of crashing the graph.

    uv run python examples/langgraph_toolnode.py
"""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from langchain_front import FrontToolkit


def tool_calls() -> AIMessage:
    """What a model might ask for: a search, and a read with a malformed ID."""
    return AIMessage(
        content="",
        tool_calls=[
            {"name": "front_search_conversations", "args": {"query": "is:unassigned"}, "id": "a"},
            {"name": "front_get_conversation", "args": {"conversation_id": "C-123"}, "id": "b"},
        ],
    )


def build_graph() -> Any:
    """START -> tools -> END, with every Front tool in the node."""
    graph = StateGraph(MessagesState)
    graph.add_node("tools", ToolNode(FrontToolkit.offline().get_tools()))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    return graph.compile()


def main() -> None:
    """Run the graph both ways and print each ToolMessage's status and first line."""
    graph = build_graph()
    state = {"messages": [tool_calls()]}
    for label, result in (
        ("sync", graph.invoke(state)),
        ("async", asyncio.run(graph.ainvoke(state))),
    ):
        for message in result["messages"][1:]:
            print(f"[{label}] {message.name} {message.status}: {message.content.splitlines()[0]}")


if __name__ == "__main__":
    main()
