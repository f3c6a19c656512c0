"""Tests for the message, comment and accepted-send renderers."""

from __future__ import annotations

from langchain_front.tools.render import render_accepted, render_message
from tests.unit_tests.render.samples import INBOUND_HTML, MICHAEL, attachment, message


def test_render_message_and_draft() -> None:
    msg = message(
        "msg_1",
        1701292649.333,
        inbound=True,
        body=INBOUND_HTML,
        attachments=[attachment("fil_po4411", "PO-4411.pdf")],
    )
    out = render_message(msg)
    assert out.startswith("message: msg_1\nconversation: cnv_yo1kg5q\nin reply to: msg_previous\n")
    assert "kind: inbound email" in out
    assert "time: 2023-11-29T21:17:29Z" in out
    assert "from: Phyllis Lapin-Vance <purpleboss@limitlesspaper.com>" in out
    assert "to: Dunder Mifflin Sales <sales@dundermifflin.com>" in out
    assert "cc: accounting@limitlesspaper.com" in out
    assert "attachments: PO-4411.pdf (fil_po4411)" in out
    assert "body:\n<customer_data>\nHi Michael," in out
    text = out.replace("<customer_data>", "").replace("</customer_data>", "")
    assert "http" not in out and "<" not in text.replace("<purpleboss", "").replace("<sales", "")
    assert "author:" not in out  # inbound: author is null

    draft = message(
        "msg_d1",
        1701292700,
        inbound=False,
        body="<p>Draft reply</p>",
        author=MICHAEL,
        draft_mode="shared",
        version="551ba368f3e7803cce51503ee3e58ef0-26028-1701804863304-945c",
    )
    out = render_message(draft)
    assert "kind: draft email (shared)" in out
    assert "draft version: 551ba368f3e7803cce51503ee3e58ef0-26028-1701804863304-945c" in out
    assert "author: Michael Scott <michael.scott@dundermifflin.com> (tea_6r55a)" in out
    legacy = render_message({"id": "msg_x", "is_draft": True, "body": None})
    assert "kind: draft message" in legacy and "body: (empty)" in legacy
    assert render_message({}).startswith("message: (no id)")


def test_render_accepted() -> None:
    out = render_accepted(
        {"status": "accepted", "message_uid": "1eab543f84a0785f7b6b8967cck18f4d"}, what="reply"
    )
    assert out.startswith(
        "Reply accepted by Front (asynchronous). message_uid=1eab543f84a0785f7b6b8967cck18f4d"
    )
    assert "alt:uid:1eab543f84a0785f7b6b8967cck18f4d" in out
    folder = render_accepted(
        {"status": "accepted", "message_template_folder_id": "rsf_g2"}, what="Folder deletion"
    )
    assert (
        folder
        == "Folder deletion accepted by Front (asynchronous). message_template_folder_id=rsf_g2"
    )
    assert render_accepted({}, what="Validation") == "Validation accepted by Front (asynchronous)."
