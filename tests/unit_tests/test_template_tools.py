"""Template and signature tools, and template_id / signature_id / quote_body on replies and
drafts, on the Front double."""

from __future__ import annotations

import pytest

from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.content import CONTENT_SEED, content_of
from langchain_front.tools.render.templates import render_template
from tests.unit_tests.content_helpers import Recorder


@pytest.fixture
def rec(double: FrontDouble) -> Recorder:
    return Recorder(double)


def test_find_templates_searches_shared_and_private(rec: Recorder) -> None:
    out = rec.call("front_find_templates", {"query": "refund", "teammate_id": SEED.teammate_id})
    assert out.status == "success"
    assert rec.paths() == [
        "GET /message_templates",
        f"GET /teammates/{SEED.teammate_id}/message_templates",
    ]
    lines = str(out.content).splitlines()
    # name matches rank before text matches; the private one says whose it is
    assert lines[1].startswith('rsp_1a0 "Refund confirmation" (shared)')
    assert lines[2].startswith(f'rsp_1a3 "Ava\'s follow-up" (private to {SEED.teammate_id})')
    assert [t["id"] for t in out.artifact["_results"]] == ["rsp_1a0", "rsp_1a3"]


def test_find_templates_without_teammate_reads_shared_only_and_says_so(rec: Recorder) -> None:
    out = rec.call("front_find_templates", {"query": "checking in"})
    assert rec.paths() == ["GET /message_templates"]
    assert "No shared template matching 'checking in'" in str(out.content)
    assert "teammate_id" in str(out.content)


def test_find_templates_all_words_must_match(rec: Recorder) -> None:
    out = rec.call("front_find_templates", {"query": "order delayed"})
    assert [t["id"] for t in out.artifact["_results"]] == ["rsp_1a1"]
    none = rec.call("front_find_templates", {"query": "order refund"})
    assert none.artifact["_results"] == []


def test_get_template_gives_the_body_as_text(rec: Recorder) -> None:
    out = rec.call("front_get_template", {"template_id": CONTENT_SEED.template_id})
    text = str(out.content)
    assert text.startswith('rsp_1a0 "Refund confirmation" (shared)\nsubject: Your refund\n\nHi,')
    assert "<div" not in text and "within 5 business days" in text
    assert out.artifact["body"].startswith("<div")


def test_template_limits_and_attachments_are_said() -> None:
    tpl = {
        "id": "rsp_9",
        "name": "Label",
        "body": "",
        "is_available_for_all_inboxes": False,
        "inbox_ids": ["inb_1"],
        "attachments": [{"id": "fil_1", "filename": "label.pdf"}],
        "_links": {"related": {"owner": "https://x.api.frontapp.com/teammates/tea_1"}},
    }
    assert render_template(tpl) == (
        'rsp_9 "Label" (private to tea_1, only in inb_1)\n'
        "attachments: label.pdf (fil_1)\n(empty body)"
    )


def test_get_template_not_found_says_how_to_find_one(rec: Recorder) -> None:
    out = rec.call("front_get_template", {"template_id": "rsp_zzz"})
    assert out.status == "error"
    assert "front_find_templates" in str(out.content)
    bad = rec.call("front_get_template", {"template_id": "tpl_1"})
    assert bad.status == "error" and "rsp_" in str(bad.content)


def test_list_signatures_gives_own_and_team_signatures(rec: Recorder) -> None:
    out = rec.call("front_list_signatures", {"teammate_id": f"alt:email:{SEED.teammate_email}"})
    ids = [s["id"] for s in out.artifact["_results"]]
    assert ids == [CONTENT_SEED.signature_id, CONTENT_SEED.team_signature_id]
    assert out.artifact["teams"] == [SEED.team_id]
    assert "default" in str(out.content).splitlines()[2]


def test_list_signatures_for_a_teammate_outside_the_team(rec: Recorder) -> None:
    out = rec.call("front_list_signatures", {"teammate_id": SEED.api_bot_id})
    assert out.status == "success"
    assert "No signature" in str(out.content)
    assert not any("/signatures" in p and "/teams/" in p for p in rec.paths())


def test_reply_from_a_template_sends_its_body_and_names_it(
    rec: Recorder, double: FrontDouble
) -> None:
    out = rec.call(
        "front_reply_to_conversation",
        {
            "conversation_id": SEED.conversation_id,
            "template_id": CONTENT_SEED.template_id,
            "signature_id": CONTENT_SEED.signature_id,
            "quote_body": "Our invoice was charged twice.",
        },
    )
    assert out.status == "success", out.content
    assert 'template rsp_1a0 "Refund confirmation"' in str(out.content)
    sent = rec.body()
    assert "We have refunded the duplicate charge" in sent["body"]
    assert sent["signature_id"] == CONTENT_SEED.signature_id
    assert sent["quote_body"] == "Our invoice was charged twice."
    assert sent["options"] == {"archive": False}
    stored = list(double.store.messages.values())[-1]
    assert "refunded the duplicate charge" in stored.body


def test_draft_from_a_template_on_sms_sends_text_not_html(
    rec: Recorder, double: FrontDouble
) -> None:
    out = rec.call(
        "front_create_draft_reply",
        {"conversation_id": SEED.sms_conversation_id, "template_id": "rsp_1a2"},
    )
    assert out.status == "success", out.content
    assert "The body is template rsp_1a2" in str(out.content)
    body = rec.body()["body"]
    assert "<b>" not in body and "Forgot password" in body


@pytest.mark.parametrize("option", ["signature_id", "quote_body"])
def test_email_only_options_are_refused_on_sms_before_sending(rec: Recorder, option: str) -> None:
    value = CONTENT_SEED.signature_id if option == "signature_id" else "quoted"
    out = rec.call(
        "front_reply_to_conversation",
        {"conversation_id": SEED.sms_conversation_id, "body": "Hi", option: value},
    )
    assert out.status == "error"
    assert f"{option} only works on email channels" in str(out.content)
    assert not any(p.startswith("POST") for p in rec.paths())


@pytest.mark.parametrize(
    "args",
    [
        {"body": "Hi", "template_id": "rsp_1a0"},
        {},
    ],
)
def test_body_or_template_exactly_one(rec: Recorder, args: dict[str, str]) -> None:
    out = rec.call("front_create_draft_reply", {"conversation_id": SEED.conversation_id, **args})
    assert out.status == "error"
    assert "template_id" in str(out.content)
    assert rec.sent == []


def test_unknown_template_on_reply_sends_nothing(rec: Recorder) -> None:
    out = rec.call(
        "front_reply_to_conversation",
        {"conversation_id": SEED.conversation_id, "template_id": "rsp_nope"},
    )
    assert out.status == "error" and "front_find_templates" in str(out.content)
    assert not any(p.startswith("POST") for p in rec.paths())


async def test_find_templates_async(rec: Recorder) -> None:
    out = await rec.acall("front_find_templates", {"query": "password"})
    assert [t["id"] for t in out.artifact["_results"]] == ["rsp_1a2"]


def test_a_template_with_files_says_they_were_not_attached(
    rec: Recorder, double: FrontDouble
) -> None:
    template = content_of(double.store).templates[CONTENT_SEED.template_id]
    template["attachments"] = [{"id": "fil_9z9", "filename": "terms.pdf"}]
    out = rec.call(
        "front_create_draft_reply",
        {"conversation_id": SEED.conversation_id, "template_id": CONTENT_SEED.template_id},
    )
    assert out.status == "success", out.content
    assert "its 1 attached file(s) were not attached" in str(out.content)
