"""Tests that hold for the whole render package: no renderer raises, import is light."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from langchain_front.tools import render
from langchain_front.tools.render import (
    render_channel_line,
    render_contact,
    render_conversation,
    render_conversation_line,
    render_identity,
    render_inbox_line,
    render_message,
    render_tag_line,
    render_teammate_line,
)


@pytest.mark.parametrize(
    "fn",
    [
        render_conversation_line,
        render_conversation,
        render_message,
        render_contact,
        render_inbox_line,
        render_channel_line,
        render_teammate_line,
        render_tag_line,
        render_identity,
    ],
)
@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"id": None, "name": None, "tags": "oops", "assignee": 5, "recipients": [None, 3]},
        {"attachments": [{"filename": None}], "created_at": {"x": 1}, "links": [{"a": 1}]},
        {"handles": [{"handle": None}], "custom_fields": None, "author": [], "body": ["x"]},
    ],
)
def test_renderers_never_raise_on_odd_input(fn: Any, payload: dict[str, Any]) -> None:
    out = fn(payload)
    assert isinstance(out, str) and out
    assert "None" not in out


def test_rendering_needs_no_html_library() -> None:
    """HTML to text is done without lxml or inscriptis (none is a runtime dependency)."""
    modules = [m for name, m in sys.modules.items() if name.startswith(render.__name__)]
    assert len(modules) > 1  # the package and its modules
    for module in modules:
        assert not any(name.startswith(("inscriptis", "lxml")) for name in vars(module)), module
