"""langchain-tests' ToolsUnitTests for every registered tool (generated: tests/standard.py)."""

from __future__ import annotations

import pytest
from langchain_tests.unit_tests import ToolsUnitTests

from langchain_front.tools import FrontTool, tool_classes
from tests.standard import suites


@pytest.mark.parametrize("tool_cls", tool_classes(), ids=lambda cls: cls.__name__)
def test_every_tool_has_a_valid_example(tool_cls: type[FrontTool]) -> None:
    """Every tool carries an example invocation that its own schema accepts."""
    assert tool_cls.example is not None
    schema = tool_cls.model_fields["args_schema"].default
    schema.model_validate(tool_cls.example)


globals().update(suites(ToolsUnitTests, "unit"))
