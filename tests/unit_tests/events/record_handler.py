"""A handler for the ``events serve`` test: appends each event's ID to $EVENTS_TEST_OUT."""

from __future__ import annotations

import os

from langchain_front.events import FrontEvent


def record(event: FrontEvent) -> None:
    with open(os.environ["EVENTS_TEST_OUT"], "a", encoding="utf-8") as out:
        out.write(event.id + "\n")
