"""``create_agent`` with LangChain's ``HumanInTheLoopMiddleware``, configured by the toolkit.

``toolkit.interrupt_on()`` names every tool the toolkit's policy wants a human for (under the
default, draft-first policy: the send and destructive tools), so the middleware and the tools
agree. The middleware asks once per call (``interrupt_mode="per_call"``); the tool takes that
answer for exactly the arguments the reviewer saw, so nothing is asked twice, and a rejected
call cannot reach Front even if something runs it again.

Offline, a scripted chat model plays the LLM and the Front double plays Front:

    uv run python examples/create_agent_approval.py
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain.agents import create_agent
from langchain.agents.middleware import HumanInTheLoopMiddleware
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from langchain_front import FrontToolkit
from langchain_front.testing import SEED, FrontDouble

CONVERSATION = SEED.unassigned_conversation_id
REPLY = "Hi Raj, we reset your portal access; please sign in again."


class ReplyModel(BaseChatModel):
    """A scripted model: reply to the customer, then say what happened to the reply."""

    @property
    def _llm_type(self) -> str:
        return "scripted-reply"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ReplyModel:
        """Tools are ignored: the script already knows what to call."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        results = [m for m in messages if isinstance(m, ToolMessage)]
        if not results:
            call = {
                "name": "front_reply_to_conversation",
                "args": {"conversation_id": CONVERSATION, "body": REPLY},
                "id": "reply-1",
            }
            message = AIMessage("", tool_calls=[call])
        else:
            message = AIMessage(f"The reply tool said: {results[-1].content}")
        return ChatResult(generations=[ChatGeneration(message=message)])


def build_agent(toolkit: FrontToolkit) -> Any:
    """The agent, its tools gated by the middleware the toolkit configures."""
    middleware = HumanInTheLoopMiddleware(
        interrupt_on=toolkit.interrupt_on(), interrupt_mode="per_call"
    )
    return create_agent(
        ReplyModel(),
        tools=toolkit.get_tools(groups=["conversations", "messages"]),
        middleware=[middleware],
        checkpointer=InMemorySaver(),
    )


def replies(double: FrontDouble) -> list[str]:
    """The replies the double received in the conversation."""
    return [
        m.body
        for m in double.store.messages.values()
        if m.conversation_id == CONVERSATION and not m.is_inbound and not m.is_draft
    ]


def run(decision: dict[str, Any]) -> None:
    """Ask for a reply, show the pause, answer it with ``decision``, show what reached Front."""
    double = FrontDouble()
    agent = build_agent(FrontToolkit.offline(double))
    config = {"configurable": {"thread_id": f"reply-{decision['type']}"}}
    ask = {"messages": [{"role": "user", "content": f"Answer {CONVERSATION}."}]}
    agent.invoke(ask, config)
    (waiting,) = agent.get_state(config).interrupts
    print(f"[{decision['type']}] paused on {waiting.value['name']}; sent so far: {replies(double)}")
    result = agent.invoke(Command(resume={waiting.id: decision}), config)
    print(f"[{decision['type']}] model: {result['messages'][-1].content}")
    print(f"[{decision['type']}] sent to Front: {replies(double)}")


def main() -> None:
    """Approve one reply, edit one, reject one."""
    print("interrupt_on:", sorted(FrontToolkit.offline().interrupt_on()))
    run({"type": "approve"})
    edited = {"conversation_id": CONVERSATION, "body": "Hi Raj, a teammate will call you."}
    run({"type": "edit", "edited_action": {"name": "front_reply_to_conversation", "args": edited}})
    run({"type": "reject", "message": "Do not promise a reset yet."})


if __name__ == "__main__":
    main()
