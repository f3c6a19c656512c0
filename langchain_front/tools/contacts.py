"""Contact tools: find a contact by email or phone, read, create and update a contact.

Handles, merges, notes and a contact's conversations have their own modules
(``contact_handles``, ``contact_notes``); the handle helpers they share live here.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from langchain_core.tools import ToolException
from pydantic import BaseModel, Field, model_validator

from langchain_front.errors import FrontConflictError, FrontNotFoundError
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import ContactRef, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.contacts import render_contact

HandleSource = Literal["email", "phone", "twitter", "facebook", "intercom", "front_chat", "custom"]
HANDLE_SOURCES: tuple[str, ...] = (
    "email",
    "phone",
    "twitter",
    "facebook",
    "intercom",
    "front_chat",
    "custom",
)
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,}$")


def guess_source(handle: str) -> HandleSource:
    """email for handles with '@' (but not a leading one), phone for digit strings, else custom."""
    if "@" in handle[1:]:
        return "email"
    if _PHONE.match(handle):
        return "phone"
    if handle.startswith("@"):
        return "twitter"
    return "custom"


def normalize_handle(handle: str, source: str) -> str:
    """Phones lose spaces, dots, dashes and brackets (Front stores +15551234567)."""
    handle = handle.strip()
    if source == "phone":
        return re.sub(r"[ ().-]", "", handle)
    if source == "email":
        return handle.lower()
    return handle


def split_handle(handle: str, source: str | None) -> tuple[str, str]:
    """``(source, handle)`` for a handle a model gave: an ``alt:<source>:<handle>`` alias is
    taken apart, a missing source is guessed, and the handle is normalized for its source."""
    text = handle.strip()
    if text.lower().startswith("alt:"):
        alias_source, _, value = text[4:].partition(":")
        if alias_source.lower() in HANDLE_SOURCES and value.strip():
            if source and source != alias_source.lower():
                raise ToolException(
                    f"The handle {text!r} says source {alias_source.lower()!r} but source is "
                    f"{source!r}; pass the bare handle with the right source."
                )
            source, text = alias_source.lower(), value.strip()
    chosen = source or guess_source(text)
    return chosen, normalize_handle(text, chosen)


def conflict_text(exc: FrontConflictError, what: str) -> str:
    """What to do when Front refuses a handle that another contact already has."""
    detail = exc.message or "the handle belongs to another contact"
    return (
        f"Front refused to {what}: {detail}. A handle belongs to one contact only: find that "
        "contact with front_find_contact, then update it, or merge the two contacts with "
        "front_merge_contacts."
    )


class HandleInput(ToolArgs):
    """One handle of a contact."""

    handle: str = Field(
        min_length=2,
        max_length=320,
        description="An email address, a phone number with country code (+15551234567), or "
        "another handle such as a Twitter @name.",
    )
    source: HandleSource | None = Field(
        default=None,
        description="Kind of handle. Empty: guessed (email if it has '@', phone if digits).",
    )


class FindContactInput(ToolArgs):
    """Arguments of front_find_contact."""

    handle: str = Field(
        min_length=3,
        max_length=320,
        description="The contact's email address or phone number (with country code, e.g. "
        "+15551234567), or another handle such as a Twitter @name.",
    )
    source: HandleSource | None = Field(
        default=None,
        description="Kind of handle. Empty: guessed (email if it has '@', phone if digits).",
    )


@register
class FrontFindContact(FrontTool):
    """Find a contact by one of their handles."""

    name: str = "front_find_contact"
    description: str = (
        "Find a Front contact by email address or phone number (or another handle) and show "
        "their ID, name, handles, account and custom fields."
    )
    args_schema: type[BaseModel] = FindContactInput
    operations = ("get-contact",)
    group = "contacts"
    example = {"handle": "jane.doe@globex.example"}

    def steps(self, args: FindContactInput) -> Steps:
        """GET the contact through its ``alt:<source>:<handle>`` alias."""
        source = args.source or guess_source(args.handle.strip())
        handle = normalize_handle(args.handle, source)
        try:
            response = yield Call(
                "get-contact", path_params={"contact_id": f"alt:{source}:{handle}"}
            )
        except FrontNotFoundError:
            content = (
                f"No contact with {source} handle {handle}. Check the spelling, try another "
                "handle of the same person, or search conversations with from:<handle>."
            )
            return content, {"found": False, "source": source, "handle": handle}
        return render_contact(response.data or {}), response.data


class GetContactInput(ToolArgs):
    """Arguments of front_get_contact."""

    contact_id: ContactRef


@register
class FrontGetContact(FrontTool):
    """Read a contact by ID."""

    name: str = "front_get_contact"
    description: str = (
        "Read a Front contact by ID (crd_...) or alias (alt:email:<email>, alt:phone:<phone>): "
        "name, handles, account, links and custom fields."
    )
    args_schema: type[BaseModel] = GetContactInput
    operations = ("get-contact",)
    group = "contacts"
    example = {"contact_id": "crd_5e0"}

    def steps(self, args: GetContactInput) -> Steps:
        """GET the contact."""
        response = yield Call("get-contact", path_params={"contact_id": args.contact_id})
        return render_contact(response.data or {}), response.data


class CreateContactInput(ToolArgs):
    """Arguments of front_create_contact."""

    handles: list[HandleInput] = Field(
        min_length=1,
        max_length=20,
        description="How to reach the contact: at least one handle (email, phone...). Each "
        "handle may belong to one contact only.",
    )
    name: str | None = Field(default=None, max_length=255, description="The contact's name.")
    description: str | None = Field(
        default=None, max_length=5000, description="A short description (role, context)."
    )
    links: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Web links about the contact (CRM page, LinkedIn...).",
    )


@register
class FrontCreateContact(FrontTool):
    """Create a company contact."""

    name: str = "front_create_contact"
    description: str = (
        "Create a Front contact (shared with the company) with one or more handles (email, "
        "phone...), a name, a description and links. Returns the new contact (crd_... ID). "
        "Fails if a handle already belongs to another contact: then find and update that one "
        "(front_find_contact) instead. Custom fields: front_update_custom_fields."
    )
    args_schema: type[BaseModel] = CreateContactInput
    operations = ("create-contact",)
    group = "contacts"
    example = {"handles": [{"handle": "lee.wong@initech.example"}], "name": "Lee Wong"}

    def steps(self, args: CreateContactInput) -> Steps:
        """POST the contact, handles normalized and deduplicated."""
        handles: list[dict[str, str]] = []
        for item in args.handles:
            source, handle = split_handle(item.handle, item.source)
            entry = {"source": source, "handle": handle}
            if entry not in handles:
                handles.append(entry)
        body: dict[str, Any] = {"handles": handles}
        if args.name:
            body["name"] = args.name.strip()
        if args.description:
            body["description"] = args.description
        if args.links:
            body["links"] = list(dict.fromkeys(link.strip() for link in args.links))
        try:
            response = yield Call("create-contact", body=body)
        except FrontConflictError as exc:
            raise ToolException(conflict_text(exc, "create the contact")) from exc
        data = response.data or {}
        return "Created contact.\n" + render_contact(data), data


class UpdateContactInput(ToolArgs):
    """Arguments of front_update_contact."""

    contact_id: ContactRef
    name: str | None = Field(default=None, max_length=255, description="New name.")
    description: str | None = Field(
        default=None,
        max_length=5000,
        description="New description (replaces the old one; empty string clears it).",
    )
    add_links: list[str] = Field(
        default_factory=list, max_length=20, description="Links to add; the others are kept."
    )
    remove_links: list[str] = Field(
        default_factory=list, max_length=20, description="Links to remove; the others are kept."
    )

    @model_validator(mode="after")
    def _something_to_change(self) -> UpdateContactInput:
        if (
            self.name is None
            and self.description is None
            and not self.add_links
            and not self.remove_links
        ):
            raise ValueError(
                "nothing to update: give name, description, add_links or remove_links (custom "
                "fields: front_update_custom_fields; handles: front_add_contact_handle)"
            )
        return self


@register
class FrontUpdateContact(FrontTool):
    """Change a contact's name, description or links."""

    name: str = "front_update_contact"
    description: str = (
        "Change a Front contact's name or description, or add and remove links (the other links "
        "are kept). Handles: front_add_contact_handle / front_remove_contact_handle; custom "
        "fields: front_update_custom_fields (Front's update replaces them all, so not here)."
    )
    args_schema: type[BaseModel] = UpdateContactInput
    operations = ("get-contact", "update-a-contact")
    group = "contacts"
    example = {"contact_id": "crd_5e0", "description": "AP lead; prefers email"}

    def steps(self, args: UpdateContactInput) -> Steps:
        """PATCH only the fields given; links are read, merged and written back whole."""
        ids = {"contact_id": args.contact_id}
        body: dict[str, Any] = {}
        changes: list[str] = []
        if args.name is not None:
            body["name"] = args.name.strip()
            changes.append(f"name: {body['name']}")
        if args.description is not None:
            body["description"] = args.description
            changes.append("description")
        if args.add_links or args.remove_links:
            # Front's links field replaces every link: read them first.
            current = (yield Call("get-contact", path_params=ids)).data or {}
            links = [str(x) for x in current.get("links") or [] if isinstance(x, str)]
            removed = {link.strip() for link in args.remove_links}
            kept = [link for link in links if link not in removed]
            added = [link.strip() for link in args.add_links if link.strip() not in kept]
            body["links"] = list(dict.fromkeys(kept + added))
            if added:
                changes.append("links added: " + ", ".join(added))
            gone = [link for link in links if link in removed]
            if gone:
                changes.append("links removed: " + ", ".join(gone))
            missing = sorted(removed - set(links))
            if missing:
                changes.append("not a link of this contact: " + ", ".join(missing))
        response = yield Call("update-a-contact", path_params=ids, body=body)
        content = f"Updated contact {args.contact_id} (" + "; ".join(changes) + ")."
        return content, {"status": response.status, "request": body}
