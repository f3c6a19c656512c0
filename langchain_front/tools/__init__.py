"""LangChain tools for Front: curated task-level tools plus two meta tools for the whole API.

Every tool class is registered by the module that defines it (one module per resource) and is
importable from here by its ``Front``-prefixed class name, e.g.
``from langchain_front.tools import FrontGetConversation``. :func:`tool_classes` lists them all
in the order the toolkit offers them.
"""

from __future__ import annotations

from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, ToolArgs
from langchain_front.tools._registry import (
    GROUPS,
    exported_tools,
    register,
    tool_class,
    tool_classes,
)

__all__ = [
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

# Every tool class is exported by its class name too, loaded with the registry on first use (the
# tool modules are most of the import time); ``dir()`` lists them.
__getattr__, __dir__ = exported_tools(__name__, __all__)
