"""Approval of send and destructive calls: approvers, LangGraph interrupts, HITL middleware, limits.

Under the default (draft-first) policy a send never reaches Front without a decision for exactly
its arguments: with no reviewer it fails closed before any request; an approver or an interrupt
answers approve (it runs once), edit (the edited arguments run) or reject (the model reads why,
Front receives nothing).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.types import Command

from langchain_front import FrontToolkit
from langchain_front.policy import ApprovalDecision, ApprovalRequest, Limits, MemoryAuditSink
from langchain_front.testing import SEED, FrontDouble
from tests.unit_tests.policy_helpers import (
    REPLY,
    REPLY_ARGS,
    acall,
    call,
    changes,
    scripted,
    tool_call_message,
)

REPLY_PATH = f"/conversations/{SEED.conversation_id}/messages"


def sent_bodies(toolkit: FrontToolkit) -> list[str]:
    """Bodies of the outbound messages of the seeded conversation, newest first."""
    data = toolkit.client.call(
        "list-conversation-messages", path_params={"conversation_id": SEED.conversation_id}
    )
    return [m.get("text") or m.get("body") for m in data["_results"] if not m.get("is_inbound")]


# ----------------------------------------------------------------------------- plain Python


def test_a_send_without_a_reviewer_fails_closed_before_any_request(double: FrontDouble) -> None:
    tool = FrontToolkit.offline(double).get_tool(REPLY)
    message = call(tool, REPLY_ARGS)
    assert message.status == "error"
    assert "nothing was sent" in message.content
    assert "approver=" in message.content and "LangGraph" in message.content
    assert double.requests == []


def test_an_approved_send_shows_the_exact_request_and_runs_once(double: FrontDouble) -> None:
    asked: list[ApprovalRequest] = []

    def approver(request: ApprovalRequest) -> ApprovalDecision:
        asked.append(request)
        return ApprovalDecision(type="approve", approver="lead@example.com")

    toolkit = FrontToolkit.offline(double, approver=approver)
    message = call(toolkit.get_tool(REPLY), REPLY_ARGS)
    assert message.status == "success", message.content
    [request] = asked
    assert request.tool == REPLY and request.effect == "send"
    assert request.allowed_decisions == ["approve", "edit", "reject"]
    assert request.subject == "Invoice #4521 charged twice"
    assert request.recipient is not None and "@" in request.recipient
    [front] = request.requests
    assert (front.method, front.path) == ("POST", REPLY_PATH)
    assert front.body["text"] == REPLY_ARGS["body"]
    assert request.model_dump(mode="json")["requests"][0]["body"]["text"] == REPLY_ARGS["body"]
    assert [url for _, url in changes(double)] == [f"https://api2.frontapp.com{REPLY_PATH}"]


def test_an_edit_sends_the_edited_arguments(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(
        double, approver=lambda r: {"type": "edit", "args": {"body": "Edited by a human."}}
    )
    message = call(toolkit.get_tool(REPLY), REPLY_ARGS)
    assert message.status == "success", message.content
    assert len(changes(double)) == 1
    assert "Edited by a human." in sent_bodies(toolkit)[0]


def test_a_rejection_reaches_the_model_as_a_normal_tool_message(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(
        double, approver=lambda r: {"type": "reject", "reason": "Wrong tone."}
    )
    message = call(toolkit.get_tool(REPLY), REPLY_ARGS)
    assert message.status == "success"
    assert "rejected" in message.content and "Wrong tone." in message.content
    assert message.artifact["rejected"] is True
    assert changes(double) == []


def test_an_approval_for_another_action_is_refused(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(
        double, approver=lambda r: ApprovalDecision(type="approve", action_id="someone-else")
    )
    message = call(toolkit.get_tool(REPLY), REPLY_ARGS)
    assert message.status == "error" and "nothing was sent" in message.content
    assert changes(double) == []


def test_an_invalid_edit_sends_nothing(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(
        double, approver=lambda r: {"type": "edit", "args": {"body": ""}}
    )
    message = call(toolkit.get_tool(REPLY), REPLY_ARGS)
    assert message.status == "error" and "nothing was sent" in message.content
    assert changes(double) == []


async def test_async_approvers_decide_for_ainvoke(double: FrontDouble) -> None:
    async def approver(request: ApprovalRequest) -> ApprovalDecision:
        await asyncio.sleep(0)
        return ApprovalDecision(type="approve", approver="async-lead")

    toolkit = FrontToolkit.offline(double, approver=approver)
    message = await acall(toolkit.get_tool(REPLY), REPLY_ARGS)
    assert message.status == "success", message.content
    assert len(changes(double)) == 1


def test_an_async_approver_cannot_decide_a_sync_call(double: FrontDouble) -> None:
    async def approver(request: ApprovalRequest) -> ApprovalDecision:
        return ApprovalDecision(type="approve")

    message = call(FrontToolkit.offline(double, approver=approver).get_tool(REPLY), REPLY_ARGS)
    assert message.status == "error" and "ainvoke" in message.content
    assert changes(double) == []


def test_destructive_calls_need_approval_too(double: FrontDouble) -> None:
    tool = FrontToolkit.offline(double).get_tool("front_remove_tags")
    message = call(tool, {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.tag_id]})
    assert message.status == "error" and "destructive" in message.content
    assert double.requests == []


def test_writes_run_without_approval_under_draft_first(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    draft = call(toolkit.get_tool("front_create_draft_reply"), REPLY_ARGS)
    assert draft.status == "success", draft.content
    assert [m for m, _ in changes(double)] == ["POST"]


# ----------------------------------------------------------------------------- LangGraph


def _agent(toolkit: FrontToolkit, *ai: AIMessage, middleware: Any = ()) -> Any:
    return create_agent(
        scripted(*ai, AIMessage(content="Done.")),
        tools=toolkit.get_tools(names=[REPLY, "front_remove_tags"]),
        middleware=list(middleware),
        checkpointer=InMemorySaver(),
    )


THREAD = {"configurable": {"thread_id": "t-1"}}


def _start(agent: Any) -> Any:
    return agent.invoke({"messages": [("user", "Answer the customer.")]}, THREAD, version="v2")


def test_in_a_graph_a_send_pauses_then_runs_once_on_approval(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = _agent(toolkit, tool_call_message(REPLY, REPLY_ARGS))
    paused = _start(agent)
    [interrupt] = paused.interrupts
    payload = interrupt.value
    assert payload["kind"] == "front_approval" and payload["effect"] == "send"
    assert payload["requests"][0]["body"]["text"] == REPLY_ARGS["body"]
    assert payload["subject"] and payload["recipient"]
    assert changes(double) == []
    done = agent.invoke(Command(resume={"type": "approve"}), THREAD, version="v2")
    assert done.interrupts == ()
    assert len(changes(double)) == 1
    tool_message = done.value["messages"][-2]
    assert isinstance(tool_message, ToolMessage) and "accepted" in tool_message.content


def test_in_a_graph_a_rejection_returns_to_the_model(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = _agent(toolkit, tool_call_message(REPLY, REPLY_ARGS))
    _start(agent)
    done = agent.invoke(
        Command(resume={"type": "reject", "reason": "Ask billing first."}), THREAD, version="v2"
    )
    tool_message = done.value["messages"][-2]
    assert isinstance(tool_message, ToolMessage) and tool_message.status == "success"
    assert "Ask billing first." in tool_message.content
    assert done.value["messages"][-1].content == "Done."  # the agent went on
    assert changes(double) == []


def test_in_a_graph_an_edit_runs_the_edited_call(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = _agent(toolkit, tool_call_message(REPLY, REPLY_ARGS))
    _start(agent)
    agent.invoke(
        Command(resume={"type": "edit", "args": {"body": "Shipped."}}), THREAD, version="v2"
    )
    assert len(changes(double)) == 1
    assert "Shipped." in sent_bodies(toolkit)[0]


def test_a_paused_call_resumes_in_a_new_agent_on_the_same_checkpointer(
    double: FrontDouble,
) -> None:
    toolkit = FrontToolkit.offline(double)
    saver = InMemorySaver()
    first = create_agent(
        scripted(tool_call_message(REPLY, REPLY_ARGS)),
        tools=toolkit.get_tools(names=[REPLY]),
        checkpointer=saver,
    )
    assert _start(first).interrupts
    # A new process would build everything again: a new toolkit, model and agent.
    second = create_agent(
        scripted(AIMessage(content="Done.")),
        tools=FrontToolkit.offline(double).get_tools(names=[REPLY]),
        checkpointer=saver,
    )
    second.invoke(Command(resume={"type": "approve"}), THREAD, version="v2")
    assert len(changes(double)) == 1


# ----------------------------------------------------------------------------- HITL middleware


def test_interrupt_on_lists_the_tools_the_policy_asks_about() -> None:
    config = FrontToolkit.offline().interrupt_on()
    assert set(config) >= {REPLY, "front_remove_tags", "front_call_operation"}
    assert "front_create_draft_reply" not in config and "front_list_tags" not in config
    assert config[REPLY]["allowed_decisions"] == ["approve", "edit", "reject"]


def test_middleware_approval_is_taken_by_the_tool_without_asking_twice(
    double: FrontDouble,
) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = _agent(
        toolkit, tool_call_message(REPLY, REPLY_ARGS), middleware=[toolkit.approval_middleware()]
    )
    [interrupt] = _start(agent).interrupts
    assert interrupt.value["type"] == "tool_approval"
    done = agent.invoke(Command(resume={"type": "approve"}), THREAD, version="v2")
    assert done.interrupts == ()
    assert len(changes(double)) == 1


def test_middleware_edit_runs_the_edited_arguments_once(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = _agent(
        toolkit, tool_call_message(REPLY, REPLY_ARGS), middleware=[toolkit.approval_middleware()]
    )
    _start(agent)
    edited = {"name": REPLY, "args": {**REPLY_ARGS, "body": "Edited in the inbox."}}
    done = agent.invoke(
        Command(resume={"type": "edit", "edited_action": edited}), THREAD, version="v2"
    )
    assert done.interrupts == ()
    assert len(changes(double)) == 1
    assert "Edited in the inbox." in sent_bodies(toolkit)[0]


def test_a_call_rejected_by_the_middleware_cannot_reach_front_when_run_again(
    double: FrontDouble,
) -> None:
    toolkit = FrontToolkit.offline(double)
    ai = tool_call_message(REPLY, REPLY_ARGS)
    agent = _agent(toolkit, ai, middleware=[toolkit.approval_middleware()])
    _start(agent)
    done = agent.invoke(Command(resume={"type": "reject", "message": "No."}), THREAD, version="v2")
    assert "No." in done.value["messages"][-2].content
    assert changes(double) == []

    # Another component runs the rejected tool call again: in a graph of its own (a ToolNode)...
    builder = StateGraph(MessagesState)
    builder.add_node("tools", ToolNode(toolkit.get_tools(names=[REPLY])))
    builder.add_edge(START, "tools")
    graph = builder.compile(checkpointer=InMemorySaver())
    rerun = graph.invoke({"messages": [ai]}, {"configurable": {"thread_id": "x"}}, version="v2")
    assert rerun.interrupts and rerun.interrupts[0].value["kind"] == "front_approval"
    # ... or directly, outside any graph.
    direct = call(toolkit.get_tool(REPLY), REPLY_ARGS)
    assert direct.status == "error"
    assert changes(double) == []


def test_batched_middleware_approval_still_meets_the_tools_own_check(
    double: FrontDouble,
) -> None:
    """In batched mode the tool cannot see the middleware's answer: it asks again."""
    toolkit = FrontToolkit.offline(double)
    agent = _agent(
        toolkit,
        tool_call_message(REPLY, REPLY_ARGS),
        middleware=[toolkit.approval_middleware(interrupt_mode="batched")],
    )
    _start(agent)
    again = agent.invoke(Command(resume={"decisions": [{"type": "approve"}]}), THREAD, version="v2")
    assert again.interrupts and again.interrupts[0].value["kind"] == "front_approval"
    assert changes(double) == []
    agent.invoke(Command(resume={"type": "approve"}), THREAD, version="v2")
    assert len(changes(double)) == 1


# ----------------------------------------------------------------------------- limits


def test_limits_cap_sends_per_run(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(
        double, approver=lambda r: {"type": "approve"}, limits=Limits(max_sends=1)
    )
    tool = toolkit.get_tool(REPLY)
    run_a = {"configurable": {"thread_id": "a"}}
    assert call(tool, REPLY_ARGS, run_a).status == "success"
    second = call(tool, REPLY_ARGS, run_a)
    assert second.status == "error" and "limit" in second.content
    assert call(tool, REPLY_ARGS, {"configurable": {"thread_id": "b"}}).status == "success"
    assert len(changes(double)) == 2


def test_limits_hold_across_threads_and_async_calls() -> None:
    double = FrontDouble()
    sink = MemoryAuditSink()
    toolkit = FrontToolkit.offline(
        double,
        approver=lambda r: {"type": "approve"},
        limits=Limits(max_sends=3),
        audit=sink,
    )
    tool = toolkit.get_tool(REPLY)
    results: list[ToolMessage] = []
    lock = threading.Lock()

    def sync_worker() -> None:
        message = call(tool, REPLY_ARGS)
        with lock:
            results.append(message)

    async def async_batch() -> list[ToolMessage]:
        return list(await asyncio.gather(*(acall(tool, REPLY_ARGS) for _ in range(4))))

    threads = [threading.Thread(target=sync_worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    async_results = asyncio.run(async_batch())
    for thread in threads:
        thread.join()
    everything = results + async_results
    assert sum(m.status == "success" for m in everything) == 3
    assert len(changes(double)) == 3
    assert sum(e.decision == "limit" for e in sink.events) == 5


@pytest.mark.parametrize("max_destructive", [0, 1])
def test_limits_cap_destructive_calls(double: FrontDouble, max_destructive: int) -> None:
    toolkit = FrontToolkit.offline(
        double,
        approver=lambda r: {"type": "approve"},
        limits=Limits(max_destructive=max_destructive),
    )
    tool = toolkit.get_tool("front_remove_tags")
    args = {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.tag_id]}
    outcomes = [call(tool, args).status for _ in range(2)]
    assert outcomes.count("success") == max_destructive
    assert len(changes(double)) == max_destructive
