"""``langchain-front mcp --http --offline`` as a process: bearer tokens from the key file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import httpx2
import pytest
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

from langchain_front.mcp.keys import KeyFile

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(URL, alice's token) of a server process."""
    keys = KeyFile(tmp_path / "keys.json")
    token = keys.create("alice")
    port = free_port()
    args = ["mcp", "--http", "--offline", "--preset", "all", "--port", str(port)]
    args += ["--keys", str(keys.path)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "langchain_front.cli", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}/mcp", token
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


async def test_http_server_process(served: tuple[str, str]) -> None:
    url, token = served
    async with httpx.AsyncClient() as plain:
        refused = await plain.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30)
    async with Client(streamable_http_client(url, http_client=http)) as client:
        names = [t.name for t in (await client.list_tools()).tools]
        inboxes = await client.call_tool("front_list_inboxes", {})
    assert refused.status_code == 401
    assert "front_reply_to_conversation" in names
    assert not inboxes.is_error and inboxes.content[0].text.startswith("3 inboxes:")
