"""Front's JSON for the double's records: what the store keeps, and what the double answers.

The ``make_*`` functions build the response-shaped records a :class:`FrontStore` keeps (teammates,
inboxes, channels, tags, contacts, accounts, teams); the ``*_json`` functions compose the answers
built from live state (teams with their members, conversations, messages, comments). Every record
starts as a :func:`~langchain_front.testing.synth.synthesize` instance of its spec schema with the
interesting fields overridden, so it validates against the catalogued response schema.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from langchain_front.testing.records import Recipient, html_to_text, stable_hex
from langchain_front.testing.seed import BASE_TIMESTAMP, SEED

if TYPE_CHECKING:
    from langchain_front.testing.store import FrontStore

__all__ = [
    "attachment_json",
    "comment_json",
    "conversation_json",
    "make_account",
    "make_channel",
    "make_contact",
    "make_inbox",
    "make_tag",
    "make_team",
    "make_teammate",
    "message_json",
    "recipient_json",
    "record_json",
    "team_json",
]


def blurb_of(text: str) -> str:
    """The first line-joined ~100 characters of ``text``."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 100 else flat[:99].rstrip() + "…"


def _links_json(store: FrontStore, path: str, **related: str | None) -> dict[str, Any]:
    """Front's ``_links`` of the record at ``path``: its own URL and its ``related`` URLs, by name
    and in order (each given as a path on the company host; None where there is none)."""
    return {
        "self": store.url(path),
        "related": {name: None if to is None else store.url(to) for name, to in related.items()},
    }


def _owner_path(owner_id: str | None) -> str | None:
    """Path of a private resource's owner: a teammate (``tea_``) or a team (``tim_``)."""
    if owner_id is None:
        return None
    kind = "teams" if owner_id.startswith("tim_") else "teammates"
    return f"/{kind}/{owner_id}"


# --------------------------------------------------------------------------- stored records


def make_teammate(
    store: FrontStore,
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
    rec = store.skeleton("TeammateResponse")
    path = f"/teammates/{teammate_id}"
    rec.update(
        _links=_links_json(
            store, path, inboxes=f"{path}/inboxes", conversations=f"{path}/conversations"
        ),
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
    store: FrontStore,
    inbox_id: str,
    name: str,
    *,
    owner_id: str | None = None,
    is_public: bool = True,
) -> dict[str, Any]:
    """An ``InboxResponse`` record (owned by the seed team unless ``owner_id``)."""
    owner = owner_id or SEED.team_id
    store.inbox_owner[inbox_id] = owner
    rec = store.skeleton("InboxResponse")
    path = f"/inboxes/{inbox_id}"
    rec.update(
        _links=_links_json(
            store,
            path,
            channels=f"{path}/channels",
            conversations=f"{path}/conversations",
            teammates=f"{path}/teammates",
            owner=_owner_path(owner),
        ),
        id=inbox_id,
        name=name,
        is_private=owner.startswith("tea_"),
        is_public=is_public,
        custom_fields={},
    )
    return rec


def make_channel(
    store: FrontStore, channel_id: str, inbox_id: str, name: str, kind: str, address: str
) -> dict[str, Any]:
    """A ``ChannelResponse`` record."""
    rec = store.skeleton("ChannelResponse")
    rec.update(
        _links=_links_json(
            store,
            f"/channels/{channel_id}",
            inbox=f"/inboxes/{inbox_id}",
            owner=f"/teams/{SEED.team_id}",
        ),
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
    store: FrontStore,
    tag_id: str,
    name: str,
    *,
    description: str | None = None,
    highlight: str | None = None,
    parent_id: str | None = None,
    owner_id: str | None = None,
    visible: bool = True,
    created_at: float = BASE_TIMESTAMP,
) -> dict[str, Any]:
    """A ``TagResponse`` record (children / parent / owner links follow the arguments)."""
    rec = store.skeleton("TagResponse")
    path = f"/tags/{tag_id}"
    rec.update(
        _links=_links_json(
            store,
            path,
            conversations=f"{path}/conversations",
            owner=_owner_path(owner_id),
            parent_tag=f"/tags/{parent_id}" if parent_id else None,
            children=f"{path}/children",
        ),
        id=tag_id,
        name=name,
        description=description,
        highlight=highlight,
        is_private=owner_id is not None and owner_id.startswith("tea_"),
        is_visible_in_conversation_lists=visible,
        created_at=created_at,
        updated_at=created_at,
    )
    store.tag_parent[tag_id] = parent_id
    store.tag_owner[tag_id] = owner_id
    return rec


def make_contact(
    store: FrontStore,
    contact_id: str,
    name: str | None,
    handles: Iterable[tuple[str, str]],
    *,
    description: str = "",
    links: Iterable[str] = (),
) -> dict[str, Any]:
    """A ``ContactResponse`` record; ``handles`` are ``(source, handle)`` pairs."""
    rec = store.skeleton("ContactResponse")
    path = f"/contacts/{contact_id}"
    rec.update(
        _links=_links_json(
            store, path, notes=f"{path}/notes", conversations=f"{path}/conversations"
        ),
        id=contact_id,
        name=name or "",
        description=description,
        avatar_url=store.url(f"{path}/avatar"),
        is_private=False,
        handles=[{"source": s, "handle": h} for s, h in handles],
        links=list(links),
        groups=[],
        lists=[],
        custom_fields={},
    )
    return rec


def make_account(
    store: FrontStore,
    account_id: str,
    name: str,
    *,
    domains: Iterable[str] = (),
    external_id: str | None = None,
    description: str | None = None,
    created_at: float = BASE_TIMESTAMP,
) -> dict[str, Any]:
    """An ``AccountResponse`` record."""
    rec = store.skeleton("AccountResponse")
    path = f"/accounts/{account_id}"
    rec.update(
        _links=_links_json(store, path, contacts=f"{path}/contacts"),
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


def make_team(store: FrontStore, team_id: str, name: str) -> dict[str, Any]:
    """The stored part of a team (members and inboxes are added by :func:`team_json`)."""
    return {"_links": {"self": store.url(f"/teams/{team_id}")}, "id": team_id, "name": name}


# --------------------------------------------------------------------------- composed answers


def team_json(store: FrontStore, team_id: str, *, preview: bool = False) -> dict[str, Any]:
    """``TeamPreviewResponse`` (``preview``) or ``TeamResponse``."""
    rec = copy.deepcopy(store.teams[team_id])
    if not preview:
        rec["inboxes"] = [copy.deepcopy(store.inboxes[i]) for i in store.team_inboxes[team_id]]
        rec["members"] = [copy.deepcopy(store.teammates[t]) for t in store.team_members[team_id]]
    return rec


def recipient_json(store: FrontStore, r: Recipient) -> dict[str, Any]:
    """A ``RecipientResponse``."""
    contact_id = store.contact_for_handle(r.handle)
    name = r.name
    if name is None and contact_id is not None:
        name = store.contacts[contact_id]["name"] or None
    return {
        "_links": {
            "related": {"contact": store.url(f"/contacts/{contact_id}") if contact_id else None}
        },
        "handle": r.handle,
        "name": name,
        "role": r.role,
    }


def conversation_json(store: FrontStore, conv_id: str) -> dict[str, Any]:
    """A ``ConversationResponse``."""
    conv = store.conversations[conv_id]
    rec = store.skeleton("ConversationResponse")
    msgs = store.conversation_messages(conv.id)
    path = f"/conversations/{conv.id}"
    links = _links_json(
        store,
        path,
        events=f"{path}/events",
        followers=f"{path}/followers",
        messages=f"{path}/messages",
        comments=f"{path}/comments",
        inboxes=f"{path}/inboxes",
    )
    if msgs:
        links["related"]["last_message"] = store.url(
            f"/messages/{msgs[-1].id}?referer=conversation"
        )
    recipient = store.main_recipient(conv)
    reminders = []
    if conv.snoozed_until is not None:
        owner = conv.reminder_owner_id or conv.assignee_id or SEED.teammate_id
        reminders.append(
            {
                "_links": {"related": {"owner": store.url(f"/teammates/{owner}")}},
                "created_at": conv.updated_at,
                "scheduled_at": conv.snoozed_until,
                "updated_at": conv.updated_at,
            }
        )
    rec.update(
        _links=links,
        id=conv.id,
        type=conv.type,
        subject=conv.subject,
        status=store.read_status(conv),
        ticket_ids=[],
        assignee=(
            copy.deepcopy(store.teammates[conv.assignee_id])
            if conv.assignee_id in store.teammates
            else None
        ),
        recipient=recipient_json(store, recipient) if recipient else None,
        tags=[copy.deepcopy(store.tags[t]) for t in conv.tag_ids if t in store.tags],
        links=[copy.deepcopy(store.links[k]) for k in conv.link_ids if k in store.links],
        custom_fields=copy.deepcopy(conv.custom_fields),
        is_private=conv.is_private,
        scheduled_reminders=reminders,
        metadata={},
        created_at=conv.created_at,
        updated_at=conv.updated_at,
    )
    for key in ("status_category", "status_id", "description", "due_at", "waiting_since"):
        rec.pop(key, None)
    status = store.ticket_statuses.get(conv.status_id or "")
    if status is not None:
        rec["status_id"] = status["id"]
        rec["status_category"] = status["category"]
    if store.is_unreplied(conv):
        rec["waiting_since"] = next(m.created_at for m in reversed(msgs) if m.is_inbound)
    if conv.type == "task":
        rec["description"] = conv.description
        rec["due_at"] = conv.due_at
    return rec


def message_json(store: FrontStore, msg_id: str) -> dict[str, Any]:
    """A ``MessageResponse`` plus ``is_draft`` (Front returns it; the spec omits it)."""
    msg = store.messages[msg_id]
    rec = store.skeleton("MessageResponse")
    path = f"/messages/{msg.id}"
    links = _links_json(
        store,
        path,
        conversation=f"/conversations/{msg.conversation_id}",
        message_seen=f"{path}/seen",
    )
    if msg.replied_to:
        links["related"]["message_replied_to"] = store.url(f"/messages/{msg.replied_to}")
    text = msg.text if msg.text is not None else html_to_text(msg.body)
    metadata: dict[str, Any] = {}
    if msg.type == "custom":
        metadata["headers"] = {}
        if msg.thread_ref:
            metadata["thread_ref"] = msg.thread_ref
    rec.update(
        _links=links,
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
        recipients=[recipient_json(store, r) for r in msg.recipients],
        attachments=[attachment_json(store, a) for a in msg.attachment_ids],
        metadata=metadata,
        version=msg.version or stable_hex("version", msg.id, msg.created_at),
    )
    for key in ("author", "signature", "error_type"):
        rec.pop(key, None)
    if msg.author_id in store.teammates:
        rec["author"] = copy.deepcopy(store.teammates[msg.author_id])
    return rec


def attachment_json(store: FrontStore, attachment_id: str) -> dict[str, Any]:
    """An ``Attachment``."""
    att = store.attachments[attachment_id]
    return {
        "id": att.id,
        "url": store.url(f"/download/{att.id}"),
        "filename": att.filename,
        "content_type": att.content_type,
        "size": len(att.content),
        "metadata": {"is_inline": False},
    }


def comment_json(store: FrontStore, comment_id: str) -> dict[str, Any]:
    """A ``CommentResponse``."""
    com = store.comments[comment_id]
    rec = store.skeleton("CommentResponse")
    path = f"/comments/{com.id}"
    rec.update(
        _links=_links_json(
            store,
            path,
            conversation=f"/conversations/{com.conversation_id}",
            mentions=f"{path}/mentions",
            comment_replied_to=f"/comments/{com.replied_to}" if com.replied_to else None,
        ),
        id=com.id,
        author=copy.deepcopy(store.teammates[com.author_id]),
        body=com.body,
        attachments=[attachment_json(store, a) for a in com.attachment_ids],
        is_pinned=com.is_pinned,
        posted_at=com.posted_at,
    )
    return rec


def record_json(store: FrontStore, kind: str, record_id: str) -> dict[str, Any]:
    """The answer for a stored record of ``kind`` (``conversation``, ``contact``...)."""
    if kind == "conversation":
        return conversation_json(store, record_id)
    if kind == "message":
        return message_json(store, record_id)
    if kind == "comment":
        return comment_json(store, record_id)
    if kind == "team":
        return team_json(store, record_id)
    record: dict[str, Any] = copy.deepcopy(store.table(kind)[record_id])
    return record
