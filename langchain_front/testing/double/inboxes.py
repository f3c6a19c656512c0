"""Front double handlers for inboxes: shared, team and private inboxes, their channels,
conversations and teammate access.
"""

from __future__ import annotations

import copy

import httpx

from langchain_front.testing.builders import make_inbox
from langchain_front.testing.double.calls import Call, handles, replace_custom_fields, reply
from langchain_front.testing.double.conversations import conversation_list
from langchain_front.testing.double.core import FrontDouble, edit_membership, require_all
from langchain_front.testing.double.pages import records_list
from langchain_front.testing.seed import SEED


@handles("list-inboxes")
def list_inboxes(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = [i for i in st.inboxes if not str(st.inbox_owner.get(i) or "").startswith("tea_")]
    return records_list(double, call, st.inboxes, ids)


@handles("get-inbox")
def get_inbox(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, copy.deepcopy(double.store.inboxes[call.params["inbox_id"]]))


@handles("create-inbox", "create-team-inbox", "create-teammate-private-inbox")
def create_inbox(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    owner = call.owner_id or SEED.team_id
    teammates = require_all(double, "teammate", call.arg("teammate_ids", []), "teammate_ids")
    inbox_id = st.new_id("inb")
    name = str(call.arg("name", "Inbox"))
    st.inboxes[inbox_id] = make_inbox(
        st, inbox_id, name, owner_id=owner, is_public=bool(call.arg("is_public", True))
    )
    replace_custom_fields(st.inboxes[inbox_id], call)
    if owner.startswith("tea_"):
        teammates = [owner]
    st.inbox_teammates[inbox_id] = teammates
    if owner.startswith("tim_"):
        st.team_inboxes.setdefault(owner, []).append(inbox_id)
    return reply(call, copy.deepcopy(st.inboxes[inbox_id]))


@handles("list-team-inboxes")
def list_team_inboxes(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = st.team_inboxes.get(call.params["team_id"], [])
    return records_list(double, call, st.inboxes, ids)


@handles("list-teammate-private-inboxes")
def list_private_inboxes(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    owner = call.params["teammate_id"]
    ids = [i for i in st.inboxes if st.inbox_owner.get(i) == owner]
    return records_list(double, call, st.inboxes, ids)


@handles("list-inbox-channels")
def list_inbox_channels(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    inbox = call.params["inbox_id"]
    ids = [c for c, i in st.channel_inbox.items() if i == inbox]
    return records_list(double, call, st.channels, ids)


@handles("list-inbox-conversations")
def list_inbox_conversations(double: FrontDouble, call: Call) -> httpx.Response:
    inbox = call.params["inbox_id"]
    return conversation_list(double, call, lambda c: inbox in c.inbox_ids)


@handles("list-inbox-access")
def list_inbox_access(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = st.inbox_teammates.get(call.params["inbox_id"], [])
    return records_list(double, call, st.teammates, ids)


@handles("add-inbox-access", "removes-inbox-access")
def inbox_access(double: FrontDouble, call: Call) -> httpx.Response:
    members = double.store.inbox_teammates.setdefault(call.params["inbox_id"], [])
    edit_membership(double, call, members, "teammate")
    return reply(call)
