"""The Front double's seeded workspace, as data: its IDs (:data:`SEED`) and its records.

Nothing here builds state: :class:`~langchain_front.testing.store.FrontStore` loads these rows
into a fresh store. Keeping the workspace as plain rows makes it readable in one place and keeps
the store about state and Front's JSON shapes.

The workspace ("Acme Paper Co.", on reserved ``.example`` domains):

* 4 teammates (Ava is an admin), one team ("Support"), and a hidden API bot that authors
  comments and drafts posted without ``author_id``;
* 3 inboxes, each with one channel: email (``support@acme.example``), SMS, and a custom
  (partner) channel;
* 5 tags (``Refund`` is a child of ``Billing``);
* 4 contacts with email and phone handles (a note on Jane's), three accounts (Globex holding
  Jane's contact, Initech holding Raj's, Umbrella holding Maria's);
* 7 conversations: an open, assigned email thread of 3 HTML messages with 2 comments
  (:attr:`SeedIds.conversation_id`), an unassigned one, an archived one on the custom channel,
  an SMS one with a draft reply, a snoozed one, a trashed one, and one merged into the first.

Times are given in minutes after :data:`BASE_TIMESTAMP` (see :func:`seed_time`). The messages and
comments are in :mod:`.seed_messages`, the conversation state (ticket statuses, custom fields,
links) in :mod:`.seed_state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

__all__ = [
    "BASE_TIMESTAMP",
    "SEED",
    "SEED_LATEST_TIMESTAMP",
    "SeedIds",
    "seed_time",
]

#: The seed's base timestamp (Unix seconds): 2023-11-29T21:17:19Z, the era of the spec's own
#: examples. Seed records are dated from it, and synthesized ``*_at`` values use it.
BASE_TIMESTAMP: Final = 1701292639.0


def seed_time(minutes: float) -> float:
    """The Unix timestamp ``minutes`` after :data:`BASE_TIMESTAMP`."""
    return BASE_TIMESTAMP + minutes * 60.0


@dataclass(frozen=True)
class SeedIds:
    """IDs and handles of the seeded workspace (see the module docstring)."""

    company_id: str
    company_name: str
    teammate_id: str
    teammate_email: str
    teammate_ids: tuple[str, ...]
    teammate_emails: tuple[str, ...]
    api_bot_id: str
    team_id: str
    inbox_id: str
    sms_inbox_id: str
    custom_inbox_id: str
    inbox_ids: tuple[str, ...]
    channel_id: str
    channel_address: str
    sms_channel_id: str
    sms_channel_address: str
    custom_channel_id: str
    channel_ids: tuple[str, ...]
    tag_id: str
    urgent_tag_id: str
    bug_tag_id: str
    child_tag_id: str
    vip_tag_id: str
    tag_ids: tuple[str, ...]
    contact_id: str
    contact_email: str
    contact_phone: str
    contact_ids: tuple[str, ...]
    phone_only_contact_id: str
    phone_only_contact_phone: str
    account_id: str
    account_domain: str
    account_external_id: str
    conversation_id: str
    unassigned_conversation_id: str
    archived_conversation_id: str
    sms_conversation_id: str
    snoozed_conversation_id: str
    trashed_conversation_id: str
    merged_conversation_id: str
    conversation_ids: tuple[str, ...]
    message_id: str
    message_uid: str
    message_ids: tuple[str, ...]
    outbound_message_id: str
    comment_id: str
    comment_ids: tuple[str, ...]
    draft_id: str
    draft_version: str
    attachment_id: str


SEED: Final = SeedIds(
    company_id="cmp_4x2",
    company_name="Acme Paper Co.",
    teammate_id="tea_1a0",
    teammate_email="ava.chen@acme.example",
    teammate_ids=("tea_1a0", "tea_1a1", "tea_1a2", "tea_1a3"),
    teammate_emails=(
        "ava.chen@acme.example",
        "ben.ortiz@acme.example",
        "chloe.park@acme.example",
        "dev.patel@acme.example",
    ),
    api_bot_id="tea_1ap",
    team_id="tim_5t0",
    inbox_id="inb_2b0",
    sms_inbox_id="inb_2b1",
    custom_inbox_id="inb_2b2",
    inbox_ids=("inb_2b0", "inb_2b1", "inb_2b2"),
    channel_id="cha_3c0",
    channel_address="support@acme.example",
    sms_channel_id="cha_3c1",
    sms_channel_address="+15550100000",
    custom_channel_id="cha_3c2",
    channel_ids=("cha_3c0", "cha_3c1", "cha_3c2"),
    tag_id="tag_4d0",
    urgent_tag_id="tag_4d1",
    bug_tag_id="tag_4d2",
    child_tag_id="tag_4d3",
    vip_tag_id="tag_4d4",
    tag_ids=("tag_4d0", "tag_4d1", "tag_4d2", "tag_4d3", "tag_4d4"),
    contact_id="crd_5e0",
    contact_email="jane.doe@globex.example",
    contact_phone="+15550101234",
    contact_ids=("crd_5e0", "crd_5e1", "crd_5e2", "crd_5e3"),
    phone_only_contact_id="crd_5e3",
    phone_only_contact_phone="+15550109999",
    account_id="acc_6f0",
    account_domain="globex.example",
    account_external_id="CRM-1001",
    conversation_id="cnv_7g0",
    unassigned_conversation_id="cnv_7g1",
    archived_conversation_id="cnv_7g2",
    sms_conversation_id="cnv_7g3",
    snoozed_conversation_id="cnv_7g4",
    trashed_conversation_id="cnv_7g5",
    merged_conversation_id="cnv_7g6",
    conversation_ids=("cnv_7g0", "cnv_7g1", "cnv_7g2", "cnv_7g3", "cnv_7g4", "cnv_7g5", "cnv_7g6"),
    message_id="msg_8h0",
    message_uid="5f1c0e6a9b2d4c7e8f0a1b2c3d4e5f60",
    message_ids=("msg_8h0", "msg_8h1", "msg_8h2"),
    outbound_message_id="msg_8h1",
    comment_id="com_9i0",
    comment_ids=("com_9i0", "com_9i1"),
    draft_id="msg_8h9",
    draft_version="c0ffee00c0ffee00c0ffee00c0ffee00-1-1701295000000-a1b2",
    attachment_id="fil_0j0",
)

#: Latest timestamp in the seed; records created later get timestamps after it.
SEED_LATEST_TIMESTAMP: Final = seed_time(24 * 60)


# --------------------------------------------------------------------------- row shapes


class TeammateRow(NamedTuple):
    """A teammate (``kind`` ``api`` for the API bot)."""

    id: str
    email: str
    first_name: str
    last_name: str
    is_admin: bool = False
    is_available: bool = True
    kind: str = "user"


class InboxRow(NamedTuple):
    """An inbox owned by the team, and the teammates with access to it."""

    id: str
    name: str
    teammate_ids: tuple[str, ...]


class ChannelRow(NamedTuple):
    """A channel and the inbox it delivers to."""

    id: str
    inbox_id: str
    name: str
    type: str
    address: str


class TagRow(NamedTuple):
    """A company tag, created ``minutes`` after the base timestamp."""

    id: str
    name: str
    description: str
    highlight: str
    parent_id: str | None
    minutes: float


class ContactRow(NamedTuple):
    """A contact and its ``(source, handle)`` pairs."""

    id: str
    name: str
    handles: tuple[tuple[str, str], ...]  # (source, handle)
    description: str


class AccountRow(NamedTuple):
    """An account and the contacts it holds."""

    id: str
    name: str
    domains: tuple[str, ...]
    external_id: str
    description: str
    contact_ids: tuple[str, ...]


class NoteRow(NamedTuple):
    """A note a teammate wrote on a contact."""

    contact_id: str
    author_id: str
    body: str
    minutes: float


class AttachmentRow(NamedTuple):
    """A downloadable file attached to a seeded message."""

    id: str
    filename: str
    content_type: str
    content: bytes


class ConversationRow(NamedTuple):
    """A conversation; its ``updated_at`` follows its latest message or comment."""

    id: str
    subject: str
    inbox_id: str
    minutes: float
    assignee_id: str | None = None
    state: str = "open"  # open / archived / trashed
    tag_ids: tuple[str, ...] = ()
    follower_ids: tuple[str, ...] = ()
    snoozed_until_minutes: float | None = None
    merged_into: str | None = None


class MessageRow(NamedTuple):
    """A seeded message: its subject is its conversation's (none off email); ``uid`` and
    ``version`` default to hashes of the ID."""

    id: str
    conversation_id: str
    minutes: float
    body: str
    recipients: tuple[tuple[str, str, str | None], ...]  # (handle, role, name)
    is_inbound: bool
    type: str = "email"
    channel_id: str = SEED.channel_id
    author_id: str | None = None
    replied_to: str | None = None
    uid: str | None = None
    text: str | None = None
    attachment_ids: tuple[str, ...] = ()
    thread_ref: str | None = None
    is_draft: bool = False
    draft_mode: str | None = None
    version: str | None = None


class CommentRow(NamedTuple):
    """A comment, posted ``minutes`` after the base timestamp."""

    id: str
    conversation_id: str
    author_id: str
    minutes: float
    body: str
    replied_to: str | None = None


# --------------------------------------------------------------------------- the rows

_AVA, _BEN, _CHLOE, _DEV = SEED.teammate_ids
_JANE = SEED.contact_email
_SUPPORT = SEED.channel_address
_MARIA_PHONE = "+15550105678"
_MARIA_EMAIL = "maria.garcia@umbrella.example"
_PARTNER = "partner:globex-orders"

TEAMMATES: Final = (
    TeammateRow(_AVA, SEED.teammate_emails[0], "Ava", "Chen", is_admin=True),
    TeammateRow(_BEN, SEED.teammate_emails[1], "Ben", "Ortiz"),
    TeammateRow(_CHLOE, SEED.teammate_emails[2], "Chloe", "Park"),
    TeammateRow(_DEV, SEED.teammate_emails[3], "Dev", "Patel", is_available=False),
)
#: The hidden teammate that authors what the API posts without ``author_id``.
API_BOT: Final = TeammateRow(SEED.api_bot_id, "api-bot@acme.example", "API", "", kind="api")

#: The one team: its name; every teammate and every inbox belong to it.
TEAM_NAME: Final = "Support"

INBOXES: Final = (
    InboxRow(SEED.inbox_id, "Support", SEED.teammate_ids),
    InboxRow(SEED.sms_inbox_id, "SMS", (_AVA, _CHLOE)),
    InboxRow(SEED.custom_inbox_id, "Partner Orders", (_AVA, _BEN)),
)

CHANNELS: Final = (
    ChannelRow(SEED.channel_id, SEED.inbox_id, "Support email", "smtp", _SUPPORT),
    ChannelRow(
        SEED.sms_channel_id, SEED.sms_inbox_id, "Support SMS", "twilio", SEED.sms_channel_address
    ),
    ChannelRow(
        SEED.custom_channel_id, SEED.custom_inbox_id, "Partner orders", "custom", "partner-orders"
    ),
)

TAGS: Final = (
    TagRow(SEED.tag_id, "Billing", "Invoices, payments and refunds", "green", None, 0),
    TagRow(SEED.urgent_tag_id, "Urgent", "Needs an answer today", "red", None, 1),
    TagRow(SEED.bug_tag_id, "Bug", "Product defects reported by customers", "orange", None, 2),
    TagRow(SEED.child_tag_id, "Refund", "Refund requests", "yellow", SEED.tag_id, 3),
    TagRow(SEED.vip_tag_id, "VIP", "Key accounts", "purple", None, 4),
)

CONTACTS: Final = (
    ContactRow(
        SEED.contact_id,
        "Jane Doe",
        (("email", _JANE), ("phone", SEED.contact_phone)),
        "Accounts payable lead at Globex",
    ),
    ContactRow(
        SEED.contact_ids[1], "Raj Kumar", (("email", "raj.kumar@initech.example"),), "IT admin"
    ),
    ContactRow(
        SEED.contact_ids[2],
        "Maria Garcia",
        (("email", _MARIA_EMAIL), ("phone", _MARIA_PHONE)),
        "Operations manager at Umbrella",
    ),
    ContactRow(
        SEED.phone_only_contact_id, "Tom Baker", (("phone", SEED.phone_only_contact_phone),), ""
    ),
)

ACCOUNTS: Final = (
    AccountRow(
        SEED.account_id,
        "Globex Corporation",
        (SEED.account_domain,),
        SEED.account_external_id,
        "Paper supply customer since 2019",
        (SEED.contact_id,),
    ),
    AccountRow(
        "acc_6f1",
        "Initech",
        ("initech.example",),
        "CRM-1002",
        "Software company; IT buys our printer paper",
        (SEED.contact_ids[1],),
    ),
    AccountRow(
        "acc_6f2",
        "Umbrella Corporation",
        ("umbrella.example",),
        "CRM-1003",
        "Pharmaceuticals; monthly pallet orders",
        (SEED.contact_ids[2],),
    ),
)

CONTACT_NOTES: Final = (
    NoteRow(
        SEED.contact_id,
        SEED.teammate_id,
        "Prefers email over phone. Pays by wire; needs the PO number on every invoice.",
        -2 * 24 * 60,
    ),
)


def minimal_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica, with a correct cross-reference table."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    text = "".join(f"({line}) Tj T* " for line in escaped)
    stream = f"BT /F1 12 Tf 14 TL 72 720 Td {text}ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


ATTACHMENTS: Final = (
    AttachmentRow(
        SEED.attachment_id,
        "invoice-4521.pdf",
        "application/pdf",
        minimal_pdf(
            (
                "Invoice 4521 - Globex",
                "October shipment: $1,250.00",
                "Charged twice on 2023-11-02",
            )
        ),
    ),
)

CONVERSATIONS: Final = (
    # 1. Open, assigned email thread: 3 HTML messages, 2 comments, tags, followers.
    ConversationRow(
        SEED.conversation_id,
        "Invoice #4521 charged twice",
        SEED.inbox_id,
        60,
        assignee_id=_AVA,
        tag_ids=(SEED.tag_id, SEED.urgent_tag_id),
        follower_ids=(_AVA, _BEN),
    ),
    # 2. Open, unassigned.
    ConversationRow(
        SEED.unassigned_conversation_id,
        "Can't log in to the portal",
        SEED.inbox_id,
        300,
        tag_ids=(SEED.bug_tag_id,),
    ),
    # 3. Archived, assigned, on the custom (partner) channel.
    ConversationRow(
        SEED.archived_conversation_id,
        "Order status for PO-778",
        SEED.custom_inbox_id,
        400,
        assignee_id=_BEN,
        state="archived",
    ),
    # 4. SMS, open, assigned, with a private draft reply.
    ConversationRow(SEED.sms_conversation_id, "", SEED.sms_inbox_id, 500, assignee_id=_CHLOE),
    # 5. Snoozed (open, assigned, with a scheduled reminder), tagged Refund + VIP.
    ConversationRow(
        SEED.snoozed_conversation_id,
        "Refund request for damaged pallet",
        SEED.inbox_id,
        600,
        assignee_id=_DEV,
        tag_ids=(SEED.child_tag_id, SEED.vip_tag_id),
        snoozed_until_minutes=3 * 24 * 60,
    ),
    # 6. Trashed spam.
    ConversationRow(
        SEED.trashed_conversation_id, "You won a prize!!!", SEED.inbox_id, 700, state="trashed"
    ),
    # 7. Duplicate of #1, merged into it (301 on conversation routes).
    ConversationRow(
        SEED.merged_conversation_id,
        "Invoice #4521 (duplicate)",
        SEED.inbox_id,
        61,
        merged_into=SEED.conversation_id,
        state="archived",
    ),
)
