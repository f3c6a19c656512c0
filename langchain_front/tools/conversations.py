"""Conversation tools: find, read, and change the state of conversations."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field

from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call, FrontTool, Steps, no_content, target_conversation
from langchain_front.tools._fields import (
    ConversationId,
    InboxId,
    Limit,
    PageToken,
    TagId,
    TeammateRef,
    ToolArgs,
)
from langchain_front.tools._names import resolve_query, with_notes
from langchain_front.tools._paging import PageRequest, page_content
from langchain_front.tools._registry import register
from langchain_front.tools.render.conversations import render_conversation, render_conversation_line

SEARCH_SYNTAX = (
    "Front search syntax: free words match subject and body (all must match); "
    '"quoted phrase" for an exact phrase; filters as name:value separated by spaces: '
    "is:open, is:archived, is:assigned, is:unassigned, is:unreplied, is:snoozed, is:trashed, "
    "inbox:inb_..., tag:tag_..., assignee:tea_..., participant:tea_..., from:<email>, "
    "to:<email>, cc:<email>, before:<unix seconds>, after:<unix seconds>. Different filters "
    "combine with AND; at most 15 filters. inbox:, tag:, assignee: and participant: also take "
    'a name (tag:Billing, assignee:ben, inbox:"Partner Orders"), resolved to its ID.'
)

ConversationStatus = Literal["assigned", "unassigned", "archived", "trashed"]


class SearchConversationsInput(ToolArgs):
    """Arguments of front_search_conversations."""

    query: str = Field(
        min_length=1,
        max_length=1000,
        description="The search query, e.g. 'refund is:open' or 'from:ana@acme.com is:unassigned'. "
        + SEARCH_SYNTAX,
    )
    limit: Limit = 20
    page_token: PageToken = None


@register
class FrontSearchConversations(FrontTool):
    """Search conversations with Front's search syntax."""

    name: str = "front_search_conversations"
    description: str = (
        "Search Front conversations by text and filters (status, inbox, tag, assignee, sender). "
        "Returns one line per conversation (newest activity first) with its ID, status, subject, "
        "assignee, recipient (the customer) and tags, plus the total number of matches. The "
        "query field explains Front's search syntax."
    )
    args_schema: type[BaseModel] = SearchConversationsInput
    operations = ("search-conversations",)
    group = "conversations"
    example = {"query": "is:open", "limit": 5}

    def steps(self, args: SearchConversationsInput) -> Steps:
        """Search, one page."""
        request = PageRequest.of(args.limit, args.page_token)
        query, resolved = yield from resolve_query(self, args.query)
        response = yield Call(
            "search-conversations", path_params={"query": query}, query=request.query()
        )
        content = page_content(
            response.data, request, render_conversation_line, noun="conversations", with_total=True
        )
        return with_notes(content, resolved), response.data


class ListConversationsInput(ToolArgs):
    """Arguments of front_list_conversations."""

    statuses: list[ConversationStatus] | None = Field(
        default=None,
        description="Only conversations in these statuses (any of them). Empty for all. "
        "Use ['assigned', 'unassigned'] for open conversations.",
    )
    inbox_id: InboxId | None = Field(
        default=None, description="Only conversations in this inbox (inb_...). Empty for all."
    )
    limit: Limit = 20
    page_token: PageToken = None


@register
class FrontListConversations(FrontTool):
    """List recent conversations, optionally by status and inbox."""

    name: str = "front_list_conversations"
    description: str = (
        "List Front conversations, most recently updated first, optionally only those in given "
        "statuses (assigned, unassigned, archived, trashed) or in one inbox: one line each with "
        "ID, status, subject, assignee, recipient and tags. For text or sender filters use "
        "front_search_conversations instead."
    )
    args_schema: type[BaseModel] = ListConversationsInput
    operations = ("list-conversations", "list-inbox-conversations")
    group = "conversations"
    example = {"statuses": ["assigned", "unassigned"], "limit": 5}

    def steps(self, args: ListConversationsInput) -> Steps:
        """List, one page."""
        request = PageRequest.of(args.limit, args.page_token)
        query = request.query()
        if args.statuses:
            query["q"] = {"statuses": list(dict.fromkeys(args.statuses))}
        if args.inbox_id:
            call = Call(
                "list-inbox-conversations", path_params={"inbox_id": args.inbox_id}, query=query
            )
        else:
            call = Call("list-conversations", query=query)
        response = yield call
        content = page_content(
            response.data, request, render_conversation_line, noun="conversations"
        )
        return content, response.data


class GetConversationInput(ToolArgs):
    """Arguments of front_get_conversation."""

    conversation_id: ConversationId
    include_timeline: bool = Field(
        default=False,
        description="Also read its messages and internal comments (two more requests). Leave "
        "false to check state (status, assignee, tags, custom fields, snooze).",
    )
    max_messages: int = Field(
        default=10,
        ge=1,
        le=100,
        description="With include_timeline: how many of the most recent messages to include "
        "(1-100).",
    )
    include_comments: bool = Field(
        default=True,
        description="With include_timeline: include internal comments (teammates' notes).",
    )


@register
class FrontGetConversation(FrontTool):
    """A conversation's state in one request; its timeline of messages and comments on demand."""

    name: str = "front_get_conversation"
    description: str = (
        "Read one Front conversation's state in one request: status (and ticket status), "
        "subject, assignee, recipient (the customer), tags, links, custom fields, snooze "
        "reminders, created/updated times. Set include_timeline=true to also get a compact "
        "timeline (oldest first) of its latest messages and internal comments with plain-text "
        "bodies (quoted earlier messages left out), e.g. before replying."
    )
    args_schema: type[BaseModel] = GetConversationInput
    operations = (
        "get-conversation-by-id",
        "list-conversation-messages",
        "list-conversation-comments",
    )
    group = "conversations"
    example = {"conversation_id": "cnv_7g0"}

    def steps(self, args: GetConversationInput) -> Steps:
        """The conversation; then, when asked, its messages and comments."""
        ids = {"conversation_id": args.conversation_id}
        conversation = (yield Call("get-conversation-by-id", path_params=ids)).data
        if not args.include_timeline:
            content = render_conversation(conversation) + (
                "\n(Timeline not read: call again with include_timeline=true for messages "
                "and comments.)"
            )
            return content, {"conversation": conversation, "messages": None, "comments": None}
        # After a merge, read the surviving conversation's timeline.
        ids = {"conversation_id": conversation.get("id") or args.conversation_id}
        messages = (
            yield Call(
                "list-conversation-messages", path_params=ids, query={"limit": args.max_messages}
            )
        ).data
        comments: Any = None
        if args.include_comments:
            comments = (yield Call("list-conversation-comments", path_params=ids)).data
        timeline = ListPage.of(messages)
        content = render_conversation(conversation, timeline.items, ListPage.of(comments).items)
        if timeline.page_token:
            content += (
                f"\n(Older messages exist: use front_list_conversation_messages with "
                f"page_token={timeline.page_token}.)"
            )
        artifact = {"conversation": conversation, "messages": messages, "comments": comments}
        return content, artifact


class AssignConversationInput(ToolArgs):
    """Arguments of front_assign_conversation."""

    conversation_id: ConversationId
    teammate_id: TeammateRef


@register
class FrontAssignConversation(FrontTool):
    """Assign a conversation to a teammate."""

    name: str = "front_assign_conversation"
    description: str = (
        "Assign a Front conversation to a teammate (tea_... ID, or alt:email:<email>). "
        "Replaces the current assignee."
    )
    args_schema: type[BaseModel] = AssignConversationInput
    operations = ("update-conversation-assignee",)
    group = "conversations"
    example = {"conversation_id": "cnv_7g0", "teammate_id": "tea_1a0"}

    def steps(self, args: AssignConversationInput) -> Steps:
        """PUT the assignee."""
        response = yield Call(
            "update-conversation-assignee",
            path_params={"conversation_id": args.conversation_id},
            body={"assignee_id": args.teammate_id},
        )
        conversation = target_conversation(response, args.conversation_id)
        content = f"Assigned {conversation} to {args.teammate_id}."
        return content, no_content(response.status, args.model_dump())


class UnassignConversationInput(ToolArgs):
    """Arguments of front_unassign_conversation."""

    conversation_id: ConversationId


@register
class FrontUnassignConversation(FrontTool):
    """Remove a conversation's assignee."""

    name: str = "front_unassign_conversation"
    description: str = "Unassign a Front conversation (it then has no assignee)."
    args_schema: type[BaseModel] = UnassignConversationInput
    operations = ("update-conversation-assignee",)
    group = "conversations"
    example = {"conversation_id": "cnv_7g0"}

    def steps(self, args: UnassignConversationInput) -> Steps:
        """PUT a null assignee, as Front documents for unassigning."""
        response = yield Call(
            "update-conversation-assignee",
            path_params={"conversation_id": args.conversation_id},
            body={"assignee_id": None},
        )
        conversation = target_conversation(response, args.conversation_id)
        return f"Unassigned {conversation}.", no_content(response.status, args.model_dump())


_STATUS_VALUES = {"archive": "archived", "reopen": "open", "trash": "deleted", "spam": "spam"}


class SetConversationStatusInput(ToolArgs):
    """Arguments of front_set_conversation_status."""

    conversation_id: ConversationId
    action: Literal["archive", "reopen", "trash", "spam"] = Field(
        description="archive: done for now; reopen: back to open; trash: move to trash "
        "(recoverable); spam: mark as spam."
    )


@register
class FrontSetConversationStatus(FrontTool):
    """Archive, reopen, trash or mark a conversation as spam."""

    name: str = "front_set_conversation_status"
    description: str = (
        "Change a Front conversation's status: archive it, reopen it, move it to trash, or mark "
        "it as spam."
    )
    args_schema: type[BaseModel] = SetConversationStatusInput
    operations = ("update-conversation",)
    group = "conversations"
    example = {"conversation_id": "cnv_7g0", "action": "archive"}

    def steps(self, args: SetConversationStatusInput) -> Steps:
        """PATCH only the status field (never tags or custom fields, which PATCH replaces)."""
        status = _STATUS_VALUES[args.action]
        response = yield Call(
            "update-conversation",
            path_params={"conversation_id": args.conversation_id},
            body={"status": status},
        )
        content = (
            f"Conversation {target_conversation(response, args.conversation_id)} is now {status}."
        )
        return content, no_content(response.status, {**args.model_dump(), "status": status})


class ConversationTagsInput(ToolArgs):
    """Arguments of front_add_tags and front_remove_tags."""

    conversation_id: ConversationId
    tag_ids: list[TagId] = Field(
        min_length=1,
        max_length=20,
        description="The tag IDs (tag_...) to add or remove; list tags to find them.",
    )


class _ConversationTagsTool(FrontTool):
    """Front's incremental tag endpoints: the conversation's other tags are kept.

    Never the ``PATCH /conversations/{id}`` whose ``tag_ids`` replaces every tag.
    """

    args_schema: type[BaseModel] = ConversationTagsInput
    group = "conversations"
    done: ClassVar[str] = "{tags} {conversation}"

    def steps(self, args: ConversationTagsInput) -> Steps:
        """POST (add) or DELETE with a JSON body (remove) on the incremental endpoint."""
        tag_ids = list(dict.fromkeys(args.tag_ids))
        response = yield Call(
            self.operations[0],
            path_params={"conversation_id": args.conversation_id},
            body={"tag_ids": tag_ids},
        )
        conversation = target_conversation(response, args.conversation_id)
        content = self.done.format(tags=", ".join(tag_ids), conversation=conversation)
        return content, no_content(response.status, args.model_dump())


@register
class FrontAddTags(_ConversationTagsTool):
    """Add tags to a conversation, keeping its other tags."""

    name: str = "front_add_tags"
    description: str = (
        "Add one or more tags to a Front conversation. Its other tags are kept. "
        "Tag IDs come from front_list_tags."
    )
    operations = ("add-conversation-tag",)
    example = {"conversation_id": "cnv_7g0", "tag_ids": ["tag_4d0"]}
    done = "Added {tags} to {conversation}."


@register
class FrontRemoveTags(_ConversationTagsTool):
    """Remove tags from a conversation, keeping its other tags."""

    name: str = "front_remove_tags"
    description: str = "Remove one or more tags from a Front conversation. Its other tags are kept."
    operations = ("remove-conversation-tag",)
    example = {"conversation_id": "cnv_7g0", "tag_ids": ["tag_4d0"]}
    done = "Removed {tags} from {conversation}."
