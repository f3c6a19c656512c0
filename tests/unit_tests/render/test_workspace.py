"""Tests for the workspace renderers: identity, inbox, channel, teammate and tag lines."""

from __future__ import annotations

from langchain_front.tools.render import (
    render_channel_line,
    render_identity,
    render_inbox_line,
    render_tag_line,
    render_teammate_line,
)
from tests.unit_tests.render.samples import API, tag, teammate


def test_render_identity() -> None:
    me = {
        "_links": {"self": f"{API}/me"},
        "id": "cmp_k30",
        "name": "Dunder Mifflin Paper Company, Inc.",
    }
    assert render_identity(me) == "company: Dunder Mifflin Paper Company, Inc. (cmp_k30)"
    assert render_identity({}) == "company: (unnamed)"


def test_resource_lines() -> None:
    inbox = {
        "_links": {"self": f"{API}/inboxes/inb_1ix6"},
        "id": "inb_1ix6",
        "name": "The Dundies",
        "is_private": True,
        "is_public": False,
        "custom_fields": {},
    }
    assert render_inbox_line(inbox) == "inb_1ix6 | The Dundies | private"
    channel = {
        "_links": {
            "self": f"{API}/channels/cha_1gv4",
            "related": {"inbox": f"{API}/inboxes/inb_1ix6", "owner": f"{API}/teams/tim_k30"},
        },
        "id": "cha_1gv4",
        "name": "Paper Sales Inbox",
        "address": "sales@dundermifflin.com",
        "type": "gmail",
        "send_as": "sales@dundermifflin.com",
        "settings": {"undo_send_time": 15, "all_teammates_can_reply": False},
        "is_private": False,
        "is_valid": True,
    }
    assert render_channel_line(channel) == (
        "cha_1gv4 | Paper Sales Inbox | type: gmail | address: sales@dundermifflin.com"
        " | inbox: inb_1ix6"
    )
    odd_channel = {"id": "cha_2", "type": "smtp", "send_as": "x@y.com", "is_valid": False}
    assert render_channel_line(odd_channel) == (
        "cha_2 | type: smtp | send as: x@y.com | not valid (cannot send)"
    )
    away = teammate("tea_9", "Dwight", "Schrute", "dwight@dundermifflin.com", is_available=False)
    assert render_teammate_line(away) == (
        "tea_9 | Dwight Schrute | dwight@dundermifflin.com | username: DwightSchrute | unavailable"
    )
    bot = {"id": "tea_bot", "username": "rulebot", "type": "rule", "is_admin": True}
    assert render_teammate_line(bot) == "tea_bot | rulebot | admin | type: rule"
    assert render_tag_line(tag("tag_2oxhvy", "Warehouse task", "blue")) == (
        "tag_2oxhvy | Warehouse task | highlight: blue"
    )
    assert render_tag_line({"id": "tag_p", "name": "Mine", "is_private": True}) == (
        "tag_p | Mine | private"
    )
