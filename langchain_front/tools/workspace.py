"""Workspace tools: who am I, and the inboxes, channels, teammates and tags to act with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from pydantic import BaseModel

from langchain_front.catalog import load_catalog
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import Limit, PageToken, ToolArgs
from langchain_front.tools._paging import PageRequest, page_content
from langchain_front.tools._registry import register
from langchain_front.tools.render.workspace import (
    render_channel_line,
    render_identity,
    render_inbox_line,
    render_tag_line,
    render_teammate_line,
)


class NoInput(ToolArgs):
    """This tool takes no arguments."""


class ContinueInput(ToolArgs):
    """Arguments of a list Front returns whole: only the continuation of a long list."""

    page_token: PageToken = None


class PagedInput(ToolArgs):
    """Paging arguments."""

    limit: Limit = 50
    page_token: PageToken = None


@register
class FrontWhoAmI(FrontTool):
    """The Front company the token belongs to."""

    name: str = "front_whoami"
    description: str = (
        "Check the Front connection: returns the company (ID and name) the credentials belong "
        "to. Call it first when unsure whether Front is reachable."
    )
    args_schema: type[BaseModel] = NoInput
    operations = ("api-token-details",)
    group = "workspace"
    example = {}

    def steps(self, args: NoInput) -> Steps:
        """GET /me."""
        response = yield Call("api-token-details")
        return render_identity(response.data or {}), response.data


_LINES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "list-inboxes": render_inbox_line,
    "list-channels": render_channel_line,
    "list-teammates": render_teammate_line,
    "list-tags": render_tag_line,
}


class _ListTool(FrontTool):
    """A one-page list of a workspace resource."""

    noun: ClassVar[str] = "items"

    def steps(self, args: Any) -> Steps:
        """GET the list, with paging where Front pages it."""
        op = load_catalog().get(self.operations[0])
        limit = args.limit if isinstance(args, PagedInput) and op.paginated else None
        request = PageRequest.of(limit, args.page_token)
        response = yield Call(op.id, query=request.query())
        content = page_content(response.data, request, _LINES[op.id], noun=self.noun)
        return content, response.data or {}


@register
class FrontListInboxes(_ListTool):
    """The inboxes the token can see."""

    name: str = "front_list_inboxes"
    description: str = (
        "List the Front inboxes (ID, name, private or shared) the connection can see."
    )
    args_schema: type[BaseModel] = ContinueInput
    operations = ("list-inboxes",)
    group = "workspace"
    example = {}
    noun = "inboxes"


@register
class FrontListChannels(_ListTool):
    """The channels (email addresses, SMS numbers...) the token can see."""

    name: str = "front_list_channels"
    description: str = (
        "List the Front channels (email addresses, SMS numbers, chat...) with their ID, type, "
        "address and inbox. A channel ID is what a reply or draft is sent from."
    )
    args_schema: type[BaseModel] = ContinueInput
    operations = ("list-channels",)
    group = "workspace"
    example = {}
    noun = "channels"


@register
class FrontListTeammates(_ListTool):
    """The company's teammates."""

    name: str = "front_list_teammates"
    description: str = (
        "List the Front teammates (ID, name, email, username for @mentions, availability), e.g. "
        "to find whom to assign a conversation to."
    )
    args_schema: type[BaseModel] = ContinueInput
    operations = ("list-teammates",)
    group = "workspace"
    example = {}
    noun = "teammates"


@register
class FrontListTags(_ListTool):
    """The company's tags."""

    name: str = "front_list_tags"
    description: str = "List the Front tags (ID, name) that can be added to conversations."
    args_schema: type[BaseModel] = PagedInput
    operations = ("list-tags",)
    group = "workspace"
    example = {"limit": 10}
    noun = "tags"
