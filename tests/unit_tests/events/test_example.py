"""examples/events_to_graph.py: a signed inbound event triages its conversation exactly once."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from langchain_front.testing import SEED

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "events_to_graph.py"


def test_events_to_graph(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    out = capsys.readouterr().out
    assert "valid: HTTP 200" in out and "duplicate: HTTP 200" in out
    assert "replay: HTTP 401" in out and "bad signature: HTTP 401" in out
    assert f"graph runs: 1 (front:{SEED.conversation_id})" in out
    assert "tagged: Billing; notes left: 1" in out


async def test_events_to_graph_state_on_the_double() -> None:
    module = runpy.run_path(str(EXAMPLE))
    outcome = await module["run"]()
    assert outcome["answers"] == {
        "valid": 200,
        "duplicate": 200,
        "replay": 401,
        "bad signature": 401,
    }
    assert len(outcome["runs"]) == 1  # the duplicate did not run the graph again
    assert SEED.tag_id in outcome["tag_ids"]  # Billing, on the double itself
    assert outcome["notes"] == 1
