"""Event tools: read the company's event log (who did what, when, on which conversation).

Front pages events at most 15 at a time. The tool follows pages until it has the number of events
asked for, and when it stops inside a page it hands out a resume token (``tools/_paging.py``)
so that the next call starts with the first event not shown, never skipping one.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import InboxId, PageToken, ToolArgs
from langchain_front.tools._paging import PageRequest
from langchain_front.tools._registry import register
from langchain_front.tools._times import TIME_HELP, TimeInput, iso, to_unix_seconds
from langchain_front.tools.render.events import render_event_line
from langchain_front.tools.render.lists import render_list

#: Front's largest page of events.
EVENTS_PAGE_SIZE = 15

EventType = Literal[
    "assign",
    "unassign",
    "archive",
    "reopen",
    "trash",
    "restore",
    "reminder",
    "comment",
    "mention",
    "inbound",
    "outbound",
    "out_reply",
    "move",
    "forward",
    "tag",
    "untag",
    "sending_error",
    "message_bounce_error",
    "conversations_merged",
    "link_added",
    "link_removed",
    "custom_field_updated",
    "macro_triggered",
    "topic_identified",
    "ticket_status_update",
    "call_started",
    "call_abandoned",
    "call_queued",
    "call_on_hold",
    "call_parked",
    "call_resumed",
    "call_connected",
    "call_missed",
    "call_hangup",
    "call_transferred",
    "call_transcript_added",
    "call_voicemail_transcript_added",
]


class ListEventsInput(ToolArgs):
    """Arguments of front_list_events."""

    types: list[EventType] | None = Field(
        default=None,
        max_length=37,
        description="Only events of these types (any of them), e.g. ['inbound'] for messages "
        "received, ['outbound', 'out_reply'] for messages sent, ['assign', 'unassign'], "
        "['archive', 'reopen'], ['tag', 'untag'], ['comment']. Empty for all.",
    )
    after: TimeInput | None = Field(
        default=None, description=f"Only events after this time: {TIME_HELP}."
    )
    before: TimeInput | None = Field(
        default=None, description=f"Only events before this time: {TIME_HELP}."
    )
    inbox_ids: list[InboxId] | None = Field(
        default=None,
        max_length=20,
        description="Only events on conversations in these inboxes (inb_...). Empty for all.",
    )
    oldest_first: bool = Field(
        default=False, description="Oldest events first instead of newest first."
    )
    limit: int = Field(
        default=30,
        ge=1,
        le=50,
        description="How many events to return (1-50); the tool reads Front's pages of 15 "
        "until it has them.",
    )
    page_token: PageToken = None

    @model_validator(mode="after")
    def _times(self) -> ListEventsInput:
        after = to_unix_seconds(self.after, "after") if self.after is not None else None
        before = to_unix_seconds(self.before, "before") if self.before is not None else None
        if after is not None and before is not None and after >= before:
            raise ValueError(f"after ({iso(after)}) must be earlier than before ({iso(before)})")
        return self


def _filters(args: ListEventsInput) -> tuple[dict[str, Any], list[str]]:
    """Front's ``q`` object and the words that describe it."""
    q: dict[str, Any] = {}
    said: list[str] = []
    if args.types:
        q["types"] = list(dict.fromkeys(args.types))
        said.append("types " + ", ".join(q["types"]))
    if args.after is not None:
        q["after"] = to_unix_seconds(args.after, "after")
        said.append(f"after {iso(q['after'])}")
    if args.before is not None:
        q["before"] = to_unix_seconds(args.before, "before")
        said.append(f"before {iso(q['before'])}")
    if args.inbox_ids:
        q["inboxes"] = list(dict.fromkeys(args.inbox_ids))
        said.append("inboxes " + ", ".join(q["inboxes"]))
    return q, said


@register
class FrontListEvents(FrontTool):
    """The company's event log, filtered by type, time and inbox."""

    name: str = "front_list_events"
    description: str = (
        "List events from Front's activity log, newest first: messages received and sent, "
        "assignments, archives and reopens, tags, comments, moves... One line each with event "
        "ID, time, type, conversation (ID and subject), who did it and on what (teammate, tag, "
        "message). Filter by types, time (after/before) and inboxes. To continue, call again "
        "with the same filters and the page_token given."
    )
    args_schema: type[BaseModel] = ListEventsInput
    operations = ("list-events",)
    group = "analytics"
    example = {"types": ["inbound", "out_reply"], "limit": 10}

    def steps(self, args: ListEventsInput) -> Steps:
        """Read pages of 15 until ``limit`` events; resume inside a page when stopped there."""
        q, said = _filters(args)
        order: dict[str, Any] = {"sort_by": "created_at", "sort_order": "asc"}
        request = PageRequest.of(EVENTS_PAGE_SIZE, args.page_token)
        events: list[Any] = []
        resume: str | None = None
        for _ in range(math.ceil(args.limit / EVENTS_PAGE_SIZE) + 1):
            query = {**request.query(), **(order if args.oldest_first else {})}
            if q:
                query["q"] = q
            response = yield Call("list-events", query=query)
            page = ListPage.of(response.data)
            rows = page.items[request.skip :]
            taken = rows[: args.limit - len(events)]
            events.extend(taken)
            resume = request.resume(len(taken)) if len(taken) < len(rows) else page.page_token
            if resume is None or len(events) >= args.limit:
                break
            request = PageRequest(limit=EVENTS_PAGE_SIZE, front_token=resume)
        head = "Events " + ("oldest" if args.oldest_first else "newest") + " first"
        head += (" (" + "; ".join(said) + ")" if said else "") + "."
        body = render_list(events, render_event_line, noun="events", next_page_token=resume)
        content = f"{head}\n{body}"
        if resume:
            content += "\n(Pass the same filters with the page_token.)"
        return content, {"_results": events, "page_token": resume}
