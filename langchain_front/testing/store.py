"""The Front double's data: a small, coherent, deterministic workspace.

:data:`SEED` names the seeded records (stable IDs for tests, cassettes and demos). The
:class:`FrontStore` holds the mutable state of one double and renders records in Front's
response shapes. Every rendered record starts as a :func:`~langchain_front.testing.synth.synthesize`
instance of its spec schema with the interesting fields overridden, so it validates against the
catalogued response schema.

The workspace ("Acme Paper Co.", on reserved ``.example`` domains):

* 4 teammates (Ava is an admin), one team ("Support"), and a hidden API bot that authors
  comments and drafts posted without ``author_id``;
* 3 inboxes, each with one channel: email (``support@acme.example``), SMS, and a custom
  (partner) channel;
* 5 tags (``Refund`` is a child of ``Billing``);
* 4 contacts with email and phone handles, one account (Globex) holding Jane's contact;
* 7 conversations: an open, assigned email thread of 3 HTML messages with 2 comments
  (:attr:`SeedIds.conversation_id`), an unassigned one, an archived one on the custom channel,
  an SMS one with a draft reply, a snoozed one, a trashed one, and one merged into the first.
"""

from __future__ import annotations

import copy
import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from langchain_front.catalog import Catalog, load_catalog
from langchain_front.testing.synth import synthesize

__all__ = [
    "DEFAULT_COMPANY_HOST",
    "SEED",
    "SEED_LATEST_TIMESTAMP",
    "Comment",
    "Conversation",
    "FrontStore",
    "Message",
    "SeedIds",
]

DEFAULT_COMPANY_HOST = "yourcompany.api.frontapp.com"

#: Seed timestamps start here (2023-11-29T21:17:19Z) and grow by minutes.
_T0 = 1701292639.0


def _t(minutes: float) -> float:
    return _T0 + minutes * 60.0


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
SEED_LATEST_TIMESTAMP: Final = _t(24 * 60)

#: Conversation states (internal): read status is derived from state and assignee.
OPEN, ARCHIVED, TRASHED, SPAM = "open", "archived", "trashed", "spam"

_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_RE = re.compile(r"</?(p|div|br|blockquote|li|ul|ol|h\d)[^>]*>", re.IGNORECASE)
_WS_RE = re.compile(r"[ \t]+")


def html_to_text(body: str) -> str:
    """A plain-text rendering of an HTML body (what Front puts in ``text``)."""
    text = _BLOCK_RE.sub("\n", body)
    text = html.unescape(_TAG_RE.sub("", text))
    lines = [_WS_RE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def blurb_of(text: str) -> str:
    """The first line-joined ~100 characters of ``text``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 100 else flat[:99].rstrip() + "…"


def stable_hex(*parts: object, length: int = 32) -> str:
    """A deterministic hex string from ``parts``."""
    raw = "|".join(str(p) for p in parts)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:length]


def normalize_handle(handle: str) -> str:
    """Handles compare case-insensitively, phone numbers without punctuation."""
    text = handle.strip().lower()
    if re.fullmatch(r"\+?[\d\s().-]{6,}", text):
        return "+" + re.sub(r"\D", "", text) if text.startswith("+") else re.sub(r"\D", "", text)
    return text


# --------------------------------------------------------------------------- state records


@dataclass
class Recipient:
    """One recipient of a message: ``role`` is from / to / cc / bcc / reply-to."""

    handle: str
    role: str
    name: str | None = None


@dataclass
class Conversation:
    """A conversation's mutable state (rendered as ``ConversationResponse``)."""

    id: str
    subject: str
    inbox_ids: list[str]
    created_at: float
    updated_at: float
    state: str = OPEN
    assignee_id: str | None = None
    tag_ids: list[str] = field(default_factory=list)
    follower_ids: list[str] = field(default_factory=list)
    link_ids: list[str] = field(default_factory=list)
    type: str = "conversation"
    is_private: bool = False
    snoozed_until: float | None = None
    reminder_owner_id: str | None = None
    merged_into: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    due_at: float | None = None
    description: str | None = None


@dataclass
class Message:
    """A message or draft (rendered as ``MessageResponse`` plus ``is_draft``)."""

    id: str
    conversation_id: str
    uid: str
    type: str
    is_inbound: bool
    subject: str
    body: str
    created_at: float
    recipients: list[Recipient]
    channel_id: str | None = None
    author_id: str | None = None
    text: str | None = None
    is_draft: bool = False
    draft_mode: str | None = None
    version: str = ""
    replied_to: str | None = None
    attachment_ids: list[str] = field(default_factory=list)
    external_id: str | None = None
    thread_ref: str | None = None


@dataclass
class Comment:
    """A comment (rendered as ``CommentResponse``)."""

    id: str
    conversation_id: str
    author_id: str
    body: str
    posted_at: float
    is_pinned: bool = False
    replied_to: str | None = None


@dataclass
class Attachment:
    """A file attached to a message (downloadable through ``/download/{id}``)."""

    id: str
    filename: str
    content_type: str
    content: bytes


# --------------------------------------------------------------------------- the store


class FrontStore:
    """Mutable state of one Front double, seeded with :data:`SEED`'s workspace."""

    def __init__(
        self, company_host: str = DEFAULT_COMPANY_HOST, catalog: Catalog | None = None
    ) -> None:
        self.host = company_host
        self.catalog = catalog if catalog is not None else load_catalog()
        self._skeletons: dict[str, Any] = {}
        self._next_number = 36**3  # new IDs are 4+ base-36 digits: never a seed ID
        self._clock = SEED_LATEST_TIMESTAMP
        self._uids = 0

        self.company: dict[str, Any] = {}
        self.teammates: dict[str, dict[str, Any]] = {}
        self.hidden_teammates: set[str] = set()
        self.teams: dict[str, dict[str, Any]] = {}
        self.team_members: dict[str, list[str]] = {}
        self.team_inboxes: dict[str, list[str]] = {}
        self.inboxes: dict[str, dict[str, Any]] = {}
        self.inbox_teammates: dict[str, list[str]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.channel_inbox: dict[str, str] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        self.tag_parent: dict[str, str | None] = {}
        self.tag_owner: dict[str, str | None] = {}
        self.contacts: dict[str, dict[str, Any]] = {}
        self.contact_owner: dict[str, str | None] = {}
        self.inbox_owner: dict[str, str | None] = {}
        self.accounts: dict[str, dict[str, Any]] = {}
        self.account_contacts: dict[str, list[str]] = {}
        self.conversations: dict[str, Conversation] = {}
        self.messages: dict[str, Message] = {}
        self.comments: dict[str, Comment] = {}
        self.attachments: dict[str, Attachment] = {}
        self.imported_external_ids: dict[tuple[str, str], str] = {}
        self._seed()

    # ----------------------------------------------------------------- basics

    def url(self, path: str) -> str:
        """An absolute URL on the company host."""
        return f"https://{self.host}{path}"

    def new_id(self, prefix: str) -> str:
        """A fresh ID with Front's ``prefix`` (``cnv``, ``msg``...), deterministic."""
        number = self._next_number
        self._next_number += 1
        digits = ""
        while number:
            number, rem = divmod(number, 36)
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rem] + digits
        return f"{prefix}_{digits}"

    def owner_url(self, owner_id: str | None) -> str | None:
        """Link to a private resource's owner: a teammate (``tea_``) or a team (``tim_``)."""
        if owner_id is None:
            return None
        kind = "teams" if owner_id.startswith("tim_") else "teammates"
        return self.url(f"/{kind}/{owner_id}")

    def now(self) -> float:
        """The next timestamp of the store's counter (one second after the previous)."""
        self._clock += 1.0
        return self._clock

    def new_uid(self) -> str:
        """A deterministic 32-hex message UID."""
        self._uids += 1
        return stable_hex("message-uid", self._uids)

    def skeleton(self, schema_name: str) -> dict[str, Any]:
        """A fresh copy of the synthesized instance of ``components.schemas[schema_name]``."""
        if schema_name not in self._skeletons:
            self._skeletons[schema_name] = synthesize(
                {"$ref": f"#/components/schemas/{schema_name}"},
                self.catalog.components,
                seed_key=schema_name,
            )
        value = copy.deepcopy(self._skeletons[schema_name])
        if not isinstance(value, dict):
            raise TypeError(f"schema {schema_name} does not synthesize an object")
        return value

    # ----------------------------------------------------------------- record builders

    def make_teammate(
        self,
        teammate_id: str,
        first: str,
        last: str,
        email: str,
        *,
        is_admin: bool = False,
        is_available: bool = True,
        kind: str = "user",
    ) -> dict[str, Any]:
        """A ``TeammateResponse`` record."""
        rec = self.skeleton("TeammateResponse")
        rec.update(
            _links={
                "self": self.url(f"/teammates/{teammate_id}"),
                "related": {
                    "inboxes": self.url(f"/teammates/{teammate_id}/inboxes"),
                    "conversations": self.url(f"/teammates/{teammate_id}/conversations"),
                },
            },
            id=teammate_id,
            email=email,
            username=(first + last[:1]).lower() if kind == "user" else first.lower(),
            first_name=first,
            last_name=last,
            is_admin=is_admin,
            is_available=is_available,
            is_blocked=False,
            type=kind,
            custom_fields={},
            license_type="full" if kind == "user" else "none",
        )
        return rec

    def make_inbox(
        self, inbox_id: str, name: str, *, owner_id: str | None = None, is_public: bool = True
    ) -> dict[str, Any]:
        """An ``InboxResponse`` record (owned by the seed team unless ``owner_id``)."""
        owner = owner_id or SEED.team_id
        self.inbox_owner[inbox_id] = owner
        rec = self.skeleton("InboxResponse")
        rec.update(
            _links={
                "self": self.url(f"/inboxes/{inbox_id}"),
                "related": {
                    "channels": self.url(f"/inboxes/{inbox_id}/channels"),
                    "conversations": self.url(f"/inboxes/{inbox_id}/conversations"),
                    "teammates": self.url(f"/inboxes/{inbox_id}/teammates"),
                    "owner": self.owner_url(owner),
                },
            },
            id=inbox_id,
            name=name,
            is_private=owner.startswith("tea_"),
            is_public=is_public,
            custom_fields={},
        )
        return rec

    def make_channel(
        self, channel_id: str, inbox_id: str, name: str, kind: str, address: str
    ) -> dict[str, Any]:
        """A ``ChannelResponse`` record."""
        rec = self.skeleton("ChannelResponse")
        rec.update(
            _links={
                "self": self.url(f"/channels/{channel_id}"),
                "related": {
                    "inbox": self.url(f"/inboxes/{inbox_id}"),
                    "owner": self.url(f"/teams/{SEED.team_id}"),
                },
            },
            id=channel_id,
            name=name,
            address=address,
            send_as=address,
            type=kind,
            settings={"undo_send_time": 0, "all_teammates_can_reply": False},
            is_private=False,
            is_valid=True,
        )
        return rec

    def make_tag(
        self,
        tag_id: str,
        name: str,
        *,
        description: str | None = None,
        highlight: str | None = None,
        parent_id: str | None = None,
        owner_id: str | None = None,
        visible: bool = True,
        created_at: float = _T0,
    ) -> dict[str, Any]:
        """A ``TagResponse`` record (children / parent / owner links follow the arguments)."""
        rec = self.skeleton("TagResponse")
        rec.update(
            _links={
                "self": self.url(f"/tags/{tag_id}"),
                "related": {
                    "conversations": self.url(f"/tags/{tag_id}/conversations"),
                    "owner": self.owner_url(owner_id),
                    "parent_tag": self.url(f"/tags/{parent_id}") if parent_id else None,
                    "children": self.url(f"/tags/{tag_id}/children"),
                },
            },
            id=tag_id,
            name=name,
            description=description,
            highlight=highlight,
            is_private=owner_id is not None and owner_id.startswith("tea_"),
            is_visible_in_conversation_lists=visible,
            created_at=created_at,
            updated_at=created_at,
        )
        self.tag_parent[tag_id] = parent_id
        self.tag_owner[tag_id] = owner_id
        return rec

    def make_contact(
        self,
        contact_id: str,
        name: str | None,
        handles: Iterable[tuple[str, str]],
        *,
        description: str = "",
        links: Iterable[str] = (),
    ) -> dict[str, Any]:
        """A ``ContactResponse`` record; ``handles`` are ``(source, handle)`` pairs."""
        rec = self.skeleton("ContactResponse")
        rec.update(
            _links={
                "self": self.url(f"/contacts/{contact_id}"),
                "related": {
                    "notes": self.url(f"/contacts/{contact_id}/notes"),
                    "conversations": self.url(f"/contacts/{contact_id}/conversations"),
                },
            },
            id=contact_id,
            name=name or "",
            description=description,
            avatar_url=self.url(f"/contacts/{contact_id}/avatar"),
            is_private=False,
            handles=[{"source": s, "handle": h} for s, h in handles],
            links=list(links),
            groups=[],
            lists=[],
            custom_fields={},
        )
        return rec

    def make_account(
        self,
        account_id: str,
        name: str,
        *,
        domains: Iterable[str] = (),
        external_id: str | None = None,
        description: str | None = None,
        created_at: float = _T0,
    ) -> dict[str, Any]:
        """An ``AccountResponse`` record."""
        rec = self.skeleton("AccountResponse")
        rec.update(
            _links={
                "self": self.url(f"/accounts/{account_id}"),
                "related": {"contacts": self.url(f"/accounts/{account_id}/contacts")},
            },
            id=account_id,
            name=name,
            description=description,
            domains=list(domains),
            external_id=external_id,
            logo_url=None,
            created_at=created_at,
            updated_at=created_at,
            custom_fields={},
        )
        return rec

    def make_team(self, team_id: str, name: str) -> dict[str, Any]:
        """The stored part of a team (members and inboxes are rendered live)."""
        return {"_links": {"self": self.url(f"/teams/{team_id}")}, "id": team_id, "name": name}

    # ----------------------------------------------------------------- rendering

    def render_team(self, team_id: str, *, preview: bool = False) -> dict[str, Any]:
        """``TeamPreviewResponse`` (``preview``) or ``TeamResponse``."""
        rec = copy.deepcopy(self.teams[team_id])
        if not preview:
            rec["inboxes"] = [copy.deepcopy(self.inboxes[i]) for i in self.team_inboxes[team_id]]
            rec["members"] = [copy.deepcopy(self.teammates[t]) for t in self.team_members[team_id]]
        return rec

    def read_status(self, conv: Conversation) -> str:
        """Front's read status: archived / deleted / assigned / unassigned."""
        if conv.state in (TRASHED, SPAM):
            return "deleted"
        if conv.state == ARCHIVED:
            return "archived"
        return "assigned" if conv.assignee_id else "unassigned"

    def conversation_messages(self, conv_id: str, *, drafts: bool | None = False) -> list[Message]:
        """Messages of a conversation, oldest first (``drafts``: False, True=only, None=all)."""
        found = [m for m in self.messages.values() if m.conversation_id == conv_id]
        if drafts is not None:
            found = [m for m in found if m.is_draft == drafts]
        return sorted(found, key=lambda m: (m.created_at, m.id))

    def main_recipient(self, conv: Conversation) -> Recipient | None:
        """The customer side of the conversation: sender of the first inbound message, or the
        first ``to`` of the first outbound one."""
        for msg in self.conversation_messages(conv.id):
            if msg.is_inbound:
                for r in msg.recipients:
                    if r.role == "from":
                        return r
            else:
                for r in msg.recipients:
                    if r.role == "to":
                        return r
        return None

    def contact_for_handle(self, handle: str) -> str | None:
        """The contact that owns ``handle`` (any source), if any."""
        wanted = normalize_handle(handle)
        for cid, contact in self.contacts.items():
            for h in contact["handles"]:
                if normalize_handle(h["handle"]) == wanted:
                    return cid
        return None

    def render_recipient(self, r: Recipient) -> dict[str, Any]:
        """A ``RecipientResponse``."""
        contact_id = self.contact_for_handle(r.handle)
        name = r.name
        if name is None and contact_id is not None:
            name = self.contacts[contact_id]["name"] or None
        return {
            "_links": {
                "related": {"contact": self.url(f"/contacts/{contact_id}") if contact_id else None}
            },
            "handle": r.handle,
            "name": name,
            "role": r.role,
        }

    def is_unreplied(self, conv: Conversation) -> bool:
        """Whether the last (non-draft) message of the conversation is inbound."""
        msgs = self.conversation_messages(conv.id)
        return bool(msgs) and msgs[-1].is_inbound

    def render_conversation(self, conv_id: str) -> dict[str, Any]:
        """A ``ConversationResponse``."""
        conv = self.conversations[conv_id]
        rec = self.skeleton("ConversationResponse")
        msgs = self.conversation_messages(conv.id)
        related = {
            "events": self.url(f"/conversations/{conv.id}/events"),
            "followers": self.url(f"/conversations/{conv.id}/followers"),
            "messages": self.url(f"/conversations/{conv.id}/messages"),
            "comments": self.url(f"/conversations/{conv.id}/comments"),
            "inboxes": self.url(f"/conversations/{conv.id}/inboxes"),
        }
        if msgs:
            related["last_message"] = self.url(f"/messages/{msgs[-1].id}?referer=conversation")
        recipient = self.main_recipient(conv)
        reminders = []
        if conv.snoozed_until is not None:
            owner = conv.reminder_owner_id or conv.assignee_id or SEED.teammate_id
            reminders.append(
                {
                    "_links": {"related": {"owner": self.url(f"/teammates/{owner}")}},
                    "created_at": conv.updated_at,
                    "scheduled_at": conv.snoozed_until,
                    "updated_at": conv.updated_at,
                }
            )
        rec.update(
            _links={"self": self.url(f"/conversations/{conv.id}"), "related": related},
            id=conv.id,
            type=conv.type,
            subject=conv.subject,
            status=self.read_status(conv),
            ticket_ids=[],
            assignee=(
                copy.deepcopy(self.teammates[conv.assignee_id])
                if conv.assignee_id in self.teammates
                else None
            ),
            recipient=self.render_recipient(recipient) if recipient else None,
            tags=[copy.deepcopy(self.tags[t]) for t in conv.tag_ids if t in self.tags],
            links=[],
            custom_fields=copy.deepcopy(conv.custom_fields),
            is_private=conv.is_private,
            scheduled_reminders=reminders,
            metadata={},
            created_at=conv.created_at,
            updated_at=conv.updated_at,
        )
        for key in ("status_category", "status_id", "description", "due_at", "waiting_since"):
            rec.pop(key, None)
        if self.is_unreplied(conv):
            rec["waiting_since"] = next(m.created_at for m in reversed(msgs) if m.is_inbound)
        if conv.type == "task":
            rec["description"] = conv.description
            rec["due_at"] = conv.due_at
        return rec

    def render_message(self, msg_id: str) -> dict[str, Any]:
        """A ``MessageResponse`` plus ``is_draft`` (Front returns it; the spec omits it)."""
        msg = self.messages[msg_id]
        rec = self.skeleton("MessageResponse")
        related: dict[str, Any] = {
            "conversation": self.url(f"/conversations/{msg.conversation_id}"),
            "message_seen": self.url(f"/messages/{msg.id}/seen"),
        }
        if msg.replied_to:
            related["message_replied_to"] = self.url(f"/messages/{msg.replied_to}")
        text = msg.text if msg.text is not None else html_to_text(msg.body)
        metadata: dict[str, Any] = {}
        if msg.type == "custom":
            metadata["headers"] = {}
            if msg.thread_ref:
                metadata["thread_ref"] = msg.thread_ref
        rec.update(
            _links={"self": self.url(f"/messages/{msg.id}"), "related": related},
            id=msg.id,
            message_uid=msg.uid,
            type=msg.type,
            is_inbound=msg.is_inbound,
            is_draft=msg.is_draft,
            draft_mode=msg.draft_mode if msg.is_draft else None,
            created_at=msg.created_at,
            subject=msg.subject,
            blurb=blurb_of(text),
            body=msg.body,
            text=text,
            recipients=[self.render_recipient(r) for r in msg.recipients],
            attachments=[self.render_attachment(a) for a in msg.attachment_ids],
            metadata=metadata,
            version=msg.version or stable_hex("version", msg.id, msg.created_at),
        )
        for key in ("author", "signature", "error_type"):
            rec.pop(key, None)
        if msg.author_id in self.teammates:
            rec["author"] = copy.deepcopy(self.teammates[msg.author_id])
        return rec

    def render_attachment(self, attachment_id: str) -> dict[str, Any]:
        """An ``Attachment``."""
        att = self.attachments[attachment_id]
        return {
            "id": att.id,
            "url": self.url(f"/download/{att.id}"),
            "filename": att.filename,
            "content_type": att.content_type,
            "size": len(att.content),
            "metadata": {"is_inline": False},
        }

    def render_comment(self, comment_id: str) -> dict[str, Any]:
        """A ``CommentResponse``."""
        com = self.comments[comment_id]
        rec = self.skeleton("CommentResponse")
        rec.update(
            _links={
                "self": self.url(f"/comments/{com.id}"),
                "related": {
                    "conversation": self.url(f"/conversations/{com.conversation_id}"),
                    "mentions": self.url(f"/comments/{com.id}/mentions"),
                    "comment_replied_to": (
                        self.url(f"/comments/{com.replied_to}") if com.replied_to else None
                    ),
                },
            },
            id=com.id,
            author=copy.deepcopy(self.teammates[com.author_id]),
            body=com.body,
            attachments=[],
            is_pinned=com.is_pinned,
            posted_at=com.posted_at,
        )
        return rec

    def mentioned_teammates(self, comment_id: str) -> list[str]:
        """Teammates ``@username``-mentioned in a comment's body."""
        body = self.comments[comment_id].body.lower()
        return [
            tid
            for tid, t in self.teammates.items()
            if tid not in self.hidden_teammates and f"@{t['username'].lower()}" in body
        ]

    # ----------------------------------------------------------------- seed

    def _seed(self) -> None:
        s = SEED
        company = self.skeleton("IdentityResponse")
        company.update(_links={"self": self.url("/me")}, id=s.company_id, name=s.company_name)
        self.company = company

        people = [
            ("Ava", "Chen", True, True),
            ("Ben", "Ortiz", False, True),
            ("Chloe", "Park", False, True),
            ("Dev", "Patel", False, False),
        ]
        for tid, email, (first, last, admin, available) in zip(
            s.teammate_ids, s.teammate_emails, people, strict=True
        ):
            self.teammates[tid] = self.make_teammate(
                tid, first, last, email, is_admin=admin, is_available=available
            )
        self.teammates[s.api_bot_id] = self.make_teammate(
            s.api_bot_id, "API", "", "api-bot@acme.example", is_available=True, kind="api"
        )
        self.hidden_teammates.add(s.api_bot_id)

        self.teams[s.team_id] = self.make_team(s.team_id, "Support")
        self.team_members[s.team_id] = list(s.teammate_ids)
        self.team_inboxes[s.team_id] = list(s.inbox_ids)

        for inbox_id, name in zip(s.inbox_ids, ("Support", "SMS", "Partner Orders"), strict=True):
            self.inboxes[inbox_id] = self.make_inbox(inbox_id, name)
        self.inbox_teammates[s.inbox_id] = list(s.teammate_ids)
        self.inbox_teammates[s.sms_inbox_id] = [s.teammate_ids[0], s.teammate_ids[2]]
        self.inbox_teammates[s.custom_inbox_id] = [s.teammate_ids[0], s.teammate_ids[1]]

        channel_specs = [
            (s.channel_id, s.inbox_id, "Support email", "smtp", s.channel_address),
            (s.sms_channel_id, s.sms_inbox_id, "Support SMS", "twilio", s.sms_channel_address),
            (s.custom_channel_id, s.custom_inbox_id, "Partner orders", "custom", "partner-orders"),
        ]
        for cid, iid, name, kind, address in channel_specs:
            self.channels[cid] = self.make_channel(cid, iid, name, kind, address)
            self.channel_inbox[cid] = iid

        tag_specs: list[tuple[str, str, str, str | None, str | None]] = [
            (s.tag_id, "Billing", "Invoices, payments and refunds", "green", None),
            (s.urgent_tag_id, "Urgent", "Needs an answer today", "red", None),
            (s.bug_tag_id, "Bug", "Product defects reported by customers", "orange", None),
            (s.child_tag_id, "Refund", "Refund requests", "yellow", s.tag_id),
            (s.vip_tag_id, "VIP", "Key accounts", "purple", None),
        ]
        for i, (tid, name, desc, color, parent) in enumerate(tag_specs):
            self.tags[tid] = self.make_tag(
                tid, name, description=desc, highlight=color, parent_id=parent, created_at=_t(i)
            )

        contact_specs: list[tuple[str, str, list[tuple[str, str]], str]] = [
            (
                s.contact_id,
                "Jane Doe",
                [("email", s.contact_email), ("phone", s.contact_phone)],
                "Accounts payable lead at Globex",
            ),
            (s.contact_ids[1], "Raj Kumar", [("email", "raj.kumar@initech.example")], "IT admin"),
            (
                s.contact_ids[2],
                "Maria Garcia",
                [("email", "maria.garcia@umbrella.example"), ("phone", "+15550105678")],
                "Operations manager at Umbrella",
            ),
            (
                s.phone_only_contact_id,
                "Tom Baker",
                [("phone", s.phone_only_contact_phone)],
                "",
            ),
        ]
        for cid, name, handles, desc in contact_specs:
            self.contacts[cid] = self.make_contact(cid, name, handles, description=desc)

        self.accounts[s.account_id] = self.make_account(
            s.account_id,
            "Globex Corporation",
            domains=[s.account_domain],
            external_id=s.account_external_id,
            description="Paper supply customer since 2019",
        )
        self.account_contacts[s.account_id] = [s.contact_id]

        self.attachments[s.attachment_id] = Attachment(
            s.attachment_id,
            "invoice-4521.pdf",
            "application/pdf",
            b"%PDF-1.4\n% Front double: invoice 4521\n%%EOF\n",
        )

        self._seed_conversations()

    def _seed_conversations(self) -> None:
        s = SEED
        ava, ben, chloe, dev = s.teammate_ids

        def conv(cid: str, subject: str, inbox: str, minutes: float, **kw: Any) -> Conversation:
            c = Conversation(
                id=cid,
                subject=subject,
                inbox_ids=[inbox],
                created_at=_t(minutes),
                updated_at=_t(minutes),
                **kw,
            )
            self.conversations[cid] = c
            return c

        def message(
            mid: str,
            cid: str,
            minutes: float,
            body: str,
            recipients: list[Recipient],
            *,
            inbound: bool,
            kind: str = "email",
            channel: str = s.channel_id,
            author: str | None = None,
            replied_to: str | None = None,
            uid: str | None = None,
            **kw: Any,
        ) -> Message:
            c = self.conversations[cid]
            m = Message(
                id=mid,
                conversation_id=cid,
                uid=uid or stable_hex("seed-uid", mid),
                type=kind,
                is_inbound=inbound,
                subject=c.subject if kind == "email" else "",
                body=body,
                created_at=_t(minutes),
                recipients=recipients,
                channel_id=channel,
                author_id=author,
                replied_to=replied_to,
                version=stable_hex("seed-version", mid),
                **kw,
            )
            self.messages[mid] = m
            c.updated_at = max(c.updated_at, m.created_at)
            return m

        def comment(com_id: str, cid: str, author: str, minutes: float, body: str) -> None:
            self.comments[com_id] = Comment(com_id, cid, author, body, _t(minutes))
            c = self.conversations[cid]
            c.updated_at = max(c.updated_at, _t(minutes))

        jane_email = s.contact_email
        support = s.channel_address

        # 1. Open, assigned email thread: 3 HTML messages, 2 comments, tags, followers.
        conv(
            s.conversation_id,
            "Invoice #4521 charged twice",
            s.inbox_id,
            60,
            assignee_id=ava,
            tag_ids=[s.tag_id, s.urgent_tag_id],
            follower_ids=[ava, ben],
        )
        message(
            s.message_ids[0],
            s.conversation_id,
            60,
            "<p>Hi Acme team,</p>"
            "<p>Our invoice <strong>#4521</strong> charged us twice for the October shipment. "
            'The invoice is attached and also on <a href="https://billing.globex.example/'
            'invoices/4521">our billing portal</a>.</p><p>Thanks,<br>Jane Doe<br>Globex</p>',
            [
                Recipient(jane_email, "from", "Jane Doe"),
                Recipient(support, "to", "Acme Support"),
            ],
            inbound=True,
            uid=s.message_uid,
            attachment_ids=[s.attachment_id],
        )
        message(
            s.message_ids[1],
            s.conversation_id,
            95,
            "<p>Hi Jane,</p><p>Sorry about that! I've asked our billing team to refund the "
            'duplicate charge. You can follow it on <a href="https://status.acme.example/'
            'requests/4521">our status page</a>.</p><p>Best,<br>Ava</p>'
            '<div class="front-quote"><blockquote>Our invoice #4521 charged us twice for the '
            "October shipment.</blockquote></div>",
            [
                Recipient(support, "from", "Ava Chen"),
                Recipient(jane_email, "to", "Jane Doe"),
            ],
            inbound=False,
            author=ava,
            replied_to=s.message_ids[0],
        )
        message(
            s.message_ids[2],
            s.conversation_id,
            24 * 60 - 120,
            "<p>Thanks Ava &mdash; any update? We need this fixed before the end of the "
            'month. Our PO is <a href="https://billing.globex.example/po/778">PO-778</a>.</p>'
            '<div class="gmail_quote"><p>On Wed, Nov 29, Ava Chen wrote:</p><blockquote>'
            "<p>Sorry about that! I've asked our billing team to refund the duplicate "
            "charge.</p></blockquote></div>",
            [
                Recipient(jane_email, "from", "Jane Doe"),
                Recipient(support, "to", "Acme Support"),
                Recipient("ap@globex.example", "cc", "Globex AP"),
            ],
            inbound=True,
            replied_to=s.message_ids[1],
        )
        comment(
            s.comment_ids[0],
            s.conversation_id,
            ava,
            100,
            "@beno can you confirm the refund for invoice 4521 went out?",
        )
        comment(
            s.comment_ids[1],
            s.conversation_id,
            ben,
            130,
            "Refund is queued, it should land in 3-5 business days.",
        )
        self.comments[s.comment_ids[1]].replied_to = s.comment_ids[0]

        # 2. Open, unassigned.
        conv(s.unassigned_conversation_id, "Can't log in to the portal", s.inbox_id, 300)
        self.conversations[s.unassigned_conversation_id].tag_ids = [s.bug_tag_id]
        message(
            "msg_8h3",
            s.unassigned_conversation_id,
            300,
            "<p>Hello, since this morning the portal says <em>invalid password</em> even "
            "after a reset. Can you help?</p><p>Raj</p>",
            [
                Recipient("raj.kumar@initech.example", "from", "Raj Kumar"),
                Recipient(support, "to", "Acme Support"),
            ],
            inbound=True,
        )

        # 3. Archived, assigned, on the custom (partner) channel.
        conv(
            s.archived_conversation_id,
            "Order status for PO-778",
            s.custom_inbox_id,
            400,
            assignee_id=ben,
            state=ARCHIVED,
        )
        message(
            "msg_8h4",
            s.archived_conversation_id,
            400,
            "Where is order PO-778? It was due yesterday.",
            [Recipient("partner:globex-orders", "from", "Globex Orders Bot")],
            inbound=True,
            kind="custom",
            channel=s.custom_channel_id,
            thread_ref="po-778",
            text="Where is order PO-778? It was due yesterday.",
        )
        message(
            "msg_8h5",
            s.archived_conversation_id,
            420,
            "PO-778 shipped this morning, tracking number 1Z999AA10123456784.",
            [Recipient("partner:globex-orders", "to", "Globex Orders Bot")],
            inbound=False,
            kind="custom",
            channel=s.custom_channel_id,
            author=ben,
            replied_to="msg_8h4",
            thread_ref="po-778",
            text="PO-778 shipped this morning, tracking number 1Z999AA10123456784.",
        )

        # 4. SMS, open, assigned, with a private draft reply.
        conv(
            s.sms_conversation_id,
            "",
            s.sms_inbox_id,
            500,
            assignee_id=chloe,
        )
        message(
            "msg_8h6",
            s.sms_conversation_id,
            500,
            "Hi, can you deliver between 2 and 4pm on Friday?",
            [
                Recipient("+15550105678", "from", "Maria Garcia"),
                Recipient(s.sms_channel_address, "to", None),
            ],
            inbound=True,
            kind="sms",
            channel=s.sms_channel_id,
            text="Hi, can you deliver between 2 and 4pm on Friday?",
        )
        message(
            s.draft_id,
            s.sms_conversation_id,
            520,
            "Friday 2-4pm works, see you then!",
            [
                Recipient(s.sms_channel_address, "from", "Chloe Park"),
                Recipient("+15550105678", "to", "Maria Garcia"),
            ],
            inbound=False,
            kind="sms",
            channel=s.sms_channel_id,
            author=chloe,
            is_draft=True,
            draft_mode="private",
            text="Friday 2-4pm works, see you then!",
        )
        self.messages[s.draft_id].version = s.draft_version
        self.conversations[s.sms_conversation_id].updated_at = _t(500)

        # 5. Snoozed (open, assigned, with a scheduled reminder), tagged Refund + VIP.
        conv(
            s.snoozed_conversation_id,
            "Refund request for damaged pallet",
            s.inbox_id,
            600,
            assignee_id=dev,
            tag_ids=[s.child_tag_id, s.vip_tag_id],
            snoozed_until=_t(3 * 24 * 60),
        )
        message(
            "msg_8h7",
            s.snoozed_conversation_id,
            600,
            "<p>One pallet arrived water-damaged. We would like a refund for it.</p>"
            "<p>Maria Garcia<br>Umbrella Corp</p>",
            [
                Recipient("maria.garcia@umbrella.example", "from", "Maria Garcia"),
                Recipient(support, "to", "Acme Support"),
            ],
            inbound=True,
        )
        message(
            "msg_8h8",
            s.snoozed_conversation_id,
            640,
            "<p>Hi Maria, we are sorry! We will process the refund once the carrier confirms "
            "the damage report, we will get back to you on Monday.</p><p>Dev</p>",
            [
                Recipient(support, "from", "Dev Patel"),
                Recipient("maria.garcia@umbrella.example", "to", "Maria Garcia"),
            ],
            inbound=False,
            author=dev,
            replied_to="msg_8h7",
        )

        # 6. Trashed spam.
        conv(
            s.trashed_conversation_id,
            "You won a prize!!!",
            s.inbox_id,
            700,
            state=TRASHED,
        )
        message(
            "msg_8ha",
            s.trashed_conversation_id,
            700,
            '<p>Claim your <a href="http://prizes.example/claim">free prize</a> now!</p>',
            [
                Recipient("winner@prizes.example", "from", None),
                Recipient(support, "to", "Acme Support"),
            ],
            inbound=True,
        )

        # 7. Duplicate of #1, merged into it (301 on conversation routes).
        conv(
            s.merged_conversation_id,
            "Invoice #4521 (duplicate)",
            s.inbox_id,
            61,
            merged_into=s.conversation_id,
            state=ARCHIVED,
        )
        message(
            "msg_8hb",
            s.merged_conversation_id,
            61,
            "<p>Sending again in case the first email got lost: invoice #4521 was charged "
            "twice.</p><p>Jane</p>",
            [Recipient(jane_email, "from", "Jane Doe"), Recipient(support, "to", None)],
            inbound=True,
        )


def teammate_by_email(store: FrontStore, email: str) -> str | None:
    """The teammate whose email is ``email`` (case-insensitive)."""
    wanted = email.strip().lower()
    for tid, rec in store.teammates.items():
        if rec["email"].lower() == wanted:
            return tid
    return None


def copy_records(records: Mapping[str, dict[str, Any]], ids: Iterable[str]) -> list[dict[str, Any]]:
    """Deep copies of ``records[i]`` for each ``i`` in ``ids`` that exists."""
    return [copy.deepcopy(records[i]) for i in ids if i in records]
