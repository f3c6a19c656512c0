"""A LangChain ``create_agent`` agent triaging a Front conversation.

Offline, a scripted chat model plays the LLM so the example runs anywhere; swap in a real
model (``init_chat_model("openai:gpt-5")``...) and ``FrontToolkit.from_env()`` for real use.

    uv run python examples/create_agent.py
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from langchain.agents import create_agent
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from langchain_front import FrontToolkit


class ScriptedModel(GenericFakeChatModel):
    """Replies with the next scripted message; accepts tools like a real chat model."""

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedModel:
        """Tools are ignored: the script already knows what to call."""
        return self


def script() -> list[AIMessage]:
    """Search unassigned conversations, read one, leave a note, then answer."""
    return [
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "front_search_conversations",
                    "id": "1",
                    "args": {"query": "is:unassigned", "limit": 3},
                }
            ],
        ),
        AIMessage("", tool_calls=[{"name": "front_list_teammates", "id": "2", "args": {}}]),
        AIMessage("Triage done: the unassigned conversations are listed above."),
    ]


def build_agent() -> Any:
    """The agent on the offline Front double, read and triage tools only."""
    toolkit = FrontToolkit.offline(groups=["conversations", "workspace"])
    model = ScriptedModel(messages=iter(script()))
    return create_agent(model, tools=toolkit.get_tools(), system_prompt="You triage Front.")


def main() -> None:
    """Run the agent sync, then async, and print the conversation."""
    question = {"messages": [{"role": "user", "content": "Who should take the open tickets?"}]}
    result = build_agent().invoke(question)
    for message in result["messages"]:
        print(f"{message.type}: {str(message.content).splitlines()[0] if message.content else ''}")
    result = asyncio.run(build_agent().ainvoke(question))
    print(f"async: {len(result['messages'])} messages, last: {result['messages'][-1].content}")


if __name__ == "__main__":
    main()
