"""How long a request waits for Front's rate limit: the pacer protocol, the per-client pacers,
and :func:`open_pacer`, which picks a pacer from one string (``pacer=`` and ``FRONT_RATE_LIMITER``).

The request flow (:mod:`._core`) never calls a pacer itself: it yields :class:`~._core.Pace`
before each attempt and :class:`~._core.Observe` after each response, and the driver performs
them with :func:`pace` (sync) or :func:`apace` (async). A pacer whose decisions need I/O (the
Redis limiter) also implements :class:`AsyncPacer`, so the async driver awaits it instead of
blocking the event loop; an in-memory pacer implements the two sync methods only.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import httpx

from langchain_front.errors import FrontConfigurationError

if TYPE_CHECKING:
    from langchain_front.client._core import Observe, Pace

__all__ = [
    "PACER_ENV",
    "SEARCH_OPERATION",
    "AsyncPacer",
    "HeaderPacer",
    "NoPacer",
    "Pacer",
    "apace",
    "open_pacer",
    "pace",
]

logger = logging.getLogger("langchain_front.client")

#: The environment variable naming the pacer of every client built without ``pacer=``.
PACER_ENV = "FRONT_RATE_LIMITER"
#: The operation that gets only a share of the company limit (Front: 40%).
SEARCH_OPERATION = "search-conversations"

PACER_FORMS = "header: (default), none:, memory:, redis://host:6379/0 (or rediss://)"


class Pacer(Protocol):
    """Decides how long each request waits, and learns from each response.

    ``delay(operation)`` is asked once before each attempt; the flow sleeps the answer, so a
    pacer that books a slot books it for ``now + delay``. ``observe(operation, response)`` sees
    every response (headers, status, body). The operation ID lets a pacer give
    ``search-conversations`` its own share. A pacer may raise a
    :class:`~langchain_front.errors.FrontError` from ``delay`` to refuse a request.

    Optionally, ``recheck(operation) -> float`` is asked after that sleep, before sending: 0 to
    go, or more seconds to wait (then asked again), for a pacer that can learn during the wait
    that every worker must pause (a 429 seen by another worker). Pacers without it send at once.
    """

    def delay(self, operation: str) -> float:
        """Seconds to wait before sending a request for ``operation``."""
        ...

    def observe(self, operation: str, response: httpx.Response) -> None:
        """Record what a response says about the rate limit."""
        ...


@runtime_checkable
class AsyncPacer(Pacer, Protocol):
    """A pacer whose decisions need I/O: the async driver awaits these instead."""

    async def adelay(self, operation: str) -> float:
        """Async twin of :meth:`Pacer.delay`."""
        ...

    async def arecheck(self, operation: str) -> float:
        """Async twin of the optional ``recheck``."""
        ...

    async def aobserve(self, operation: str, response: httpx.Response) -> None:
        """Async twin of :meth:`Pacer.observe`."""
        ...


def pace(pacer: Pacer, action: Pace | Observe) -> float | None:
    """Perform a pacing action of the flow (sync driver): the delay, or ``None`` for observe."""
    from langchain_front.client._core import Pace

    if not isinstance(action, Pace):
        pacer.observe(action.operation, action.response)
        return None
    if not action.recheck:
        return pacer.delay(action.operation)
    recheck: Callable[[str], float] | None = getattr(pacer, "recheck", None)
    return 0.0 if recheck is None else recheck(action.operation)


async def apace(pacer: Pacer, action: Pace | Observe) -> float | None:
    """Async twin of :func:`pace`: awaits an :class:`AsyncPacer`, calls any other directly."""
    from langchain_front.client._core import Pace

    if not isinstance(pacer, AsyncPacer):
        return pace(pacer, action)
    if not isinstance(action, Pace):
        await pacer.aobserve(action.operation, action.response)
        return None
    if action.recheck:
        return await pacer.arecheck(action.operation)
    return await pacer.adelay(action.operation)


class HeaderPacer:
    """Spreads the remaining budget over the window once it runs low (one client, one process).

    With ``x-ratelimit-remaining`` at or below ``low_water`` and ``x-ratelimit-reset`` in the
    future, each request waits ``(reset - now) / (remaining + 1)``; with nothing left it waits
    for the reset. With plenty left it never waits. It knows nothing of other processes: for
    several workers sharing the company limit use :func:`open_pacer` with a Redis URL.
    """

    def __init__(
        self, *, low_water: int = 5, max_delay: float = 60.0, clock: Callable[[], float] = time.time
    ) -> None:
        self.low_water = low_water
        self.max_delay = max_delay
        self._clock = clock
        self._remaining: int | None = None
        self._reset: float | None = None

    def __repr__(self) -> str:
        return f"HeaderPacer(low_water={self.low_water}, max_delay={self.max_delay})"

    def observe(self, operation: str, response: httpx.Response) -> None:
        """Record ``x-ratelimit-remaining`` and ``x-ratelimit-reset`` when present."""
        headers = response.headers
        remaining, reset = headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset")
        try:
            if remaining is not None:
                self._remaining = int(float(remaining))
            if reset is not None:
                self._reset = float(reset)
        except (ValueError, OverflowError):
            logger.debug("ignoring unparsable rate-limit headers")

    def delay(self, operation: str = "") -> float:
        """Seconds to wait before the next request (0 when the budget is comfortable)."""
        if self._remaining is None or self._reset is None or self._remaining > self.low_water:
            return 0.0
        window = self._reset - self._clock()
        if window <= 0:
            return 0.0
        wait = window if self._remaining <= 0 else window / (self._remaining + 1)
        self._remaining -= 1  # this request spends one, until the next response says otherwise
        return min(wait, self.max_delay)


class NoPacer:
    """Never waits (the retry policy still honours a 429's ``retry-after``)."""

    def __repr__(self) -> str:
        return "NoPacer()"

    def delay(self, operation: str = "") -> float:
        """Always 0."""
        return 0.0

    def observe(self, operation: str, response: httpx.Response) -> None:
        """Ignore responses."""


def open_pacer(url: str | None = None) -> Pacer:
    """The pacer named by ``url``, else by ``FRONT_RATE_LIMITER``, else a :class:`HeaderPacer`.

    Forms:

    - ``header:``: :class:`HeaderPacer`, per client (the default);
    - ``none:``: :class:`NoPacer`;
    - ``memory:``: :class:`~langchain_front.client.limiter.SharedLimiter` in this process, shared
      by every client opened with the same ``key``;
    - ``redis://[:password@]host:6379/0`` (``rediss://`` for TLS): the same limiter shared by
      every process and machine using that Redis (``pip install 'langchain-front[redis]'``).

    ``memory:`` and Redis URLs take query parameters: ``limit`` (requests per window until Front's
    ``x-ratelimit-limit`` says otherwise; 50, Front's smallest plan), ``window`` (seconds, 60),
    ``margin`` (seconds added to each request's time in the window, 0.25), ``search_share`` (0.4),
    ``max_delay`` (seconds a request may be booked ahead before it is refused, 60) and ``key``
    (the name of the limit, ``front``: one per Front company). Other query parameters of a Redis
    URL go to redis-py (``socket_timeout=2`` and ``socket_connect_timeout=2`` by default).
    """
    url = (url or os.environ.get(PACER_ENV) or "header:").strip()
    scheme = url.partition(":")[0].lower()
    if scheme == "header":
        return HeaderPacer()
    if scheme == "none":
        return NoPacer()
    if scheme in ("memory", "redis", "rediss"):
        from langchain_front.client.limiter import open_limiter

        return open_limiter(url)
    raise FrontConfigurationError(
        f"unknown rate limiter kind {scheme!r} (from pacer= or {PACER_ENV}); "
        f"use one of: {PACER_FORMS}"
    )
