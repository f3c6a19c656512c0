"""Tests for render_list: count header, size budget and next-page footer."""

from __future__ import annotations

from langchain_front.tools.render import (
    render_conversation_line,
    render_inbox_line,
    render_list,
    render_tag_line,
)
from tests.unit_tests.render.samples import conversation


def test_render_list_with_total_and_page_token() -> None:
    convs = [conversation(id=f"cnv_{i}", subject=f"Order {i}") for i in range(3)]
    out = render_list(
        convs, render_conversation_line, noun="conversations", total=57, next_page_token="tok=="
    )
    lines = out.splitlines()
    assert lines[0] == "3 conversations (of 57 total):"
    assert [line.split(" | ")[0] for line in lines[1:4]] == ["cnv_0", "cnv_1", "cnv_2"]
    assert lines[-1] == "More results: call again with page_token=tok=="
    assert "http" not in out


def test_render_list_empty_and_singular() -> None:
    assert render_list([], render_tag_line, noun="conversations") == "No conversations found."
    assert render_list([], render_tag_line, noun="tags", next_page_token="t") == (
        "No tags on this page.\nMore results: call again with page_token=t"
    )
    out = render_list([{"id": "inb_1", "name": "Sales"}], render_inbox_line, noun="inboxes")
    assert out == "1 inbox:\ninb_1 | Sales"


def test_render_list_budget() -> None:
    convs = [conversation(id=f"cnv_{i}") for i in range(200)]
    out = render_list(
        convs, render_conversation_line, noun="conversations", next_page_token="abc", max_chars=2000
    )
    assert len(out) <= 2000
    shown = [line for line in out.splitlines() if line.startswith("cnv_")]
    assert 0 < len(shown) < 200
    assert f"[{200 - len(shown)} more conversations left out to fit the size limit" in out
    assert out.endswith("More results: call again with page_token=abc")
    # a single huge line is trimmed rather than dropped
    huge = render_list([{"id": "x" * 5000}], lambda d: str(d["id"]), noun="items", max_chars=1000)
    assert "[trimmed" in huge and len(huge) < 1100
