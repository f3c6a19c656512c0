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
from pydantic import BaseModel, Field

from langchain_front import FrontToolkit
from langchain_front.policy import (
    ApprovalDecision,
    ApprovalRequest,
    Limits,
    MemoryAuditSink,
    Policy,
    parse_decision,
)
from langchain_front.testing import SEED, FrontDouble
from langchain_front.tools import Call, FrontTool, Steps, ToolArgs
from tests.unit_tests.calls import acall, call
from tests.unit_tests.policy_helpers import REPLY, REPLY_ARGS, changes, scripted, tool_call_message

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


def test_a_resumed_call_reuses_what_the_reviewer_saw(double: FrontDouble) -> None:
    """The pause reads twice (the reply's channel, the conversation for the reviewer); the
    resumed run reuses that preview and only reads what the send itself needs."""
    toolkit = FrontToolkit.offline(double)
    agent = _agent(toolkit, tool_call_message(REPLY, REPLY_ARGS))
    _start(agent)
    assert [method for method, _ in double.requests] == ["GET", "GET"]
    agent.invoke(Command(resume={"type": "approve"}), THREAD, version="v2")
    assert [method for method, _ in double.requests[2:]] == ["GET", "POST"]


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


# ----------------------------------------------------------------------------- one ToolNode task


def _two_sends_in_one_task(double: FrontDouble) -> tuple[Any, dict[str, Any], Any]:
    """A graph whose ToolNode runs two sends of one model turn in a single task."""
    toolkit = FrontToolkit.offline(double)
    ai = AIMessage(
        content="",
        tool_calls=[
            {"name": REPLY, "args": {**REPLY_ARGS, "body": "First."}, "id": "a"},
            {"name": REPLY, "args": {**REPLY_ARGS, "body": "Second."}, "id": "b"},
        ],
    )
    builder = StateGraph(MessagesState)
    builder.add_node("tools", ToolNode(toolkit.get_tools(names=[REPLY])))
    builder.add_edge(START, "tools")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "two"}}
    return graph, config, graph.invoke({"messages": [ai]}, config, version="v2")


def test_answers_naming_their_action_reach_the_right_call_once(double: FrontDouble) -> None:
    """LangGraph orders a task's interrupts by arrival, which concurrent calls do not fix; a
    decision naming its action_id is taken by that call only, and a resumed task does not make
    a change twice."""
    graph, config, result = _two_sends_in_one_task(double)
    approved: list[str] = []
    for _ in range(6):
        if not result.interrupts:
            break
        payload = result.interrupts[0].value
        approved.append(payload["args"]["body"])
        answer = {"type": "approve", "action_id": payload["action_id"]}
        result = graph.invoke(Command(resume=answer), config, version="v2")
    assert sorted(approved) == ["First.", "Second."]
    assert len(changes(double)) == 2
    bodies = sent_bodies(FrontToolkit.offline(double))
    assert sum("First." in b for b in bodies) == 1 and sum("Second." in b for b in bodies) == 1


def test_an_answer_that_could_belong_to_either_call_is_not_taken(double: FrontDouble) -> None:
    """Answers without action_id: taken only while a single call of the task has asked (so it
    can only be meant for that call); once both asked, nothing more is sent."""
    graph, config, result = _two_sends_in_one_task(double)
    shown: list[str] = []
    for _ in range(4):
        if not result.interrupts:
            break
        shown.append(result.interrupts[0].value["args"]["body"])
        result = graph.invoke(Command(resume={"type": "approve"}), config, version="v2")
    assert len(changes(double)) <= 1
    bodies = sent_bodies(FrontToolkit.offline(double))
    sent = [text for text in ("First.", "Second.") if any(text in b for b in bodies)]
    assert sent in ([], shown[:1])
    contents = [m.content for m in result.value["messages"] if isinstance(m, ToolMessage)]
    assert any("action_id" in c for c in contents)


# ----------------------------------------------------------------------------- approved requests


class _NoteInput(ToolArgs):
    """Arguments of the test tools."""

    conversation_id: str = Field(description="Conversation.")


class _DriftingNote(FrontTool):
    """A comment whose text changes on every run: what runs is not what was approved."""

    name: str = "front_drifting_note"
    description: str = "test"
    args_schema: type[BaseModel] = _NoteInput
    operations = ("add-comment",)
    runs: int = 0

    def steps(self, args: Any) -> Steps:
        self.runs += 1
        body = {"body": f"version {self.runs}"}
        yield Call("add-comment", {"conversation_id": args.conversation_id}, body=body)
        return "ok", {}


class _TwoStepNote(FrontTool):
    """A comment, then a second one quoting the first one's ID (known only from Front's answer)."""

    name: str = "front_two_step_note"
    description: str = "test"
    args_schema: type[BaseModel] = _NoteInput
    operations = ("add-comment",)

    def steps(self, args: Any) -> Steps:
        where = {"conversation_id": args.conversation_id}
        first = yield Call("add-comment", where, body={"body": "first"})
        yield Call("add-comment", where, body={"body": f"after {first.data['id']}"})
        return "ok", {}


def _approve_all(tool_cls: type[FrontTool], double: FrontDouble) -> tuple[FrontTool, list[Any]]:
    asked: list[ApprovalRequest] = []
    tool = tool_cls(
        client=FrontToolkit.offline(double).client,
        policy=Policy(tools={tool_cls.model_fields["name"].default: "approve"}),
        approver=lambda request: asked.append(request) or {"type": "approve"},
    )
    return tool, asked


def test_a_change_that_differs_from_the_approved_one_is_not_sent(double: FrontDouble) -> None:
    tool, asked = _approve_all(_DriftingNote, double)
    message = call(tool, {"conversation_id": SEED.conversation_id})
    assert asked[0].requests[0].body == {"body": "version 1"}
    assert message.status == "error" and "changed since it was approved" in message.content
    assert changes(double) == []


def test_changes_that_follow_from_front_s_answers_pass(double: FrontDouble) -> None:
    tool, asked = _approve_all(_TwoStepNote, double)
    message = call(tool, {"conversation_id": SEED.conversation_id})
    assert [r.body for r in asked[0].requests] == [{"body": "first"}]  # all a preview can know
    assert message.status == "success", message.content
    assert len(changes(double)) == 2


async def test_in_an_async_graph_a_send_pauses_then_runs_once(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = _agent(toolkit, tool_call_message(REPLY, REPLY_ARGS))
    paused = await agent.ainvoke(
        {"messages": [("user", "Answer the customer.")]}, THREAD, version="v2"
    )
    assert paused.interrupts[0].value["kind"] == "front_approval"
    assert changes(double) == []
    await agent.ainvoke(Command(resume={"type": "approve"}), THREAD, version="v2")
    assert len(changes(double)) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"type": "approve"}, ("approve", None, None)),
        ("approve", ("approve", None, None)),
        ({"type": "reject", "reason": "No."}, ("reject", None, "No.")),
        ({"type": "reject", "message": "No."}, ("reject", None, "No.")),  # HITL's key
        ({"type": "respond", "message": "Handled."}, ("reject", None, "Handled.")),
        ({"type": "edit", "args": {"body": "x"}}, ("edit", {"body": "x"}, None)),
        (
            {"type": "edit", "edited_action": {"name": REPLY, "args": {"body": "x"}}},
            ("edit", {"body": "x"}, None),
        ),
        ({"decisions": [{"type": "approve"}]}, ("approve", None, None)),  # HITL batched
    ],
)
def test_decision_formats(value: Any, expected: tuple[Any, ...]) -> None:
    decision = parse_decision(value, REPLY)
    assert (decision.type, decision.args, decision.reason) == expected


@pytest.mark.parametrize(
    "value",
    [
        {"type": "maybe"},
        {"decisions": [{"type": "approve"}, {"type": "approve"}]},
        {"type": "edit", "edited_action": {"name": "front_other_tool", "args": {}}},
        42,
    ],
)
def test_what_is_not_a_decision(value: Any) -> None:
    with pytest.raises(ValueError):
        parse_decision(value, REPLY)


def test_a_malformed_resume_value_sends_nothing(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = _agent(toolkit, tool_call_message(REPLY, REPLY_ARGS))
    _start(agent)
    done = agent.invoke(Command(resume={"type": "yes please"}), THREAD, version="v2")
    tool_message = done.value["messages"][-2]
    assert isinstance(tool_message, ToolMessage) and tool_message.status == "error"
    assert "not a decision" in tool_message.content
    assert changes(double) == []


@pytest.mark.parametrize(
    ("config", "run"),
    [
        ({"configurable": {"front_run_id": "r", "thread_id": "t"}}, "r"),
        ({"configurable": {"thread_id": "t"}}, "t"),
        ({"configurable": {"run_id": "p"}}, "p"),
        ({"metadata": {"run_id": "m"}}, "m"),
        (None, "(toolkit)"),
    ],
)
def test_what_names_a_run_for_the_limits(config: Any, run: str) -> None:
    from langchain_front.policy.limits import run_key

    assert run_key(config) == run


def test_a_graph_without_a_checkpointer_cannot_pause_so_the_call_fails_closed(
    double: FrontDouble,
) -> None:
    toolkit = FrontToolkit.offline(double)
    agent = create_agent(
        scripted(tool_call_message(REPLY, REPLY_ARGS), AIMessage(content="I could not send it.")),
        tools=toolkit.get_tools(names=[REPLY]),
    )
    result = agent.invoke({"messages": [("user", "Answer the customer.")]}, version="v2")
    assert result.interrupts == ()
    tool_message = result.value["messages"][-2]
    assert isinstance(tool_message, ToolMessage) and tool_message.status == "error"
    assert "checkpointer" in tool_message.content
    assert double.requests == []


def test_a_graph_without_a_checkpointer_uses_the_approver(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double, approver=lambda r: {"type": "approve"})
    agent = create_agent(
        scripted(tool_call_message(REPLY, REPLY_ARGS), AIMessage(content="Sent.")),
        tools=toolkit.get_tools(names=[REPLY]),
    )
    agent.invoke({"messages": [("user", "Answer the customer.")]}, version="v2")
    assert len(changes(double)) == 1
