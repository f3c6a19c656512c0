"""``langchain-front mcp --offline`` over stdio, driven by the MCP SDK's own client: the same
tools, schemas, annotations and content as the LangChain tools, with the policy applied."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import mcp_types as types
import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters

from langchain_front import FrontToolkit
from langchain_front.policy import Policy
from langchain_front.testing import SEED

ROOT = Path(__file__).resolve().parents[3]
DENIED = "front_remove_tags"


def reference() -> FrontToolkit:
    """What the server serves, as a LangChain toolkit on a fresh double."""
    return FrontToolkit.offline(policy=Policy(tools={DENIED: "deny"}), preset="all")


async def content_of(toolkit: FrontToolkit, name: str, args: dict[str, Any]) -> str:
    message = await toolkit.get_tool(name).ainvoke(
        {"type": "tool_call", "id": "1", "name": name, "args": args}
    )
    return str(message.content)


class Elicitations:
    def __init__(self, approve: bool) -> None:
        self.approve = approve
        self.messages: list[str] = []

    async def __call__(self, context: Any, params: Any) -> types.ElicitResult:
        self.messages.append(params.message)
        if self.approve:
            return types.ElicitResult(action="accept", content={"approve": True})
        return types.ElicitResult(action="accept", content={"approve": False, "reason": "no"})


def server_params() -> StdioServerParameters:
    args = ["-m", "langchain_front.cli", "mcp", "--offline", "--preset", "all"]
    args += ["--deny-tool", DENIED]
    return StdioServerParameters(command=sys.executable, args=args, cwd=str(ROOT))


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_stdio_session(mode: str) -> None:
    """auto negotiates 2026-07-28 (approval as an InputRequiredResult round trip); legacy the
    handshake era (approval as an elicitation/create request during the call)."""
    local = reference()
    elicit = Elicitations(approve=True)
    async with Client(server_params(), mode=mode, elicitation_callback=elicit) as client:
        listed = (await client.list_tools()).tools
        read = await client.call_tool(
            "front_get_conversation", {"conversation_id": SEED.conversation_id}
        )
        write = await client.call_tool(
            "front_add_tags",
            {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.vip_tag_id]},
        )
        reply = {"conversation_id": SEED.conversation_id, "body": "We refunded the duplicate."}
        approved = await client.call_tool("front_reply_to_conversation", reply)
        denied = await client.call_tool(
            DENIED, {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.tag_id]}
        )
        bad = await client.call_tool("front_get_conversation", {"conversation_id": 5})
        elicit.approve = False
        rejected = await client.call_tool("front_reply_to_conversation", reply)
        protocol = client.protocol_version
    assert (protocol == "2026-07-28") == (mode == "auto")

    # tools/list: the policy's selection, LangChain's schemas and descriptions, effect hints
    tools = {t.name: t for t in local.get_tools()}
    assert [t.name for t in listed] == list(tools)
    assert DENIED not in tools
    for item in listed:
        function = convert_to_openai_tool(tools[item.name])["function"]
        assert item.input_schema == function["parameters"], item.name
        assert item.description == function["description"]
        meta = tools[item.name].metadata or {}
        assert item.annotations is not None
        assert item.annotations.read_only_hint == meta["readOnlyHint"]
        assert item.annotations.destructive_hint == meta["destructiveHint"]
        assert item.annotations.idempotent_hint == meta["idempotentHint"]
        assert item.annotations.open_world_hint == meta["openWorldHint"]
    assert {t.name for t in listed if t.annotations and t.annotations.read_only_hint} >= {
        "front_get_conversation",
        "front_list_inboxes",
    }

    # the same content as the LangChain tools (both on a freshly seeded double)
    assert not read.is_error
    expected = await content_of(
        local, "front_get_conversation", {"conversation_id": SEED.conversation_id}
    )
    assert read.content[0].text == expected
    assert not write.is_error
    expected_write = await content_of(
        local,
        "front_add_tags",
        {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.vip_tag_id]},
    )
    assert write.content[0].text == expected_write

    # approval through elicitation: the user saw the exact request, then it was sent
    assert not approved.is_error and "Reply accepted by Front" in approved.content[0].text
    assert "Approve front_reply_to_conversation (send)?" in elicit.messages[0]
    assert "POST /conversations/" in elicit.messages[0] and "We refunded" in elicit.messages[0]
    assert rejected.content[0].text.startswith("Not done: a human reviewer rejected")

    assert denied.is_error and "Unknown tool" in denied.content[0].text
    assert bad.is_error and bad.content[0].text.startswith("Invalid arguments: conversation_id")
