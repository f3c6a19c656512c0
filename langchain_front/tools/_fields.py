"""Argument types shared by the tools' schemas: Front IDs, aliases, paging.

Each ID type checks its prefix with a message that tells a model what to do, and still shows the
pattern in the JSON schema so the model gets it right the first time.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field


class _IdRule:
    """Validates one kind of Front ID (prefix, or an ``alt:`` alias where Front accepts one)."""

    def __init__(
        self, prefix: str, noun: str, example: str, how_to_find: str, aliases: tuple[str, ...] = ()
    ) -> None:
        alternatives = [f"{re.escape(prefix)}[0-9a-z]+", *(f"{re.escape(a)}.+" for a in aliases)]
        self.pattern = "^(" + "|".join(alternatives) + ")$"
        self._regex = re.compile(self.pattern)
        accepted = f"'{prefix}' IDs"
        if aliases:
            accepted += " or aliases " + ", ".join(f"'{a}...'" for a in aliases)
        self._problem = f"expected {accepted} (e.g. {example}); {how_to_find}"
        self.noun = noun
        self.description = f"{noun.capitalize()} ID, like {example}"
        if aliases:
            self.description += (
                " (also accepted: " + ", ".join(f"{a}<value>" for a in aliases) + ")"
            )

    def __call__(self, value: str) -> str:
        value = value.strip()
        if self._regex.match(value):
            return value
        raise ValueError(f"{value!r} is not a {self.noun} ID: {self._problem}")

    def field(self) -> Any:
        """The pydantic ``Field`` carrying description and pattern for the JSON schema."""
        return Field(description=self.description, json_schema_extra={"pattern": self.pattern})


_CONVERSATION = _IdRule("cnv_", "conversation", "cnv_yo1kg5q", "search or list conversations")
_TEAMMATE = _IdRule(
    "tea_",
    "teammate",
    "tea_6r55a",
    "list teammates, or use alt:email:<their email>",
    ("alt:email:",),
)
_TAG = _IdRule("tag_", "tag", "tag_2oxhvy", "list tags to find one")
_INBOX = _IdRule("inb_", "inbox", "inb_4bj7r", "list inboxes to find one")
_CHANNEL = _IdRule(
    "cha_", "channel", "cha_8a3k2", "list channels, or use alt:address:<address>", ("alt:address:",)
)
_CONTACT = _IdRule(
    "crd_", "contact", "crd_1kl0j5", "find the contact by email or phone first", ("alt:",)
)

ConversationId = Annotated[str, AfterValidator(_CONVERSATION), _CONVERSATION.field()]
TeammateRef = Annotated[str, AfterValidator(_TEAMMATE), _TEAMMATE.field()]
TagId = Annotated[str, AfterValidator(_TAG), _TAG.field()]
InboxId = Annotated[str, AfterValidator(_INBOX), _INBOX.field()]
ChannelRef = Annotated[str, AfterValidator(_CHANNEL), _CHANNEL.field()]
ContactRef = Annotated[str, AfterValidator(_CONTACT), _CONTACT.field()]

Limit = Annotated[
    int,
    Field(ge=1, le=100, description="How many results to return in this page (1-100)."),
]
PageToken = Annotated[
    str | None,
    Field(
        description=(
            "Leave empty for the first page. To get the next page, pass the page_token given "
            "in the previous result's 'More results' line."
        ),
    ),
]
