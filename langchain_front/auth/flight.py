"""Single flight in one process: one refresh per user at a time, whose outcome (a token or an
error) every thread and asyncio task that waited for it shares.

A flight is a :class:`concurrent.futures.Future`: threads wait on it with ``result()``, asyncio
tasks with ``asyncio.wrap_future`` (no worker thread per waiting task), so sync and async
callers of one process share one flight. A sync leader runs the work in its own thread; an async
leader starts a thread of its own for it (never the default executor, which a burst of one
user's waiters could fill, stalling every other user), and a cancelled async caller leaves the
work running for the others.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Callable

from langchain_front.errors import LockTimeoutError

__all__ = ["Flights"]

Flight = concurrent.futures.Future[str]


class Flights:
    """The flights in progress, by key (a user ID)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._flights: dict[str, Flight] = {}

    def join(self, key: str) -> tuple[Flight, bool]:
        """The flight in progress for ``key`` and False, or a new one and True (the caller
        leads it: it must :meth:`run` or :meth:`start` it)."""
        with self._mutex:
            flight = self._flights.get(key)
            if flight is not None:
                return flight, False
            flight = Flight()
            flight.set_running_or_notify_cancel()
            self._flights[key] = flight
            return flight, True

    def _land(self, key: str, flight: Flight) -> None:
        with self._mutex:
            if self._flights.get(key) is flight:
                del self._flights[key]

    def run(self, key: str, flight: Flight, work: Callable[[], str]) -> str:
        """Lead ``flight`` in this thread: run ``work`` and hand its outcome to the waiters.
        A call that arrives once the outcome is known starts a flight of its own."""
        try:
            result = work()
        except BaseException as exc:
            self._land(key, flight)
            flight.set_exception(exc)
            raise
        self._land(key, flight)
        flight.set_result(result)
        return result

    def start(self, key: str, flight: Flight, work: Callable[[], str]) -> None:
        """Lead ``flight`` in a new daemon thread (for an async leader)."""

        def lead() -> None:
            with contextlib.suppress(BaseException):  # delivered through the flight
                self.run(key, flight, work)

        threading.Thread(target=lead, name=f"langchain-front-refresh-{key}", daemon=True).start()


def wait(flight: Flight, timeout: float, what: str) -> str:
    """The outcome of ``flight`` (its error is raised); :class:`LockTimeoutError` after
    ``timeout`` seconds."""
    try:
        return flight.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise LockTimeoutError(_timed_out(timeout, what)) from None


async def await_flight(flight: Flight, timeout: float, what: str) -> str:
    """Async twin of :func:`wait`; cancelling the caller does not cancel the flight."""
    try:
        return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(flight)), timeout)
    except asyncio.TimeoutError:
        raise LockTimeoutError(_timed_out(timeout, what)) from None


def _timed_out(timeout: float, what: str) -> str:
    return f"waited {timeout:g} s for {what} in progress, in vain; retry"
