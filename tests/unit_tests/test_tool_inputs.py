"""Hostile input and odd answers through every entry point a model reaches: ``invoke``,
``ainvoke`` and a LangGraph ``ToolNode``. Each case must come back as an error tool message a
model can act on, never as an exception that stops the graph, and never as a silent success.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.tools import BaseTool

from langchain_front import FrontClient, FrontToolkit
from langchain_front.client import NoPacer, RetryPolicy
from langchain_front.testing import SEED, FrontDouble

Handler = Callable[[httpx.Request], httpx.Response]


def toolkit_on(handler: Handler) -> FrontToolkit:
    """A toolkit whose Front answers with ``handler`` (no retries, no pacing)."""
    client = FrontClient(
        token="front-double-token",
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(max_retries=0, max_wait=0),
        pacer=NoPacer(),
    )
    return FrontToolkit(client=client)


async def run(tool: BaseTool, args: dict[str, Any], entry: str) -> ToolMessage:
    """Call ``tool`` the way ``entry`` does: invoke, ainvoke, or a ToolNode in a graph."""
    call = {"type": "tool_call", "id": "c1", "name": tool.name, "args": args}
    if entry == "invoke":
        message = tool.invoke(call)
    elif entry == "ainvoke":
        message = await tool.ainvoke(call)
    else:
        from langgraph.graph import START, MessagesState, StateGraph
        from langgraph.prebuilt import ToolNode

        builder = StateGraph(MessagesState)
        builder.add_node("tools", ToolNode([tool]))
        builder.add_edge(START, "tools")
        ai = AIMessage(content="", tool_calls=[{"name": tool.name, "args": args, "id": "c1"}])
        result = await builder.compile().ainvoke({"messages": [ai]})
        message = result["messages"][-1]
    assert isinstance(message, ToolMessage)
    return message


ENTRIES = ["invoke", "ainvoke", "toolnode"]
CNV = SEED.conversation_id


# ----------------------------------------------------------------------------- unknown arguments


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        (
            "front_reply_to_conversation",
            {"conversation_id": CNV, "body": "Hi", "draft": True},
            "unknown argument 'draft' (this tool SENDS to the customer; to draft, call "
            "front_create_draft_reply)",
        ),
        (
            "front_list_conversations",
            {"status": "open"},
            "unknown argument 'status' (did you mean 'statuses'?); valid arguments: statuses, "
            "inbox_id, limit, page_token",
        ),
        ("front_whoami", {"verbose": True}, "unknown argument 'verbose'; valid arguments: none"),
        (
            "front_get_conversation",
            {"conversation_id": CNV, "max_mesages": 3},
            "did you mean 'max_messages'?",
        ),
    ],
)
async def test_unknown_arguments_are_refused_and_nothing_is_sent(
    entry: str, name: str, args: dict[str, Any], expected: str
) -> None:
    """Hardening 2: an unknown argument is an error listing the valid ones, not dropped."""
    double = FrontDouble()
    message = await run(FrontToolkit.offline(double).get_tool(name), args, entry)
    assert message.status == "error"
    assert expected in message.content
    assert double.requests == []


# ----------------------------------------------------------------------------- oversized values


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("front_get_conversation", {"conversation_id": "cnv_" + "a" * 70_000}, "70,004-character"),
        (
            "front_assign_conversation",
            {"conversation_id": CNV, "teammate_id": "alt:email:" + "é" * 6000},
            "not a teammate ID",
        ),
        ("front_get_contact", {"contact_id": "alt:email:" + "€" * 7000}, "not a contact ID"),
        ("front_list_tags", {"page_token": "x" * 70_000}, "page_token"),
        (
            "front_call_operation",
            {
                "operation_id": "get-conversation-by-id",
                "path_params": {"conversation_id": "x" * 70_000},
            },
            "could not be built",
        ),
    ],
)
async def test_oversized_ids_and_tokens_are_refused_before_any_request(
    entry: str, name: str, args: dict[str, Any], expected: str
) -> None:
    """Hardening 3: values that would overflow a URL are refused, not raised as InvalidURL."""
    double = FrontDouble()
    message = await run(FrontToolkit.offline(double).get_tool(name), args, entry)
    assert message.status == "error"
    assert expected in message.content
    assert double.requests == []


# ----------------------------------------------------------------------------- odd answers


def _answer(status: int, content: bytes, **headers: str) -> Handler:
    return lambda request: httpx.Response(status, content=content, headers=headers)


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize(
    ("name", "args", "handler", "expected"),
    [
        ("front_get_conversation", {"conversation_id": CNV}, _answer(200, b"null"), "got null"),
        ("front_get_conversation", {"conversation_id": CNV}, _answer(200, b"[]"), "got list"),
        ("front_whoami", {}, _answer(200, b'"hello"'), "got str"),
        ("front_find_contact", {"handle": "a@b.example"}, _answer(200, b"42"), "got int"),
        ("front_list_teammates", {}, _answer(200, b"<html>down</html>"), "not JSON"),
        ("front_list_tags", {}, _answer(200, b"[" * 50_000 + b"]" * 50_000), "nested deeper"),
        ("front_list_tags", {}, _answer(200, b'{"a":' * 200 + b"1" + b"}" * 200), "nested deeper"),
        (
            "front_get_conversation",
            {"conversation_id": CNV},
            _answer(301, b"", location="mailto:ops@example.com"),
            "unusable location",
        ),
        (
            "front_get_conversation",
            {"conversation_id": CNV},
            _answer(301, b"", location="javascript:alert(1)"),
            "unusable location",
        ),
    ],
)
async def test_odd_answers_are_errors_a_model_can_act_on(
    entry: str, name: str, args: dict[str, Any], handler: Handler, expected: str
) -> None:
    """Hardening 3 and 4: odd 2xx bodies and redirects are tool errors, never crashes or
    empty successes ("No teammates found.")."""
    message = await run(toolkit_on(handler).get_tool(name), args, entry)
    assert message.status == "error", message.content
    assert expected in message.content


@pytest.mark.parametrize("entry", ENTRIES)
async def test_draft_reply_survives_an_inbox_without_an_id(entry: str) -> None:
    """Hardening 3: an inbox without ``id`` in Front's answer is skipped, not a KeyError."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/inboxes"):
            return httpx.Response(200, json={"_results": [{"name": "no id"}, {"id": None}]})
        return httpx.Response(200, json={"_results": []})

    tool = toolkit_on(handler).get_tool("front_create_draft_reply")
    message = await run(tool, {"conversation_id": CNV, "body": "Draft"}, entry)
    assert message.status == "error"
    assert "pass channel_id" in message.content
