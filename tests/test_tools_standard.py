"""langchain-tests' standard suites for every tool: ToolsUnitTests and ToolsIntegrationTests.

Integration tests replay cassettes recorded against the Front double (cassettes/README.md).
Classes are generated from the tool registry, one unit and one integration class per tool, each
called with the tool's own ``example``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from langchain_tests.integration_tests import ToolsIntegrationTests
from langchain_tests.unit_tests import ToolsUnitTests

from langchain_front.testing import SEED
from langchain_front.tools import FrontTool, tool_classes
from tests.conftest import offline_client

#: Live recording: FRONT_TEST_<NAME> names a record of your workspace to use in place of the
#: double's seed record SEED.<name> in every example (cassettes/README.md).
_LIVE_IDS = ("conversation_id", "teammate_id", "tag_id", "contact_id", "contact_email")


def _live(value: Any) -> Any:
    """An example value with seed IDs replaced by their FRONT_TEST_* overrides, if any."""
    if isinstance(value, list):
        return [_live(item) for item in value]
    for name in _LIVE_IDS:
        if value == getattr(SEED, name):
            return os.environ.get(f"FRONT_TEST_{name.upper()}", value)
    return value


def example_of(tool_cls: type[FrontTool]) -> dict[str, Any]:
    """The tool's own example invocation, with live-recording overrides applied."""
    return {key: _live(value) for key, value in (tool_cls.example or {}).items()}


def suite_name(tool_cls: type[FrontTool]) -> str:
    """``FrontAddComment`` -> ``AddComment``: the cassettes are named after it."""
    return tool_cls.__name__.removeprefix("Front")


def _suite(tool_cls: type[FrontTool], example: dict[str, Any], base: type, kind: str) -> type:
    namespace: dict[str, Any] = {
        "tool_constructor": property(lambda self: tool_cls),
        "tool_constructor_params": property(lambda self: {"client": offline_client()}),
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


@pytest.mark.parametrize("tool_cls", tool_classes(), ids=lambda cls: cls.__name__)
def test_every_tool_has_a_valid_example(tool_cls: type[FrontTool]) -> None:
    """Every tool carries an example invocation that its own schema accepts."""
    assert tool_cls.example is not None
    schema = tool_cls.model_fields["args_schema"].default
    schema.model_validate(tool_cls.example)


for _cls in tool_classes():
    for _kind, _base in (("unit", ToolsUnitTests), ("integration", ToolsIntegrationTests)):
        _suite_cls = _suite(_cls, example_of(_cls), _base, _kind)
        globals()[_suite_cls.__name__] = _suite_cls
