"""``langchain-front events serve``: uvicorn on localhost, real HTTP, a restart in between."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from langchain_front.cli import main
from langchain_front.testing import SEED, FrontDouble
from langchain_front.testing.double.events import record_event
from tests.unit_tests.events.helpers import APP_SECRET, app_headers, body_of

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int, store: str, out: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "FRONT_WEBHOOK_SECRET": APP_SECRET,
        "EVENTS_TEST_OUT": str(out),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "langchain_front.cli", "events", "serve"]
    handler = "tests.unit_tests.events.record_handler:record"
    args = ["--port", str(port), "--store", store, "--handler", handler]
    proc = subprocess.Popen([*command, *args], env=env, cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"the server did not start: {proc.stderr.read() if proc.stderr else ''}")


def stop(proc: subprocess.Popen[bytes]) -> str:
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err.decode(errors="replace")


def wait_for_lines(path: Path, count: int) -> list[str]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        lines = path.read_text().split() if path.exists() else []
        if len(lines) >= count:
            return lines
        time.sleep(0.05)
    return path.read_text().split() if path.exists() else []


def test_serve_over_http_with_a_restart(tmp_path: Path) -> None:
    event = record_event(FrontDouble(), "inbound_received", SEED.conversation_id)
    body = body_of(event)
    store = f"sqlite:{tmp_path / 'events.sqlite3'}"
    out = tmp_path / "handled.txt"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"

    proc = serve(port, store, out)
    try:
        ok = httpx.post(url, content=body, headers=app_headers(body))
        replay = httpx.post(url, content=body, headers=app_headers(body, age=400))
        assert wait_for_lines(out, 1) == [event["id"]]
    finally:
        err = stop(proc)
    assert ok.status_code == 200 and replay.status_code == 401
    assert "stale request" in err and "Invoice" not in err  # logged without the body

    proc = serve(port, store, out)  # Front retries after the restart
    try:
        again = httpx.post(url, content=body, headers=app_headers(body))
        time.sleep(0.3)
    finally:
        stop(proc)
    assert again.json()["status"] == "duplicate"
    assert out.read_text().split() == [event["id"]]


def test_serve_needs_a_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FRONT_WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("FRONT_RULE_WEBHOOK_SECRET", raising=False)
    assert main(["events", "serve", "--store", "memory:"]) == 1
    assert "FRONT_WEBHOOK_SECRET" in capsys.readouterr().err
