"""What an MCP client is shown costs what a LangChain model is shown, plus the annotations."""

from __future__ import annotations

import json

import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool
from mcp.client.client import Client

from langchain_front import FrontToolkit
from langchain_front.mcp.approval import mcp_approver
from langchain_front.mcp.server import build_server
from langchain_front.policy import Policy


def size(data: object) -> int:
    return len(json.dumps(data, separators=(",", ":"), ensure_ascii=False))


@pytest.mark.parametrize("policy", [Policy.draft_first(), Policy.read_only()], ids=["draft", "ro"])
async def test_mcp_definitions_against_langchain_ones(policy: Policy) -> None:
    toolkit = FrontToolkit.offline(policy=policy, approver=mcp_approver)
    langchain = [convert_to_openai_tool(t) for t in toolkit.get_tools()]
    async with Client(build_server(toolkit)) as client:  # in-process, same handlers
        listed = (await client.list_tools()).tools
    mcp = [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in listed]
    for ours, theirs in zip(mcp, langchain, strict=True):
        function = theirs["function"]
        assert (ours["name"], ours["description"], ours["inputSchema"]) == (
            function["name"],
            function["description"],
            function["parameters"],
        )
    without_annotations = [{k: v for k, v in t.items() if k != "annotations"} for t in mcp]
    ratio = size(mcp) / size(langchain)
    assert size(without_annotations) <= size(langchain)  # "inputSchema" vs {"type":"function"...}
    assert ratio < 1.15  # measured: 15 tools 19869 -> 20988 chars, 22 read tools 18997 -> 20625
