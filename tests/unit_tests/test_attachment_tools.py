"""Attachment tools on the Front double: list a message's files, download one as text (PDF with
pypdf, HTML, JSON, CSV), bytes only in the artifact, and the size limit."""

from __future__ import annotations

import json

import pytest

from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.records import Attachment
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
