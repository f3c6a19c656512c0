"""Fixtures of the OAuth tests: a clock, the server double (in-process and on loopback), and a
FrontOAuth on it (sync and async)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from langchain_front.auth.oauth import FrontOAuth
from langchain_front.testing.oauth_server import FrontOAuthServer
from tests.unit_tests.oauth.helpers import CLIENT_ID, REDIRECT, SECRET, Clock, transport_for


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["in_process", "loopback"])
def server(request: pytest.FixtureRequest, clock: Clock) -> Iterator[FrontOAuthServer]:
    srv = FrontOAuthServer(client_id=CLIENT_ID, client_secret=SECRET, clock=clock)
    if request.param == "loopback":
        with srv:
            yield srv
    else:
        yield srv


@pytest.fixture
def oauth(server: FrontOAuthServer, clock: Clock) -> Iterator[FrontOAuth]:
    with FrontOAuth(server.config(REDIRECT), transport=transport_for(server), clock=clock) as o:
        yield o


@pytest.fixture
async def aoauth(server: FrontOAuthServer, clock: Clock) -> AsyncIterator[FrontOAuth]:
    async with FrontOAuth(
        server.config(REDIRECT), transport=transport_for(server), clock=clock
    ) as o:
        yield o
