"""``langchain-front mcp`` flags and ``mcp key``: tokens shown once, stored as digests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from langchain_front.cli import main, parser
from langchain_front.mcp.cli import policy_from
from langchain_front.mcp.keys import KeyFile


def test_key_create_list_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = tmp_path / "keys.json"
    assert main(["mcp", "key", "create", "--user", "alice", "--keys", str(keys)]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("lcf_") and len(token) > 40
    assert token not in keys.read_text()  # only its digest is stored
    assert oct(keys.stat().st_mode & 0o777) == "0o600"
    assert KeyFile(keys).user_for(token) == "alice"
    assert KeyFile(keys).user_for(token + "x") is None
    main(["mcp", "key", "create", "--user", "bob", "--keys", str(keys)])
    capsys.readouterr()
    assert main(["mcp", "key", "list", "--keys", str(keys)]) == 0
    assert capsys.readouterr().out == "alice: 1 token(s)\nbob: 1 token(s)\n"
    assert main(["mcp", "key", "revoke", "--user", "alice", "--keys", str(keys)]) == 0
    assert KeyFile(keys).user_for(token) is None
    assert [v["user_id"] for v in json.loads(keys.read_text()).values()] == ["bob"]


def test_policy_flags() -> None:
    ns = parser().parse_args(
        ["mcp", "--allow", "send", "--deny", "destructive", "--approve-tool", "front_add_tags",
         "--deny-tool", "front_add_comment"]
    )  # fmt: skip
    policy = policy_from(ns)
    assert (policy.read, policy.write, policy.destructive, policy.send) == (
        "allow",
        "allow",
        "deny",
        "allow",
    )
    assert policy.tools == {"front_add_tags": "approve", "front_add_comment": "deny"}
    assert policy_from(parser().parse_args(["mcp", "--policy", "read-only"])).write == "deny"


def test_refuses_to_start_without_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FRONT_API_TOKEN", raising=False)
    assert main(["mcp"]) == 1
    assert "--offline" in capsys.readouterr().err
    assert main(["mcp", "--http", "--offline", "--keys", str(tmp_path / "none.json")]) == 1
    assert "mcp key create" in capsys.readouterr().err
