"""Shared helpers of the policy tests: tool calls, a scripted chat model, what reached Front."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage

from langchain_front.testing import SEED, FrontDouble

REPLY = "front_reply_to_conversation"
REPLY_ARGS: dict[str, Any] = {"conversation_id": SEED.conversation_id, "body": "It ships today."}


def changes(double: FrontDouble) -> list[tuple[str, str]]:
    """The requests that could change something (every method but GET)."""
    return [(method, url) for method, url in double.requests if method != "GET"]


class ScriptedModel(GenericFakeChatModel):
    """A chat model answering with scripted messages; binding tools changes nothing."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self


def scripted(*messages: BaseMessage) -> ScriptedModel:
    """A model that answers with ``messages`` in turn."""
    feed: Iterator[BaseMessage] = iter(messages)
    return ScriptedModel(messages=feed)


def tool_call_message(name: str, args: dict[str, Any], call_id: str = "c1") -> AIMessage:
    """An AI message asking for one tool call."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}])
