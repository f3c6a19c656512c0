"""A LangGraph triage workflow that asks a human before anything reaches the customer.

The graph reads a new conversation, tags and assigns it, drafts a reply, and sends it with
``front_reply_to_conversation``. Under the toolkit's default policy (draft-first) a send needs
approval, so the send tool pauses the graph with ``interrupt()``: the pending request (the
exact text, the recipient, the Front request) waits in a SQLite checkpoint. Anyone, in this
process or another one, later resumes it with ``Command(resume={"type": "approve"})``,
``{"type": "edit", "args": {...}}`` or ``{"type": "reject", "reason": "..."}``.

Offline, a scripted chat model plays the LLM and the Front double plays Front; swap in
``init_chat_model(...)`` and ``FrontToolkit.from_env()`` for real use.

    uv run python examples/triage_graph.py                    # pause, "restart", approve
    uv run python examples/triage_graph.py start  triage.sqlite cnv_7g1
    uv run python examples/triage_graph.py resume triage.sqlite cnv_7g1 approve
    uv run python examples/triage_graph.py resume triage.sqlite cnv_7g1 reject "Too curt"

(``start`` and ``resume`` are separate processes: each has its own Front double, so the
double of ``resume`` shows the send but not the tags ``start`` added.)
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode, tools_condition
from langgraph.types import Command

from langchain_front import FrontToolkit
from langchain_front.policy import MemoryAuditSink
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.seed import SEED_LATEST_TIMESTAMP

#: The tools the workflow uses; every one of them goes through the toolkit's policy.
TRIAGE_TOOLS = (
    "front_get_conversation",
    "front_add_tags",
    "front_assign_conversation",
    "front_reply_to_conversation",
)
TRIAGE_TAG = SEED.urgent_tag_id
ASSIGNEE = SEED.teammate_id


class TriageModel(BaseChatModel):
    """A scripted chat model: its next message depends only on the messages so far.

    Stateless on purpose, like a real model: after a restart it picks up where the checkpoint
    left off. Read, then tag and assign, then draft and send the reply, then report.
    """

    @property
    def _llm_type(self) -> str:
        return "scripted-triage"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> TriageModel:
        """Tools are ignored: the script already knows what to call."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=next_step(messages))])


def next_step(messages: Sequence[BaseMessage]) -> AIMessage:
    """The scripted model's next message, from the conversation so far."""
    request = next(str(m.content) for m in messages if isinstance(m, HumanMessage))
    match = re.search(r"cnv_\w+", request)
    conversation_id = match.group(0) if match else SEED.unassigned_conversation_id
    tool_results = [m for m in messages if isinstance(m, ToolMessage)]
    turn = sum(1 for m in messages if isinstance(m, AIMessage))

    def calls(*pairs: tuple[str, dict[str, Any]]) -> AIMessage:
        return AIMessage(
            "",
            tool_calls=[
                {
                    "name": name,
                    "args": {"conversation_id": conversation_id, **args},
                    "id": f"{turn}-{i}",
                }
                for i, (name, args) in enumerate(pairs)
            ],
        )

    if turn == 0:
        return calls(("front_get_conversation", {}))
    if turn == 1:
        return calls(
            ("front_add_tags", {"tag_ids": [TRIAGE_TAG]}),
            ("front_assign_conversation", {"teammate_id": ASSIGNEE}),
        )
    if turn == 2:
        return calls(("front_reply_to_conversation", {"body": draft_reply(tool_results[0])}))
    outcome = tool_results[-1]
    if outcome.status == "error" or "reject" in str(outcome.content).lower():
        return AIMessage(f"Not sent. The reviewer said: {outcome.content}")
    return AIMessage(f"Triaged and answered {conversation_id}: {outcome.content}")


#: What the scripted model answers, by a word of what the customer wrote (a real model writes it).
ANSWERS = {
    "log in": "We have reset your portal access; please sign in again and tell us if it still "
    "fails.",
    "invoice": "We have found the duplicate charge and asked our billing team to refund it; it "
    "will show on your account within five business days.",
    "refund": "We are sorry about the damaged pallet. We have opened a claim with the carrier and "
    "will confirm your refund as soon as it is approved.",
}


def draft_reply(conversation: ToolMessage) -> str:
    """A reply to the customer named in the conversation the model read, on its topic."""
    content = str(conversation.content)
    match = re.search(r"^recipient: (\S+)", content, re.MULTILINE)
    name = match.group(1) if match else "there"
    topic = next((k for k in ANSWERS if k in content.lower()), "log in")
    return f"Hi {name},\n\nThanks for writing in. {ANSWERS[topic]}\n\nAcme Support"


def build_graph(toolkit: FrontToolkit, checkpointer: BaseCheckpointSaver[Any]) -> Any:
    """agent -> tools -> agent ... until the model answers; the send pauses inside ``tools``.

    Sync or async: with ``AsyncSqliteSaver``, run it with ``ainvoke`` (the tools then run
    natively async, and pause the same way).
    """
    tools = toolkit.get_tools(names=list(TRIAGE_TOOLS))
    model = TriageModel().bind_tools(tools)

    def agent(state: MessagesState) -> dict[str, list[BaseMessage]]:
        return {"messages": [model.invoke(state["messages"])]}

    graph = StateGraph(MessagesState)
    graph.add_node("agent", agent)
    graph.add_node("tools", ToolNode(tools))
    graph.add_edge(START, "agent")
    graph.add_conditional_edges("agent", tools_condition)
    graph.add_edge("tools", "agent")
    return graph.compile(checkpointer=checkpointer)


def open_checkpointer(path: str | Path) -> SqliteSaver:
    """A SQLite checkpointer on a file (one connection, shareable between threads)."""
    return SqliteSaver(sqlite3.connect(str(path), check_same_thread=False))


def thread(conversation_id: str) -> dict[str, Any]:
    """One run per conversation: the thread ID is the conversation ID."""
    return {"configurable": {"thread_id": f"triage-{conversation_id}"}}


def start(graph: Any, conversation_id: str) -> list[Any]:
    """Triage a conversation until the send pauses; the pending interrupts."""
    prompt = f"A new conversation arrived: {conversation_id}. Triage it and answer the customer."
    graph.invoke({"messages": [HumanMessage(prompt)]}, thread(conversation_id))
    return list(graph.get_state(thread(conversation_id)).interrupts)


def pending(graph: Any, conversation_id: str) -> list[Any]:
    """The interrupts a run is waiting on (empty once it finished)."""
    return list(graph.get_state(thread(conversation_id)).interrupts)


def resume(graph: Any, conversation_id: str, decision: dict[str, Any]) -> str:
    """Answer the run's pending approval; the model's last message."""
    (waiting,) = pending(graph, conversation_id)
    result = graph.invoke(Command(resume={waiting.id: decision}), thread(conversation_id))
    return str(result["messages"][-1].content)


def show(request: dict[str, Any]) -> str:
    """The pending approval as a reviewer reads it."""
    return (
        f"{request['tool']} ({request['effect']}) on {request['conversation_id']} "
        f"to {request.get('recipient')}, subject {request.get('subject')!r}:\n"
        f"{request['args'].get('body', '')}"
    )


def sent_bodies(double: FrontDouble, conversation_id: str) -> list[str]:
    """The messages sent in a conversation since the double started (not the seeded ones)."""
    return [
        m.body
        for m in double.store.messages.values()
        if m.conversation_id == conversation_id
        and not m.is_inbound
        and not m.is_draft
        and m.created_at > SEED_LATEST_TIMESTAMP
    ]


def main(argv: Sequence[str]) -> None:
    """Without arguments: pause, rebuild everything from the SQLite file, approve."""
    if argv and argv[0] in ("start", "resume"):
        command, path, conversation_id, *rest = argv
        double = FrontDouble()
        graph = build_graph(FrontToolkit.offline(double), open_checkpointer(path))
        if command == "start":
            for waiting in start(graph, conversation_id):
                print("paused:", show(waiting.value))
            return
        kind, *reason = rest or ["approve"]
        decision = (
            {"type": kind, "reason": " ".join(reason)} if kind == "reject" else {"type": kind}
        )
        print("model:", resume(graph, conversation_id, decision))
        print("sent to Front:", sent_bodies(double, conversation_id))
        return
    conversation_id = SEED.unassigned_conversation_id
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "triage.sqlite"
        double = FrontDouble()
        graph = build_graph(FrontToolkit.offline(double), open_checkpointer(path))
        for waiting in start(graph, conversation_id):
            print("paused:", show(waiting.value))
        print("sent before approval:", sent_bodies(double, conversation_id))
        # A restart: a new checkpointer connection, toolkit and graph on the same file.
        audit = MemoryAuditSink()  # the default sink logs JSON lines; this one keeps a list
        graph = build_graph(FrontToolkit.offline(double, audit=audit), open_checkpointer(path))
        decision = {"type": "approve", "approver": "ava.chen@acme.example"}
        print("model:", resume(graph, conversation_id, decision))
        print("sent after approval:", sent_bodies(double, conversation_id))
        for event in audit.events:
            print(
                f"audit: {event.kind} {event.tool} {event.decision} by {event.approver}",
                f"{event.method} {event.path} -> {event.status}" if event.kind == "call" else "",
            )


if __name__ == "__main__":
    main(sys.argv[1:])
