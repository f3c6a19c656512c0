"""Helpers for the content tool tests: a toolkit on the double that keeps every request sent."""

from __future__ import annotations

import json
from typing import Any

import httpx
from langchain_core.messages import ToolMessage

from langchain_front import FrontClient, FrontToolkit
from langchain_front.policy import Policy
from langchain_front.testing import FrontDouble
from tests.unit_tests.calls import call as invoke


class Recorder:
    """A toolkit on ``double`` whose requests are kept (``sent``) as httpx requests."""

    def __init__(self, double: FrontDouble) -> None:
        self.double = double
        self.sent: list[httpx.Request] = []

        def handle(request: httpx.Request) -> httpx.Response:
            self.sent.append(request)
            return double.handle(request)

        client = FrontClient(token="t", transport=httpx.MockTransport(handle))
        # behaviour tests of the tools themselves: approvals are tested in test_approvals.py
        self.toolkit = FrontToolkit(client=client, policy=Policy.allow_all())
        self.tools = {t.name: t for t in self.toolkit.get_tools(preset="all")}

    def call(self, name: str, args: dict[str, Any]) -> ToolMessage:
        """Invoke tool ``name`` as an agent does."""
        return invoke(self.tools[name], args)

    async def acall(self, name: str, args: dict[str, Any]) -> ToolMessage:
        """Async twin of :meth:`call`."""
        tool = self.tools[name]
        message = await tool.ainvoke({"type": "tool_call", "id": "t1", "name": name, "args": args})
        assert isinstance(message, ToolMessage)
        return message

    def paths(self) -> list[str]:
        """``METHOD /path`` of every request sent."""
        return [f"{r.method} {r.url.path}" for r in self.sent]

    def body(self, index: int = -1) -> Any:
        """The JSON body of a request sent."""
        return json.loads(self.sent[index].content)
