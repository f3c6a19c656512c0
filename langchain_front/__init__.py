"""langchain-front: LangChain tools for Front (frontapp.com), the whole Core API, safely."""

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
    "FrontToolkit",
    "FrontTransportError",
    "FrontValidationError",
    "RetryPolicy",
    "StaticTokenProvider",
    "TokenProvider",
    "__version__",
]
