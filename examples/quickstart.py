"""Use the Front tools directly, as a Python app composing tools would.

Runs offline on the built-in Front double; with FRONT_API_TOKEN set, on your workspace
(read-only: this example never writes).

    uv run python examples/quickstart.py
"""

from __future__ import annotations

import os

from langchain_front import FrontToolkit


def main() -> None:
    """List open conversations and read the first one."""
    if os.environ.get("FRONT_API_TOKEN"):
        toolkit = FrontToolkit.from_env(read_only=True)
    else:
        toolkit = FrontToolkit.offline(read_only=True)
    search = toolkit.get_tool("front_search_conversations")
    read = toolkit.get_tool("front_get_conversation")

    # A tool call returns a ToolMessage: compact text for a model, raw Front JSON as artifact.
    found = search.invoke(
        {"type": "tool_call", "id": "1", "name": search.name, "args": {"query": "is:open"}}
    )
    print(found.content)
    first = found.artifact["_results"][0]["id"]
    timeline = read.invoke(
        {"conversation_id": first, "include_timeline": True, "max_messages": 3}
    )  # plain args: text
    print(timeline)


if __name__ == "__main__":
    main()
