"""Tests for render_generic: any Front response as compact JSON."""

from __future__ import annotations

import json

from langchain_front.tools.render import render_generic
from tests.unit_tests.render.samples import API, thread


def test_render_generic_list_response() -> None:
    _, messages, _ = thread()
    response = {
        "_pagination": {"next": f"{API}/conversations/cnv_yo1kg5q/messages?page_token=p%2F2"},
        "_links": {"self": f"{API}/conversations/cnv_yo1kg5q/messages"},
        "_results": messages[-2:],
    }
    out = render_generic(response)
    lines = out.splitlines()
    assert lines[0] == "2 results:"
    assert lines[-1] == "More results: call again with page_token=p/2"
    first = json.loads(lines[1])
    assert first["id"] == "msg_2"
    assert first["created_at"] == "2023-11-30T21:17:29Z"
    assert first["conversation_id"] == "cnv_yo1kg5q"  # rescued from _links.related
    assert "draft_mode" not in first and "text" not in first  # nulls dropped
    assert "<div" not in first["body"] and "Sure, here is the quote." in first["body"]
    assert "_links" not in out and "api.frontapp.com/messages" not in out
    assert first["attachments"][0] == {
        "id": "fil_quote1",
        "filename": "quote.pdf",
        "url": f"{API}/download/fil_quote1",
        "content_type": "application/pdf",
        "size": 4405,
        "metadata": {"is_inline": False, "cid": "526b45586d0e6b1c484afab63d1ef0be"},
    }


def test_render_generic_search_total_and_ms_timestamps() -> None:
    response = {
        "_pagination": {"next": None},
        "_links": {"self": f"{API}/conversations/search/foo"},
        "_total": 1,
        "_results": [
            {
                "_links": {"self": f"{API}/events/evt_1"},
                "id": "evt_1",
                "emitted_at": 1703102616123,
                "duration": 189,
                "undo_send_time": 15,
                "start": "09:00",
            }
        ],
    }
    out = render_generic(response)
    assert out.splitlines()[0] == "1 result (of 1 total):"
    row = json.loads(out.splitlines()[1])
    assert row == {
        "id": "evt_1",
        "emitted_at": "2023-12-20T20:03:36Z",
        "duration": 189,
        "undo_send_time": 15,
        "start": "09:00",
    }
    assert "page_token" not in out


def test_render_generic_object_none_and_trim() -> None:
    assert render_generic(None) == "Done (no content)."
    assert render_generic("") == "Done (no content)."
    assert render_generic({"_links": {"self": f"{API}/me"}}) == "Done (no content)."
    out = render_generic(
        {
            "_links": {"self": f"{API}/me"},
            "id": "cmp_k30",
            "name": "Dunder Mifflin",
            "logo": None,
            "flags": [],
            "is_x": False,
            "count": 0,
            "nested": {"_links": {"self": "x"}, "a": {}, "b": "ü"},
        }
    )
    assert (
        out == '{"id":"cmp_k30","name":"Dunder Mifflin","is_x":false,"count":0,"nested":{"b":"ü"}}'
    )
    big = render_generic({"body": "word " * 5000}, max_chars=500)
    assert len(big) <= 500 and big.endswith("more characters]")
    assert render_generic([{"id": "a"}, 3]) == '2 items:\n{"id":"a"}\n{"value":3}'
    assert render_generic(b"\x89PNG") == "Binary content (4 bytes)."
