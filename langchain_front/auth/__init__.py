"""Authentication: token providers and the httpx auth flow that uses them."""

from langchain_front.auth.httpx_auth import FrontAuth
from langchain_front.auth.providers import StaticTokenProvider, TokenProvider

__all__ = ["FrontAuth", "StaticTokenProvider", "TokenProvider"]
