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
    """Each example has a test (oauth_web_app.py: test_oauth_web_app.py; triage_graph.py:
    test_triage_graph.py; approval_inbox/: test_approval_inbox.py;
    events_to_graph.py: events/test_example.py)."""
    tested = {
        "quickstart.py",
        "langgraph_toolnode.py",
        "create_agent.py",
        "oauth_web_app.py",
        "triage_graph.py",
        "create_agent_approval.py",
        "events_to_graph.py",
    }
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


def test_create_agent_approval_approve_edit_reject(capsys: pytest.CaptureFixture[str]) -> None:
    out = run_example("create_agent_approval.py", capsys)
    lines = out.splitlines()
    assert "'front_reply_to_conversation'" in lines[0]  # interrupt_on names the send tool
    assert "front_add_tags" not in lines[0]  # a write runs without approval
    assert "[approve] paused on front_reply_to_conversation; sent so far: []" in out
    reply = "Hi Raj, we reset your portal access; please sign in again."
    assert f"[approve] sent to Front: ['{reply}']" in out
    assert "[edit] sent to Front: ['Hi Raj, a teammate will call you.']" in out
    # The rejection reaches the model as a tool message, and Front receives nothing.
    (said,) = [line for line in lines if line.startswith("[reject] model:")]
    assert "Do not promise a reset yet." in said
    assert "[reject] sent to Front: []" in out
