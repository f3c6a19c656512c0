"""Whom a call acts for: the user ID read from the run config, held for the calls of a block.

Kept apart from the token manager so that the tools (which set it on every call) do not import
the manager, the OAuth client or the token stores.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

__all__ = ["USER_CONFIG_KEY", "acting_as", "current_user_id", "user_id_from_config"]

#: The run-config key (``config["configurable"][...]``, or the LangGraph runtime context's
#: field) that names the user a call acts for.
USER_CONFIG_KEY = "front_user_id"

#: The user ID of the current tool call (the token store key); set with :func:`acting_as`.
current_user_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_user_id", default=None
)


def user_id_from_config(config: Mapping[str, Any] | None) -> str | None:
    """The user ID of a run: ``config["configurable"]["front_user_id"]``, else the LangGraph
    runtime context's ``front_user_id`` (a mapping key or an attribute); ``None`` if neither."""
    configurable = (config or {}).get("configurable") or {}
    user_id = configurable.get(USER_CONFIG_KEY)
    if user_id is None:
        runtime = configurable.get("__pregel_runtime")
        context = getattr(runtime, "context", None)
        if isinstance(context, Mapping):
            user_id = context.get(USER_CONFIG_KEY)
        elif context is not None:
            user_id = getattr(context, USER_CONFIG_KEY, None)
    return str(user_id) if user_id else None


@contextmanager
def acting_as(user_id: str | None) -> Iterator[None]:
    """Make ``user_id`` the user of the calls made inside the block (no-op for ``None``)."""
    if user_id is None:
        yield
        return
    reset = current_user_id.set(user_id)
    try:
        yield
    finally:
        current_user_id.reset(reset)
