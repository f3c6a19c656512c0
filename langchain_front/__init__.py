"""langchain-front: LangChain tools for Front (frontapp.com), the whole Core API, safely.

The tool classes (``FrontGetConversation``, ``FrontSearchConversations``...) are exported here
too, from the tool registry (:func:`langchain_front.tools.tool_classes`).
"""

from __future__ import annotations

from langchain_front._version import __version__
from langchain_front.auth import StaticTokenProvider, TokenProvider
from langchain_front.client import AsyncFrontClient, FrontClient, FrontResponse, RetryPolicy
from langchain_front.errors import (
    FrontAPIError,
    FrontAuthenticationError,
    FrontConfigurationError,
    FrontError,
    FrontNotFoundError,
    FrontRateLimitError,
    FrontTransportError,
    FrontValidationError,
)
from langchain_front.toolkit import FrontToolkit
from langchain_front.tools import FrontTool
from langchain_front.tools._registry import exported_tools

__all__ = [
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

# Every tool class is exported by its class name too, loaded with the registry on first use (the
# tool modules are most of the import time); ``dir()`` lists them.
__getattr__, __dir__ = exported_tools(__name__, __all__)
