"""One way to drive a step generator, sync and async.

The client's request flow and every tool's ``steps`` are generators of the same shape: they yield
an action, receive its outcome (or have the action's exception thrown into them), and return a
result. :func:`drive` and :func:`adrive` run such a generator with a function that performs one
action, so the decisions live in the generator and the I/O in a one-line ``perform``; these are
the only loops of this kind in the package.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import TypeVar, cast

A = TypeVar("A")
R = TypeVar("R")
T = TypeVar("T")

Catch = type[BaseException] | tuple[type[BaseException], ...]


def drive(steps: Generator[A, R, T], perform: Callable[[A], R], *, throw: Catch) -> T:
    """Run ``steps`` to its return value, performing each action it yields with ``perform``.

    An exception of a ``throw`` type raised by ``perform`` is thrown into the generator, which
    may handle it and yield again; any other exception propagates.
    """
    try:
        action = next(steps)
        while True:
            try:
                outcome = perform(action)
            except throw as exc:
                action = steps.throw(exc)
            else:
                action = steps.send(outcome)
    except StopIteration as done:
        return cast(T, done.value)


async def adrive(
    steps: Generator[A, R, T], perform: Callable[[A], Awaitable[R]], *, throw: Catch
) -> T:
    """Async twin of :func:`drive`: ``perform`` is awaited."""
    try:
        action = next(steps)
        while True:
            try:
                outcome = await perform(action)
            except throw as exc:
                action = steps.throw(exc)
            else:
                action = steps.send(outcome)
    except StopIteration as done:
        return cast(T, done.value)
