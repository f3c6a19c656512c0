"""The registry of curated tools: filled where each tool is defined, read by everything else.

A tool module decorates its tool classes with :func:`register`; :func:`tool_classes` imports
every public module of :mod:`langchain_front.tools` once and returns the registered classes in
the order the toolkit offers them (by group, then in definition order). The toolkit, the CLI, the
generated docs tables and the standard test suites all read this registry, so adding a tool is
writing its module: there is no list to keep in step.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from langchain_front.tools._base import FrontTool

#: Selection groups, in the order the toolkit offers their tools.
GROUPS: tuple[str, ...] = (
    "workspace",
    "conversations",
    "messages",
    "contacts",
    "accounts",
    "teammates",
    "templates",
    "knowledge",
    "analytics",
    "bulk",
    "meta",
)

_PACKAGE = "langchain_front.tools"
_NOT_TOOL_MODULES = frozenset({"render"})

_registered: dict[str, type[FrontTool]] = {}
_loaded = False

ToolT = TypeVar("ToolT", bound="FrontTool")


def register(cls: type[ToolT]) -> type[ToolT]:
    """Class decorator: add a curated tool to the registry.

    Checks what every tool must declare: a ``front_`` name, a known group, and an example
    invocation (used by the standard test suites and the docs).
    """
    name = cls.model_fields["name"].default
    if not isinstance(name, str) or not name.startswith("front_"):
        raise TypeError(f"{cls.__name__}: a tool's name must start with 'front_', got {name!r}")
    if cls.group not in GROUPS:
        raise TypeError(f"{cls.__name__}: unknown group {cls.group!r}; use one of {GROUPS}")
    if not cls.__name__.startswith("Front"):
        raise TypeError(f"{cls.__name__}: tool classes are named Front<Something>")
    if cls.example is None:
        raise TypeError(f"{cls.__name__}: declare example = {{...}}, a valid invocation")
    other = _registered.get(name)
    if other is not None and other is not cls:
        raise TypeError(f"{cls.__name__}: tool name {name!r} is taken by {other.__name__}")
    _registered[name] = cls
    return cls


def load_tool_modules() -> None:
    """Import every public module of the tools package, so that their tools register."""
    global _loaded
    if _loaded:
        return
    package = importlib.import_module(_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_") and module.name not in _NOT_TOOL_MODULES:
            importlib.import_module(f"{_PACKAGE}.{module.name}")
    _loaded = True


def tool_classes() -> tuple[type[FrontTool], ...]:
    """Every curated tool class, in the order the toolkit offers them."""
    load_tool_modules()
    order = {group: index for index, group in enumerate(GROUPS)}
    ranked = sorted(
        enumerate(_registered.values()), key=lambda item: (order[item[1].group], item[0])
    )
    return tuple(cls for _, cls in ranked)


def tool_class(name: str) -> type[FrontTool]:
    """The tool class registered under ``name`` (``KeyError`` when unknown)."""
    load_tool_modules()
    return _registered[name]


def exported_tools(
    module: str, exports: list[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` that export every tool class by class name.

    ``langchain_front`` and ``langchain_front.tools`` export the registered tool classes without
    importing the tool modules when the package is imported (defining some sixty pydantic tool
    and argument classes is most of the package's import time): the first tool class name
    asked for loads the registry. ``__all__`` stays the package's own ``exports``; ``dir()``
    lists the tool classes too.
    """

    def tools() -> dict[str, type[FrontTool]]:
        return {cls.__name__: cls for cls in tool_classes()}

    def getattr_(name: str) -> Any:
        if name.startswith("Front"):
            found = tools().get(name)
            if found is not None:
                return found
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    def dir_() -> list[str]:
        return sorted({*exports, *tools(), *vars(importlib.import_module(module))})

    return getattr_, dir_
