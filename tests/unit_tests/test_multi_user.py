"""One toolkit, many users: the user ID comes from the run config; tokens refresh; 401 retried
once."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage, ToolMessage
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from pydantic import SecretStr

from langchain_front import FrontAuthenticationError, FrontClient, FrontToolkit
from langchain_front.auth.manager import (
    USER_CONFIG_KEY,
    TokenManager,
    acting_as,
    current_user_id,
    user_id_from_config,
)
from langchain_front.auth.oauth import FrontOAuth
from langchain_front.auth.stores.memory import MemoryTokenStore
from langchain_front.auth.tokens import FrontToken
from langchain_front.testing import FrontDouble, FrontOAuthServer


@dataclass
class Setup:
    server: FrontOAuthServer
    store: MemoryTokenStore
    toolkit: FrontToolkit
    double: FrontDouble


def connect(
    server: FrontOAuthServer, store: MemoryTokenStore, user_id: str, *, expired: bool
) -> None:
    """Store a token for ``user_id`` as a finished OAuth login would."""
    store.save(
        user_id,
        FrontToken(
            access_token=SecretStr(f"at-{user_id}-old"),
            refresh_token=SecretStr(server.issue_refresh_token(user_id)),
            expires_at=time.time() + (-10 if expired else 3600),
        ),
    )


@pytest.fixture
def setup() -> Setup:
    server = FrontOAuthServer(single_use_refresh_tokens=True)
    store = MemoryTokenStore()
    double = FrontDouble()
    oauth = FrontOAuth(server.config(), transport=server.transport())
    toolkit = FrontToolkit.for_users(store, oauth, client_options={"transport": double.transport()})
    return Setup(server, store, toolkit, double)


def call(toolkit: FrontToolkit, user_id: str | None, *, name: str = "front_whoami") -> ToolMessage:
    tool = toolkit.get_tool(name)
    config: dict[str, Any] = {"configurable": {"front_user_id": user_id}} if user_id else {}
    message = tool.invoke({"type": "tool_call", "id": "1", "name": name, "args": {}}, config=config)
    assert isinstance(message, ToolMessage)
    return message


def test_each_call_acts_as_its_user(setup: Setup) -> None:
    connect(setup.server, setup.store, "alice", expired=False)
    assert call(setup.toolkit, "alice").status == "success"
    refused = call(setup.toolkit, "bob")
    assert refused.status == "error"
    assert "not connected for user 'bob'" in refused.content
    assert "Connect Front first" in refused.content
    assert "at-alice" not in refused.content


def test_no_user_and_no_default_is_refused(setup: Setup) -> None:
    connect(setup.server, setup.store, "alice", expired=False)
    message = call(setup.toolkit, None)
    assert message.status == "error"
    assert "front_user_id" in message.content


def test_default_user_serves_single_user_apps(setup: Setup) -> None:
    connect(setup.server, setup.store, "me", expired=False)
    oauth = FrontOAuth(setup.server.config(), transport=setup.server.transport())
    toolkit = FrontToolkit.for_users(
        setup.store,
        oauth,
        default_user_id="me",
        client_options={"transport": setup.double.transport()},
    )
    assert call(toolkit, None).status == "success"
    assert call(toolkit, "someone-else").status == "error"  # never falls back to "me"


async def test_expired_token_is_refreshed_once_async(setup: Setup) -> None:
    connect(setup.server, setup.store, "alice", expired=True)
    tool = setup.toolkit.get_tool("front_whoami")
    config = {"configurable": {"front_user_id": "alice"}}
    for _ in range(3):
        message = await tool.ainvoke(
            {"type": "tool_call", "id": "1", "name": tool.name, "args": {}}, config=config
        )
        assert message.status == "success"
    assert setup.server.refresh_count == 1
    stored = setup.store.get("alice")
    assert stored is not None and stored.token.access_token.get_secret_value() != "at-alice-old"


def test_user_from_langgraph_runtime_context(setup: Setup) -> None:
    connect(setup.server, setup.store, "carol", expired=False)
    graph = StateGraph(MessagesState, context_schema=dict)
    graph.add_node("tools", ToolNode(setup.toolkit.get_tools(names=["front_whoami"])))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    ask = AIMessage("", tool_calls=[{"name": "front_whoami", "args": {}, "id": "x"}])
    result = graph.compile().invoke({"messages": [ask]}, context={"front_user_id": "carol"})
    assert result["messages"][-1].status == "success"


def _dave(server: FrontOAuthServer) -> tuple[TokenManager, MemoryTokenStore]:
    store = MemoryTokenStore()
    connect(server, store, "dave", expired=False)  # looks valid, but Front refuses it
    return TokenManager(store, FrontOAuth(server.config(), transport=server.transport())), store


def test_401_refreshes_once_then_retries() -> None:
    server = FrontOAuthServer()
    manager, _store = _dave(server)
    double = FrontDouble()
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        token = request.headers["authorization"].removeprefix("Bearer ")
        seen.append(token)
        if token == "at-dave-old":
            return httpx.Response(401, json={"_error": {"status": 401, "message": "JWT expired"}})
        return double.handle(request)

    client = FrontClient(
        token_provider=manager.provider("dave"), transport=httpx.MockTransport(handler)
    )
    assert client.call("api-token-details")["id"]
    assert server.refresh_count == 1
    assert seen[0] == "at-dave-old"
    assert seen[1] != "at-dave-old" and server.is_valid_access_token(seen[1])


def test_a_second_401_fails_clearly() -> None:
    server = FrontOAuthServer()
    manager, _store = _dave(server)
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["authorization"])
        return httpx.Response(401, json={"_error": {"status": 401, "message": "JWT error"}})

    client = FrontClient(
        token_provider=manager.provider("dave"), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(FrontAuthenticationError) as caught:
        client.call("api-token-details")
    assert len(calls) == 2 and server.refresh_count == 1
    assert "reconnect Front" in str(caught.value)
    assert "at-" not in str(caught.value)


def test_revoked_refresh_token_asks_to_reconnect(setup: Setup) -> None:
    connect(setup.server, setup.store, "erin", expired=True)
    setup.server.revoke_all()
    message = call(setup.toolkit, "erin")
    assert message.status == "error"
    assert "connected again for user 'erin'" in message.content
    assert "auth login" in message.content


def test_token_inside_the_leeway_is_refreshed_ahead_of_expiry() -> None:
    server = FrontOAuthServer()
    store = MemoryTokenStore()
    store.save(
        "fay",
        FrontToken(
            access_token=SecretStr("at-fay-old"),
            refresh_token=SecretStr(server.issue_refresh_token("fay")),
            expires_at=time.time() + 120,  # valid, but within the 300 s leeway
        ),
    )
    manager = TokenManager(store, FrontOAuth(server.config(), transport=server.transport()))
    token = manager.access_token("fay")
    assert token != "at-fay-old" and server.refresh_count == 1
    assert manager.access_token("fay") == token and server.refresh_count == 1
    assert "at-" not in repr(manager) + repr(store) + repr(store.get("fay"))


@dataclass
class _Context:
    front_user_id: str | None


@dataclass
class _Runtime:
    context: Any


def test_user_id_from_config_reads_the_run_config_then_the_runtime_context() -> None:
    assert USER_CONFIG_KEY == "front_user_id"
    assert user_id_from_config(None) is None
    assert user_id_from_config({}) is None
    assert user_id_from_config({"configurable": {"front_user_id": "alice"}}) == "alice"
    assert user_id_from_config({"configurable": {"front_user_id": 42}}) == "42"
    assert user_id_from_config({"configurable": {"front_user_id": ""}}) is None
    by_mapping = {"configurable": {"__pregel_runtime": _Runtime({"front_user_id": "bob"})}}
    assert user_id_from_config(by_mapping) == "bob"
    by_attribute = {"configurable": {"__pregel_runtime": _Runtime(_Context("carol"))}}
    assert user_id_from_config(by_attribute) == "carol"
    both = {"configurable": {"front_user_id": "alice", "__pregel_runtime": _Runtime(_Context("x"))}}
    assert user_id_from_config(both) == "alice"


def test_acting_as_sets_the_user_id_of_the_calls_inside() -> None:
    assert current_user_id.get() is None
    with acting_as("alice"):
        assert current_user_id.get() == "alice"
        with acting_as(None):  # no user given: the outer one holds
            assert current_user_id.get() == "alice"
    assert current_user_id.get() is None
