"""Tests for the render package's text primitives: HTML to text, times, trimming."""

from __future__ import annotations

from langchain_front.tools.render import (
    DEFAULT_BODY_CHARS,
    DEFAULT_MAX_CHARS,
    format_time,
    html_to_text,
    truncate,
)
from tests.unit_tests.render.samples import INBOUND_HTML, REPLY_HTML


def test_defaults() -> None:
    assert DEFAULT_BODY_CHARS == 1200
    assert DEFAULT_MAX_CHARS == 12000


def test_html_to_text_removes_tags_and_keeps_text() -> None:
    text = html_to_text(INBOUND_HTML)
    assert "<" not in text and ">" not in text
    assert "Hi Michael," in text
    assert "purchase order" in text
    assert "https://" not in text
    lines = text.splitlines()
    # list items on separate lines
    assert any(line.strip().endswith("500 reams of copy paper") for line in lines)
    assert any(line.strip().endswith("20 boxes of cardstock") for line in lines)
    item_lines = [line for line in lines if "reams" in line or "cardstock" in line]
    assert len(item_lines) == 2
    # runs of blank lines collapsed, no trailing spaces
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in lines)
    assert "Thanks,\nPhyllis" in text


def test_html_to_text_quoted_reply_and_entities() -> None:
    text = html_to_text(REPLY_HTML)
    assert "Sure, here is the quote." in text
    assert "&nbsp;" not in text and "\xa0" not in text
    quoted = next(line for line in text.splitlines() if "Could you send us a quote" in line)
    assert quoted.startswith("  ")  # blockquote stays visibly quoted
    assert html_to_text("<p>Fish &amp; chips</p>") == "Fish & chips"


def test_html_to_text_plain_and_empty() -> None:
    assert html_to_text(None) == ""
    assert html_to_text("") == ""
    assert html_to_text("line one  \n\n\n\nline two\r\n") == "line one\n\nline two"
    assert html_to_text("a < b and c > d") == "a < b and c > d"
    assert html_to_text("<p>\u200bhidden\u200c marker</p>") == "hidden marker"


def test_format_time() -> None:
    assert format_time(1701292649.333) == "2023-11-29T21:17:29Z"
    assert format_time(1701292649) == "2023-11-29T21:17:29Z"
    assert format_time(1701292649333) == "2023-11-29T21:17:29Z"  # milliseconds
    assert format_time(1701292649333.0) == "2023-11-29T21:17:29Z"
    assert format_time("1701292649.333") == "2023-11-29T21:17:29Z"
    assert format_time("2023-11-29T22:17:29+01:00") == "2023-11-29T21:17:29Z"
    assert format_time("2023-11-29T21:17:29Z") == "2023-11-29T21:17:29Z"
    assert format_time(None) is None
    assert format_time("") is None
    assert format_time(float("nan")) is None
    assert format_time(True) is None
    assert format_time("next tuesday") == "next tuesday"


def test_truncate() -> None:
    assert truncate("short text", 100) == "short text"
    assert truncate("", 5) == ""
    text = "word " * 100  # 500 chars
    out = truncate(text.strip(), 103)
    kept, _, note = out.partition(" … ")
    assert kept.endswith("word") and len(kept) <= 103
    assert note == f"[trimmed {len(text.strip()) - len(kept)} more characters]"
    # no word boundary nearby: hard cut
    out = truncate("x" * 50, 10)
    assert out == "x" * 10 + " … [trimmed 40 more characters]"
    assert truncate("abc", 0) == "… [trimmed 3 more characters]"
