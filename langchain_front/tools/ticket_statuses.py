"""Ticket status tools: list the company's ticket statuses, and set one on a conversation.

With ticketing, a conversation's status is a company-defined ticket status (Open, Waiting on
customer, Resolved...). Front's ``PATCH /conversations/{id}`` takes either ``status`` or
``status_id``, never both; setting one by name is the natural request, so the tool resolves the
name among the company's statuses (and answers the candidates rather than guessing).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from langchain_core.tools import ToolException
from pydantic import AfterValidator, BaseModel, Field, model_validator

from langchain_front.client.pages import ListPage
from langchain_front.errors import FrontNotFoundError, FrontValidationError
from langchain_front.tools._base import Call, FrontTool, Steps, target_conversation
from langchain_front.tools._fields import ConversationId, IdKind, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.conversation_state import render_ticket_status_line
from langchain_front.tools.render.lists import render_list
from langchain_front.tools.render.text import _str

TICKET_STATUS = IdKind(
    "sts_", "ticket status", "sts_1s3", "list the company's ticket statuses to find one"
)
TicketStatusId = Annotated[str, AfterValidator(TICKET_STATUS), TICKET_STATUS.field(), TICKET_STATUS]

_TICKETING_OFF = (
    "Ticketing is not enabled in this Front company, so it has no ticket statuses: use "
    "front_set_conversation_status (archive, reopen) instead."
)


class ListTicketStatusesInput(ToolArgs):
    """front_list_ticket_statuses takes no arguments."""


def _statuses() -> Steps:
    """GET the company's statuses; Front's 404 here means ticketing is off (said so)."""
    try:
        response = yield Call("list-company-ticket-statuses")
    except FrontNotFoundError:
        raise ToolException(_TICKETING_OFF) from None
    return "", response.data


@register
class FrontListTicketStatuses(FrontTool):
    """The company's ticket statuses (ticketing)."""

    name: str = "front_list_ticket_statuses"
    description: str = (
        "List the company's ticket statuses (ticketing), one per line: ID | name | category "
        "(open, waiting or resolved) | description. front_set_ticket_status takes a status by "
        "name as well, so call this only to see the choices."
    )
    args_schema: type[BaseModel] = ListTicketStatusesInput
    operations = ("list-company-ticket-statuses",)
    group = "workspace"
    example = {}

    def steps(self, args: ListTicketStatusesInput) -> Steps:
        """One GET (Front returns them all)."""
        _, data = yield from _statuses()
        items = ListPage.of(data).items
        return render_list(items, render_ticket_status_line, noun="ticket statuses"), data


class SetTicketStatusInput(ToolArgs):
    """Arguments of front_set_ticket_status."""

    conversation_id: ConversationId
    status_id: TicketStatusId | None = Field(
        default=None, description="The ticket status ID (sts_...). Give status_id or name."
    )
    name: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The ticket status by name, e.g. 'Waiting on customer' (case-insensitive). "
        "Give status_id or name.",
    )

    @model_validator(mode="after")
    def _one_status(self) -> SetTicketStatusInput:
        if (self.status_id is None) == (self.name is None):
            raise ValueError("give exactly one of status_id (sts_...) or name")
        return self


def _pick(statuses: list[Mapping[str, Any]], name: str) -> Mapping[str, Any]:
    """The status called ``name`` (case-insensitive; a unique prefix or substring is accepted)."""
    wanted = name.strip().casefold()
    for matches in (
        [s for s in statuses if (_str(s.get("name")) or "").casefold() == wanted],
        [s for s in statuses if (_str(s.get("name")) or "").casefold().startswith(wanted)],
        [s for s in statuses if wanted in (_str(s.get("name")) or "").casefold()],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(render_ticket_status_line(s) for s in matches)
            raise FrontValidationError(
                "front_set_ticket_status",
                [f"{name!r} matches several ticket statuses: {listed}; give status_id"],
            )
    listed = "; ".join(render_ticket_status_line(s) for s in statuses) or "none"
    raise FrontValidationError(
        "front_set_ticket_status",
        [f"no ticket status is called {name!r}; the company's statuses: {listed}"],
    )


@register
class FrontSetTicketStatus(FrontTool):
    """Set a conversation's ticket status, by ID or by name."""

    name: str = "front_set_ticket_status"
    description: str = (
        "Set a Front conversation's ticket status (ticketing), by ID (sts_...) or by name such "
        "as 'Waiting on customer': the name is looked up among the company's statuses (one "
        "more request). A resolved status archives the conversation; open and waiting ones "
        "keep it open. For archive/reopen without ticketing use front_set_conversation_status."
    )
    args_schema: type[BaseModel] = SetTicketStatusInput
    operations = ("list-company-ticket-statuses", "update-conversation")
    group = "conversations"
    example = {"conversation_id": "cnv_7g0", "name": "Waiting on customer"}

    def steps(self, args: SetTicketStatusInput) -> Steps:
        """Resolve the name when given; PATCH ``status_id`` alone (never with ``status``)."""
        status_id = args.status_id
        label = status_id or ""
        if args.name is not None:
            _, data = yield from _statuses()
            chosen = _pick(ListPage.of(data).items, args.name)
            status_id = _str(chosen.get("id")) or ""
            label = f"{_str(chosen.get('name'))} ({status_id}, {_str(chosen.get('category'))})"
        body = {"status_id": status_id}
        response = yield Call(
            "update-conversation",
            path_params={"conversation_id": args.conversation_id},
            body=body,
        )
        target = target_conversation(response, args.conversation_id)
        content = f"Conversation {target} now has ticket status {label}."
        return content, {"status": response.status, "request": body}
