"""HTTP client layer: sync and async clients over one decision core (:mod:`._core`)."""

from langchain_front._hosts import is_allowed_url
from langchain_front.client._core import RetryPolicy, Upload
from langchain_front.client._responses import FrontResponse, parse_retry_after
from langchain_front.client.aio import AsyncFrontClient
from langchain_front.client.pacing import AsyncPacer, HeaderPacer, NoPacer, Pacer, open_pacer
from langchain_front.client.pages import ListPage
from langchain_front.client.sync import FrontClient

__all__ = [
    "AsyncFrontClient",
    "AsyncPacer",
    "FrontClient",
    "FrontResponse",
    "HeaderPacer",
    "ListPage",
    "NoPacer",
    "Pacer",
    "RetryPolicy",
    "Upload",
    "is_allowed_url",
    "open_pacer",
    "parse_retry_after",
]
