"""The Front double's state: one mutable, deterministic Front workspace.

A :class:`FrontStore` holds the records of one double (stored response-shaped dicts for teammates,
inboxes, channels, tags, contacts and accounts; :mod:`~langchain_front.testing.records` for
conversations, messages, comments and attachments), hands out deterministic IDs and timestamps,
answers the queries the double's handlers share, and loads the seeded workspace of
:mod:`~langchain_front.testing.seed`. Front's JSON for its records is built by
:mod:`~langchain_front.testing.builders`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from langchain_front.catalog import Catalog, load_catalog
from langchain_front.testing import seed, seed_messages, seed_state
from langchain_front.testing.builders import (
    make_account,
    make_channel,
    make_contact,
    make_inbox,
    make_tag,
    make_team,
    make_teammate,
)
from langchain_front.testing.records import (
    ARCHIVED,
    SPAM,
    TRASHED,
    Attachment,
    Comment,
    Conversation,
    Message,
    Recipient,
    normalize_handle,
    stable_hex,
)
from langchain_front.testing.seed import SEED, SEED_LATEST_TIMESTAMP, seed_time
from langchain_front.testing.synth import synthesize

__all__ = ["DEFAULT_COMPANY_HOST", "FrontStore", "teammate_by_email"]

DEFAULT_COMPANY_HOST = "yourcompany.api.frontapp.com"


class FrontStore:
    """Mutable state of one Front double, seeded with :data:`~langchain_front.testing.SEED`'s
    workspace."""

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
        self.ticket_statuses: dict[str, dict[str, Any]] = {}
        self.custom_field_definitions: dict[str, list[dict[str, Any]]] = {}
        self.links: dict[str, dict[str, Any]] = {}
        self.contact_notes: dict[str, list[dict[str, Any]]] = {}
        self.analytics_reports: dict[str, dict[str, Any]] = {}
        self.analytics_polls_until_done = 0
        """How many reads of a new analytics report still answer ``running`` (its creation
        always does) before one answers ``done``."""
        self.shifts: dict[str, dict[str, Any]] = {}
        self.shift_teammates: dict[str, list[str]] = {}
        self.time_offs: dict[str, dict[str, Any]] = {}
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

    def table(self, kind: str) -> Mapping[str, Any]:
        """The records of a stored ``kind`` (``conversation``, ``contact``...) by ID."""
        tables: dict[str, Mapping[str, Any]] = {
            "conversation": self.conversations,
            "message": self.messages,
            "comment": self.comments,
            "contact": self.contacts,
            "teammate": self.teammates,
            "team": self.teams,
            "inbox": self.inboxes,
            "channel": self.channels,
            "tag": self.tags,
            "account": self.accounts,
        }
        return tables[kind]

    # ----------------------------------------------------------------- queries

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

    def is_unreplied(self, conv: Conversation) -> bool:
        """Whether the last (non-draft) message of the conversation is inbound."""
        msgs = self.conversation_messages(conv.id)
        return bool(msgs) and msgs[-1].is_inbound

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
        """Load the seeded workspace (:mod:`~langchain_front.testing.seed`)."""
        company = self.skeleton("IdentityResponse")
        company.update(_links={"self": self.url("/me")}, id=SEED.company_id, name=SEED.company_name)
        self.company = company

        for t in (*seed.TEAMMATES, seed.API_BOT):
            self.teammates[t.id] = make_teammate(
                self,
                t.id,
                t.first_name,
                t.last_name,
                t.email,
                is_admin=t.is_admin,
                is_available=t.is_available,
                kind=t.kind,
            )
        self.hidden_teammates.add(seed.API_BOT.id)

        self.teams[SEED.team_id] = make_team(self, SEED.team_id, seed.TEAM_NAME)
        self.team_members[SEED.team_id] = list(SEED.teammate_ids)
        self.team_inboxes[SEED.team_id] = list(SEED.inbox_ids)

        for inbox in seed.INBOXES:
            self.inboxes[inbox.id] = make_inbox(self, inbox.id, inbox.name)
        for inbox in seed.INBOXES:
            self.inbox_teammates[inbox.id] = list(inbox.teammate_ids)

        for ch in seed.CHANNELS:
            self.channels[ch.id] = make_channel(
                self, ch.id, ch.inbox_id, ch.name, ch.type, ch.address
            )
            self.channel_inbox[ch.id] = ch.inbox_id

        for tag in seed.TAGS:
            self.tags[tag.id] = make_tag(
                self,
                tag.id,
                tag.name,
                description=tag.description,
                highlight=tag.highlight,
                parent_id=tag.parent_id,
                created_at=seed_time(tag.minutes),
            )

        for c in seed.CONTACTS:
            self.contacts[c.id] = make_contact(
                self, c.id, c.name, c.handles, description=c.description
            )
        for note in seed.CONTACT_NOTES:
            self.contact_notes.setdefault(note.contact_id, []).append(
                {
                    "author_id": note.author_id,
                    "body": note.body,
                    "created_at": seed_time(note.minutes),
                }
            )

        for acc in seed.ACCOUNTS:
            self.accounts[acc.id] = make_account(
                self,
                acc.id,
                acc.name,
                domains=acc.domains,
                external_id=acc.external_id,
                description=acc.description,
            )
            self.account_contacts[acc.id] = list(acc.contact_ids)

        for att in seed.ATTACHMENTS:
            self.attachments[att.id] = Attachment(
                att.id, att.filename, att.content_type, att.content
            )

        self._seed_conversations()
        self._seed_conversation_state()

    def _seed_conversations(self) -> None:
        for c in seed.CONVERSATIONS:
            snoozed = c.snoozed_until_minutes
            self.conversations[c.id] = Conversation(
                id=c.id,
                subject=c.subject,
                inbox_ids=[c.inbox_id],
                created_at=seed_time(c.minutes),
                updated_at=seed_time(c.minutes),
                state=c.state,
                assignee_id=c.assignee_id,
                tag_ids=list(c.tag_ids),
                follower_ids=list(c.follower_ids),
                snoozed_until=seed_time(snoozed) if snoozed is not None else None,
                merged_into=c.merged_into,
            )
        for m in seed_messages.MESSAGES:
            conv = self.conversations[m.conversation_id]
            msg = Message(
                id=m.id,
                conversation_id=m.conversation_id,
                uid=m.uid or stable_hex("seed-uid", m.id),
                type=m.type,
                is_inbound=m.is_inbound,
                subject=conv.subject if m.type == "email" else "",
                body=m.body,
                created_at=seed_time(m.minutes),
                recipients=[Recipient(h, role, name) for h, role, name in m.recipients],
                channel_id=m.channel_id,
                author_id=m.author_id,
                text=m.text,
                is_draft=m.is_draft,
                draft_mode=m.draft_mode,
                version=m.version or stable_hex("seed-version", m.id),
                replied_to=m.replied_to,
                attachment_ids=list(m.attachment_ids),
                thread_ref=m.thread_ref,
            )
            self.messages[msg.id] = msg
            if not msg.is_draft:
                conv.updated_at = max(conv.updated_at, msg.created_at)
        for com in seed_messages.COMMENTS:
            posted = seed_time(com.minutes)
            self.comments[com.id] = Comment(
                com.id,
                com.conversation_id,
                com.author_id,
                com.body,
                posted,
                replied_to=com.replied_to,
            )
            conv = self.conversations[com.conversation_id]
            conv.updated_at = max(conv.updated_at, posted)

    def _seed_conversation_state(self) -> None:
        """Ticket statuses, custom field definitions and values, and links."""
        for sts in seed_state.TICKET_STATUSES:
            rec = self.skeleton("StatusResponse")
            rec.update(
                _links={"self": self.url(f"/company/statuses/{sts.id}")},
                id=sts.id,
                name=sts.name,
                category=sts.category,
                description=sts.description,
                created_at=seed_time(0),
                updated_at=seed_time(0),
            )
            self.ticket_statuses[sts.id] = rec
        for fld in seed_state.CUSTOM_FIELDS:
            definition: dict[str, Any] = {
                "_links": {"self": self.url(f"/custom_fields/{fld.id}")},
                "id": fld.id,
                "name": fld.name,
                "description": fld.description,
                "type": fld.type,
            }
            if fld.type == "enum":
                definition["values"] = [{"value": v, "label": v} for v in fld.values]
            self.custom_field_definitions.setdefault(fld.resource, []).append(definition)
        for record_id, values in seed_state.CUSTOM_FIELD_VALUES.items():
            if record_id in self.conversations:
                self.conversations[record_id].custom_fields = copy.deepcopy(values)
            elif record_id in self.contacts:
                self.contacts[record_id]["custom_fields"] = copy.deepcopy(values)
            elif record_id in self.accounts:
                self.accounts[record_id]["custom_fields"] = copy.deepcopy(values)
        for link in seed_state.LINKS:
            self.links[link.id] = self.link_record(link.id, link.name, link.external_url)
            for conv_id in link.conversation_ids:
                self.conversations[conv_id].link_ids.append(link.id)

    def link_record(self, link_id: str, name: str, external_url: str) -> dict[str, Any]:
        """A ``LinkResponse`` record."""
        return {
            "_links": {"self": self.url(f"/links/{link_id}")},
            "id": link_id,
            "name": name,
            "type": "web",
            "external_url": external_url,
            "custom_fields": {},
        }


def teammate_by_email(store: FrontStore, email: str) -> str | None:
    """The teammate whose email is ``email`` (case-insensitive)."""
    wanted = email.strip().lower()
    for tid, rec in store.teammates.items():
        if rec["email"].lower() == wanted:
            return tid
    return None
