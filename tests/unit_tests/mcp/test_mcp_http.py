"""The streamable HTTP transport over real HTTP (uvicorn on localhost): per-user bearer tokens,
the caller's Front user on every call, approvals failing closed without elicitation."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import httpx2
import mcp_types as types
import pytest
import uvicorn
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

from langchain_front import FrontToolkit
from langchain_front.mcp.approval import mcp_approver
from langchain_front.mcp.http import http_app
from langchain_front.mcp.keys import KeyFile, KeyVerifier
from langchain_front.mcp.server import build_server
from langchain_front.policy import MemoryAuditSink, Policy
from langchain_front.testing import SEED, FrontDouble


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    def __init__(self, url: str, double: FrontDouble, audit: MemoryAuditSink, keys: KeyFile):
        self.url, self.double, self.audit, self.keys = url, double, audit, keys


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    double = FrontDouble()
    audit = MemoryAuditSink()
    toolkit = FrontToolkit.offline(
        double,
        policy=Policy(send="approve", tools={"front_remove_tags": "deny"}),
        approver=mcp_approver,
        audit=audit,
    )
    keys = KeyFile(tmp_path / "keys.json")
    port = free_port()
    app = http_app(build_server(toolkit, require_user=True), KeyVerifier(keys), port=port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Served(f"http://127.0.0.1:{port}/mcp", double, audit, keys)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def client(served: Served, token: str | None, **options: Any) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http = httpx2.AsyncClient(headers=headers, timeout=30)
    return Client(streamable_http_client(served.url, http_client=http), **options)


def test_requests_without_a_known_token_get_401(served: Served) -> None:
    served.keys.create("alice")
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    headers = {"accept": "application/json, text/event-stream"}
    assert httpx.post(served.url, json=body, headers=headers).status_code == 401
    wrong = {**headers, "authorization": "Bearer lcf_not-a-token"}
    assert httpx.post(served.url, json=body, headers=wrong).status_code == 401


async def test_each_caller_acts_as_its_own_user(served: Served) -> None:
    alice, bob = served.keys.create("alice"), served.keys.create("bob")
    tag = {"conversation_id": SEED.conversation_id, "tag_ids": [SEED.vip_tag_id]}
    async with client(served, alice) as session:
        names = [t.name for t in (await session.list_tools()).tools]
        first = await session.call_tool("front_add_tags", tag)
    async with client(served, bob) as session:
        second = await session.call_tool("front_add_tags", {**tag, "tag_ids": [SEED.urgent_tag_id]})
    assert "front_remove_tags" not in names and "front_add_tags" in names
    assert not first.is_error and not second.is_error
    users = [e.user_id for e in served.audit.events if e.kind == "call"]
    assert users == ["alice", "bob"]
    conv = served.double.store.conversations[SEED.conversation_id]
    assert {SEED.vip_tag_id, SEED.urgent_tag_id} <= set(conv.tag_ids)


async def test_approval_fails_closed_without_elicitation_and_runs_with_it(served: Served) -> None:
    token = served.keys.create("alice")
    reply = {"conversation_id": SEED.conversation_id, "body": "Refund sent."}
    before = len(served.double.store.messages)
    async with client(served, token) as session:
        closed = await session.call_tool("front_reply_to_conversation", reply)
    assert closed.is_error and "cannot ask its user" in closed.content[0].text
    assert len(served.double.store.messages) == before  # nothing was sent

    async def approve(context: Any, params: Any) -> types.ElicitResult:
        return types.ElicitResult(action="accept", content={"approve": True})

    async with client(served, token, elicitation_callback=approve) as session:
        done = await session.call_tool("front_reply_to_conversation", reply)
    assert not done.is_error, done.content[0].text
    assert len(served.double.store.messages) == before + 1
    decisions = [e for e in served.audit.events if e.kind == "decision"]
    assert [(e.decision, e.approver) for e in decisions] == [("approve", "mcp:alice")]
