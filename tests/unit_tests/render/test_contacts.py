"""Tests for the contact renderer."""

from __future__ import annotations

from langchain_front.tools.render import render_contact
from tests.unit_tests.render.samples import API


def test_render_contact() -> None:
    contact = {
        "_links": {
            "self": f"{API}/contacts/crd_3cgz4ge",
            "related": {
                "notes": f"{API}/contacts/crd_3cgz4ge/notes",
                "conversations": f"{API}/contacts/crd_3cgz4ge/conversations",
                "owner": None,
            },
        },
        "id": "crd_3cgz4ge",
        "name": "Dwight Schrute",
        "description": "Assistant to the regional manager",
        "avatar_url": f"{API}/contacts/crd_3cgz4ge/avatar-1673436467707",
        "links": ["https://shrutefarms.com"],
        "groups": [
            {"_links": {}, "id": "grp_3j342", "name": "Party Planning", "is_private": False}
        ],
        "lists": [{"_links": {}, "id": "grp_3j342", "name": "Party Planning", "is_private": False}],
        "handles": [
            {"handle": "dwight@dundermifflin.com", "source": "email"},
            {"handle": "+15555550100", "source": "phone"},
        ],
        "custom_fields": {"Beet farm": True, "Nickname": None, "Rank": ""},
        "is_private": False,
        "account": {"id": "acc_76", "name": "Schrute Farms"},
    }
    out = render_contact(contact)
    assert out.splitlines() == [
        "contact: crd_3cgz4ge",
        "name: Dwight Schrute",
        "handles: email: dwight@dundermifflin.com, phone: +15555550100",
        "description: Assistant to the regional manager",
        "links: https://shrutefarms.com",
        "lists: Party Planning (grp_3j342)",
        "account: Schrute Farms (acc_76)",
        "custom fields: Beet farm: true",
    ]
    assert render_contact({"id": "crd_1", "handles": None, "links": None}) == "contact: crd_1"
