"""`langchain-front auth login`'s loopback callback against hostile and broken clients, over real
sockets on 127.0.0.1 (Hardening 15): idle and half-sent connections, forged callbacks, control
characters in the query."""

from __future__ import annotations

import os
import socket
import threading
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from langchain_front.auth.login import loopback_login
from langchain_front.auth.manager import TokenManager
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.memory import MemoryTokenStore
from langchain_front.testing import FrontOAuthServer

from .test_cli_auth import server, start_login

__all__ = ["server"]  # the fixture, shared with test_cli_auth

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m\r\nlangchain-front: Connected\x00\u202e"


def callback_url() -> str:
    return os.environ["FRONT_REDIRECT_URI"]


def callback_address() -> tuple[str, int]:
    parts = urlsplit(callback_url())
    assert parts.hostname and parts.port
    return parts.hostname, parts.port


def state_of(authorize_url: str) -> str:
    return parse_qs(urlsplit(authorize_url).query)["state"][0]


def control_characters(text: str) -> list[str]:
    """Control characters other than a newline (ESC, BEL, CR, NUL, C1, bidi overrides...)."""
    return [
        ch for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
    ]


@pytest.mark.usefixtures("server")
def test_login_gives_up_at_its_timeout_while_an_idle_connection_is_open(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Hardening 15: a connection that sends nothing does not hold the login past --timeout."""
    runner, out, codes = start_login(timeout=2)
    out.url()
    with socket.create_connection(callback_address()):
        runner.join(30)
        assert not runner.is_alive(), "auth login hung on an idle connection"
    assert codes == [1]
    assert "no answer from Front within 2 s; run login again" in capsys.readouterr().err


@pytest.mark.usefixtures("server")
def test_a_half_sent_request_does_not_block_the_real_callback(tmp_path: Path) -> None:
    """Hardening 15: a request that stops mid-headers does not keep the browser's callback
    waiting behind it."""
    runner, out, codes = start_login(f"sqlite:{tmp_path / 'tokens.sqlite3'}")
    url = out.url()
    with socket.create_connection(callback_address()) as half:
        half.sendall(b"GET /integration-callback?code=x&state=y HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        approved = httpx.get(url, follow_redirects=True, timeout=10)
        assert approved.status_code == 200 and "Front is connected" in approved.text
        runner.join(20)
    assert codes == [0]


def test_the_listener_drops_a_connection_silent_for_the_read_timeout() -> None:
    """Hardening 15: every read on the callback listener is bounded (``read_timeout``)."""
    port = socket.create_server(("127.0.0.1", 0)).getsockname()[1]  # closed at once: now free
    redirect = f"http://127.0.0.1:{port}/integration-callback"
    front = FrontOAuthServer()
    oauth = FrontOAuth(front.config(redirect_uri=redirect), transport=front.transport())
    store = MemoryTokenStore()
    printed: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            loopback_login(
                oauth,
                TokenManager(store, oauth),
                user_id="ops",
                timeout=20,
                open_browser=False,
                announce=printed.append,
                read_timeout=0.5,
            )
        except BaseException as exc:  # reported below
            errors.append(exc)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    for _ in range(200):
        if printed:
            break
        threading.Event().wait(0.05)
    authorize = printed[0].split()[-1]
    with socket.create_connection(("127.0.0.1", port)) as idle:
        idle.settimeout(15)
        assert idle.recv(1) == b"", "the listener should close a silent connection"
    with httpx.Client(transport=front.transport()) as browser:  # play Front's authorize page
        back = browser.get(authorize).headers["location"]
    assert httpx.get(back, timeout=10).status_code == 200
    runner.join(20)
    assert not errors and store.keys() == ["ops"]


@pytest.mark.usefixtures("server")
def test_a_forged_error_callback_is_ignored_and_the_login_keeps_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hardening 15: ``?error=`` without this login's state (any web page can send it) is
    answered and ignored, before anything in it is read; the real callback then connects."""
    runner, out, codes = start_login(f"sqlite:{tmp_path / 'tokens.sqlite3'}")
    url = out.url()
    for forged in (
        {"error": "access_denied", "error_description": HOSTILE, "state": "forged"},
        {"error": "access_denied"},
        {"code": "code-0001", "state": ""},
    ):
        page = httpx.get(callback_url(), params=forged, timeout=10)
        assert page.status_code == 400 and "Not this login" in page.text
        assert "pwned" not in page.text
    assert runner.is_alive()
    approved = httpx.get(url, follow_redirects=True, timeout=10)
    assert approved.status_code == 200 and "Front is connected" in approved.text
    runner.join(20)
    assert codes == [0]
    printed = out.getvalue() + capsys.readouterr().err
    assert "Connected Front for user 'default'" in printed and "pwned" not in printed


@pytest.mark.usefixtures("server")
def test_control_characters_in_the_callback_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Hardening 15: Front's ``error`` / ``error_description`` (here with ANSI escapes, CR/LF,
    NUL and a bidi override) are printed as plain text, and not echoed to the browser."""
    runner, out, codes = start_login()
    state = state_of(out.url())
    page = httpx.get(
        callback_url(),
        params={"state": state, "error": HOSTILE, "error_description": HOSTILE},
        timeout=10,
    )
    assert page.status_code == 400 and "Front was not connected" in page.text
    assert "pwned" not in page.text and not control_characters(page.text)
    runner.join(20)
    assert codes == [1]
    err = capsys.readouterr().err
    assert "Front refused the authorization" in err and "pwned" in err
    assert control_characters(err + out.getvalue()) == []
    assert err.count("\n") == 1  # one line: no forged "Connected" line
