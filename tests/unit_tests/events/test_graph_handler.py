"""A LangGraph run per event: one thread per conversation, the acting user from the inbox."""

from __future__ import annotations

import operator
from typing import Annotated, Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from typing_extensions import TypedDict

from langchain_front.events import FrontEvent, GraphEventHandler
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.double.events import record_event


class State(TypedDict):
    seen: Annotated[list[str], operator.add]
    users: Annotated[list[str], operator.add]


def build_graph() -> Any:
    def note(state: State, config: RunnableConfig) -> dict[str, list[str]]:
        user = config["configurable"].get("front_user_id") or "-"
        return {"users": [user]}

    graph = StateGraph(State)
    graph.add_node("note", note)
    graph.add_edge(START, "note")
    graph.add_edge("note", END)
    return graph.compile(checkpointer=InMemorySaver())


def as_input(event: FrontEvent) -> dict[str, Any]:
    return {"seen": [event.type]}


async def test_events_of_one_conversation_continue_one_thread() -> None:
    double = FrontDouble()
    graph = build_graph()
    handler = GraphEventHandler(
        graph,
        graph_input=as_input,
        inbox_users={SEED.inbox_id: "alice"},
        default_user="bot",
        types={"inbound", "tag"},
    )
    first = FrontEvent.from_payload(record_event(double, "inbound", SEED.conversation_id))
    other = FrontEvent.from_payload(
        record_event(double, "inbound", SEED.sms_conversation_id)  # the SMS inbox: not mapped
    )
    second = FrontEvent.from_payload(record_event(double, "tag", SEED.conversation_id))
    ignored = FrontEvent.from_payload(record_event(double, "archive", SEED.conversation_id))
    for event in (first, other, second, ignored):
        await handler(event)

    thread = f"front:{SEED.conversation_id}"
    state = graph.get_state({"configurable": {"thread_id": thread}}).values
    assert state == {"seen": ["inbound", "tag"], "users": ["alice", "alice"]}
    sms = graph.get_state({"configurable": {"thread_id": f"front:{SEED.sms_conversation_id}"}})
    assert sms.values == {"seen": ["inbound"], "users": ["bot"]}
    assert [r[1] for r in handler.runs] == [first.id, other.id, second.id]


def test_thread_and_config_without_a_conversation() -> None:
    handler = GraphEventHandler(object(), config={"configurable": {"x": 1}, "tags": ["t"]})
    event = FrontEvent.from_payload({"id": "evt_1", "type": "tag"})
    config = handler.run_config(event)
    assert config["configurable"] == {"x": 1, "thread_id": "front:event:evt_1"}
    assert config["metadata"] == {"front_event_id": "evt_1"}
    assert config["tags"] == ["t"]


def test_event_model_is_tolerant() -> None:
    preview = FrontEvent.from_payload({"type": "inbound_received", "extra": {"a": 1}}, b"raw")
    assert preview.id.startswith("evt_sha256_") and preview.model_extra == {"extra": {"a": 1}}
    assert preview.conversation_id is None and preview.message is None and preview.inbox_ids == []
    same = FrontEvent.from_payload({"type": "inbound_received", "extra": {"a": 1}}, b"raw")
    assert same.id == preview.id


async def test_a_thread_paused_for_approval_is_not_restarted() -> None:
    from langgraph.types import interrupt

    def ask(state: State) -> dict[str, list[str]]:
        answer = interrupt({"kind": "front_approval"})
        return {"users": [str(answer)]}

    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=InMemorySaver())
    handler = GraphEventHandler(graph, graph_input=as_input)
    double = FrontDouble()
    first = FrontEvent.from_payload(record_event(double, "inbound", SEED.conversation_id))
    second = FrontEvent.from_payload(record_event(double, "tag", SEED.conversation_id))
    await handler(first)
    await handler(second)
    thread = {"configurable": {"thread_id": f"front:{SEED.conversation_id}"}}
    state = graph.get_state(thread)
    assert len(state.interrupts) == 1  # still waiting for its reviewer
    assert state.values["seen"] == ["inbound"]
    assert [r[1] for r in handler.runs] == [first.id]
    assert [s[1] for s in handler.skipped] == [second.id]
