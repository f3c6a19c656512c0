"""Front double handlers for channels: listing (company, teammate, team), reading, updating and
creating them in an inbox.
"""

from __future__ import annotations

import copy

import httpx

from langchain_front.testing.builders import make_channel
from langchain_front.testing.double.calls import Call, handles, reply
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import records_list


@handles("list-channels")
def list_channels(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = [
        c
        for c in st.channels
        if not str(st.inbox_owner.get(st.channel_inbox.get(c, "")) or "").startswith("tea_")
    ]
    return records_list(double, call, st.channels, ids)


@handles("list-teammate-channels", "list-team-channels")
def list_owned_channels(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    owner = call.owner_id
    ids = [c for c in st.channels if st.inbox_owner.get(st.channel_inbox.get(c, "")) == owner]
    return records_list(double, call, st.channels, ids)


@handles("get-channel")
def get_channel(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, copy.deepcopy(double.store.channels[call.params["channel_id"]]))


@handles("update-channel")
def update_channel(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    channel_id = call.params["channel_id"]
    rec = st.channels[channel_id]
    if isinstance(call.arg("name"), str):
        rec["name"] = call.arg("name")
    settings = call.arg("settings")
    if isinstance(settings, dict):
        for key in ("undo_send_time", "all_teammates_can_reply"):
            if key in settings:
                rec["settings"][key] = settings[key]
    if call.arg("inbox_id") is not None:
        inbox = double.require("inbox", call.arg("inbox_id"))
        st.channel_inbox[channel_id] = inbox
        rec["_links"]["related"]["inbox"] = st.url(f"/inboxes/{inbox}")
    return reply(call)


@handles("create-a-channel")
def create_channel(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    inbox = call.params["inbox_id"]
    channel_id = st.new_id("cha")
    kind = str(call.arg("type", "custom"))
    address = str(call.arg("send_as") or f"{kind}-{channel_id}")
    name = str(call.arg("name") or f"{st.inboxes[inbox]['name']} {kind}")
    st.channels[channel_id] = make_channel(st, channel_id, inbox, name, kind, address)
    st.channel_inbox[channel_id] = inbox
    return reply(call)
