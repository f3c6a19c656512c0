"""Front double handlers for comments: a conversation's comments, replies to comments, edits and
``@username`` mentions.
"""

from __future__ import annotations

import httpx

from langchain_front.testing.builders import comment_json
from langchain_front.testing.double.calls import Call, handles, reply
from langchain_front.testing.double.core import FrontDouble, resolve_author
from langchain_front.testing.double.multipart import store_uploads
from langchain_front.testing.double.pages import list_response, records_list
from langchain_front.testing.records import Comment


@handles("list-conversation-comments")
def list_comments(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    conv_id = call.params["conversation_id"]
    comments = sorted(
        (c for c in st.comments.values() if c.conversation_id == conv_id),
        key=lambda c: (-c.posted_at, c.id),
    )
    return list_response(double, call, [comment_json(st, c.id) for c in comments])


@handles("add-comment", "add-comment-reply")
def add_comment(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    replied_to = call.params.get("comment_id")
    if replied_to is not None:
        conv_id = st.comments[replied_to].conversation_id
    else:
        conv_id = call.params["conversation_id"]
    author = resolve_author(double, call.arg("author_id"))
    com_id = st.new_id("com")
    now = st.now()
    st.comments[com_id] = Comment(
        com_id,
        conv_id,
        author,
        str(call.arg("body")),
        now,
        is_pinned=bool(call.arg("is_pinned", False)),
        replied_to=replied_to,
        attachment_ids=store_uploads(double, call),
    )
    st.conversations[conv_id].updated_at = now
    return reply(call, comment_json(st, com_id))


@handles("get-comment")
def get_comment(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, comment_json(double.store, call.params["comment_id"]))


@handles("update-comment")
def update_comment(double: FrontDouble, call: Call) -> httpx.Response:
    com = double.store.comments[call.params["comment_id"]]
    if isinstance(call.arg("body"), str):
        com.body = call.arg("body")
    if isinstance(call.arg("is_pinned"), bool):
        com.is_pinned = call.arg("is_pinned")
    return reply(call, comment_json(double.store, com.id))


@handles("list-comment-mentions")
def list_mentions(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = st.mentioned_teammates(call.params["comment_id"])
    return records_list(double, call, st.teammates, ids)
