"""Context size: what a model reads from each read tool against Front's raw JSON, and the size of
the tool definitions it is sent.

Every read tool of the registry runs on the Front double with its own example invocation (list
tools with the largest page), and its content (what the model reads) is compared with the raw
Front JSON of the same responses (the artifact). Sizes are characters with a rough token estimate
(characters / 4). Target: content at most 0.25 of the raw JSON. Tool definitions are measured as a
model is sent them: name, description and input schema as compact JSON in OpenAI tool format.

    uv run python benchmarks/content_size.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import table

from langchain_front import FrontToolkit
from langchain_front.catalog import load_catalog
from langchain_front.selection import DEFAULT_BUDGET, is_deferred
from langchain_front.tools import FrontTool, tool_classes

#: Read tools whose result is not Front JSON (the catalog answers them; a download is a file):
#: no ratio to report.
NO_FRONT_JSON = frozenset({"front_find_operations", "front_download_attachment"})


def _args(tool_cls: type[FrontTool]) -> dict[str, Any]:
    args = dict(tool_cls.example or {})
    schema = tool_cls.model_fields["args_schema"].default
    field = schema.model_fields.get("limit")
    if field is not None:  # the largest page the tool takes (at most 100)
        maxima = [m.le for m in field.metadata if isinstance(getattr(m, "le", None), int)]
        args["limit"] = min([100, *maxima])
    return args


def measure() -> list[dict[str, Any]]:
    """One row per read tool: content and raw sizes."""
    toolkit = FrontToolkit.offline(read_only=True)
    rows = []
    for tool_cls in tool_classes():
        name = tool_cls.model_fields["name"].default
        if tool_cls.effect() != "read" or name in NO_FRONT_JSON:
            continue
        args = _args(tool_cls)
        message = toolkit.get_tool(name).invoke(
            {"type": "tool_call", "id": "bench", "name": name, "args": args}
        )
        raw = json.dumps(message.artifact, ensure_ascii=False, separators=(",", ":"))
        content = str(message.content)
        rows.append(
            {
                "tool": name,
                "content": len(content),
                "raw": len(raw),
                "ratio": len(content) / len(raw),
            }
        )
    return rows


def definition_chars(tools: list[BaseTool]) -> int:
    """Characters of the tools' definitions as compact JSON in OpenAI tool format."""
    return sum(
        len(json.dumps(convert_to_openai_tool(t), separators=(",", ":"), ensure_ascii=False))
        for t in tools
    )


def naive_definitions() -> int:
    """One tool per Front operation with only its summary and parameter schemas."""
    tools = [
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
    return sum(len(json.dumps(t, separators=(",", ":"))) for t in tools)


#: Most content a read tool gives, as a share of Front's raw JSON.
TARGET = 0.25


def _chars(count: int) -> str:
    return f"{count:,} (~{count // 4:,})"


def run(quick: bool = False) -> str:
    """The section for docs/performance.md."""
    rows = [
        [
            f"`{r['tool']}`",
            _chars(r["content"]),
            _chars(r["raw"]),
            f"{r['ratio']:.2f}" + ("" if r["ratio"] <= TARGET else f" (over {TARGET})"),
        ]
        for r in measure()
    ]
    default = FrontToolkit.offline().get_tools()
    everything = FrontToolkit.offline().get_tools(preset="all")
    loaded = [t for t in everything if not is_deferred(t)]
    read_only = FrontToolkit.offline(read_only=True).get_tools()
    sets = [
        ["`get_tools()` (the default selection)", len(default), _chars(definition_chars(default))],
        [
            '`get_tools(preset="all")`, every tool',
            len(everything),
            _chars(definition_chars(everything)),
        ],
        [
            "of which loaded (the rest carry `defer_loading`)",
            len(loaded),
            _chars(definition_chars(loaded)),
        ],
        [
            "`FrontToolkit(read_only=True).get_tools()`",
            len(read_only),
            _chars(definition_chars(read_only)),
        ],
        ["one tool per operation (naive)", len(load_catalog()), _chars(naive_definitions())],
    ]
    return "\n".join(
        [
            "## Context size",
            "",
            "What a model reads from each read tool (its content) against the raw Front JSON of "
            "the same responses, on the Front double, with each tool's example invocation (list "
            "tools at their largest page); characters (~tokens). Target: at most 0.25 for every "
            "read tool added with the support-day tools, as for lists, searches and timelines.",
            "",
            table(["read tool", "content", "raw JSON", "content / raw"], rows),
            "",
            "Every list, search and timeline is within 0.25 (it was 0.2 before message bodies, "
            "comments and subjects were wrapped in `<customer_data>` delimiters, which cost "
            "about 0.04 on a timeline). The single records over it (`front_whoami`, one "
            "contact, one account) came before that target: their raw JSON is a few hundred "
            "characters, and the IDs, names and custom fields a model needs to act are most "
            "of it.",
            "",
            "Tool definitions a model is sent (name, description, input schema; compact JSON in "
            f"OpenAI tool format). The default selection stays within {DEFAULT_BUDGET:,} bytes; "
            "see [tools.md](tools.md#choosing-tools):",
            "",
            table(["tool set", "tools", "characters (~tokens)"], sets),
        ]
    )


if __name__ == "__main__":
    print(run())
