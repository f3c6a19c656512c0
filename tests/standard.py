"""Builds langchain-tests' standard suites for every registered tool.

One class per tool and kind, generated from the tool registry and called with the tool's own
``example``: ``tests/unit_tests/test_standard.py`` makes the ToolsUnitTests classes,
``tests/integration_tests/test_standard.py`` the cassette-backed ToolsIntegrationTests ones. The
classes keep the names ``Test<Tool>Unit`` / ``Test<Tool>Integration`` (``<Tool>`` is the class
name without its ``Front`` prefix), which name the cassettes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from langchain_front.policy import Policy
from langchain_front.testing import SEED
from langchain_front.tools import FrontTool, tool_classes
from tests.conftest import offline_client

#: Live recording: FRONT_TEST_<NAME> names a record of your workspace to use in place of the
#: double's seed record SEED.<name> in every example (cassettes/README.md).
LIVE_IDS = ("conversation_id", "teammate_id", "tag_id", "contact_id", "contact_email")


def _live(value: Any) -> Any:
    """An example value with seed IDs replaced by their FRONT_TEST_* overrides, if any."""
    if isinstance(value, list):
        return [_live(item) for item in value]
    for name in LIVE_IDS:
        if value == getattr(SEED, name):
            return os.environ.get(f"FRONT_TEST_{name.upper()}", value)
    return value


def example_of(tool_cls: type[FrontTool]) -> dict[str, Any]:
    """The tool's own example invocation, with live-recording overrides applied."""
    return {key: _live(value) for key, value in (tool_cls.example or {}).items()}


def suite_name(tool_cls: type[FrontTool]) -> str:
    """``FrontAddComment`` -> ``AddComment``: the cassettes are named after it."""
    return tool_cls.__name__.removeprefix("Front")


def suite(tool_cls: type[FrontTool], base: type, kind: str) -> type:
    """The standard ``base`` suite (``kind``: "unit" or "integration") for one tool."""
    example = example_of(tool_cls)
    namespace: dict[str, Any] = {
        "tool_constructor": property(lambda self: tool_cls),
        # Sends and destructive calls run without approval: the suites check the tools' shape
        # and their recorded requests (the policy has its own tests).
        "tool_constructor_params": property(
            lambda self: {"client": offline_client(), "policy": Policy.allow_all()}
        ),
        "tool_invoke_params_example": property(lambda self: dict(example)),
        "__doc__": f"Standard {kind} tests for {tool_cls.__name__}.",
    }
    if kind == "unit":
        namespace["init_from_env_params"] = property(
            lambda self: ({"FRONT_API_TOKEN": "env-token"}, {}, {"api_token": "env-token"})
        )
    else:
        namespace["pytestmark"] = pytest.mark.vcr
    return type(f"Test{suite_name(tool_cls)}{kind.capitalize()}", (base,), namespace)


def suites(base: type, kind: str) -> Iterator[tuple[str, type]]:
    """``(class name, class)`` of the ``kind`` suite of every registered tool."""
    for tool_cls in tool_classes():
        cls = suite(tool_cls, base, kind)
        yield cls.__name__, cls
