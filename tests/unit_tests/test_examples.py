"""Every example runs, offline, and shows what it promises."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONT_API_TOKEN", raising=False)


def run_example(name: str, capsys: pytest.CaptureFixture[str]) -> str:
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return capsys.readouterr().out


def test_every_example_is_tested() -> None:
    """Each example has a test (oauth_web_app.py: tests/test_oauth_web_app.py)."""
    tested = {"quickstart.py", "langgraph_toolnode.py", "create_agent.py", "oauth_web_app.py"}
    tested |= {"events_to_graph.py"}  # tests/unit_tests/events/test_example.py
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


def test_quickstart(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("quickstart.py", capsys)
    assert "conversations (of" in out
    assert "Timeline (oldest first)" in out


def test_langgraph_toolnode_sync_and_async(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("langgraph_toolnode.py", capsys)
    for mode in ("sync", "async"):
        assert f"[{mode}] front_search_conversations success" in out
        assert f"[{mode}] front_get_conversation error: Invalid arguments" in out


def test_create_agent_sync_and_async(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("create_agent.py", capsys)
    assert "tool: " in out
    assert "ai: Triage done" in out
    assert "async:" in out and "Triage done" in out.split("async:")[1]
