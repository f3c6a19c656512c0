"""Contact identity tools: add and remove a contact's handles, and merge duplicate contacts.

A handle (an email, a phone...) belongs to one contact only, so these are the tools that move
an identity between contacts. Removing a handle reads the contact first: Front matches the handle
exactly and deletes the whole contact when its last handle goes (``force``), which the tool never
asks for. Merging deletes the merged-in contacts, so its effect is destructive whatever the
catalog says.
"""

from __future__ import annotations

import re
from collections.abc import Generator

from langchain_core.tools import ToolException
from pydantic import BaseModel, Field

from langchain_front.catalog import Effect
from langchain_front.client import FrontResponse
from langchain_front.errors import FrontConflictError
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import ContactRef, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.contacts import HandleSource, conflict_text, split_handle
from langchain_front.tools.render.contacts import render_contact


class ContactHandleInput(ToolArgs):
    """Arguments of front_add_contact_handle and front_remove_contact_handle."""

    contact_id: ContactRef
    handle: str = Field(
        min_length=2,
        max_length=320,
        description="The handle: an email address, a phone number with country code "
        "(+15551234567), or another handle such as a Twitter @name.",
    )
    source: HandleSource | None = Field(
        default=None,
        description="Kind of handle. Empty: guessed (email if it has '@', phone if digits).",
    )


@register
class FrontAddContactHandle(FrontTool):
    """Add a handle (email, phone...) to a contact."""

    name: str = "front_add_contact_handle"
    description: str = (
        "Add a handle (email address, phone number, Twitter @name...) to a Front contact, "
        "keeping its other handles. Fails if the handle already belongs to another contact: "
        "then merge the two contacts (front_merge_contacts)."
    )
    args_schema: type[BaseModel] = ContactHandleInput
    operations = ("add-contact-handle",)
    group = "contacts"
    example = {"contact_id": "crd_5e0", "handle": "jane@globex-mail.example"}

    def steps(self, args: ContactHandleInput) -> Steps:
        """POST the normalized handle."""
        source, handle = split_handle(args.handle, args.source)
        body = {"source": source, "handle": handle}
        try:
            response = yield Call(
                "add-contact-handle", path_params={"contact_id": args.contact_id}, body=body
            )
        except FrontConflictError as exc:
            raise ToolException(conflict_text(exc, f"add {handle}")) from exc
        content = f"Added {source} handle {handle} to contact {args.contact_id}."
        return content, {"status": response.status, "request": body}


_PHONE_PUNCTUATION = re.compile(r"[ ().-]")


def _same_handle(stored: str, wanted: str) -> bool:
    """Handles compare case-insensitively, phone numbers without punctuation."""

    def key(handle: str) -> str:
        text = handle.strip().lower()
        bare = _PHONE_PUNCTUATION.sub("", text)
        return bare if bare.lstrip("+").isdigit() else text

    return key(stored) == key(wanted)


@register
class FrontRemoveContactHandle(FrontTool):
    """Remove a handle from a contact (never its last one)."""

    name: str = "front_remove_contact_handle"
    description: str = (
        "Remove a handle (email address, phone number...) from a Front contact; its other "
        "handles are kept. A contact's last handle cannot be removed (Front would delete the "
        "contact). To move a handle to another contact, remove it here, then add it there."
    )
    args_schema: type[BaseModel] = ContactHandleInput
    operations = ("get-contact", "delete-contact-handle")
    group = "contacts"
    example = {"contact_id": "crd_5e0", "handle": "+15550101234"}

    def steps(self, args: ContactHandleInput) -> Steps:
        """Read the contact, find the handle as Front stores it, DELETE it without force."""
        ids = {"contact_id": args.contact_id}
        source, handle = split_handle(args.handle, args.source)
        contact = (yield Call("get-contact", path_params=ids)).data or {}
        handles = [h for h in contact.get("handles") or [] if isinstance(h, dict)]
        matches = [
            h
            for h in handles
            if _same_handle(str(h.get("handle", "")), handle)
            and (args.source is None or h.get("source") == source)
        ]
        if not matches:
            listed = ", ".join(f"{h.get('source')}: {h.get('handle')}" for h in handles)
            raise ToolException(
                f"Contact {args.contact_id} has no handle {handle}; its handles are: "
                f"{listed or 'none'}. Pass one of them."
            )
        if len(handles) <= len(matches):
            raise ToolException(
                f"{handle} is the last handle of contact {args.contact_id}; Front would delete "
                "the contact with it. Add another handle first (front_add_contact_handle), or "
                "merge the contact into another one (front_merge_contacts)."
            )
        target = matches[0]
        body = {"source": target.get("source"), "handle": target.get("handle"), "force": False}
        response = yield Call("delete-contact-handle", path_params=ids, body=body)
        content = (
            f"Removed {body['source']} handle {body['handle']} from contact {args.contact_id}."
        )
        return content, {"status": response.status, "request": body}


class MergeContactsInput(ToolArgs):
    """Arguments of front_merge_contacts."""

    target_contact_id: ContactRef = Field(
        description="The contact that survives (crd_... or alt:email:<email>); it receives the "
        "others' handles, links, notes and conversations."
    )
    contact_ids: list[ContactRef] = Field(
        min_length=1,
        max_length=20,
        description="The duplicate contacts to merge into the target (crd_... or "
        "alt:<source>:<handle>). They are DELETED by the merge, which cannot be undone.",
    )


@register
class FrontMergeContacts(FrontTool):
    """Merge duplicate contacts into one (irreversible)."""

    name: str = "front_merge_contacts"
    description: str = (
        "Merge duplicate Front contacts into one target contact: the target keeps its ID and "
        "gains the others' handles and links; the other contacts are DELETED. Irreversible: "
        "check the contacts first (front_get_contact). Returns the merged contact."
    )
    args_schema: type[BaseModel] = MergeContactsInput
    operations = ("get-contact", "merge-contacts")
    group = "contacts"
    example = {"target_contact_id": "crd_5e0", "contact_ids": ["crd_5e1"]}

    @classmethod
    def effect(cls) -> Effect:
        """Destructive: the merged-in contacts are deleted (Front's spec files the merge as a
        plain write)."""
        return "destructive"

    def steps(self, args: MergeContactsInput) -> Steps:
        """Resolve aliases to contact IDs (read), refuse a merge into itself, then merge."""
        target = yield from _contact_id(args.target_contact_id)
        others: list[str] = []
        for ref in args.contact_ids:
            contact_id = yield from _contact_id(ref)
            if contact_id != target and contact_id not in others:
                others.append(contact_id)
        if not others:
            raise ToolException(
                f"Nothing to merge: every contact given is the target {target}. Pass the "
                "duplicates in contact_ids and the contact to keep in target_contact_id."
            )
        body = {"target_contact_id": target, "contact_ids": others}
        response = yield Call("merge-contacts", body=body)
        data = response.data or {}
        content = (
            f"Merged {', '.join(others)} into {target}; the merged contacts are deleted.\n"
            + render_contact(data)
        )
        return content, data


def _contact_id(ref: str) -> Generator[Call, FrontResponse, str]:
    """A contact's ``crd_`` ID: an alias is read once (Front takes aliases in paths, not in the
    merge body)."""
    if not ref.startswith("alt:"):
        return ref
    contact = (yield Call("get-contact", path_params={"contact_id": ref})).data or {}
    found = contact.get("id")
    if not isinstance(found, str) or not found:
        raise ToolException(f"Front answered no contact ID for {ref}; use the contact's crd_ ID.")
    return found
