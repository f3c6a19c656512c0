"""Tests for the message, comment and accepted-send renderers."""

from __future__ import annotations

from langchain_front.tools.render import render_accepted, render_message
from langchain_front.tools.render.messages import render_message_head
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
    assert out.startswith(
        "msg_1 in cnv_yo1kg5q (reply to msg_previous): inbound email, 2023-11-29T21:17:29Z\n"
        "from Phyllis Lapin-Vance <purpleboss@limitlesspaper.com> to sales@dundermifflin.com "
        "cc accounting@limitlesspaper.com\n"
        "attachments: PO-4411.pdf (fil_po4411)\n"
        "<customer_data>\nsubject: Re: Paper order for Scranton branch\nHi Michael,"
    )
    assert out.endswith("Phyllis\n</customer_data>")
    text = out.replace("<customer_data>", "").replace("</customer_data>", "")
    assert "http" not in out and "<" not in text.replace("<purpleboss", "")
    assert "author:" not in out  # inbound: author is null
    assert render_message(msg, with_id=False).startswith("in cnv_yo1kg5q (reply to msg_previous)")
    head = render_message_head(msg)
    assert head.startswith("inbound email, 2023-11-29T21:17:29Z\nfrom Phyllis")
    assert head.endswith(
        "subject: <customer_data>Re: Paper order for Scranton branch</customer_data>"
    )
    assert "Hi Michael" not in head and "cnv_" not in head and "msg_" not in head

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
    assert out.startswith("msg_d1 in cnv_yo1kg5q (reply to msg_previous): draft email (shared), ")
    assert "draft version: 551ba368f3e7803cce51503ee3e58ef0-26028-1701804863304-945c" in out
    assert "author: Michael Scott <michael.scott@dundermifflin.com> (tea_6r55a)" in out
    legacy = render_message({"id": "msg_x", "is_draft": True, "body": None})
    assert legacy == "msg_x: draft message\nbody: (empty)"
    assert render_message({}) == "(no id): message\nbody: (empty)"


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
