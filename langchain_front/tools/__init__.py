"""LangChain tools for Front: curated task-level tools plus two meta tools for the whole API.

Every tool class is registered by the module that defines it (one module per resource) and is
importable from here by its ``Front``-prefixed class name, e.g.
``from langchain_front.tools import FrontGetConversation``. :func:`tool_classes` lists them all
in the order the toolkit offers them.
"""

from __future__ import annotations

from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, ToolArgs
from langchain_front.tools._registry import GROUPS, register, tool_class, tool_classes

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

_TOOLS: dict[str, type[FrontTool]] = {cls.__name__: cls for cls in tool_classes()}
globals().update(_TOOLS)
__all__ += sorted(_TOOLS)


def __getattr__(name: str) -> type[FrontTool]:
    """Typed access to the registered tool classes (they are set as module attributes above)."""
    try:
        return _TOOLS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
