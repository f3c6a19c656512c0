"""Tests for langchain_front.client.pages, the one reader of Front's list responses."""

from __future__ import annotations

from langchain_front.client.pages import page_token_of

API = "https://dundermifflin.api.frontapp.com"


def test_page_token_of() -> None:
    url = f"{API}/conversations?limit=25&page_token=a1b2c3%3D%3D&q%5Bstatuses%5D%5B%5D=open"
    assert page_token_of(url) == "a1b2c3=="
    assert page_token_of(None) is None
    assert page_token_of("") is None
    assert page_token_of(f"{API}/conversations?limit=25") is None
