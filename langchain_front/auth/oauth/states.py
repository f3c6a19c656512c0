"""Single-use OAuth ``state`` values in this process's memory: the one in-memory
:class:`~langchain_front.auth.stores.base.StateStore`, used by :class:`FrontOAuth` by default and
by :class:`~langchain_front.auth.stores.MemoryTokenStore`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from langchain_front.auth.stores.base import STATE_RETENTION

__all__ = ["MAX_REMEMBERED_STATES", "InMemoryStateStore"]

#: At most this many states are remembered (the oldest are dropped first).
MAX_REMEMBERED_STATES = 10_000


class InMemoryStateStore:
    """A :class:`~langchain_front.auth.stores.base.StateStore` in this process's memory.

    Good for one process (a CLI login, a single-worker app); use a shared store (Redis,
    Postgres...) when the callback may reach another worker. Expired states are kept for a
    grace period (so the callback can say "expired" rather than "unknown"), then dropped; at
    most ``max_states`` are kept (oldest dropped first).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        grace: float = STATE_RETENTION,
        max_states: int = MAX_REMEMBERED_STATES,
    ) -> None:
        self._clock = clock
        self._grace = grace
        self._max = max_states
        self._lock = threading.Lock()
        self._states: dict[str, tuple[str, float]] = {}

    def __repr__(self) -> str:
        return f"InMemoryStateStore(states={len(self._states)})"

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_id`` until ``expires_at``."""
        with self._lock:
            horizon = self._clock() - self._grace
            for key in [k for k, (_, exp) in self._states.items() if exp < horizon]:
                del self._states[key]
            while len(self._states) >= self._max:
                del self._states[next(iter(self._states))]
            self._states[state] = (user_id, float(expires_at))

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Remove and return ``(user_id, expires_at)``, or ``None``."""
        with self._lock:
            return self._states.pop(state, None)
