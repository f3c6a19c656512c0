"""The Front double's seeded conversation state, as data: ticket statuses, custom field
definitions and values, and conversation links.

A companion of :mod:`langchain_front.testing.seed` (the workspace's IDs and records), kept apart so
each file stays readable in one sitting; :class:`~langchain_front.testing.store.FrontStore` loads
both.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from langchain_front.testing.seed import SEED


class TicketStatusRow(NamedTuple):
    """A company ticket status (Front's defaults match their category's name)."""

    id: str
    name: str
    category: str  # open / waiting / resolved
    description: str


class CustomFieldRow(NamedTuple):
    """A custom field definition of conversations, contacts or accounts."""

    id: str
    resource: str  # conversation / contact / account
    name: str
    type: str  # string / boolean / datetime / number / teammate / inbox / enum
    description: str
    values: tuple[str, ...] = ()  # enum values


class LinkRow(NamedTuple):
    """A link (an external resource such as an issue tracker ticket) on a conversation."""

    id: str
    name: str
    external_url: str
    conversation_ids: tuple[str, ...]


TICKET_STATUSES: Final = (
    TicketStatusRow("sts_1s0", "Open", "open", "New or currently being worked on"),
    TicketStatusRow("sts_1s1", "Waiting", "waiting", "Waiting on someone else"),
    TicketStatusRow("sts_1s2", "Resolved", "resolved", "Done"),
    TicketStatusRow("sts_1s3", "Waiting on customer", "waiting", "We asked the customer"),
    TicketStatusRow("sts_1s4", "Escalated", "open", "Handed to the engineering on-call"),
)

CUSTOM_FIELDS: Final = (
    CustomFieldRow(
        "fld_2c0",
        "conversation",
        "Priority",
        "enum",
        "How urgent the request is",
        ("Low", "Medium", "High", "Urgent"),
    ),
    CustomFieldRow("fld_2c1", "conversation", "Order number", "string", "The customer's order"),
    CustomFieldRow("fld_2c2", "conversation", "Refund amount", "number", "In US dollars"),
    CustomFieldRow("fld_2c3", "conversation", "Escalated", "boolean", "Seen by engineering"),
    CustomFieldRow("fld_2c4", "conversation", "Follow-up date", "datetime", "When to check back"),
    CustomFieldRow(
        "fld_2c5", "contact", "Plan", "enum", "Billing plan", ("Free", "Pro", "Enterprise")
    ),
    CustomFieldRow("fld_2c6", "contact", "VIP", "boolean", "Key contact"),
    CustomFieldRow("fld_2c7", "contact", "Account manager", "teammate", "Who owns the contact"),
    CustomFieldRow("fld_2c8", "account", "Tier", "enum", "Support tier", ("Bronze", "Gold")),
    CustomFieldRow("fld_2c9", "account", "Seats", "number", "Licensed seats"),
)

#: Custom field values of seeded records, by record ID (conversations, contacts, accounts).
CUSTOM_FIELD_VALUES: Final[dict[str, dict[str, str | int]]] = {
    SEED.conversation_id: {"Priority": "High", "Order number": "INV-4521"},
    SEED.contact_id: {"Plan": "Pro"},
    SEED.account_id: {"Tier": "Gold", "Seats": 40},
}

LINKS: Final = (
    LinkRow(
        "top_3l0",
        "BILL-12",
        "https://tracker.acme.example/browse/BILL-12",
        (SEED.conversation_id,),
    ),
)
