"""Front double handlers for contacts: company, teammate and team contacts, their handles (unique
across contacts), merges, notes, and the conversations they take part in.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from langchain_front.testing.builders import make_contact
from langchain_front.testing.double.calls import (
    Abort,
    Call,
    bad_request,
    error_response,
    handles,
    not_found,
    replace_custom_fields,
    reply,
)
from langchain_front.testing.double.conversations import conversation_list
from langchain_front.testing.double.core import FrontDouble, require_all, resolve_author
from langchain_front.testing.double.pages import list_response, records_list
from langchain_front.testing.records import Conversation, normalize_handle


def _contact_list(double: FrontDouble, call: Call, owner: str | None) -> httpx.Response:
    st = double.store
    ids = sorted(c for c in st.contacts if st.contact_owner.get(c) == owner)
    return records_list(double, call, st.contacts, ids)


@handles("list-contacts")
def list_contacts(double: FrontDouble, call: Call) -> httpx.Response:
    return _contact_list(double, call, None)


@handles("list-teammate-contacts", "list-team-contacts")
def list_owned_contacts(double: FrontDouble, call: Call) -> httpx.Response:
    return _contact_list(double, call, call.owner_id)


def _check_handles_free(
    double: FrontDouble, handles: Iterable[Mapping[str, Any]], owner: str | None
) -> None:
    for h in handles:
        existing = double.store.contact_for_handle(str(h.get("handle", "")))
        if existing is not None and existing != owner:
            raise Abort(
                error_response(
                    409,
                    "Conflict",
                    f"The handle {h.get('handle')} already belongs to contact {existing}",
                )
            )


@handles("create-contact", "create-teammate-contact", "create-team-contact")
def create_contact(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    handles = [h for h in call.arg("handles", []) if isinstance(h, dict)]
    _check_handles_free(double, handles, None)
    contact_id = st.new_id("crd")
    rec = make_contact(
        st,
        contact_id,
        call.arg("name"),
        [(str(h["source"]), str(h["handle"])) for h in handles],
        description=str(call.arg("description") or ""),
        links=[str(x) for x in call.arg("links") or []],
    )
    replace_custom_fields(rec, call)
    owner = call.owner_id
    rec["is_private"] = owner is not None and owner.startswith("tea_")
    st.contacts[contact_id] = rec
    st.contact_owner[contact_id] = owner
    return reply(call, copy.deepcopy(rec))


@handles("get-contact")
def get_contact(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, copy.deepcopy(double.store.contacts[call.params["contact_id"]]))


@handles("update-a-contact")
def update_contact(double: FrontDouble, call: Call) -> httpx.Response:
    rec = double.store.contacts[call.params["contact_id"]]
    for key in ("name", "description"):
        if isinstance(call.arg(key), str):
            rec[key] = call.arg(key)
    if isinstance(call.arg("links"), list):
        rec["links"] = [str(x) for x in call.arg("links")]
    replace_custom_fields(rec, call)
    return reply(call)


@handles("delete-a-contact")
def delete_contact(double: FrontDouble, call: Call) -> httpx.Response:
    _drop_contact(double, call.params["contact_id"])
    return reply(call)


def _drop_contact(double: FrontDouble, contact_id: str) -> None:
    st = double.store
    st.contact_notes.pop(contact_id, None)
    st.contacts.pop(contact_id, None)
    st.contact_owner.pop(contact_id, None)
    for members in st.account_contacts.values():
        if contact_id in members:
            members.remove(contact_id)


@handles("list-contact-conversations")
def list_contact_conversations(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    handles = {
        normalize_handle(h["handle"]) for h in st.contacts[call.params["contact_id"]]["handles"]
    }

    def involves(conv: Conversation) -> bool:
        return any(
            normalize_handle(r.handle) in handles
            for m in st.conversation_messages(conv.id)
            for r in m.recipients
        )

    return conversation_list(double, call, involves)


@handles("merge-contacts")
def merge_contacts(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = require_all(double, "contact", call.arg("contact_ids"), "contact_ids")
    target_raw = call.arg("target_contact_id")
    target = double.require("contact", target_raw) if target_raw is not None else None
    if target is None:
        if not ids:
            raise bad_request(
                "Body did not satisfy requirements", ["contact_ids must not be empty"]
            )
        target = ids[0]
    rec = st.contacts[target]
    for other in ids:
        if other == target:
            continue
        for h in st.contacts[other]["handles"]:
            if h not in rec["handles"]:
                rec["handles"].append(h)
        for link in st.contacts[other]["links"]:
            if link not in rec["links"]:
                rec["links"].append(link)
        st.contact_notes.setdefault(target, []).extend(st.contact_notes.get(other, []))
        _drop_contact(double, other)
    return reply(call, copy.deepcopy(rec))


@handles("add-contact-handle")
def add_contact_handle(double: FrontDouble, call: Call) -> httpx.Response:
    contact_id = call.params["contact_id"]
    handle = {"source": str(call.arg("source")), "handle": str(call.arg("handle"))}
    _check_handles_free(double, [handle], contact_id)
    handles = double.store.contacts[contact_id]["handles"]
    if handle not in handles:
        handles.append(handle)
    return reply(call)


@handles("delete-contact-handle")
def delete_contact_handle(double: FrontDouble, call: Call) -> httpx.Response:
    contact_id = call.params["contact_id"]
    handles = double.store.contacts[contact_id]["handles"]
    wanted = normalize_handle(str(call.arg("handle", "")))
    source = call.arg("source")
    kept = [
        h
        for h in handles
        if not (normalize_handle(h["handle"]) == wanted and h["source"] == source)
    ]
    if len(kept) == len(handles):
        raise not_found(f"Unknown handle {call.arg('handle')} for contact {contact_id}")
    if not kept:
        if not call.arg("force", False):
            raise bad_request(
                "Cannot remove the last handle of a contact; pass force to delete the contact"
            )
        _drop_contact(double, contact_id)
        return reply(call)
    handles[:] = kept
    return reply(call)


@handles("list-notes")
def list_notes(double: FrontDouble, call: Call) -> httpx.Response:
    notes = double.store.contact_notes.get(call.params["contact_id"], [])
    return list_response(double, call, [_note_json(double, n) for n in notes])


@handles("add-note")
def add_note(double: FrontDouble, call: Call) -> httpx.Response:
    body = call.arg("body")
    if not isinstance(body, str) or not body.strip():
        raise bad_request("Body did not satisfy requirements", ["body must not be empty"])
    note = {
        "author_id": resolve_author(double, call.arg("author_id")),
        "body": body,
        "created_at": double.store.now(),
    }
    double.store.contact_notes.setdefault(call.params["contact_id"], []).append(note)
    return reply(call, _note_json(double, note))


def _note_json(double: FrontDouble, note: Mapping[str, Any]) -> dict[str, Any]:
    """A ``ContactNoteResponses``: the author as a whole teammate."""
    author = double.store.teammates[note["author_id"]]
    return {
        "_links": {"related": {"author": author["_links"]["self"], "owner": None}},
        "author": copy.deepcopy(author),
        "body": note["body"],
        "created_at": note["created_at"],
        "is_private": False,
    }
