"""Tool behaviour on the Front double: content, artifacts, errors a model can act on, policy."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from langchain_front import FrontClient, FrontConfigurationError, FrontToolkit
from langchain_front.policy import Policy
from langchain_front.testing import SEED, FrontDouble
from langchain_front.tools import FrontTool, tool_classes
from langchain_front.tools._bodies import text_to_html
from langchain_front.tools.contacts import guess_source, normalize_handle
from tests.unit_tests.calls import acall, call


@pytest.fixture
def toolkit(double: FrontDouble) -> FrontToolkit:
    """A toolkit on a fresh double, so writes can be checked in its state.

    Sends and destructive calls run without approval here: these tests are about what each tool
    sends; the policy has its own tests (test_policy.py, test_approvals.py).
    """
    return FrontToolkit.offline(double, policy=Policy.allow_all())


# ----------------------------------------------------------------------------- toolkit


def test_toolkit_offers_every_tool_once(toolkit: FrontToolkit) -> None:
    names = [tool.name for tool in toolkit.get_tools(preset="all")]
    assert len(names) == len(tool_classes())
    assert len(set(names)) == len(names)
    assert all(name.startswith("front_") for name in names)


def test_tools_share_one_client(toolkit: FrontToolkit) -> None:
    tools = [t for t in toolkit.get_tools() if isinstance(t, FrontTool)]
    assert {id(t.client) for t in tools} == {id(toolkit.client)}
    assert {id(t.async_client) for t in tools} == {id(toolkit.async_client)}


def test_read_only_drops_every_non_read_tool() -> None:
    tools = FrontToolkit.offline(read_only=True).get_tools()
    effects = {t.effective_effect() for t in tools if isinstance(t, FrontTool)}
    assert effects == {"read"}
    names = {t.name for t in tools}
    assert "front_reply_to_conversation" not in names
    assert "front_call_operation" in names  # kept, but limited to read operations


def test_selection_by_name_and_group(toolkit: FrontToolkit) -> None:
    assert [t.name for t in toolkit.get_tools(names=["front_whoami"])] == ["front_whoami"]
    groups = {t.group for t in toolkit.get_tools(groups=["contacts"]) if isinstance(t, FrontTool)}
    assert groups == {"contacts"}
    narrowed = FrontToolkit.offline(groups=["workspace"]).get_tools(names=["front_list_tags"])
    assert [t.name for t in narrowed] == ["front_list_tags"]


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"names": ["front_nope"]}, "unknown tool names ['front_nope']"),
        ({"groups": ["email"]}, "unknown tool groups ['email']"),
        ({"names": "front_whoami"}, "take lists"),
    ],
)
def test_bad_selection_is_refused_clearly(options: dict[str, Any], fragment: str) -> None:
    with pytest.raises(FrontConfigurationError, match=fragment.replace("[", r"\[")):
        FrontToolkit.offline(**options)


def test_get_tool_unknown_name_lists_names(toolkit: FrontToolkit) -> None:
    with pytest.raises(FrontConfigurationError, match="front_whoami"):
        toolkit.get_tool("front_send_fax")


def test_toolkit_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONT_API_TOKEN", "env-secret-token")
    toolkit = FrontToolkit.from_env()
    assert "env-secret-token" not in repr(toolkit) + repr(toolkit.client)
    monkeypatch.delenv("FRONT_API_TOKEN")
    with pytest.raises(FrontConfigurationError, match="FRONT_API_TOKEN is not set"):
        FrontToolkit.from_env()


def test_token_never_in_tool_repr() -> None:
    toolkit = FrontToolkit.from_token("tok-very-secret-123")
    for tool in toolkit.get_tools():
        assert "tok-very-secret-123" not in repr(tool)
        assert "tok-very-secret-123" not in str(tool.model_dump())


# ----------------------------------------------------------------------------- reading


def test_search_reports_total_and_page_token(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_search_conversations"), {"query": "is:open", "limit": 1})
    assert message.status == "success"
    assert "of 3 total" in message.content
    assert "page_token=" in message.content
    token = message.content.rsplit("page_token=", 1)[1].split()[0]
    second = call(
        toolkit.get_tool("front_search_conversations"),
        {"query": "is:open", "limit": 1, "page_token": token},
    )
    first_id = message.artifact["_results"][0]["id"]
    assert second.artifact["_results"][0]["id"] != first_id


def test_list_conversations_filters_by_status(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_list_conversations"), {"statuses": ["archived"]})
    statuses = {c["status"] for c in message.artifact["_results"]}
    assert statuses == {"archived"}
    assert SEED.archived_conversation_id in message.content


def test_get_conversation_is_compact_text(toolkit: FrontToolkit) -> None:
    message = call(
        toolkit.get_tool("front_get_conversation"),
        {"conversation_id": SEED.conversation_id, "include_timeline": True},
    )
    content = message.content
    assert "Timeline (oldest first)" in content
    assert "_links" not in content and "<div" not in content and "<p>" not in content
    assert set(message.artifact) == {"conversation", "messages", "comments"}
    assert len(content) < len(str(message.artifact)) / 3


def test_unknown_conversation_is_an_actionable_error(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_get_conversation"), {"conversation_id": "cnv_zzzz"})
    assert message.status == "error"
    assert "cnv_zzzz" in message.content
    assert "search or list conversations" in message.content


@pytest.mark.parametrize(
    ("name", "args", "hint", "not_hint"),
    [
        (
            "front_assign_conversation",
            {"conversation_id": SEED.conversation_id, "teammate_id": "tea_zzz"},
            "Check the teammate ID: list teammates to find one, or use alt:email:",
            "conversation ID",
        ),
        (
            "front_add_tags",
            {"conversation_id": SEED.conversation_id, "tag_ids": ["tag_zzz"]},
            "Check the tag ID: list tags to find one.",
            "conversation ID",
        ),
        (
            "front_add_tags",
            {"conversation_id": "cnv_zzz", "tag_ids": [SEED.tag_id]},
            "Check the conversation ID: search or list conversations",
            "tag ID",
        ),
        (
            "front_get_contact",
            {"contact_id": "crd_zzz"},
            "Check the contact ID: find the contact by email or phone first (front_find_contact)",
            "conversation",
        ),
        (
            "front_list_conversations",
            {"inbox_id": "inb_zzz"},
            "Check the inbox ID: list inboxes to find one.",
            "conversation ID",
        ),
    ],
)
def test_not_found_hint_comes_from_the_id_field_front_names(
    toolkit: FrontToolkit, name: str, args: dict[str, Any], hint: str, not_hint: str
) -> None:
    message = call(toolkit.get_tool(name), args)
    assert message.status == "error"
    assert message.content.startswith("Not found: ")
    assert hint in message.content
    assert not_hint not in message.content.split(". ", 1)[1]


def test_malformed_id_is_refused_before_any_request(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double, policy=Policy.allow_all())
    message = call(toolkit.get_tool("front_get_conversation"), {"conversation_id": "conv-12345"})
    assert message.status == "error"
    assert "not a conversation ID" in message.content
    assert "cnv_" in message.content
    assert double.requests == []


def test_merged_conversation_is_followed_and_said(toolkit: FrontToolkit) -> None:
    message = call(
        toolkit.get_tool("front_get_conversation"),
        {"conversation_id": SEED.merged_conversation_id},
    )
    assert message.status == "success"
    assert f"merged into {SEED.conversation_id}" in message.content
    assert message.artifact["conversation"]["id"] == SEED.conversation_id


@pytest.mark.parametrize(
    ("name", "args", "confirmation"),
    [
        ("front_assign_conversation", {"teammate_id": SEED.teammate_id}, "Assigned {new} to"),
        ("front_unassign_conversation", {}, "Unassigned {new}."),
        ("front_set_conversation_status", {"action": "archive"}, "Conversation {new} is now"),
        ("front_add_tags", {"tag_ids": [SEED.vip_tag_id]}, "to {new}."),
        ("front_add_comment", {"body": "note"}, "added to {new}."),
        ("front_create_draft_reply", {"body": "draft"}, "created in {new} "),
    ],
)
def test_write_tools_confirm_and_continue_with_the_surviving_id(
    double: FrontDouble, name: str, args: dict[str, Any], confirmation: str
) -> None:
    """Hardening 7: after a merged conversation's 301, the survivor is used from then on."""
    old, new = SEED.merged_conversation_id, SEED.conversation_id
    message = call(
        FrontToolkit.offline(double, policy=Policy.allow_all()).get_tool(name),
        {"conversation_id": old, **args},
    )
    assert message.status == "success", message.content
    assert confirmation.format(new=new) in message.content
    assert f"{old} was merged into {new}" in message.content
    assert f" {old}." not in message.content.splitlines()[-1]
    # Only the first request names the merged conversation: Front's 301 is followed once.
    paths = [url for _, url in double.requests if "/conversations/" in url]
    assert sum(f"/conversations/{old}" in url for url in paths) == 1


def test_find_contact_by_email_and_phone(toolkit: FrontToolkit) -> None:
    tool = toolkit.get_tool("front_find_contact")
    by_email = call(tool, {"handle": SEED.contact_email.upper()})
    assert by_email.artifact["id"] == SEED.contact_id
    by_phone = call(tool, {"handle": SEED.contact_phone})
    assert by_phone.artifact["id"] == SEED.contact_id
    missing = call(tool, {"handle": "nobody@nowhere.example"})
    assert missing.status == "success"
    assert missing.artifact == {
        "found": False,
        "source": "email",
        "handle": "nobody@nowhere.example",
    }


@pytest.mark.parametrize(
    ("handle", "source", "normalized"),
    [
        ("Ana@Acme.com", "email", "ana@acme.com"),
        ("+1 (555) 010-1234", "phone", "+15550101234"),
        ("@leela", "twitter", "@leela"),
        ("user-123", "custom", "user-123"),
    ],
)
def test_handle_source_guess(handle: str, source: str, normalized: str) -> None:
    assert guess_source(handle) == source
    assert normalize_handle(handle, source) == normalized


# ----------------------------------------------------------------------------- writing


def test_reply_keeps_the_conversation_open_by_default(
    toolkit: FrontToolkit, double: FrontDouble
) -> None:
    tool = toolkit.get_tool("front_reply_to_conversation")
    message = call(tool, {"conversation_id": SEED.conversation_id, "body": "Line one\nLine two"})
    assert message.status == "success"
    assert "message_uid" in message.content and "left open" in message.content
    conversation = toolkit.client.call(
        "get-conversation-by-id", path_params={"conversation_id": SEED.conversation_id}
    )
    assert conversation["status"] != "archived"
    method, url = double.requests[-2]
    assert method == "POST" and url.endswith(f"/conversations/{SEED.conversation_id}/messages")


def test_reply_archives_only_when_asked(toolkit: FrontToolkit) -> None:
    tool = toolkit.get_tool("front_reply_to_conversation")
    call(tool, {"conversation_id": SEED.conversation_id, "body": "Done", "archive": True})
    conversation = toolkit.client.call(
        "get-conversation-by-id", path_params={"conversation_id": SEED.conversation_id}
    )
    assert conversation["status"] == "archived"


def test_text_to_html_keeps_line_breaks_and_escapes() -> None:
    assert text_to_html("a < b\nc") == "a &lt; b<br>\nc"
    assert text_to_html("<p>already html</p>") == "<p>already html</p>"


def test_text_to_html_escapes_only_what_html_requires() -> None:
    """Hardening 9: quotes and apostrophes are not entities (``we&#x27;re``)."""
    assert text_to_html('we\'re "sure" & 1 < 2') == 'we\'re "sure" &amp; 1 &lt; 2'


class _Recorder:
    """The Front double behind a transport that keeps each request's JSON body."""

    def __init__(self) -> None:
        self.double = FrontDouble()
        self.bodies: list[tuple[str, Any]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.bodies.append((f"{request.method} {request.url.path}", body))
        return self.double.handle(request)

    def toolkit(self) -> FrontToolkit:
        client = FrontClient(token="front-double-token", transport=httpx.MockTransport(self.handle))
        return FrontToolkit(client=client, policy=Policy.allow_all())

    def posted(self, suffix: str) -> Any:
        return next(body for line, body in reversed(self.bodies) if line.endswith(suffix))


TEXT = "We're on it.\nTracking: A&B-42"


@pytest.mark.parametrize(
    ("name", "args", "suffix", "expected"),
    [
        (  # email conversation: HTML body with line breaks, plain text alongside
            "front_reply_to_conversation",
            {"conversation_id": SEED.conversation_id},
            "/messages",
            {"body": "We're on it.<br>\nTracking: A&amp;B-42", "text": TEXT},
        ),
        (  # SMS conversation: the text as typed
            "front_reply_to_conversation",
            {"conversation_id": SEED.sms_conversation_id},
            "/messages",
            {"body": TEXT},
        ),
        (  # explicit SMS channel
            "front_reply_to_conversation",
            {"conversation_id": SEED.conversation_id, "channel_id": SEED.sms_channel_id},
            "/messages",
            {"body": TEXT},
        ),
        (  # draft on the SMS conversation's own channel
            "front_create_draft_reply",
            {"conversation_id": SEED.sms_conversation_id},
            "/drafts",
            {"body": TEXT},
        ),
        (  # draft on an email channel
            "front_create_draft_reply",
            {"conversation_id": SEED.conversation_id, "channel_id": SEED.channel_id},
            "/drafts",
            {"body": "We're on it.<br>\nTracking: A&amp;B-42"},
        ),
    ],
)
def test_bodies_go_out_as_html_only_on_email_channels(
    name: str, args: dict[str, Any], suffix: str, expected: dict[str, str]
) -> None:
    """Hardening 9: email gets minimal HTML; SMS and other channels get the text as typed."""
    recorder = _Recorder()
    message = call(recorder.toolkit().get_tool(name), {**args, "body": TEXT})
    assert message.status == "success", message.content
    posted = recorder.posted(suffix)
    assert {key: posted.get(key) for key in expected} == expected
    if "text" not in expected:
        assert "text" not in posted


def test_entities_in_plain_text_bodies_read_back_as_characters() -> None:
    """Hardening 9: a plain-text body holding entities is shown with characters."""
    from langchain_front.tools.render import html_to_text

    assert html_to_text("we&#x27;re at A&amp;B") == "we're at A&B"


def test_draft_finds_a_channel_when_none_is_given(toolkit: FrontToolkit) -> None:
    message = call(
        toolkit.get_tool("front_create_draft_reply"),
        {"conversation_id": SEED.conversation_id, "body": "Draft"},
    )
    assert message.status == "success"
    assert f"channel {SEED.channel_id}" in message.content
    assert message.artifact["id"].startswith("msg_")


async def test_comment_then_read_back_async(toolkit: FrontToolkit) -> None:
    added = await acall(
        toolkit.get_tool("front_add_comment"),
        {"conversation_id": SEED.conversation_id, "body": "Checked with billing."},
    )
    assert added.status == "success" and added.artifact["id"].startswith("com_")
    timeline = await acall(
        toolkit.get_tool("front_get_conversation"),
        {"conversation_id": SEED.conversation_id, "include_timeline": True},
    )
    assert "Checked with billing." in timeline.content


def test_tags_are_added_and_removed_incrementally(toolkit: FrontToolkit) -> None:
    conversation_id = SEED.unassigned_conversation_id
    before = {
        t["id"]
        for t in toolkit.client.call(
            "get-conversation-by-id", path_params={"conversation_id": conversation_id}
        )["tags"]
    }
    call(
        toolkit.get_tool("front_add_tags"),
        {"conversation_id": conversation_id, "tag_ids": [SEED.vip_tag_id]},
    )
    after_add = {
        t["id"]
        for t in toolkit.client.call(
            "get-conversation-by-id", path_params={"conversation_id": conversation_id}
        )["tags"]
    }
    assert after_add == before | {SEED.vip_tag_id}
    call(
        toolkit.get_tool("front_remove_tags"),
        {"conversation_id": conversation_id, "tag_ids": [SEED.vip_tag_id]},
    )
    after_remove = {
        t["id"]
        for t in toolkit.client.call(
            "get-conversation-by-id", path_params={"conversation_id": conversation_id}
        )["tags"]
    }
    assert after_remove == before


def test_assign_by_email_alias_then_unassign(toolkit: FrontToolkit) -> None:
    conversation_id = SEED.unassigned_conversation_id
    assigned = call(
        toolkit.get_tool("front_assign_conversation"),
        {"conversation_id": conversation_id, "teammate_id": f"alt:email:{SEED.teammate_email}"},
    )
    assert assigned.status == "success"
    data = toolkit.client.call(
        "get-conversation-by-id", path_params={"conversation_id": conversation_id}
    )
    assert data["assignee"]["id"] == SEED.teammate_id
    call(toolkit.get_tool("front_unassign_conversation"), {"conversation_id": conversation_id})
    data = toolkit.client.call(
        "get-conversation-by-id", path_params={"conversation_id": conversation_id}
    )
    assert data.get("assignee") is None


@pytest.mark.parametrize(
    ("action", "status"),
    [("archive", "archived"), ("trash", "deleted"), ("reopen", "open"), ("spam", "spam")],
)
def test_set_status_maps_actions(
    toolkit: FrontToolkit, double: FrontDouble, action: str, status: str
) -> None:
    message = call(
        toolkit.get_tool("front_set_conversation_status"),
        {"conversation_id": SEED.conversation_id, "action": action},
    )
    assert message.status == "success"
    assert message.artifact["request"]["status"] == status


def test_bad_enum_is_explained(toolkit: FrontToolkit) -> None:
    message = call(
        toolkit.get_tool("front_set_conversation_status"),
        {"conversation_id": SEED.conversation_id, "action": "close"},
    )
    assert message.status == "error"
    assert "action" in message.content and "archive" in message.content


# ----------------------------------------------------------------------------- meta tools


def test_find_operations_honours_read_only() -> None:
    tool = FrontToolkit.offline(read_only=True).get_tool("front_find_operations")
    message = call(tool, {"query": "delete contact"})
    assert "[read]" in message.content or "No Front operation" in message.content
    assert "delete-a-contact" not in message.content


def test_find_operations_finds_shifts(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_find_operations"), {"query": "list shifts"})
    assert "list-shifts" in message.content
    assert any(op["id"] == "list-shifts" for op in message.artifact)


def test_call_operation_validates_before_any_request(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double)
    message = call(
        toolkit.get_tool("front_call_operation"),
        {"operation_id": "get-contact", "path_params": {}},
    )
    assert message.status == "error"
    assert "contact_id" in message.content
    assert double.requests == []


def test_call_operation_unknown_id_suggests(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_call_operation"), {"operation_id": "list-shift"})
    assert message.status == "error"
    assert "list-shifts" in message.content


def test_call_operation_refuses_writes_when_read_only(double: FrontDouble) -> None:
    toolkit = FrontToolkit.offline(double, read_only=True)
    message = call(
        toolkit.get_tool("front_call_operation"),
        {"operation_id": "delete-a-contact", "path_params": {"contact_id": SEED.contact_id}},
    )
    assert message.status == "error"
    assert "destructive" in message.content and "read" in message.content
    assert double.requests == []


def test_call_operation_reaches_any_operation(toolkit: FrontToolkit) -> None:
    message = call(toolkit.get_tool("front_call_operation"), {"operation_id": "list-shifts"})
    assert message.status == "success"
    assert "_links" not in message.content


# ----------------------------------------------------------------------------- rate limits


def test_rate_limit_exhausted_is_an_actionable_error() -> None:
    from langchain_front import FrontClient, RetryPolicy
    from langchain_front.client import NoPacer

    double = FrontDouble(rate_limit=1)
    client = FrontClient(
        token="t",
        transport=double.transport(),
        retry=RetryPolicy(max_retries=0, max_wait=0),
        pacer=NoPacer(),
    )
    toolkit = FrontToolkit(client=client)
    assert call(toolkit.get_tool("front_whoami"), {}).status == "success"
    message = call(toolkit.get_tool("front_whoami"), {})
    assert message.status == "error"
    assert message.content.startswith("Front rate limit reached; retry after")


def test_null_pagination_is_the_last_page() -> None:
    """Front may send ``"_pagination": null``; every list tool treats it as the last page."""
    import httpx

    from langchain_front import FrontClient

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"_pagination": None, "_results": None, "_total": None})

    client = FrontClient(token="t", transport=httpx.MockTransport(handler))
    toolkit = FrontToolkit(client=client)
    for name, args in [
        ("front_search_conversations", {"query": "x"}),
        ("front_list_conversations", {}),
        ("front_list_conversation_messages", {"conversation_id": SEED.conversation_id}),
        ("front_list_tags", {}),
        ("front_list_inboxes", {}),
    ]:
        message = call(toolkit.get_tool(name), args)
        assert message.status == "success", (name, message.content)
        assert "page_token" not in message.content
