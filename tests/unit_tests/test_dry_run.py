"""Dry run: every change comes back as the exact request it would make; nothing is sent.

Reads still read (a reply reads its conversation's channel before it would post), so a dry run
shows what would really go out. Toolkit-wide (``dry_run=True``) or for one run
(``config["configurable"]["front_dry_run"] = True``); a dry run needs no approval.
"""

from __future__ import annotations

from langchain_front import FrontToolkit
from langchain_front.policy import MemoryAuditSink, Policy
from langchain_front.testing import SEED, FrontDouble
from tests.unit_tests.calls import acall, call
from tests.unit_tests.policy_helpers import REPLY, REPLY_ARGS, changes

DRY = {"configurable": {"front_dry_run": True}}


def test_a_dry_run_reply_returns_the_exact_request_and_sends_nothing(double: FrontDouble) -> None:
    message = call(FrontToolkit.offline(double, dry_run=True).get_tool(REPLY), REPLY_ARGS)
    assert message.status == "success", message.content
    assert message.content.startswith("Dry run: nothing was sent")
    [request] = message.artifact["requests"]
    assert request["method"] == "POST"
    assert request["path"] == f"/conversations/{SEED.conversation_id}/messages"
    assert request["body"]["text"] == REPLY_ARGS["body"]
    assert REPLY_ARGS["body"] in message.content
    assert changes(double) == []
    assert double.requests  # the reply read the conversation to pick the body's format


def test_dry_run_for_one_call_through_the_run_config(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double, policy=Policy.allow_all())
    tool = toolkit.get_tool("front_add_tags")
    args = {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.urgent_tag_id]}
    dry = call(tool, args, DRY)
    assert dry.artifact["dry_run"] is True and changes(double) == []
    assert dry.artifact["requests"][0]["body"] == {"tag_ids": [SEED.urgent_tag_id]}
    real = call(tool, args)
    assert "dry_run" not in str(real.artifact) and len(changes(double)) == 1


async def test_dry_run_async_and_for_destructive_operations(double: FrontDouble) -> None:
    tool = FrontToolkit.offline(double).get_tool("front_call_operation")
    message = await acall(
        tool,
        {
            "operation_id": "delete-conversation",
            "path_params": {"conversation_id": SEED.trashed_conversation_id},
        },
        DRY,
    )
    assert message.status == "success", message.content
    [request] = message.artifact["requests"]
    assert (request["method"], request["effect"]) == ("DELETE", "destructive")
    assert double.requests == []


def test_reads_still_read_in_a_dry_run(double: FrontDouble) -> None:
    tool = FrontToolkit.offline(double, dry_run=True).get_tool("front_list_tags")
    message = call(tool, {})
    assert "Dry run" not in message.content and SEED.tag_id in message.content
    assert double.requests


def test_a_dry_run_needs_no_approval_and_is_audited(double: FrontDouble) -> None:
    sink = MemoryAuditSink()
    tool = FrontToolkit.offline(double, dry_run=True, audit=sink).get_tool("front_remove_tags")
    message = call(tool, {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.tag_id]})
    assert message.status == "success" and changes(double) == []
    [event] = sink.events
    assert (event.kind, event.decision, event.tool) == ("decision", "dry_run", "front_remove_tags")


def test_a_denied_call_is_refused_even_in_a_dry_run(double: FrontDouble) -> None:
    policy = Policy(operations={"delete-conversation": "deny"})
    tool = FrontToolkit.offline(double, policy=policy, dry_run=True).get_tool(
        "front_call_operation"
    )
    message = call(
        tool,
        {
            "operation_id": "delete-conversation",
            "path_params": {"conversation_id": SEED.conversation_id},
        },
    )
    assert message.status == "error" and "denies" in message.content


def test_the_hitl_middleware_does_not_ask_about_a_dry_run(double: FrontDouble) -> None:
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage
    from langgraph.checkpoint.memory import InMemorySaver

    from tests.unit_tests.policy_helpers import scripted, tool_call_message

    toolkit = FrontToolkit.offline(double)
    agent = create_agent(
        scripted(tool_call_message(REPLY, REPLY_ARGS), AIMessage(content="ok")),
        tools=toolkit.get_tools(names=[REPLY]),
        middleware=[toolkit.approval_middleware()],
        checkpointer=InMemorySaver(),
    )
    config = {"configurable": {"thread_id": "d", "front_dry_run": True}}
    result = agent.invoke({"messages": [("user", "reply")]}, config, version="v2")
    assert result.interrupts == ()
    assert "Dry run" in result.value["messages"][-2].content
    assert changes(double) == []
