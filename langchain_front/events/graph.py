"""A handler that starts a LangGraph run per event, one thread per Front conversation.

The thread ID is derived from the conversation ID (``front:cnv_...``), so with a checkpointer a
later event of the same conversation continues the same thread (its messages, its pending
approvals) instead of starting over. The run acts as a Front user: the one mapped to the
event's inbox, else ``default_user``; it is passed as ``configurable.front_user_id``, which
every tool of a :meth:`FrontToolkit.for_users` toolkit reads.

A thread paused on an approval (a LangGraph interrupt) is left alone: a new run on it would
abandon the pending request, so the event is skipped (logged, in :attr:`skipped`) and the
reviewer's resume continues the thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from typing import Any

from langchain_front.auth.context import USER_CONFIG_KEY
from langchain_front.events.model import FrontEvent

__all__ = ["GraphEventHandler", "default_graph_input"]

_LOGGER = logging.getLogger(__name__)


def default_graph_input(event: FrontEvent) -> dict[str, Any]:
    """``{"messages": [<one user message describing the event>]}``, for a messages graph."""
    return {"messages": [{"role": "user", "content": event.summary()}]}


class GraphEventHandler:
    """``await handler(event)`` runs ``graph`` (a compiled LangGraph, or anything with
    ``ainvoke(input, config)``) for each event whose type is in ``types`` (all when ``None``).

    ``inbox_users`` maps inbox IDs to Front user IDs (token store keys); ``default_user`` is used
    when no inbox of the event is mapped. ``graph_input`` turns an event into the run's input
    (default :func:`default_graph_input`); ``thread_prefix`` starts every thread ID.
    """

    def __init__(
        self,
        graph: Any,
        *,
        types: Collection[str] | None = None,
        inbox_users: Mapping[str, str] | None = None,
        default_user: str | None = None,
        graph_input: Callable[[FrontEvent], Any] = default_graph_input,
        thread_prefix: str = "front:",
        config: Mapping[str, Any] | None = None,
    ) -> None:
        self.graph = graph
        self.types = frozenset(types) if types is not None else None
        self.inbox_users = dict(inbox_users or {})
        self.default_user = default_user
        self.graph_input = graph_input
        self.thread_prefix = thread_prefix
        self.config = dict(config or {})
        self.runs: list[tuple[str, str]] = []  # (thread_id, event_id), for inspection
        self.skipped: list[tuple[str, str]] = []  # events not run: their thread was paused

    def thread_id(self, event: FrontEvent) -> str:
        """``front:<conversation ID>``, or ``front:event:<event ID>`` without a conversation."""
        if event.conversation_id:
            return f"{self.thread_prefix}{event.conversation_id}"
        return f"{self.thread_prefix}event:{event.id}"

    def user_for(self, event: FrontEvent) -> str | None:
        """The user mapped to the event's first mapped inbox, else ``default_user``."""
        for inbox_id in event.inbox_ids:
            if inbox_id in self.inbox_users:
                return self.inbox_users[inbox_id]
        return self.default_user

    def run_config(self, event: FrontEvent) -> dict[str, Any]:
        """The run's config: ``thread_id``, ``front_user_id``, the event's ID in metadata."""
        configurable: dict[str, Any] = {
            **self.config.get("configurable", {}),
            "thread_id": self.thread_id(event),
        }
        user = self.user_for(event)
        if user is not None:
            configurable[USER_CONFIG_KEY] = user
        metadata = {**self.config.get("metadata", {}), "front_event_id": event.id}
        return {**self.config, "configurable": configurable, "metadata": metadata}

    async def paused(self, config: Mapping[str, Any]) -> bool:
        """Whether the thread waits for a reviewer (pending interrupts in its checkpoint)."""
        get_state = getattr(self.graph, "aget_state", None)
        if get_state is None:
            return False
        try:
            state = await get_state(config)
        except Exception:  # no checkpointer: no thread to continue
            return False
        return bool(getattr(state, "interrupts", ()))

    async def __call__(self, event: FrontEvent) -> None:
        if self.types is not None and event.type not in self.types:
            return
        config = self.run_config(event)
        thread = config["configurable"]["thread_id"]
        if await self.paused(config):
            _LOGGER.info("event %s: thread %s waits for a reviewer; not run", event.id, thread)
            self.skipped.append((thread, event.id))
            return
        _LOGGER.info("event %s (%s) -> graph thread %s", event.id, event.type, thread)
        await self.graph.ainvoke(self.graph_input(event), config)
        self.runs.append((thread, event.id))
