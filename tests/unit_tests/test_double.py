"""The Front double: every catalogued operation, and Front's documented behaviours."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from langchain_front.catalog import Operation, load_catalog
from langchain_front.testing import SEED, FrontDouble, synthesize
from langchain_front.testing.builders import (
    comment_json,
    conversation_json,
    message_json,
    team_json,
)
from langchain_front.testing.content import CONTENT_SEED
from langchain_front.testing.double.calls import HANDLERS, handles

API = "https://api2.frontapp.com"
COMPANY = "https://yourcompany.api.frontapp.com"
AUTH = {"Authorization": "Bearer test-token"}

CATALOG = load_catalog()
COMPONENTS = CATALOG.components


@pytest.fixture
def double() -> FrontDouble:
    return FrontDouble()


@pytest.fixture
def client(double: FrontDouble) -> Iterator[httpx.Client]:
    with httpx.Client(transport=double.transport(), base_url=API, headers=AUTH) as http:
        yield http


def _results(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["_results"]
    return results


def _ids(response: httpx.Response) -> list[str]:
    return [r["id"] for r in _results(response)]


def _validate(schema: dict[str, Any], instance: Any) -> None:
    CATALOG.validator(schema).validate(instance)


# --------------------------------------------------------------------------- every operation

_PATH_VALUES: dict[str, str] = {
    "conversation_id": SEED.conversation_id,
    "message_id": SEED.message_id,
    "draft_id": SEED.draft_id,
    "comment_id": SEED.comment_id,
    "contact_id": SEED.contact_id,
    "teammate_id": SEED.teammate_id,
    "team_id": SEED.team_id,
    "inbox_id": SEED.inbox_id,
    "channel_id": SEED.channel_id,
    "tag_id": SEED.tag_id,
    "account_id": SEED.account_id,
    "attachment_link_id": SEED.attachment_id,
    "query": "invoice is:open",
    "message_template_id": CONTENT_SEED.template_id,
    "signature_id": CONTENT_SEED.signature_id,
    "knowledge_base_id": CONTENT_SEED.knowledge_base_id,
    "article_id": CONTENT_SEED.article_id,
}
_PATH_OVERRIDES: dict[str, dict[str, str]] = {
    "edit-draft": {"message_id": SEED.draft_id},
    "delete-conversation": {"conversation_id": SEED.trashed_conversation_id},
    "receive-custom-messages": {"channel_id": SEED.custom_channel_id},
    "get-ticket-status-by-id": {"status_id": "sts_1s3"},
}
# Body fields naming stored records: point them at seeded ones.
_BODY_IDS: dict[str, Any] = {
    "assignee_id": SEED.teammate_ids[1],
    "author_id": SEED.teammate_id,
    "teammate_id": SEED.teammate_id,
    "teammate_ids": [SEED.teammate_ids[1]],
    "inbox_id": SEED.inbox_id,
    "inbox_ids": [SEED.inbox_id],
    "tag_ids": [SEED.vip_tag_id],
    "parent_tag_id": SEED.vip_tag_id,
    "channel_id": SEED.channel_id,
    "contact_ids": [SEED.contact_ids[1]],
    "target_contact_id": SEED.contact_id,
    "contact_id": SEED.contact_id,
    "conversation_id": SEED.conversation_id,
    "link_ids": ["top_3l0"],
    "status_id": "sts_1s3",
}
_BODY_OVERRIDES: dict[str, dict[str, Any]] = {
    "delete-contact-handle": {"handle": SEED.contact_phone, "source": "phone"},
    "edit-draft": {"version": SEED.draft_version},
    "delete-draft": {"version": SEED.draft_version},
    "update-conversation": {"custom_fields": {"Priority": "Low"}},
}
# Body fields to leave out: Front refuses them together with another one of the body.
_BODY_DROPS: dict[str, tuple[str, ...]] = {
    "update-conversation": ("status_id",),  # only one of status and status_id
    "add-conversation-link": ("link_external_urls",),  # link_ids or URLs, not both
}


def _point_at_seed(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: copy.deepcopy(_BODY_IDS[k]) if k in _BODY_IDS else _point_at_seed(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_point_at_seed(v) for v in node]
    return node


def _example_params(op: Operation) -> dict[str, str]:
    params: dict[str, str] = {}
    for p in op.path_params:
        value = _PATH_OVERRIDES.get(op.id, {}).get(p.name) or _PATH_VALUES.get(p.name)
        if value is None:
            example = p.schema.get("example")
            value = str(example) if example is not None else f"{p.name}-1"
        params[p.name] = value
    return params


def _example_request(op: Operation) -> tuple[dict[str, str], dict[str, Any], Any]:
    """Path params (seeded IDs where the kind is stored), required query, synthesized body."""
    params = _example_params(op)
    query = {
        p.name: synthesize(p.schema, COMPONENTS, seed_key=f"{op.id}.{p.name}")
        for p in op.query_params
        if p.required
    }
    body = None
    if op.body_schema is not None:
        body = _point_at_seed(synthesize(op.body_schema, COMPONENTS, seed_key=op.id))
        if isinstance(body, dict):
            body.update(_BODY_OVERRIDES.get(op.id, {}))
            for name in _BODY_DROPS.get(op.id, ()):
                body.pop(name, None)
    return params, query, body


def test_catalog_has_244_operations() -> None:
    assert len(CATALOG) == 244


@pytest.mark.parametrize("op_id", [op.id for op in CATALOG])
def test_every_operation_answers_its_catalogued_status(op_id: str) -> None:
    op = CATALOG.get(op_id)
    double = FrontDouble()
    params, query, body = _example_request(op)
    op.validate(params, query, body)  # the request itself is valid
    with httpx.Client(transport=double.transport(), base_url=API, headers=AUTH) as http:
        kwargs: dict[str, Any] = {"params": query}
        if body is not None:
            kwargs["json"] = body
        response = http.request(op.method, op.render_path(params), **kwargs)
    assert response.status_code == op.success_status, (op.id, response.text[:500])
    if op.success_status == 204:
        assert response.content == b""
    elif op.response_schema is not None:
        _validate(op.response_schema, response.json())
    else:  # attachment downloads
        assert response.content
    assert "yourCompany.api" not in response.text  # links point at the company host


def test_every_handler_serves_a_catalogued_operation() -> None:
    assert HANDLERS
    assert set(HANDLERS) <= {op.id for op in CATALOG}


def test_an_operation_has_one_handler() -> None:
    with pytest.raises(ValueError, match="get-contact already has a handler"):
        handles("get-contact")(lambda double, call: httpx.Response(200))


# --------------------------------------------------------------------------- synthesis


@pytest.mark.parametrize(
    "op_id", [op.id for op in CATALOG if op.response_schema is not None or op.body_schema]
)
def test_synthesized_instances_validate(op_id: str) -> None:
    op = CATALOG.get(op_id)
    if op.response_schema is not None:
        _validate(op.response_schema, synthesize(op.response_schema, COMPONENTS, seed_key=op_id))
    if op.body_schema is not None:
        _validate(op.body_schema, synthesize(op.body_schema, COMPONENTS, seed_key=op_id))


def test_synthesize_prefers_example_then_default_then_enum() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "string", "example": "ex", "default": "def"},
            "b": {"type": "string", "default": "def", "enum": ["x", "def"]},
            "c": {"type": "string", "enum": ["first", "second"]},
            "d": {"type": "integer", "minimum": 5},
            "e": {"type": "boolean"},
            "f": {"type": "array", "items": {"type": "number"}},
            "g": {"type": ["string", "null"], "example": None},
            "h": {"anyOf": [{"type": "null"}, {"type": "integer"}]},
            "i": {"type": "string", "example": 42},  # invalid example: falls back to type
        },
    }
    value = synthesize(schema, {"schemas": {}}, seed_key="k")
    assert value["a"] == "ex"
    assert value["b"] == "def"
    assert value["c"] == "first"
    assert value["d"] == 5
    assert value["e"] is False
    assert value["f"] == [1.0]
    assert isinstance(value["g"], str)
    assert value["h"] == 1
    assert isinstance(value["i"], str)


def test_synthesize_is_deterministic_and_keyed() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    one = synthesize(schema, {"schemas": {}}, seed_key="a")
    assert one == synthesize(schema, {"schemas": {}}, seed_key="a")
    assert one != synthesize(schema, {"schemas": {}}, seed_key="b")


def test_synthesize_resolves_refs_merges_allof_and_stops_recursion() -> None:
    components = {
        "schemas": {
            "Node": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "child": {"$ref": "#/components/schemas/Node"},
                },
                "required": ["id"],
            },
            "Named": {"type": "object", "properties": {"name": {"type": "string"}}},
        }
    }
    node = synthesize({"$ref": "#/components/schemas/Node"}, components, seed_key="n")
    depth = 0
    while "child" in node:
        node = node["child"]
        depth += 1
    assert 0 < depth < 50
    merged = synthesize(
        {
            "allOf": [
                {"$ref": "#/components/schemas/Named"},
                {"properties": {"x": {"type": "integer"}}},
            ]
        },
        components,
        seed_key="m",
    )
    assert set(merged) == {"name", "x"}


def test_seed_records_validate_against_the_spec(double: FrontDouble) -> None:
    st = double.store
    schema = {"$ref": "#/components/schemas/%s"}

    def check(name: str, record: Any) -> None:
        CATALOG.validator({"$ref": schema["$ref"] % name}).validate(record)

    check("IdentityResponse", st.company)
    for rec in st.teammates.values():
        check("TeammateResponse", rec)
    for rec in st.inboxes.values():
        check("InboxResponse", rec)
    for rec in st.channels.values():
        check("ChannelResponse", rec)
    for rec in st.tags.values():
        check("TagResponse", rec)
    for rec in st.contacts.values():
        check("ContactResponse", rec)
    for rec in st.accounts.values():
        check("AccountResponse", rec)
    for team_id in st.teams:
        check("TeamResponse", team_json(st, team_id))
    for conv_id in st.conversations:
        check("ConversationResponse", conversation_json(st, conv_id))
    for msg_id in st.messages:
        check("MessageResponse", message_json(st, msg_id))
    for com_id in st.comments:
        check("CommentResponse", comment_json(st, com_id))


def test_seed_ids_use_front_prefixes() -> None:
    assert SEED.company_id.startswith("cmp_")
    assert SEED.conversation_id.startswith("cnv_")
    assert SEED.message_id.startswith("msg_") and SEED.draft_id.startswith("msg_")
    assert SEED.comment_id.startswith("com_")
    assert SEED.contact_id.startswith("crd_")
    assert all(t.startswith("tea_") for t in SEED.teammate_ids)
    assert SEED.team_id.startswith("tim_")
    assert all(i.startswith("inb_") for i in SEED.inbox_ids)
    assert all(c.startswith("cha_") for c in SEED.channel_ids)
    assert all(t.startswith("tag_") for t in SEED.tag_ids)
    assert SEED.account_id.startswith("acc_")
    assert len(SEED.tag_ids) == 5 and len(SEED.inbox_ids) == 3 and len(SEED.teammate_ids) == 4


# --------------------------------------------------------------------------- hosts and auth


def test_missing_token_is_401(double: FrontDouble) -> None:
    with httpx.Client(transport=double.transport(), base_url=API) as http:
        response = http.get("/me")
    assert response.status_code == 401
    assert response.json() == {
        "_error": {"status": 401, "title": "Unauthenticated", "message": "JSON Web Token error"}
    }


@pytest.mark.parametrize("header", ["Basic dXNlcjpwdw==", "Bearer", "Token abc", ""])
def test_malformed_authorization_is_401(double: FrontDouble, header: str) -> None:
    with httpx.Client(transport=double.transport(), base_url=API) as http:
        response = http.get("/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_tokens_option_restricts_accepted_tokens() -> None:
    double = FrontDouble(tokens={"good"})
    with httpx.Client(transport=double.transport(), base_url=API) as http:
        assert http.get("/me", headers={"Authorization": "Bearer good"}).status_code == 200
        assert http.get("/me", headers={"Authorization": "Bearer bad"}).status_code == 401


def test_company_host_is_served_and_other_hosts_get_a_clear_error(
    client: httpx.Client,
) -> None:
    assert client.get(f"{COMPANY}/me").json()["id"] == SEED.company_id
    other = client.get("https://evil.example.com/me")
    assert other.status_code == 421
    assert "evil.example.com" in other.json()["_error"]["message"]
    plain = client.get("http://api2.frontapp.com/me")
    assert plain.status_code == 421


def test_custom_company_host_in_links() -> None:
    double = FrontDouble(company_host="acme.api.frontapp.com")
    with httpx.Client(transport=double.transport(), base_url=API, headers=AUTH) as http:
        me = http.get("/me").json()
        assert me["_links"]["self"] == "https://acme.api.frontapp.com/me"
        assert http.get("https://acme.api.frontapp.com/me").status_code == 200
        assert http.get(f"{COMPANY}/me").status_code == 421


def test_me_is_the_company(client: httpx.Client) -> None:
    me = client.get("/me").json()
    assert me["id"] == SEED.company_id
    assert me["name"] == SEED.company_name


# --------------------------------------------------------------------------- routing and errors


def test_unknown_route_is_404_and_wrong_method_is_405(client: httpx.Client) -> None:
    missing = client.get("/nope")
    assert missing.status_code == 404
    assert missing.json()["_error"]["title"] == "Not found"
    wrong = client.put("/tags")
    assert wrong.status_code == 405


def test_unknown_conversation_id_is_404(client: httpx.Client) -> None:
    response = client.get("/conversations/cnv_x")
    assert response.status_code == 404
    assert response.json() == {
        "_error": {
            "status": 404,
            "title": "Not found",
            "message": "Unknown conversation ID cnv_x",
        }
    }


@pytest.mark.parametrize(
    "path",
    [
        "/teammates/alt:email:nobody@acme.example",
        "/contacts/alt:email:nobody@nowhere.example",
        "/contacts/alt:phone:+15550000000",
        "/messages/alt:uid:0000",
        "/channels/alt:address:nobody@acme.example",
        "/conversations/alt:ref:whatever",
        "/teammates/alt:unknown:thing",
    ],
)
def test_unresolved_alias_is_404(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["_error"]["message"].startswith("Unknown ")


def test_unknown_ids_in_other_positions_are_404(client: httpx.Client) -> None:
    assert client.get("/messages/msg_nope").status_code == 404
    assert client.get("/tags/tag_nope").status_code == 404
    assert client.get("/teams/tim_nope/shifts").status_code == 404
    tagged = client.post(f"/conversations/{SEED.conversation_id}/tags", json={"tag_ids": ["tag_x"]})
    assert tagged.status_code == 404
    assert tagged.json()["_error"]["message"] == "Unknown tag ID tag_x"


def test_teammate_by_email_alias(client: httpx.Client) -> None:
    response = client.get(f"/teammates/alt:email:{SEED.teammate_email.upper()}")
    assert response.status_code == 200
    assert response.json()["id"] == SEED.teammate_id


def test_contact_by_phone_and_email_aliases(client: httpx.Client) -> None:
    by_phone = client.get(f"/contacts/alt:phone:{SEED.contact_phone}")
    assert by_phone.status_code == 200
    assert by_phone.json()["id"] == SEED.contact_id
    encoded = client.get("/contacts/" + quote(f"alt:phone:{SEED.contact_phone}", safe=""))
    assert encoded.json()["id"] == SEED.contact_id
    by_email = client.get(f"/contacts/alt:email:{SEED.contact_email}")
    assert by_email.json()["id"] == SEED.contact_id
    phone_only = client.get(f"/contacts/alt:phone:{SEED.phone_only_contact_phone}")
    assert phone_only.json()["id"] == SEED.phone_only_contact_id


def test_channel_and_account_aliases(client: httpx.Client) -> None:
    channel = client.get(f"/channels/alt:address:{SEED.channel_address}").json()
    assert channel["id"] == SEED.channel_id
    assert channel["address"] == SEED.channel_address
    assert client.get(f"/accounts/alt:domain:{SEED.account_domain}").json()["id"] == SEED.account_id
    by_ext = client.get(f"/accounts/alt:external_id:{SEED.account_external_id}")
    assert by_ext.json()["id"] == SEED.account_id


def test_invalid_json_is_400_with_message_only(client: httpx.Client) -> None:
    response = client.post(
        f"/conversations/{SEED.conversation_id}/comments",
        content=b'{"body": nope}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    error = response.json()["_error"]
    assert set(error) == {"message"}
    assert error["message"].startswith("Unexpected token n in JSON at position ")


def test_body_failing_the_schema_is_400_with_details(client: httpx.Client) -> None:
    response = client.post(f"/conversations/{SEED.conversation_id}/comments", json={"oops": 1})
    assert response.status_code == 400
    error = response.json()["_error"]
    assert error["status"] == 400
    assert error["title"] == "Bad request"
    assert error["message"] == "Body did not satisfy requirements"
    assert any("body" in d for d in error["details"])


@pytest.mark.parametrize("limit", ["101", "500", "0", "abc"])
def test_limit_out_of_range_is_400(client: httpx.Client, limit: str) -> None:
    response = client.get("/conversations", params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["_error"]["status"] == 400


def test_limit_100_is_accepted(client: httpx.Client) -> None:
    assert client.get("/conversations", params={"limit": 100}).status_code == 200


def test_forged_page_token_is_400(client: httpx.Client) -> None:
    response = client.get("/conversations", params={"page_token": "abc"})
    assert response.status_code == 400


# --------------------------------------------------------------------------- reads


def test_open_thread_has_three_html_messages(client: httpx.Client) -> None:
    conv = client.get(f"/conversations/{SEED.conversation_id}").json()
    assert conv["status"] == "assigned"
    assert conv["assignee"]["id"] == SEED.teammate_id
    assert {t["id"] for t in conv["tags"]} == {SEED.tag_id, SEED.urgent_tag_id}
    assert conv["recipient"]["handle"] == SEED.contact_email
    messages = _results(client.get(f"/conversations/{SEED.conversation_id}/messages"))
    assert [m["id"] for m in messages] == list(reversed(SEED.message_ids))  # newest first
    assert [m["is_inbound"] for m in messages] == [True, False, True]
    assert all("<a href=" in m["body"] for m in messages)
    assert any("<blockquote>" in m["body"] for m in messages)
    assert messages[-1]["attachments"][0]["id"] == SEED.attachment_id
    assert messages[1]["author"]["id"] == SEED.teammate_id
    comments = _results(client.get(f"/conversations/{SEED.conversation_id}/comments"))
    assert [c["id"] for c in comments] == list(reversed(SEED.comment_ids))


def test_message_by_uid_and_download(client: httpx.Client) -> None:
    msg = client.get(f"/messages/alt:uid:{SEED.message_uid}").json()
    assert msg["id"] == SEED.message_id
    download = client.get(f"/download/{SEED.attachment_id}")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


def test_message_as_eml(client: httpx.Client) -> None:
    eml = client.get(f"/messages/{SEED.message_id}", headers={"Accept": "message/rfc822"})
    assert eml.status_code == 200
    assert eml.headers["content-type"] == "message/rfc822"
    assert b"Subject: Invoice #4521" in eml.content


def test_comment_mentions(client: httpx.Client) -> None:
    mentioned = _ids(client.get(f"/comments/{SEED.comment_id}/mentions"))
    assert mentioned == [SEED.teammate_ids[1]]


def test_lists_of_modelled_kinds(client: httpx.Client) -> None:
    assert _ids(client.get("/teammates")) == list(SEED.teammate_ids)
    assert _ids(client.get("/inboxes")) == list(SEED.inbox_ids)
    assert _ids(client.get("/channels")) == list(SEED.channel_ids)
    assert set(_ids(client.get("/tags"))) == set(SEED.tag_ids)
    assert set(_ids(client.get("/contacts"))) == set(SEED.contact_ids)
    assert _ids(client.get(f"/tags/{SEED.tag_id}/children")) == [SEED.child_tag_id]
    assert _ids(client.get(f"/accounts/{SEED.account_id}/contacts")) == [SEED.contact_id]
    assert _ids(client.get(f"/inboxes/{SEED.inbox_id}/channels")) == [SEED.channel_id]
    channel_types = {c["id"]: c["type"] for c in _results(client.get("/channels"))}
    assert channel_types == {
        SEED.channel_id: "smtp",
        SEED.sms_channel_id: "twilio",
        SEED.custom_channel_id: "custom",
    }
    team = client.get(f"/teams/{SEED.team_id}").json()
    assert [m["id"] for m in team["members"]] == list(SEED.teammate_ids)


def test_contact_conversations_and_assigned_conversations(client: httpx.Client) -> None:
    jane = _ids(client.get(f"/contacts/{SEED.contact_id}/conversations"))
    assert jane == [SEED.conversation_id]  # the merged duplicate is hidden
    assigned = _ids(client.get(f"/teammates/{SEED.teammate_id}/conversations"))
    assert assigned == [SEED.conversation_id]
    tagged = _ids(client.get(f"/tags/{SEED.tag_id}/conversations"))
    assert tagged == [SEED.conversation_id]


def test_unmodelled_kinds_echo_the_requested_id(client: httpx.Client) -> None:
    shift = client.get("/shifts/shf_abc")
    assert shift.status_code == 200
    assert shift.json()["id"] == "shf_abc"
    assert shift.json()["_links"]["self"] == f"{COMPANY}/shifts/shf_abc"
    schema = CATALOG.get("get-shift").response_schema
    assert schema is not None
    _validate(schema, shift.json())


# --------------------------------------------------------------------------- pagination


def test_pagination_follows_next_on_the_company_host(client: httpx.Client) -> None:
    everything = _ids(client.get("/conversations", params={"limit": 100}))
    assert len(everything) == 5  # 7 seeded: the trashed one is excluded, the merged one hidden
    seen: list[str] = []
    url: str | None = "/conversations?limit=2"
    pages = 0
    while url:
        response = client.get(url)
        data = response.json()
        seen.extend(r["id"] for r in data["_results"])
        assert data["_links"]["self"].startswith(f"{COMPANY}/conversations")
        url = data["_pagination"]["next"]
        if url is not None:
            assert url.startswith(f"{COMPANY}/conversations?limit=2&page_token=")
        pages += 1
    assert pages == 3
    assert seen == everything
    assert len(set(seen)) == len(seen)


def test_default_page_size_is_50(double: FrontDouble, client: httpx.Client) -> None:
    for i in range(60):
        assert (
            client.post(
                "/contacts", json={"handles": [{"source": "email", "handle": f"c{i}@x.example"}]}
            ).status_code
            == 201
        )
    first = client.get("/contacts").json()
    assert len(first["_results"]) == 50
    second = client.get(first["_pagination"]["next"]).json()
    assert len(second["_results"]) == 64 - 50
    assert second["_pagination"]["next"] is None


# --------------------------------------------------------------------------- search and filters


def _search(client: httpx.Client, query: str, **params: Any) -> dict[str, Any]:
    response = client.get("/conversations/search/" + quote(query, safe=""), params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("invoice", {SEED.conversation_id}),
        ("INVOICE", {SEED.conversation_id}),
        ('"duplicate charge"', {SEED.conversation_id}),
        ("portal password", {SEED.unassigned_conversation_id}),
        (
            "is:open",
            {SEED.conversation_id, SEED.unassigned_conversation_id, SEED.sms_conversation_id},
        ),
        ("is:archived", {SEED.archived_conversation_id}),
        ("is:unassigned", {SEED.unassigned_conversation_id}),
        (
            "is:assigned",
            {
                SEED.conversation_id,
                SEED.archived_conversation_id,
                SEED.sms_conversation_id,
                SEED.snoozed_conversation_id,
            },
        ),
        ("is:trashed", {SEED.trashed_conversation_id}),
        ("is:snoozed", {SEED.snoozed_conversation_id}),
        (
            "is:open is:unreplied",
            {SEED.conversation_id, SEED.unassigned_conversation_id, SEED.sms_conversation_id},
        ),
        (f"inbox:{SEED.sms_inbox_id}", {SEED.sms_conversation_id}),
        (f"tag:{SEED.vip_tag_id}", {SEED.snoozed_conversation_id}),
        (f"tag:{SEED.tag_id} is:open", {SEED.conversation_id}),
        (f"assignee:{SEED.teammate_ids[1]}", {SEED.archived_conversation_id}),
        (f"assignee:{SEED.teammate_email}", {SEED.conversation_id}),
        (f"from:{SEED.contact_email}", {SEED.conversation_id}),
        ("from:+15550105678", {SEED.sms_conversation_id}),
        (
            "to:maria.garcia@umbrella.example",
            {SEED.snoozed_conversation_id},
        ),
        (f"to:{SEED.channel_address} is:unassigned", {SEED.unassigned_conversation_id}),
        ("refund is:snoozed", {SEED.snoozed_conversation_id}),
        ("nothing-matches-this", set()),
    ],
)
def test_search_filters(client: httpx.Client, query: str, expected: set[str]) -> None:
    data = _search(client, query)
    assert {r["id"] for r in data["_results"]} == expected
    assert data["_total"] == len(expected)


def test_search_paginates_and_keeps_total(client: httpx.Client) -> None:
    first = _search(client, "is:assigned", limit=1)
    assert first["_total"] == 4
    ids = [r["id"] for r in first["_results"]]
    url = first["_pagination"]["next"]
    assert url.startswith(f"{COMPANY}/conversations/search/is%3Aassigned?limit=1&page_token=")
    while url:
        data = client.get(url).json()
        assert data["_total"] == 4
        ids.extend(r["id"] for r in data["_results"])
        url = data["_pagination"]["next"]
    assert len(ids) == 4 == len(set(ids))


def test_search_rejects_unknown_status(client: httpx.Client) -> None:
    response = client.get("/conversations/search/is:bogus")
    assert response.status_code == 400


@pytest.mark.parametrize("key", ["q[statuses]", "q[statuses][]"])
def test_list_filter_by_statuses(client: httpx.Client, key: str) -> None:
    archived = _ids(client.get("/conversations", params={key: "archived"}))
    assert archived == [SEED.archived_conversation_id]
    both = _ids(client.get("/conversations", params=[(key, "assigned"), (key, "unassigned")]))
    assert set(both) == {
        SEED.conversation_id,
        SEED.unassigned_conversation_id,
        SEED.sms_conversation_id,
        SEED.snoozed_conversation_id,
    }
    trashed = _ids(client.get("/conversations", params={key: "trashed"}))
    assert trashed == [SEED.trashed_conversation_id]


def test_list_filter_rejects_unknown_status(client: httpx.Client) -> None:
    response = client.get("/conversations", params={"q[statuses]": "closed"})
    assert response.status_code == 400


def test_inbox_conversations_with_status_filter(client: httpx.Client) -> None:
    ids = _ids(
        client.get(f"/inboxes/{SEED.inbox_id}/conversations", params={"q[statuses]": "unassigned"})
    )
    assert ids == [SEED.unassigned_conversation_id]


# --------------------------------------------------------------------------- writes


def test_send_is_202_and_readable_by_uid(client: httpx.Client) -> None:
    response = client.post(
        f"/channels/{SEED.channel_id}/messages",
        json={"to": ["new.customer@example.com"], "subject": "Welcome", "body": "<p>Hello!</p>"},
    )
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["status"] == "accepted"
    uid = accepted["message_uid"]
    assert len(uid) == 32 and int(uid, 16) >= 0
    msg = client.get(f"/messages/alt:uid:{uid}").json()
    assert msg["message_uid"] == uid
    assert msg["is_inbound"] is False
    assert msg["body"] == "<p>Hello!</p>"
    assert [(r["handle"], r["role"]) for r in msg["recipients"]] == [
        (SEED.channel_address, "from"),
        ("new.customer@example.com", "to"),
    ]
    conv_url = msg["_links"]["related"]["conversation"]
    conv = client.get(conv_url).json()
    assert conv["status"] == "archived"  # options.archive defaults to true
    assert conv["subject"] == "Welcome"


def test_reply_archives_by_default(client: httpx.Client) -> None:
    response = client.post(
        f"/conversations/{SEED.conversation_id}/messages", json={"body": "<p>Refund sent.</p>"}
    )
    assert response.status_code == 202
    conv = client.get(f"/conversations/{SEED.conversation_id}").json()
    assert conv["status"] == "archived"
    latest = _results(client.get(f"/conversations/{SEED.conversation_id}/messages"))[0]
    assert latest["message_uid"] == response.json()["message_uid"]
    assert latest["recipients"][1]["handle"] == SEED.contact_email  # replies to the customer
    assert latest["_links"]["related"]["message_replied_to"].endswith(SEED.message_ids[2])


def test_reply_with_archive_false_keeps_the_conversation_open(client: httpx.Client) -> None:
    response = client.post(
        f"/conversations/{SEED.unassigned_conversation_id}/messages",
        json={
            "body": "Looking into it",
            "options": {"archive": False, "tag_ids": [SEED.bug_tag_id]},
        },
    )
    assert response.status_code == 202
    conv = client.get(f"/conversations/{SEED.unassigned_conversation_id}").json()
    assert conv["status"] == "unassigned"


def test_signature_on_a_non_email_channel_is_403(client: httpx.Client) -> None:
    response = client.post(
        f"/conversations/{SEED.sms_conversation_id}/messages",
        json={"body": "hi", "signature_id": "sig_1"},
    )
    assert response.status_code == 403


def test_new_records_get_counter_timestamps_after_the_seed(client: httpx.Client) -> None:
    first = client.post(f"/conversations/{SEED.conversation_id}/comments", json={"body": "a"})
    second = client.post(f"/conversations/{SEED.conversation_id}/comments", json={"body": "b"})
    latest_seed = max(
        m["created_at"]
        for m in _results(client.get(f"/conversations/{SEED.conversation_id}/messages"))
    )
    assert latest_seed < first.json()["posted_at"] < second.json()["posted_at"]


def test_added_comment_appears(client: httpx.Client) -> None:
    created = client.post(
        f"/conversations/{SEED.conversation_id}/comments",
        json={"body": "Escalating to @chloep", "author_id": f"alt:email:{SEED.teammate_emails[1]}"},
    )
    assert created.status_code == 201
    comment = created.json()
    assert comment["author"]["id"] == SEED.teammate_ids[1]
    listed = _results(client.get(f"/conversations/{SEED.conversation_id}/comments"))
    assert listed[0]["id"] == comment["id"]
    assert listed[0]["body"] == "Escalating to @chloep"
    assert _ids(client.get(f"/comments/{comment['id']}/mentions")) == [SEED.teammate_ids[2]]
    reply = client.post(f"/comments/{comment['id']}/replies", json={"body": "On it"})
    assert reply.status_code == 201
    assert reply.json()["_links"]["related"]["comment_replied_to"].endswith(comment["id"])
    updated = client.patch(f"/comments/{comment['id']}/", json={"is_pinned": True})
    assert updated.status_code == 200 and updated.json()["is_pinned"] is True


def test_comment_without_author_is_posted_by_the_api(client: httpx.Client) -> None:
    created = client.post(f"/conversations/{SEED.conversation_id}/comments", json={"body": "bot"})
    assert created.json()["author"]["type"] == "api"
    assert SEED.api_bot_id not in _ids(client.get("/teammates"))


def test_conversation_tags_add_and_remove(client: httpx.Client) -> None:
    path = f"/conversations/{SEED.conversation_id}/tags"
    added = client.post(path, json={"tag_ids": [SEED.vip_tag_id]})
    assert added.status_code == 204 and added.content == b""
    tags = {t["id"] for t in client.get(f"/conversations/{SEED.conversation_id}").json()["tags"]}
    assert tags == {SEED.tag_id, SEED.urgent_tag_id, SEED.vip_tag_id}
    removed = client.request("DELETE", path, json={"tag_ids": [SEED.tag_id, SEED.vip_tag_id]})
    assert removed.status_code == 204
    tags = {t["id"] for t in client.get(f"/conversations/{SEED.conversation_id}").json()["tags"]}
    assert tags == {SEED.urgent_tag_id}
    assert SEED.conversation_id in _ids(client.get(f"/tags/{SEED.urgent_tag_id}/conversations"))


def test_assignee_null_unassigns_and_alias_assigns(client: httpx.Client) -> None:
    path = f"/conversations/{SEED.conversation_id}/assignee"
    assert client.put(path, json={"assignee_id": None}).status_code == 204
    conv = client.get(f"/conversations/{SEED.conversation_id}").json()
    assert conv["status"] == "unassigned" and conv["assignee"] is None
    assigned = client.put(path, json={"assignee_id": f"alt:email:{SEED.teammate_emails[3]}"})
    assert assigned.status_code == 204
    conv = client.get(f"/conversations/{SEED.conversation_id}").json()
    assert conv["status"] == "assigned" and conv["assignee"]["id"] == SEED.teammate_ids[3]
    assert client.put(path, json={"assignee_id": "tea_nobody"}).status_code == 404


@pytest.mark.parametrize(
    ("status", "read"),
    [("archived", "archived"), ("deleted", "deleted"), ("spam", "deleted"), ("open", "assigned")],
)
def test_patch_conversation_status(client: httpx.Client, status: str, read: str) -> None:
    path = f"/conversations/{SEED.conversation_id}"
    assert client.patch(path, json={"status": "archived"}).status_code == 204
    assert client.patch(path, json={"status": status}).status_code == 204
    assert client.get(path).json()["status"] == read


def test_patch_conversation_replaces_tags_and_moves_inbox(client: httpx.Client) -> None:
    path = f"/conversations/{SEED.conversation_id}"
    body = {"tag_ids": [SEED.bug_tag_id], "inbox_id": SEED.sms_inbox_id}
    assert client.patch(path, json=body).status_code == 204
    assert [t["id"] for t in client.get(path).json()["tags"]] == [SEED.bug_tag_id]
    inboxes = _ids(client.get(f"{path}/inboxes"))
    assert inboxes == [SEED.sms_inbox_id]


def test_delete_conversation_needs_the_trash(client: httpx.Client) -> None:
    assert client.delete(f"/conversations/{SEED.unassigned_conversation_id}").status_code == 400
    assert client.delete(f"/conversations/{SEED.trashed_conversation_id}").status_code == 204
    assert client.get(f"/conversations/{SEED.trashed_conversation_id}").status_code == 404


def test_merged_conversation_redirects_without_changes(
    double: FrontDouble, client: httpx.Client
) -> None:
    merged = SEED.merged_conversation_id
    got = client.get(f"/conversations/{merged}")
    assert got.status_code == 301
    assert got.headers["location"] == f"{API}/conversations/{SEED.conversation_id}"
    listed = client.get(f"/conversations/{merged}/messages", params={"limit": 5})
    assert listed.status_code == 301
    assert listed.headers["location"] == (
        f"{API}/conversations/{SEED.conversation_id}/messages?limit=5"
    )
    before = len(_results(client.get(f"/conversations/{SEED.conversation_id}/comments")))
    posted = client.post(f"/conversations/{merged}/comments", json={"body": "lost?"})
    assert posted.status_code == 301
    assert posted.headers["location"] == f"{API}/conversations/{SEED.conversation_id}/comments"
    after = len(_results(client.get(f"/conversations/{SEED.conversation_id}/comments")))
    assert after == before
    assert not any(c.body == "lost?" for c in double.store.comments.values())
    # Following the redirect works.
    followed = client.get(f"/conversations/{merged}", follow_redirects=True)
    assert followed.status_code == 200 and followed.json()["id"] == SEED.conversation_id


def test_drafts_appear_as_messages(client: httpx.Client) -> None:
    created = client.post(
        f"/conversations/{SEED.conversation_id}/drafts",
        json={"body": "<p>Draft reply</p>", "channel_id": SEED.channel_id, "mode": "shared"},
    )
    assert created.status_code == 200
    draft = created.json()
    assert draft["is_draft"] is True and draft["draft_mode"] == "shared"
    messages = _results(client.get(f"/conversations/{SEED.conversation_id}/messages"))
    assert messages[0]["id"] == draft["id"] and messages[0]["is_draft"] is True
    assert _ids(client.get(f"/conversations/{SEED.conversation_id}/drafts")) == [draft["id"]]
    stale = client.patch(
        f"/drafts/{draft['id']}/",
        json={"body": "x", "channel_id": SEED.channel_id, "version": "old"},
    )
    assert stale.status_code == 409
    edited = client.patch(
        f"/drafts/{draft['id']}/",
        json={"body": "<p>Better</p>", "channel_id": SEED.channel_id, "version": draft["version"]},
    )
    assert edited.status_code == 200
    assert edited.json()["body"] == "<p>Better</p>"
    assert edited.json()["version"] != draft["version"]
    deleted = client.request(
        "DELETE", f"/drafts/{draft['id']}", json={"version": edited.json()["version"]}
    )
    assert deleted.status_code == 204
    assert client.get(f"/messages/{draft['id']}").status_code == 404
    assert (
        client.request("DELETE", f"/drafts/{SEED.message_id}", json={"version": "x"}).status_code
        == 404
    )  # not a draft


def test_seed_draft(client: httpx.Client) -> None:
    drafts = _results(client.get(f"/conversations/{SEED.sms_conversation_id}/drafts"))
    assert [d["id"] for d in drafts] == [SEED.draft_id]
    assert drafts[0]["version"] == SEED.draft_version


def test_new_conversation_draft(client: httpx.Client) -> None:
    created = client.post(
        f"/channels/alt:address:{SEED.channel_address}/drafts",
        json={"body": "Hi", "to": ["someone@example.com"], "subject": "Quote"},
    )
    assert created.status_code == 200
    conv = client.get(created.json()["_links"]["related"]["conversation"]).json()
    assert conv["subject"] == "Quote"


def test_import_dedupes_on_external_id_and_threads(client: httpx.Client) -> None:
    body = {
        "sender": {"handle": "legacy@example.com", "name": "Legacy"},
        "to": [SEED.channel_address],
        "subject": "Old ticket",
        "body": "From the old system",
        "external_id": "legacy-1",
        "created_at": 1600000000,
        "metadata": {"is_inbound": True, "thread_ref": "legacy-thread"},
    }
    first = client.post(f"/inboxes/{SEED.inbox_id}/imported_messages", json=body)
    again = client.post(f"/inboxes/{SEED.inbox_id}/imported_messages", json=body)
    assert first.status_code == again.status_code == 202
    assert first.json()["message_uid"] == again.json()["message_uid"]
    follow_up = {**body, "external_id": "legacy-2", "created_at": 1600000100}
    second = client.post(f"/inboxes/{SEED.inbox_id}/imported_messages", json=follow_up)
    m1 = client.get(f"/messages/alt:uid:{first.json()['message_uid']}").json()
    m2 = client.get(f"/messages/alt:uid:{second.json()['message_uid']}").json()
    assert m1["_links"]["related"]["conversation"] == m2["_links"]["related"]["conversation"]
    assert m1["created_at"] == 1600000000
    conv = client.get(m1["_links"]["related"]["conversation"]).json()
    assert conv["status"] == "archived"  # imported messages are archived by default


def test_custom_channel_receive_threads_and_reopens(client: httpx.Client) -> None:
    path = f"/channels/{SEED.custom_channel_id}/incoming_messages"
    response = client.post(
        path,
        json={
            "sender": {"handle": "partner:globex-orders"},
            "body": "Any news?",
            "metadata": {"thread_ref": "po-778"},
        },
    )
    assert response.status_code == 202
    msg = client.get(f"/messages/alt:uid:{response.json()['message_uid']}").json()
    assert msg["_links"]["related"]["conversation"].endswith(SEED.archived_conversation_id)
    conv = client.get(f"/conversations/{SEED.archived_conversation_id}").json()
    assert conv["status"] == "assigned"  # reopened by the inbound message
    not_custom = client.post(
        f"/channels/{SEED.channel_id}/incoming_messages",
        json={"sender": {"handle": "x"}, "body": "y"},
    )
    assert not_custom.status_code == 400


def test_contacts_create_update_merge_and_handles(client: httpx.Client) -> None:
    created = client.post(
        "/contacts",
        json={"name": "Nina", "handles": [{"source": "email", "handle": "nina@example.com"}]},
    )
    assert created.status_code == 201
    nina = created.json()["id"]
    assert client.get("/contacts/alt:email:nina@example.com").json()["id"] == nina
    duplicate = client.post(
        "/contacts", json={"handles": [{"source": "email", "handle": SEED.contact_email}]}
    )
    assert duplicate.status_code == 409
    assert client.patch(f"/contacts/{nina}", json={"name": "Nina R."}).status_code == 204
    assert client.get(f"/contacts/{nina}").json()["name"] == "Nina R."
    added = client.post(
        f"/contacts/{nina}/handles", json={"source": "phone", "handle": "+15550142424"}
    )
    assert added.status_code == 204
    assert client.get("/contacts/alt:phone:+15550142424").json()["id"] == nina
    merged = client.post(
        "/contacts/merge", json={"target_contact_id": SEED.contact_id, "contact_ids": [nina]}
    )
    assert merged.status_code == 200
    assert client.get(f"/contacts/{nina}").status_code == 404
    assert client.get("/contacts/alt:email:nina@example.com").json()["id"] == SEED.contact_id
    last = client.request(
        "DELETE",
        f"/contacts/{SEED.phone_only_contact_id}/handles",
        json={"source": "phone", "handle": SEED.phone_only_contact_phone},
    )
    assert last.status_code == 400  # the last handle needs force


def test_tags_create_update_delete(client: httpx.Client) -> None:
    created = client.post("/tags", json={"name": "Escalated", "highlight": "red"})
    assert created.status_code == 201
    tag_id = created.json()["id"]
    assert tag_id.startswith("tag_") and tag_id not in SEED.tag_ids
    assert (
        client.patch(f"/tags/{tag_id}", json={"parent_tag_id": SEED.urgent_tag_id}).status_code
        == 204
    )
    assert _ids(client.get(f"/tags/{SEED.urgent_tag_id}/children")) == [tag_id]
    assert client.delete(f"/tags/{SEED.tag_id}").status_code == 204
    conv = client.get(f"/conversations/{SEED.conversation_id}").json()
    assert SEED.tag_id not in {t["id"] for t in conv["tags"]}
    private = client.post(f"/teammates/{SEED.teammate_id}/tags", json={"name": "Mine"})
    assert private.json()["is_private"] is True
    assert _ids(client.get(f"/teammates/{SEED.teammate_id}/tags")) == [private.json()["id"]]
    assert private.json()["id"] not in _ids(client.get("/tags"))


def test_inbox_access_and_followers(client: httpx.Client) -> None:
    path = f"/inboxes/{SEED.sms_inbox_id}/teammates"
    assert client.post(path, json={"teammate_ids": [SEED.teammate_ids[3]]}).status_code == 204
    assert SEED.teammate_ids[3] in _ids(client.get(path))
    assert SEED.sms_inbox_id in _ids(client.get(f"/teammates/{SEED.teammate_ids[3]}/inboxes"))
    removed = client.request("DELETE", path, json={"teammate_ids": [SEED.teammate_ids[3]]})
    assert removed.status_code == 204
    assert SEED.teammate_ids[3] not in _ids(client.get(path))
    followers = f"/conversations/{SEED.conversation_id}/followers"
    client.request("DELETE", followers, json={"teammate_ids": [SEED.teammate_ids[1]]})
    assert _ids(client.get(followers)) == [SEED.teammate_id]


def test_teammate_update_is_reflected_in_conversations(client: httpx.Client) -> None:
    assert (
        client.patch(f"/teammates/{SEED.teammate_id}", json={"is_available": False}).status_code
        == 204
    )
    conv = client.get(f"/conversations/{SEED.conversation_id}").json()
    assert conv["assignee"]["is_available"] is False


def test_trailing_slash_paths(client: httpx.Client) -> None:
    with_slash = client.patch(f"/comments/{SEED.comment_id}/", json={"body": "edited"})
    assert with_slash.status_code == 200
    without = client.patch(f"/comments/{SEED.comment_id}", json={"body": "edited again"})
    assert without.status_code == 200
    assert client.get(f"/comments/{SEED.comment_id}").json()["body"] == "edited again"


# --------------------------------------------------------------------------- rate limiting


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_429_with_retry_after() -> None:
    clock = FakeClock()
    double = FrontDouble(
        rate_limit=3, window_seconds=60.0, clock=clock, wall_clock=lambda: 1_700_000_000.0
    )
    with httpx.Client(transport=double.transport(), base_url=API, headers=AUTH) as http:
        first = http.get("/me")
        assert first.headers["x-ratelimit-limit"] == "3"
        assert first.headers["x-ratelimit-remaining"] == "2"
        assert first.headers["x-ratelimit-reset"] == str(1_700_000_000 + 60)
        clock.now += 10
        http.get("/me")
        http.get("/me")
        clock.now += 2.5
        limited = http.get("/me")
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "47.5"
        assert limited.headers["x-ratelimit-remaining"] == "0"
        assert limited.json() == {
            "_error": {
                "status": 429,
                "title": "Too many requests",
                "message": "Rate limit exceeded. Please retry in 47500 milliseconds.",
            }
        }
        clock.now += 47.5
        again = http.get("/me")
        assert again.status_code == 200
        assert again.headers["x-ratelimit-remaining"] == "2"


def test_search_gets_forty_percent_of_the_limit() -> None:
    clock = FakeClock()
    double = FrontDouble(rate_limit=5, clock=clock)
    with httpx.Client(transport=double.transport(), base_url=API, headers=AUTH) as http:
        assert http.get("/conversations/search/invoice").status_code == 200
        assert http.get("/conversations/search/invoice").status_code == 200
        assert http.get("/conversations/search/invoice").status_code == 429
        assert http.get("/me").status_code == 200


def test_no_rate_limit_headers_when_unlimited(client: httpx.Client) -> None:
    assert "x-ratelimit-limit" not in client.get("/me").headers


# --------------------------------------------------------------------------- determinism, async


def _session(http: httpx.Client) -> list[str]:
    return [
        http.post(
            f"/channels/{SEED.channel_id}/messages", json={"to": ["a@b.example"], "body": "x"}
        ).text,
        http.post(f"/conversations/{SEED.conversation_id}/comments", json={"body": "c"}).text,
        http.get("/conversations", params={"limit": 3}).text,
        http.get("/shifts").text,
    ]


def test_two_doubles_answer_identically() -> None:
    runs = []
    for _ in range(2):
        double = FrontDouble()
        with httpx.Client(transport=double.transport(), base_url=API, headers=AUTH) as http:
            runs.append(_session(http))
    assert runs[0] == runs[1]


def test_requests_log_and_reset(double: FrontDouble, client: httpx.Client) -> None:
    client.get("/me")
    client.post(f"/conversations/{SEED.conversation_id}/comments", json={"body": "temp"})
    assert double.requests == [
        ("GET", f"{API}/me"),
        ("POST", f"{API}/conversations/{SEED.conversation_id}/comments"),
    ]
    double.reset()
    assert double.requests == []
    comments = _ids(client.get(f"/conversations/{SEED.conversation_id}/comments"))
    assert comments == list(reversed(SEED.comment_ids))


async def test_async_client_send_and_paginate() -> None:
    double = FrontDouble()
    async with httpx.AsyncClient(transport=double.transport(), base_url=API, headers=AUTH) as http:
        sent = await http.post(
            f"/conversations/{SEED.unassigned_conversation_id}/messages",
            json={"body": "async reply", "options": {"archive": False}},
        )
        assert sent.status_code == 202
        uid = sent.json()["message_uid"]
        msg = await http.get(f"/messages/alt:uid:{uid}")
        assert msg.json()["body"] == "async reply"
        seen: list[str] = []
        url: str | None = "/conversations?limit=4"
        while url:
            page = (await http.get(url)).json()
            seen.extend(r["id"] for r in page["_results"])
            url = page["_pagination"]["next"]
        assert len(seen) == len(set(seen)) == 5
        denied = await http.get("/me", headers={"Authorization": ""})
        assert denied.status_code == 401
