"""How a message body goes to Front: HTML for email channels, the text as typed elsewhere.

Front reads a reply's or draft's ``body`` as HTML on email channels and as text on SMS, chat and
the other channels. A model writes plain text, so for email it becomes HTML with its line breaks
kept and only ``&``, ``<`` and ``>`` escaped (``we're`` stays ``we're``); elsewhere it is sent as
typed. Text that already is HTML is sent as given. The generators here find out which kind of
channel a reply or draft goes out on, with one read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Generator
from typing import Any

from langchain_core.tools import ToolException

from langchain_front.client import FrontResponse
from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call

#: Channel types whose messages are email (Front's ``ChannelResponse.type`` values).
EMAIL_CHANNEL_TYPES = frozenset({"gmail", "imap", "office365", "smtp", "front_mail"})

_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")

Lookup = Generator[Call, FrontResponse, Any]


def is_html(text: str) -> bool:
    """Whether ``text`` already contains HTML tags."""
    return bool(_HTML_TAG.search(text))


def text_to_html(text: str) -> str:
    """Plain text to the HTML Front expects in an email ``body``; HTML is kept as given."""
    if is_html(text):
        return text
    return "<br>\n".join(html.escape(line, quote=False) for line in text.split("\n"))


def outbound_body(text: str, *, email: bool, plain_version: bool = True) -> dict[str, str]:
    """The ``body`` of a reply or draft, and for an email reply its plain ``text`` version
    (``plain_version=False`` for drafts, whose schema has no ``text`` field)."""
    if is_html(text):
        return {"body": text}
    if email:
        body = {"body": text_to_html(text)}
        return {**body, "text": text} if plain_version else body
    return {"body": text}


def _ids_and_types(data: Any) -> list[tuple[str, Any]]:
    """``(id, type)`` of each listed item that has a string ``id`` (Front's answers may not)."""
    return [
        (item["id"], item.get("type"))
        for item in ListPage.of(data).items
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def channel_is_email(channel_id: str) -> Lookup:
    """Whether the channel is an email channel (one read of the channel)."""
    channel = (yield Call("get-channel", path_params={"channel_id": channel_id})).data
    return isinstance(channel, dict) and channel.get("type") in EMAIL_CHANNEL_TYPES


def conversation_is_email(conversation_id: str) -> Lookup:
    """Whether the conversation's latest message is an email (a reply goes out the same way).

    A conversation without messages is taken as email, Front's most common case.
    """
    latest = (
        yield Call(
            "list-conversation-messages",
            path_params={"conversation_id": conversation_id},
            query={"limit": 1},
        )
    ).data
    items = [m for m in ListPage.of(latest).items if isinstance(m, dict)]
    return not items or items[0].get("type") in (None, "email")


def first_channel(conversation_id: str) -> Lookup:
    """``(channel_id, is_email)`` of the first channel of the conversation's first inbox."""
    inboxes = (
        yield Call("list-conversation-inboxes", path_params={"conversation_id": conversation_id})
    ).data
    for inbox_id, _ in _ids_and_types(inboxes):
        channels = (yield Call("list-inbox-channels", path_params={"inbox_id": inbox_id})).data
        for channel_id, kind in _ids_and_types(channels):
            return channel_id, kind in EMAIL_CHANNEL_TYPES
    raise ToolException(
        f"Could not find a channel for {conversation_id}: pass channel_id (front_list_channels)."
    )
