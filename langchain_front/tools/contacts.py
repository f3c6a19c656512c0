"""Contact tools: find a contact by email or phone, read a contact."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from langchain_front.errors import FrontNotFoundError
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import ContactRef, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.contacts import render_contact

HandleSource = Literal["email", "phone", "twitter", "facebook", "intercom", "front_chat", "custom"]
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
