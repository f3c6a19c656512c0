"""At most N sends and N destructive calls per run, counted across sync and async calls.

A run is named by ``config["configurable"]["front_run_id"]``, else the LangGraph
``thread_id``, else a ``run_id`` the config carries, else it is the toolkit's lifetime. The
counters are shared by every tool of one toolkit and guarded by a lock, so concurrent calls
(threads, or tasks of one event loop) cannot both take the last slot.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["RUN_CONFIG_KEY", "LimitReached", "Limits", "RunCounters", "run_key"]

#: The run-config key (``config["configurable"][...]``) that names a run for the limits.
RUN_CONFIG_KEY = "front_run_id"
_TOOLKIT_RUN = "(toolkit)"


class LimitReached(Exception):
    """A run already made as many calls of an effect as its limit allows."""


class Limits(BaseModel):
    """Caps per run; ``None`` means no cap."""

    model_config = ConfigDict(frozen=True)

    max_sends: int | None = Field(default=None, ge=0, description="Send calls per run.")
    max_destructive: int | None = Field(
        default=None, ge=0, description="Destructive calls per run."
    )

    def cap(self, effect: str) -> int | None:
        """The cap of one effect (only send and destructive are capped)."""
        if effect == "send":
            return self.max_sends
        if effect == "destructive":
            return self.max_destructive
        return None


def run_key(config: Mapping[str, Any] | None) -> str:
    """The run a call belongs to: ``front_run_id``, else the LangGraph ``thread_id``, else a
    ``run_id`` in the config's ``configurable`` or ``metadata`` (LangGraph Platform sets one),
    else the toolkit's lifetime."""
    configurable = (config or {}).get("configurable") or {}
    metadata = (config or {}).get("metadata") or {}
    for value in (
        configurable.get(RUN_CONFIG_KEY),
        configurable.get("thread_id"),
        configurable.get("run_id"),
        metadata.get("run_id"),
    ):
        if value:
            return str(value)
    return _TOOLKIT_RUN


class RunCounters:
    """Calls made per run and effect; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], int] = {}

    def take(self, limits: Limits, run: str, effect: str) -> None:
        """Count one call, or raise :class:`LimitReached` when the run's cap is used up."""
        cap = limits.cap(effect)
        if cap is None:
            return
        with self._lock:
            used = self._counts.get((run, effect), 0)
            if used >= cap:
                raise LimitReached(
                    f"this run already made {used} {effect} call(s), its limit; nothing was "
                    "done. Ask the user to continue in a new run or raise the limit."
                )
            self._counts[(run, effect)] = used + 1

    def check(self, limits: Limits, run: str, effect: str) -> None:
        """Raise :class:`LimitReached` when the run's cap is used up (counts nothing)."""
        cap = limits.cap(effect)
        if cap is not None and self.used(run, effect) >= cap:
            raise LimitReached(
                f"this run already made {cap} {effect} call(s), its limit; nothing was done. "
                "Ask the user to continue in a new run or raise the limit."
            )

    def used(self, run: str, effect: str) -> int:
        """How many calls of ``effect`` the run made."""
        with self._lock:
            return self._counts.get((run, effect), 0)
