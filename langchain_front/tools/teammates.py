"""Teammate tools: find a teammate (and the username an @mention needs), and their availability.

Front's teammate list has no search, so finding one reads the list (one request) and matches it
here, the way the name resolution of ID fields does (:mod:`langchain_front.tools._names`).
Availability is three reads (status, shifts, time off) joined into one verdict, because "is Ben
around?" should be one tool call.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, Field

from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import TeammateRef, ToolArgs
from langchain_front.tools._names import Named, teammates
from langchain_front.tools._registry import register
from langchain_front.tools.render.teammates import (
    availability,
    render_availability,
    render_teammate_match,
)

#: Pages of time off read at most (100 each).
MAX_TIME_OFF_PAGES = 3


class FindTeammateInput(ToolArgs):
    """Arguments of front_find_teammate."""

    query: str = Field(
        min_length=1,
        max_length=200,
        description="A teammate's name (first, last or full), email address or username "
        "(with or without @). Case-insensitive; part of a name is enough.",
    )


def _matches(entries: list[Named], query: str) -> list[Named]:
    """Whole matches when there are any, else the teammates any of whose names contain it."""
    wanted = " ".join(query.split()).casefold()
    whole = [e for e in entries if wanted in e.keys]
    if whole:
        return whole
    return [e for e in entries if any(wanted in key for key in e.keys)]


@register
class FrontFindTeammate(FrontTool):
    """Find a teammate by name, email or username."""

    name: str = "front_find_teammate"
    description: str = (
        "Find a Front teammate by name, email or username. Each match shows the teammate ID, "
        "name, email, username, whether they are available, and the exact @username to write in "
        "a comment to mention (notify) them: Front mentions use the username, not the name. "
        "Teammate ID fields of other tools also accept the name directly."
    )
    args_schema: type[BaseModel] = FindTeammateInput
    operations = ("list-teammates",)
    group = "teammates"
    example = {"query": "ben"}

    def steps(self, args: FindTeammateInput) -> Steps:
        """Read the teammates (which refreshes the name cache) and match them here."""
        entries: list[Named] = yield from teammates(self)
        found = _matches(entries, args.query)
        records = [e.record for e in found]
        if not found:
            known = ", ".join(e.label for e in entries[:20])
            content = f"No teammate matches {args.query!r}. Teammates: {known or 'none'}."
            return content, {"_results": records}
        noun = "teammate matches" if len(found) == 1 else "teammates match"
        lines = [f"{len(found)} {noun} {args.query!r}:"]
        lines += [render_teammate_match(r) for r in records]
        return "\n".join(lines), {"_results": records}


class TeammateAvailabilityInput(ToolArgs):
    """Arguments of front_get_teammate_availability."""

    teammate_id: TeammateRef


def _now() -> float:
    return time.time()


@register
class FrontGetTeammateAvailability(FrontTool):
    """Whether a teammate is available now, with their shifts and time off."""

    name: str = "front_get_teammate_availability"
    description: str = (
        "Whether a Front teammate is available right now, and why: their Front status, whether "
        "they are on one of their shifts (weekday hours in the shift's timezone) and whether "
        "they are on time off; also lists their shifts and their current and upcoming time off. "
        "One call answers 'can I hand this to Ben now?'."
    )
    args_schema: type[BaseModel] = TeammateAvailabilityInput
    operations = ("get-teammate", "list-teammate-shifts", "list-teammate-time-offs")
    group = "teammates"
    example = {"teammate_id": "tea_1a1"}

    def steps(self, args: TeammateAvailabilityInput) -> Steps:
        """The teammate, their shifts, their time off (following up to three pages)."""
        ids = {"teammate_id": args.teammate_id}
        teammate = (yield Call("get-teammate", path_params=ids)).data or {}
        # Later calls name the teammate by ID (an alt:email: alias is resolved once).
        ids = {"teammate_id": teammate.get("id") or args.teammate_id}
        shifts_data = (yield Call("list-teammate-shifts", path_params=ids)).data
        time_offs: list[Any] = []
        pages: list[Any] = []
        page_token: str | None = None
        for _ in range(MAX_TIME_OFF_PAGES):
            query: dict[str, Any] = {"limit": 100}
            if page_token:
                query["page_token"] = page_token
            data = (yield Call("list-teammate-time-offs", path_params=ids, query=query)).data
            pages.append(data)
            page = ListPage.of(data)
            time_offs += page.items
            page_token = page.page_token
            if not page_token:
                break
        now = _now()
        shifts = ListPage.of(shifts_data).items
        verdict = availability(teammate, shifts, time_offs, now)
        content = render_availability(teammate, verdict, now)
        if page_token:
            content += f"\n(More than {len(time_offs)} time-off entries; only those were read.)"
        artifact = {"teammate": teammate, "shifts": shifts_data, "time_offs": pages}
        return content, artifact
