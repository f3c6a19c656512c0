"""`langchain-front auth login/status/logout`, end to end against a loopback token endpoint."""

from __future__ import annotations

import io
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from langchain_front.cli import main
from langchain_front.testing import FrontOAuthServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Output(io.StringIO):
    """A stdout that a test can poll while the CLI still runs in another thread."""

    def url(self, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(r"https?://\S+/oauth/authorize\S*", self.getvalue())
            if found:
                return found.group(0)
            time.sleep(0.05)
        raise AssertionError(f"no authorize URL printed: {self.getvalue()!r}")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FrontOAuthServer]:
    started = FrontOAuthServer().start()
    monkeypatch.setenv("FRONT_CLIENT_ID", started.client_id)
    monkeypatch.setenv("FRONT_CLIENT_SECRET", started.client_secret)
    monkeypatch.setenv("FRONT_REDIRECT_URI", f"http://127.0.0.1:{free_port()}/integration-callback")
    monkeypatch.setenv("FRONT_OAUTH_AUTHORIZE_URL", started.authorize_url)
    monkeypatch.setenv("FRONT_OAUTH_TOKEN_URL", started.token_url)
    yield started
    started.stop()


def start_login(
    store: str = "memory:", user: str = "default", timeout: float = 20
) -> tuple[threading.Thread, Output, list[int]]:
    """Start `auth login` in a thread; returns the thread, its stdout and its exit code (once
    done)."""
    out = Output()
    codes: list[int] = []
    argv = ["auth", "login", "--no-browser", "--store", store, "--user", user]
    argv += ["--timeout", str(timeout)]
    runner = threading.Thread(target=lambda: codes.append(main(argv, out=out)), daemon=True)
    runner.start()
    return runner, out, codes


def login(store: str, user: str = "default") -> tuple[int, str]:
    """Run `auth login` in a thread and play the person approving in the browser."""
    runner, out, codes = start_login(store, user)
    approved = httpx.get(out.url(), follow_redirects=True, timeout=10)
    assert approved.status_code == 200 and "Front is connected" in approved.text
    runner.join(20)
    return codes[0], out.getvalue()


def test_login_status_logout(
    server: FrontOAuthServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = f"sqlite:{tmp_path / 'tokens.sqlite3'}"
    code, out = login(store, user="ops")
    assert code == 0
    assert "Connected Front for user 'ops'" in out
    assert "scope" not in out.split("/oauth/authorize", 1)[1].split()[0]

    status = io.StringIO()
    assert main(["auth", "status", "--store", store], out=status) == 0
    assert re.search(r"ops: access token valid for \d+ min", status.getvalue())
    for secret in [server.client_secret, *server.issued_access_tokens, "rt-"]:
        assert secret not in out + status.getvalue()

    assert main(["auth", "logout", "--user", "ops", "--store", store], out=io.StringIO()) == 0
    status = io.StringIO()
    main(["auth", "status", "--store", store], out=status)
    assert "No Front user is connected" in status.getvalue()
    assert main(["auth", "logout", "--user", "ops", "--store", store]) == 1
    assert "no Front token is stored for user 'ops'" in capsys.readouterr().err


def test_login_without_app_settings_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FRONT_CLIENT_ID", raising=False)
    assert main(["auth", "login", "--no-browser", "--store", "memory:"]) == 1
    err = capsys.readouterr().err
    assert "FRONT_CLIENT_ID" in err and "Traceback" not in err


def test_login_needs_a_loopback_redirect(
    server: FrontOAuthServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRONT_REDIRECT_URI", "https://app.example.com/integration-callback")
    assert main(["auth", "login", "--no-browser", "--store", "memory:"]) == 1
    assert "loopback redirect URL" in capsys.readouterr().err


def test_unknown_store_kind_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["auth", "status", "--store", "dynamo://table"]) == 1
    err = capsys.readouterr().err
    assert "unknown token store kind 'dynamo'" in err
