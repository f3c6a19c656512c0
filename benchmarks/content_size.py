"""Context-size benchmark: what a model reads from each read tool, against Front's raw JSON.

Runs every read tool on the Front double and compares the tool's content (what the model gets)
with the raw Front JSON of the same responses (the artifact). Sizes are characters and a rough
token estimate (characters / 4). Results are reported in docs/tools.md.

    uv run python benchmarks/content_size.py
"""

from __future__ import annotations

import json
from typing import Any

from langchain_front import FrontToolkit
from langchain_front.testing import SEED

CASES: list[tuple[str, dict[str, Any]]] = [
    ("front_get_conversation", {"conversation_id": SEED.conversation_id}),
    ("front_search_conversations", {"query": "is:open", "limit": 25}),
    ("front_list_conversations", {"limit": 25}),
    ("front_list_conversation_messages", {"conversation_id": SEED.conversation_id}),
    ("front_find_contact", {"handle": SEED.contact_email}),
    ("front_list_teammates", {}),
    ("front_list_channels", {}),
    ("front_call_operation", {"operation_id": "list-teams"}),
]


def measure() -> list[dict[str, Any]]:
    """One row per case: content and raw sizes."""
    toolkit = FrontToolkit.offline(read_only=True)
    rows = []
    for name, args in CASES:
        message = toolkit.get_tool(name).invoke(
            {"type": "tool_call", "id": "bench", "name": name, "args": args}
        )
        raw = json.dumps(message.artifact, ensure_ascii=False)
        content = str(message.content)
        rows.append(
            {
                "tool": name,
                "content_chars": len(content),
                "raw_chars": len(raw),
                "ratio": len(content) / len(raw),
            }
        )
    return rows


def tool_budget() -> dict[str, int]:
    """Characters of tool definitions a model is sent: the toolkit vs one tool per operation."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    from langchain_front.catalog import load_catalog

    def size(tools: list[Any]) -> int:
        return sum(len(json.dumps(convert_to_openai_tool(tool))) for tool in tools)

    full = FrontToolkit.offline().get_tools()
    read_only = FrontToolkit.offline(read_only=True).get_tools()
    per_operation = [
        {
            "type": "function",
            "function": {
                "name": op.id,
                "description": op.summary,
                "parameters": {
                    "type": "object",
                    "properties": {
                        **{p.name: p.schema for p in (*op.path_params, *op.query_params)},
                        **({"body": op.body_schema} if op.body_schema else {}),
                    },
                },
            },
        }
        for op in load_catalog()
    ]
    return {
        "toolkit_tools": len(full),
        "toolkit_chars": size(full),
        "read_only_tools": len(read_only),
        "read_only_chars": size(read_only),
        "per_operation_tools": len(per_operation),
        "per_operation_chars": sum(len(json.dumps(t)) for t in per_operation),
    }


def main() -> None:
    """Print Markdown tables."""
    print("| tool | content chars (~tokens) | raw JSON chars (~tokens) | content / raw |")
    print("|---|---|---|---|")
    for row in measure():
        print(
            f"| `{row['tool']}` | {row['content_chars']:,} (~{row['content_chars'] // 4:,}) | "
            f"{row['raw_chars']:,} (~{row['raw_chars'] // 4:,}) | {row['ratio']:.0%} |"
        )
    budget = tool_budget()
    print()
    print("| tool set | tools | definition chars (~tokens) |")
    print("|---|---|---|")
    for label, key in (
        ("FrontToolkit", "toolkit"),
        ("FrontToolkit(read_only=True)", "read_only"),
        ("one tool per operation (naive)", "per_operation"),
    ):
        chars = budget[f"{key}_chars"]
        print(f"| {label} | {budget[f'{key}_tools']} | {chars:,} (~{chars // 4:,}) |")


if __name__ == "__main__":
    main()
