"""The public surface: what each package exports, and that every exported name imports."""

from __future__ import annotations

import importlib

import pytest

import langchain_front
from langchain_front.tools import tool_classes

TOOL_CLASS_NAMES = sorted(cls.__name__ for cls in tool_classes())

EXPECTED_ALL = [
    "AsyncFrontClient",
    "FrontAPIError",
    "FrontAuthenticationError",
    "FrontClient",
    "FrontConfigurationError",
    "FrontError",
    "FrontNotFoundError",
    "FrontRateLimitError",
    "FrontResponse",
    "FrontTool",
    "FrontToolkit",
    "FrontTransportError",
    "FrontValidationError",
    "RetryPolicy",
    "StaticTokenProvider",
    "TokenProvider",
    "__version__",
]

EXPECTED_TOOLS_ALL = [
    "GROUPS",
    "Call",
    "FrontTool",
    "IdKind",
    "Steps",
    "ToolArgs",
    "register",
    "tool_class",
    "tool_classes",
]


def test_all_imports() -> None:
    """The top-level package's own names; every tool class is exported beside them (dir)."""
    assert sorted(langchain_front.__all__) == sorted(EXPECTED_ALL)
    assert set(TOOL_CLASS_NAMES) <= set(dir(langchain_front))


def test_tools_all() -> None:
    from langchain_front import tools

    assert sorted(tools.__all__) == sorted(EXPECTED_TOOLS_ALL)
    assert set(TOOL_CLASS_NAMES) <= set(dir(tools))


def test_importing_the_package_does_not_load_the_tool_modules() -> None:
    """The tool modules load with the registry, on first use (import time)."""
    import subprocess
    import sys

    code = (
        "import sys; from langchain_front import FrontToolkit; "
        "print(any(m.startswith('langchain_front.tools.') and not m.split('.')[-1].startswith('_')"
        " and m.split('.')[2] != 'render' for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tool_classes_are_front_prefixed_and_importable_from_the_top() -> None:
    for name in TOOL_CLASS_NAMES:
        assert name.startswith("Front")
        assert getattr(langchain_front, name) is getattr(langchain_front.tools, name)
    from langchain_front import FrontGetConversation  # type: ignore[attr-defined]

    assert FrontGetConversation().name == "front_get_conversation"


@pytest.mark.parametrize(
    "module",
    [
        "langchain_front",
        "langchain_front.auth",
        "langchain_front.auth.oauth",
        "langchain_front.auth.stores",
        "langchain_front.catalog",
        "langchain_front.client",
        "langchain_front.errors",
        "langchain_front.events",
        "langchain_front.policy",
        "langchain_front.testing",
        "langchain_front.tools",
        "langchain_front.tools.render",
    ],
)
def test_every_exported_name_exists(module: str) -> None:
    imported = importlib.import_module(module)
    missing = [name for name in imported.__all__ if not hasattr(imported, name)]
    assert missing == []


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="FrontNope"):
        _ = langchain_front.FrontNope  # type: ignore[attr-defined]


def test_the_durable_audit_sinks_load_on_first_use() -> None:
    import subprocess
    import sys

    code = (
        "import sys, langchain_front, langchain_front.policy as p; "
        "assert 'langchain_front.policy.audit_sql' not in sys.modules; "
        "p.SQLiteAuditSink; assert 'langchain_front.policy.audit_sql' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
