"""Attachment tools on the Front double: list a message's files, download one as text (PDF with
pypdf, HTML, JSON, CSV), bytes only in the artifact, and the size limit."""

from __future__ import annotations

import base64
import json

import pytest

from langchain_front import FrontClient
from langchain_front.client import NoPacer, Upload
from langchain_front.client._core import form_fields
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.records import Attachment
from langchain_front.tools import _compose
from langchain_front.tools.attachments import FrontDownloadAttachment
from langchain_front.tools.render.attachments import effective_type, extract_text
from tests.unit_tests.content_helpers import Recorder


@pytest.fixture
def rec(double: FrontDouble) -> Recorder:
    return Recorder(double)


def _attach(double: FrontDouble, fid: str, name: str, ctype: str, data: bytes) -> None:
    double.store.attachments[fid] = Attachment(fid, name, ctype, data)
    double.store.messages[SEED.message_id].attachment_ids.append(fid)


def test_list_attachments(rec: Recorder, double: FrontDouble) -> None:
    _attach(double, "fil_0j1", "photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(2000))
    out = rec.call("front_list_message_attachments", {"message_id": SEED.message_id})
    lines = str(out.content).splitlines()
    assert lines[0] == f"2 attachments of message {SEED.message_id}:"
    assert lines[1].startswith("fil_0j0 invoice-4521.pdf (application/pdf, ")
    assert lines[2] == "fil_0j1 photo.png (image/png, 2.0 KB)"
    empty = rec.call("front_list_message_attachments", {"message_id": SEED.outbound_message_id})
    assert "has no attachments" in str(empty.content)


def test_download_pdf_gives_its_text_and_keeps_bytes_out_of_the_content(rec: Recorder) -> None:
    out = rec.call(
        "front_download_attachment",
        {"attachment_id": SEED.attachment_id, "message_id": SEED.message_id},
    )
    assert out.status == "success", out.content
    text = str(out.content)
    assert "text of a 1-page PDF" in text
    assert "October shipment: $1,250.00" in text
    assert "%PDF" not in text and "endobj" not in text
    assert out.artifact["bytes"].startswith(b"%PDF")
    assert out.artifact["size"] == len(out.artifact["bytes"])
    assert rec.paths() == [
        f"GET /messages/{SEED.message_id}",
        f"GET /messages/{SEED.message_id}/download/{SEED.attachment_id}",
    ]


def test_download_without_message_reads_the_headers(rec: Recorder) -> None:
    out = rec.call("front_download_attachment", {"attachment_id": SEED.attachment_id})
    assert str(out.content).startswith(
        f"attachment {SEED.attachment_id}: invoice-4521.pdf (application/pdf,"
    )
    assert rec.paths() == [f"GET /download/{SEED.attachment_id}"]


@pytest.mark.parametrize(
    ("name", "ctype", "data", "expected", "absent"),
    [
        ("notes.csv", "text/csv", b"order,amount\n4521,1250\n", "4521,1250", ""),
        (
            "page.html",
            "text/html",
            b"<p>Hello <b>there</b></p><script>x()</script>",
            "Hello",
            "<b>",
        ),
        ("data.json", "application/json", b'{"a":{"b":[1,2]}}', '"b": [', ""),
        ("blob.bin", "application/octet-stream", bytes(range(256)), "no text to extract", ""),
        ("latin.txt", "text/plain; charset=latin-1", "café".encode("latin-1"), "café", ""),
    ],
)
def test_download_other_types(
    rec: Recorder,
    double: FrontDouble,
    name: str,
    ctype: str,
    data: bytes,
    expected: str,
    absent: str,
) -> None:
    _attach(double, "fil_0j2", name, ctype, data)
    out = rec.call(
        "front_download_attachment", {"attachment_id": "fil_0j2", "message_id": SEED.message_id}
    )
    assert out.status == "success", out.content
    assert expected in str(out.content)
    if absent:
        assert absent not in str(out.content)
    assert out.artifact["bytes"] == data


def test_download_refuses_a_large_file_before_downloading(
    rec: Recorder, double: FrontDouble
) -> None:
    _attach(double, "fil_0j3", "big.pdf", "application/pdf", b"%PDF" + bytes(3000))
    tool = rec.tools["front_download_attachment"]
    assert isinstance(tool, FrontDownloadAttachment)
    tool.max_bytes = 1000
    out = rec.call(
        "front_download_attachment", {"attachment_id": "fil_0j3", "message_id": SEED.message_id}
    )
    assert out.status == "error" and "over the 1000 bytes this tool reads" in str(out.content)
    assert not any("/download/" in p for p in rec.paths())
    # without the message, the size is checked once the bytes arrive
    after = rec.call("front_download_attachment", {"attachment_id": "fil_0j3"})
    assert after.status == "error" and "2.9 KB" in str(after.content)


def test_download_attachment_of_another_message(rec: Recorder) -> None:
    out = rec.call(
        "front_download_attachment",
        {"attachment_id": SEED.attachment_id, "message_id": SEED.outbound_message_id},
    )
    assert out.status == "error" and "is not attached to" in str(out.content)
    assert not any("/download/" in p for p in rec.paths())


def test_download_trims_long_text(rec: Recorder, double: FrontDouble) -> None:
    _attach(double, "fil_0j4", "long.txt", "text/plain", ("word " * 5000).encode())
    out = rec.call(
        "front_download_attachment",
        {"attachment_id": "fil_0j4", "message_id": SEED.message_id, "max_chars": 500},
    )
    assert len(str(out.content)) < 800 and "trimmed" in str(out.content)


def test_extract_text_edge_cases() -> None:
    assert effective_type("application/octet-stream", "report.PDF") == "application/pdf"
    text, how = extract_text(b"%PDF-1.4 broken", "application/pdf", "x.pdf")
    assert text is None and "could not be read" in how
    text, how = extract_text(b"{not json", "application/json", None)
    assert text == "{not json" and "not valid JSON" in how
    assert json.loads(extract_text(b"[1]", "application/vnd.api+json", None)[0] or "") == [1]


async def test_download_async(rec: Recorder) -> None:
    out = await rec.acall("front_download_attachment", {"attachment_id": SEED.attachment_id})
    assert "Charged twice" in str(out.content)


# ----------------------------------------------------------------------------- uploads


def _file(name: str, data: bytes, ctype: str = "text/csv") -> dict[str, str]:
    return {
        "filename": name,
        "content_type": ctype,
        "content_base64": base64.b64encode(data).decode(),
    }


def test_form_fields_follow_fronts_encoding() -> None:
    body = {"to": ["a@x", "b@x"], "options": {"archive": False, "tag_ids": ["tag_1"]}, "x": None}
    assert form_fields(body) == [
        ("to[0]", "a@x"),
        ("to[1]", "b@x"),
        ("options[archive]", "false"),
        ("options[tag_ids][0]", "tag_1"),
    ]


def test_reply_with_a_file_goes_as_multipart_and_round_trips(
    rec: Recorder, double: FrontDouble
) -> None:
    out = rec.call(
        "front_reply_to_conversation",
        {
            "conversation_id": SEED.conversation_id,
            "body": "The corrected invoice is attached.",
            "cc": ["billing@globex.example"],
            "attachments": [_file("invoice-fixed.csv", b"order,amount\n4521,1250\n")],
        },
    )
    assert out.status == "success", out.content
    assert "With 1 attachment: invoice-fixed.csv." in str(out.content)
    post = rec.sent[-1]
    assert post.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="options[archive]"\r\n\r\nfalse' in post.content
    assert b'name="cc[0]"\r\n\r\nbilling@globex.example' in post.content
    assert b'filename="invoice-fixed.csv"' in post.content
    assert double.store.conversations[SEED.conversation_id].state == "open"
    msg = list(double.store.messages.values())[-1]
    [fid] = msg.attachment_ids
    assert double.store.attachments[fid].content == b"order,amount\n4521,1250\n"
    back = rec.call("front_download_attachment", {"attachment_id": fid})
    assert "4521,1250" in str(back.content)


def test_comment_and_draft_take_files(rec: Recorder, double: FrontDouble) -> None:
    pdf = double.store.attachments[SEED.attachment_id].content
    comment = rec.call(
        "front_add_comment",
        {
            "conversation_id": SEED.conversation_id,
            "body": "Scan attached",
            "attachments": [_file("scan.pdf", pdf, "application/pdf")],
        },
    )
    assert comment.status == "success", comment.content
    assert comment.artifact["attachments"][0]["filename"] == "scan.pdf"
    draft = rec.call(
        "front_create_draft_reply",
        {
            "conversation_id": SEED.conversation_id,
            "body": "Draft with files",
            "attachments": [_file("a.txt", b"A", "text/plain"), _file("b.txt", b"B", "text/plain")],
        },
    )
    assert draft.status == "success", draft.content
    assert [a["filename"] for a in draft.artifact["attachments"]] == ["a.txt", "b.txt"]
    assert b'name="mode"\r\n\r\nshared' in rec.sent[-1].content


@pytest.mark.parametrize(
    ("file", "fragment"),
    [
        ({"filename": "x.txt", "content_base64": "not base64!"}, "not valid base64"),
        ({"filename": "../etc/passwd", "content_base64": "QQ=="}, "filename"),
        ({"filename": "x.txt", "content_base64": "QQ==", "path": "/etc/passwd"}, "path"),
        ({"filename": "x.txt", "content_type": "pdf", "content_base64": "QQ=="}, "content_type"),
    ],
)
def test_bad_files_are_refused_before_sending(
    rec: Recorder, file: dict[str, str], fragment: str
) -> None:
    out = rec.call(
        "front_add_comment",
        {"conversation_id": SEED.conversation_id, "body": "x", "attachments": [file]},
    )
    assert out.status == "error" and fragment in str(out.content)
    assert rec.sent == []


def test_files_over_the_size_bounds_are_refused(
    rec: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_compose, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(_compose, "MAX_TOTAL_BYTES", 150)
    big = rec.call(
        "front_add_comment",
        {
            "conversation_id": SEED.conversation_id,
            "body": "x",
            "attachments": [_file("big.bin", bytes(101))],
        },
    )
    assert big.status == "error" and "big.bin is 101 bytes" in str(big.content)
    total = rec.call(
        "front_send_new_message",
        {
            "channel_id": SEED.channel_id,
            "to": ["a@example.com"],
            "body": "x",
            "attachments": [_file("a.bin", bytes(80)), _file("b.bin", bytes(80))],
        },
    )
    assert total.status == "error" and "total 160 bytes" in str(total.content)
    assert not any(r.method == "POST" for r in rec.sent)


async def test_upload_async(rec: Recorder, double: FrontDouble) -> None:
    out = await rec.acall(
        "front_add_comment",
        {
            "conversation_id": SEED.conversation_id,
            "body": "async",
            "attachments": [_file("async.txt", b"hello", "text/plain")],
        },
    )
    assert out.status == "success", out.content
    [fid] = [a["id"] for a in out.artifact["attachments"]]
    assert double.store.attachments[fid].content == b"hello"


def test_a_file_path_is_refused_with_what_to_do(rec: Recorder) -> None:
    out = rec.call(
        "front_reply_to_conversation",
        {"conversation_id": SEED.conversation_id, "body": "x", "file_path": "/etc/passwd"},
    )
    assert out.status == "error"
    assert "attachments with content_base64, not a path" in str(out.content)
    assert rec.sent == []


def test_a_multipart_request_is_sent_again_whole_after_a_429() -> None:
    now = [0.0]
    double = FrontDouble(rate_limit=1, window_seconds=10, clock=lambda: now[0])

    def sleep(seconds: float) -> None:
        now[0] += seconds

    client = FrontClient(token="t", transport=double.transport(), sleep=sleep, pacer=NoPacer())
    client.request("list-tags")  # spends the window
    response = client.request(
        "add-comment",
        path_params={"conversation_id": SEED.conversation_id},
        body={"body": "after a 429"},
        files=[Upload("retry.txt", "text/plain", b"sent twice, stored once")],
    )
    assert response.status == 201
    assert [a["filename"] for a in response.data["attachments"]] == ["retry.txt"]
    stored = [a for a in double.store.attachments.values() if a.filename == "retry.txt"]
    assert [a.content for a in stored] == [b"sent twice, stored once"]
    assert [m for m, u in double.requests if m == "POST"] == ["POST", "POST"]
