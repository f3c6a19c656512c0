"""Renderers of contacts in lists, notes, accounts, events and analytics metrics."""

from __future__ import annotations

from typing import Any

import pytest

from langchain_front.tools.render import (
    render_account,
    render_account_line,
    render_contact_line,
    render_event_line,
    render_metrics,
    render_note_line,
)


def test_account_and_contact_lines() -> None:
    account = {
        "_links": {"self": "https://x.api.frontapp.com/accounts/acc_1"},
        "id": "acc_1",
        "name": "Globex",
        "domains": ["globex.com", None, ""],
        "external_id": None,
        "logo_url": None,
    }
    assert render_account_line(account) == "acc_1 | Globex | domains: globex.com"
    contact = {"id": "crd_1", "name": "Jane", "handles": [{"source": "email", "handle": "j@x.co"}]}
    assert render_contact_line(contact) == "crd_1 | Jane | email: j@x.co"
    assert render_account({"id": "acc_1"}) == "account: acc_1"


def test_note_line_has_date_author_and_text() -> None:
    note = {
        "author": {"id": "tea_1", "first_name": "Ava", "last_name": "Chen"},
        "body": "<p>Prefers <b>email</b></p>",
        "created_at": 1701292639,
    }
    assert render_note_line(note) == "- 2023-11-29T21:17:19Z by Ava Chen (tea_1): Prefers email"


def test_event_line_keeps_what_a_model_acts_on() -> None:
    event = {
        "_links": {"self": "https://x.api.frontapp.com/events/evt_1"},
        "id": "evt_1",
        "type": "tag",
        "emitted_at": 1701292639,
        "conversation": {"id": "cnv_1", "subject": "Refund " + "x" * 100, "_links": {}},
        "source": {"_meta": {"type": "rule"}, "data": {"id": "rul_1", "name": "Auto-tag"}},
        "target": {"_meta": {"type": "tag"}, "data": {"id": "tag_1", "name": "Billing"}},
    }
    line = render_event_line(event)
    assert line.startswith("evt_1 | 2023-11-29T21:17:19Z | tag | cnv_1 <customer_data>Refund xx")
    assert "…" in line and len(line) < 190
    assert line.endswith("| by rule Auto-tag | on tag Billing (tag_1)")


def test_metrics_lines() -> None:
    table = render_metrics(
        [
            {"id": "num_messages_received", "type": "number", "value": 1234},
            {"id": "avg_first_response_time", "type": "duration", "value": 5400},
            {"id": "pct_resolved_on_first_reply", "type": "percentage", "value": "12.50"},
            {"id": "avg_csat_survey_response", "type": "number", "value": None},
        ]
    )
    assert table.splitlines() == [
        "num_messages_received: 1,234",
        "avg_first_response_time: 1h 30m",
        "pct_resolved_on_first_reply: 12.5%",
        "avg_csat_survey_response: (no data)",
    ]
    assert render_metrics([]) == "No metrics in the report."


@pytest.mark.parametrize(
    "fn", [render_account_line, render_contact_line, render_note_line, render_event_line]
)
@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"id": None, "name": None, "domains": "oops", "handles": [None, 3], "author": 5},
        {"source": {"_meta": None, "data": [1]}, "target": {"_meta": {"type": "tag"}, "data": 3}},
        {"conversation": [], "emitted_at": {"x": 1}, "body": ["x"], "created_at": "soon"},
    ],
)
def test_renderers_never_raise_on_odd_input(fn: Any, payload: dict[str, Any]) -> None:
    out = fn(payload)
    assert isinstance(out, str) and out
    assert "None" not in out


def test_metrics_lines_never_raises_on_odd_input() -> None:
    out = render_metrics([None, {"id": None, "type": 3, "value": [1]}, "x"])
    assert "None" not in out
