"""langchain-tests' ToolsIntegrationTests for every registered tool, replaying cassettes
recorded against the Front double (cassettes/README.md; generated: tests/standard.py)."""

from __future__ import annotations

from langchain_tests.integration_tests import ToolsIntegrationTests

from tests.standard import suites

globals().update(suites(ToolsIntegrationTests, "integration"))
