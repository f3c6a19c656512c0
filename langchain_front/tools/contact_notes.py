"""A contact's history: the notes teammates wrote about them, and the conversations they took
part in."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import ContactRef, Limit, PageToken, TeammateRef, ToolArgs
from langchain_front.tools._paging import PageRequest, page_content
from langchain_front.tools._registry import register
from langchain_front.tools.render.contacts import render_note_line
from langchain_front.tools.render.conversations import render_conversation_line
from langchain_front.tools.render.lists import render_list


class ContactNotesInput(ToolArgs):
    """Arguments of front_list_contact_notes."""

    contact_id: ContactRef


@register
class FrontListContactNotes(FrontTool):
    """The notes teammates wrote on a contact."""

    name: str = "front_list_contact_notes"
    description: str = (
        "List the notes teammates wrote on a Front contact (internal, never seen by the "
        "contact): date, author and text of each. Accepts crd_... or alt:email:<email>."
    )
    args_schema: type[BaseModel] = ContactNotesInput
    operations = ("list-notes",)
    group = "contacts"
    example = {"contact_id": "crd_5e0"}

    def steps(self, args: ContactNotesInput) -> Steps:
        """GET the notes (Front returns them all, with a 202 the spec declares)."""
        response = yield Call("list-notes", path_params={"contact_id": args.contact_id})
        notes = ListPage.of(response.data).items
        return render_list(notes, render_note_line, noun="notes"), response.data


class AddContactNoteInput(ToolArgs):
    """Arguments of front_add_contact_note."""

    contact_id: ContactRef
    body: str = Field(
        min_length=1,
        max_length=10000,
        description="The note's text (internal: teammates see it, the contact never does).",
    )
    author_id: TeammateRef = Field(
        description="The teammate writing the note (tea_... or alt:email:<their email>); Front "
        "requires one. List teammates to find it."
    )


@register
class FrontAddContactNote(FrontTool):
    """Add a note to a contact."""

    name: str = "front_add_contact_note"
    description: str = (
        "Add an internal note to a Front contact (teammates see it on the contact's profile; "
        "the contact never does). Front requires the author teammate. Returns the note."
    )
    args_schema: type[BaseModel] = AddContactNoteInput
    operations = ("add-note",)
    group = "contacts"
    example = {"contact_id": "crd_5e0", "body": "Prefers email.", "author_id": "tea_1a0"}

    def steps(self, args: AddContactNoteInput) -> Steps:
        """POST the note."""
        body = {"author_id": args.author_id, "body": args.body}
        response = yield Call("add-note", path_params={"contact_id": args.contact_id}, body=body)
        data = response.data or {}
        return f"Added a note to {args.contact_id}:\n{render_note_line(data)}", data


ConversationStatus = Literal["assigned", "unassigned", "archived", "trashed"]


class ContactConversationsInput(ToolArgs):
    """Arguments of front_list_contact_conversations."""

    contact_id: ContactRef
    statuses: list[ConversationStatus] | None = Field(
        default=None,
        description="Only conversations in these statuses (any of them). Empty for all. "
        "Use ['assigned', 'unassigned'] for open conversations.",
    )
    limit: Limit = 20
    page_token: PageToken = None


@register
class FrontListContactConversations(FrontTool):
    """The conversations a contact took part in, newest first."""

    name: str = "front_list_contact_conversations"
    description: str = (
        "List the Front conversations a contact took part in, newest first, optionally only in "
        "given statuses: one line each with ID, subject, status, assignee, recipient and tags. "
        "Accepts crd_... or alt:email:<email>, so no lookup is needed first."
    )
    args_schema: type[BaseModel] = ContactConversationsInput
    operations = ("list-contact-conversations",)
    group = "contacts"
    example = {"contact_id": "crd_5e0", "limit": 10}

    def steps(self, args: ContactConversationsInput) -> Steps:
        """List one page, filtered by status."""
        request = PageRequest.of(args.limit, args.page_token)
        query = request.query()
        if args.statuses:
            query["q"] = {"statuses": list(dict.fromkeys(args.statuses))}
        response = yield Call(
            "list-contact-conversations", path_params={"contact_id": args.contact_id}, query=query
        )
        content = page_content(
            response.data, request, render_conversation_line, noun="conversations"
        )
        return content, response.data
