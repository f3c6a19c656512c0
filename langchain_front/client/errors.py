"""Compatibility alias: the error hierarchy lives in :mod:`langchain_front.errors`."""

from langchain_front.errors import *  # noqa: F403
from langchain_front.errors import __all__ as __all__
