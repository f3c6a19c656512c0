"""Who and what is attached to a conversation: its followers and its links.

Front's follower and link endpoints are incremental (the others are kept). Links are added either
by ID or by URL but never both in one request, and removed only by ID: the tools accept both and
look a URL up among the conversation's links.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, Field, model_validator

from langchain_front.errors import FrontValidationError
from langchain_front.tools._base import Call, FrontTool, Steps, no_content, target_conversation
from langchain_front.tools._fields import ConversationId, IdKind, TeammateRef, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.text import _mappings, _str

LINK = IdKind(
    "top_",
    "link",
    "top_3l0",
    "read the conversation with front_get_conversation: it lists its links with their IDs",
)
LinkId = Annotated[str, AfterValidator(LINK), LINK.field(), LINK]

_URL = Annotated[
    str,
    Field(
        pattern=r"^https?://\S+$",
        max_length=2000,
        description="An http(s) URL of the external resource, e.g. an issue tracker ticket.",
    ),
]


# ----------------------------------------------------------------------------- followers


class FollowersInput(ToolArgs):
    """Arguments of front_add_followers and front_remove_followers."""

    conversation_id: ConversationId
    teammate_ids: list[TeammateRef] = Field(
        min_length=1,
        max_length=50,
        description="The teammates (tea_... or alt:email:<email>), at most 50.",
    )


class _FollowersTool(FrontTool):
    """Front's incremental follower endpoints (other followers are kept)."""

    args_schema: type[BaseModel] = FollowersInput
    group = "conversations"
    done: ClassVar[str] = ""

    def steps(self, args: FollowersInput) -> Steps:
        """POST (add) or DELETE with a JSON body (remove)."""
        body = {"teammate_ids": list(dict.fromkeys(args.teammate_ids))}
        response = yield Call(
            self.operations[0], path_params={"conversation_id": args.conversation_id}, body=body
        )
        target = target_conversation(response, args.conversation_id)
        who = ", ".join(body["teammate_ids"])
        return self.done.format(who=who, conversation=target), no_content(response.status, body)


@register
class FrontAddFollowers(_FollowersTool):
    """Add followers to a conversation."""

    name: str = "front_add_followers"
    description: str = (
        "Add teammates as followers of a Front conversation (they get notified of its "
        "activity). Existing followers are kept."
    )
    operations = ("add-conversation-followers",)
    example = {"conversation_id": "cnv_7g0", "teammate_ids": ["tea_1a2"]}
    done = "Added {who} as followers of {conversation}."


@register
class FrontRemoveFollowers(_FollowersTool):
    """Remove followers from a conversation."""

    name: str = "front_remove_followers"
    description: str = (
        "Remove teammates from the followers of a Front conversation (they stop getting its "
        "notifications). Other followers are kept."
    )
    operations = ("delete-conversation-followers",)
    example = {"conversation_id": "cnv_7g0", "teammate_ids": ["tea_1a1"]}
    done = "Removed {who} from the followers of {conversation}."


# ----------------------------------------------------------------------------- links


class LinksInput(ToolArgs):
    """Arguments of front_add_links and front_remove_links."""

    conversation_id: ConversationId
    link_ids: list[LinkId] = Field(
        default_factory=list, max_length=10, description="Link IDs (top_...), at most 10."
    )
    external_urls: list[_URL] = Field(
        default_factory=list,
        max_length=10,
        description="Links by their external URL, at most 10 (adding a URL that is no link yet "
        "creates the link).",
    )

    @model_validator(mode="after")
    def _some_link(self) -> LinksInput:
        if not self.link_ids and not self.external_urls:
            raise ValueError("give link_ids or external_urls (or both)")
        return self


@register
class FrontAddLinks(FrontTool):
    """Link a conversation to external resources (by link ID or URL)."""

    name: str = "front_add_links"
    description: str = (
        "Link a Front conversation to external resources (issue tracker tickets, orders...) by "
        "link ID (top_...) or by URL; a URL without a link yet creates one. IDs and URLs may be "
        "mixed. Existing links are kept."
    )
    args_schema: type[BaseModel] = LinksInput
    operations = ("add-conversation-link",)
    group = "conversations"
    example = {
        "conversation_id": "cnv_7g1",
        "external_urls": ["https://tracker.acme.example/browse/BUG-7"],
    }

    def steps(self, args: LinksInput) -> Steps:
        """One POST for IDs and one for URLs: Front refuses both kinds in one request."""
        path = {"conversation_id": args.conversation_id}
        bodies: list[dict[str, Any]] = []
        if args.link_ids:
            bodies.append({"link_ids": list(dict.fromkeys(args.link_ids))})
        if args.external_urls:
            bodies.append({"link_external_urls": list(dict.fromkeys(args.external_urls))})
        target = args.conversation_id
        for body in bodies:
            response = yield Call("add-conversation-link", path_params=path, body=body)
            target = target_conversation(response, target)
            path = {"conversation_id": target}
        added = [*args.link_ids, *args.external_urls]
        content = f"Linked {target} to {', '.join(dict.fromkeys(added))}."
        return content, {"status": 204, "requests": bodies}


@register
class FrontRemoveLinks(FrontTool):
    """Remove links from a conversation (by link ID or URL)."""

    name: str = "front_remove_links"
    description: str = (
        "Remove links from a Front conversation, by link ID (top_...) or by the link's URL (then "
        "the conversation's links are read to find its ID). The links themselves and the "
        "conversation's other links are kept."
    )
    args_schema: type[BaseModel] = LinksInput
    operations = ("get-conversation-by-id", "remove-conversation-links")
    group = "conversations"
    example = {"conversation_id": "cnv_7g0", "link_ids": ["top_3l0"]}

    def steps(self, args: LinksInput) -> Steps:
        """Resolve URLs among the conversation's links, then one DELETE with a JSON body."""
        conversation_id = args.conversation_id
        link_ids = list(args.link_ids)
        if args.external_urls:
            response = yield Call(
                "get-conversation-by-id", path_params={"conversation_id": conversation_id}
            )
            conversation = response.data if isinstance(response.data, Mapping) else {}
            conversation_id = _str(conversation.get("id")) or conversation_id
            links = _mappings(conversation.get("links"))
            by_url = {_str(link.get("external_url")): _str(link.get("id")) for link in links}
            missing = [url for url in args.external_urls if not by_url.get(url)]
            if missing:
                known = ", ".join(f"{u} ({i})" for u, i in by_url.items() if u and i) or "none"
                raise FrontValidationError(
                    self.name,
                    [
                        f"{conversation_id} has no link with URL {', '.join(missing)}; "
                        f"its links: {known}"
                    ],
                )
            link_ids += [i for i in (by_url[url] for url in args.external_urls) if i]
        body = {"link_ids": list(dict.fromkeys(link_ids))}
        response = yield Call(
            "remove-conversation-links",
            path_params={"conversation_id": conversation_id},
            body=body,
        )
        target = target_conversation(response, conversation_id)
        content = f"Removed links {', '.join(body['link_ids'])} from {target}."
        return content, no_content(response.status, body)
