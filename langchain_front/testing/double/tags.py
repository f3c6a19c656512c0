"""Front double handlers for tags: company, teammate and team tags, child tags, and the
conversations carrying a tag.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import httpx

from langchain_front.testing.builders import make_tag
from langchain_front.testing.double.calls import Call, bad_request, handles, reply
from langchain_front.testing.double.conversations import conversation_list
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import records_list

__all__ = ["tag_by_name"]


def _tag_list(double: FrontDouble, call: Call, owner: str | None) -> httpx.Response:
    st = double.store
    ids = sorted(t for t in st.tags if st.tag_owner.get(t) == owner)
    if call.first("sort_order") == "desc":
        ids.reverse()
    return records_list(double, call, st.tags, ids)


@handles("list-tags", "list-company-tags")
def list_tags(double: FrontDouble, call: Call) -> httpx.Response:
    return _tag_list(double, call, None)


@handles("list-teammate-tags", "list-team-tags")
def list_owned_tags(double: FrontDouble, call: Call) -> httpx.Response:
    return _tag_list(double, call, call.owner_id)


@handles(
    "create-tag",
    "create-company-tag",
    "create-teammate-tag",
    "create-team-tag",
    "create-child-tag",
)
def create_tag(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    owner = call.owner_id
    parent = call.params.get("tag_id")
    if parent is not None:
        owner = st.tag_owner.get(parent)
    tag_id = st.new_id("tag")
    st.tags[tag_id] = make_tag(
        st,
        tag_id,
        str(call.arg("name")),
        highlight=call.arg("highlight"),
        parent_id=parent,
        owner_id=owner,
        visible=bool(call.arg("is_visible_in_conversation_lists", False)),
        created_at=st.now(),
    )
    return reply(call, copy.deepcopy(st.tags[tag_id]))


@handles("get-tag")
def get_tag(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, copy.deepcopy(double.store.tags[call.params["tag_id"]]))


@handles("update-a-tag")
def update_tag(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    tag_id = call.params["tag_id"]
    rec = st.tags[tag_id]
    for key in ("name", "highlight", "is_visible_in_conversation_lists"):
        if call.arg(key) is not None:
            rec[key] = call.arg(key)
    if call.arg("parent_tag_id") is not None:
        parent = double.require("tag", call.arg("parent_tag_id"))
        if parent == tag_id:
            raise bad_request("A tag cannot be its own parent")
        st.tag_parent[tag_id] = parent
        rec["_links"]["related"]["parent_tag"] = st.url(f"/tags/{parent}")
    rec["updated_at"] = st.now()
    return reply(call)


@handles("delete-tag")
def delete_tag(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    tag_id = call.params["tag_id"]
    del st.tags[tag_id]
    for conv in st.conversations.values():
        if tag_id in conv.tag_ids:
            conv.tag_ids.remove(tag_id)
    for child, parent in list(st.tag_parent.items()):
        if parent == tag_id and child in st.tags:
            st.tag_parent[child] = None
            st.tags[child]["_links"]["related"]["parent_tag"] = None
    return reply(call)


@handles("list-tag-children")
def list_tag_children(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    parent = call.params["tag_id"]
    ids = sorted(t for t in st.tags if st.tag_parent.get(t) == parent)
    return records_list(double, call, st.tags, ids)


@handles("list-tagged-conversations")
def list_tagged(double: FrontDouble, call: Call) -> httpx.Response:
    tag_id = call.params["tag_id"]
    return conversation_list(double, call, lambda c: tag_id in c.tag_ids)


def tag_by_name(tags: Mapping[str, Mapping[str, Any]], name: str) -> str | None:
    """The ID of the tag named ``name`` (case-insensitive), if any."""
    wanted = name.strip().lower()
    for tag_id, tag in tags.items():
        if str(tag.get("name", "")).lower() == wanted:
            return tag_id
    return None
