"""The console script: demo, tools, call; clear errors and exit codes, no tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from langchain_front.cli import main
from langchain_front.testing import SEED
from langchain_front.tools import tool_classes


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue(), capsys.readouterr().err


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONT_API_TOKEN", raising=False)


def test_demo_runs_offline_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["demo"], capsys)
    assert code == 0
    assert "built-in Front double" in out
    for step in ("front_whoami", "front_list_inboxes", "front_search_conversations"):
        assert f"-> {step}(" in out
    assert "Timeline (oldest first)" in out
    assert "Draft msg_" in out
    # the approval step: what a reviewer sees, and the send never happens
    assert "approval asked: front_reply_to_conversation (send)" in out
    assert "would send: POST /conversations/" in out
    assert "rejected" in out and "nothing was sent" in out


def test_tools_lists_name_effect_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["tools"], capsys)
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == len(tool_classes())
    reply = next(line for line in lines if line.startswith("front_reply_to_conversation"))
    assert " send " in reply


def test_tools_json_has_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["tools", "--json", "--read-only"], capsys)
    assert code == 0
    tools = json.loads(out)
    assert {t["effect"] for t in tools} == {"read"}
    search = next(t for t in tools if t["name"] == "front_search_conversations")
    assert search["parameters"]["required"] == ["query"]
    assert "description" in search["parameters"]["properties"]["query"]


def test_call_prints_content_or_artifact(capsys: pytest.CaptureFixture[str]) -> None:
    args = json.dumps({"conversation_id": SEED.conversation_id})
    code, out, err = run(["call", "front_get_conversation", "--args", args], capsys)
    assert code == 0 and "Timeline" in out
    assert "built-in Front double" in err
    code, out, _ = run(["call", "front_get_conversation", "--args", args, "--artifact"], capsys)
    assert code == 0 and json.loads(out)["conversation"]["id"] == SEED.conversation_id


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["call", "front_whoami", "--args", "{oops"], 2, "--args is not valid JSON"),
        (["call", "front_whoami", "--args", "[1]"], 2, "must be a JSON object"),
        (["call", "front_fax", "--offline"], 1, "no tool named 'front_fax'"),
        (
            ["call", "front_get_conversation", "--args", '{"conversation_id": "cnv_nope"}'],
            1,
            "Not found",
        ),
        (["call", "front_get_conversation", "--args", "{}"], 1, "conversation_id"),
    ],
)
def test_expected_errors_are_one_clear_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, fragment: str
) -> None:
    got, out, err = run(argv, capsys)
    assert got == code
    assert fragment in err
    assert "Traceback" not in err + out


def test_console_script_end_to_end() -> None:
    """The installed entry point, as a person runs it (offline; no network)."""
    result = subprocess.run(
        [sys.executable, "-m", "langchain_front.cli", "call", "front_whoami", "--offline"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "", "PYTHONPATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert SEED.company_id in result.stdout


def test_call_dry_run_shows_the_requests_and_sends_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = '{"conversation_id": "cnv_7g0", "body": "Hello"}'
    code, out, _ = run(["call", "front_reply_to_conversation", "--args", args, "--dry-run"], capsys)
    assert code == 0
    assert "Dry run: nothing was sent" in out and "POST /conversations/cnv_7g0/messages" in out


def test_call_of_a_send_without_approval_fails_closed(capsys: pytest.CaptureFixture[str]) -> None:
    args = '{"conversation_id": "cnv_7g0", "body": "Hello"}'
    code, _, err = run(["call", "front_reply_to_conversation", "--args", args], capsys)
    assert code != 0 and "nothing was sent" in err
