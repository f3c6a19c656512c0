"""Reading Front's list responses: the one home of ``_results``, ``_pagination`` and ``_total``.

Front answers every list with ``{"_results": [...], "_pagination": {"next": url | null}}`` and,
for searches, ``_total``. Any of them may be missing, null or of another type in practice; the
readers here tolerate that and never raise. The client pages with :class:`ItemBudget`, the tools
read a page with :class:`ListPage`, and the generic renderer uses the same reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

LIST_KEYS = frozenset({"_results", "_pagination", "_total"})
"""The keys of a list response that are about the list, not its items."""


def is_list_response(data: Any) -> bool:
    """Whether ``data`` is a list response (a mapping whose ``_results`` is a list)."""
    return isinstance(data, Mapping) and isinstance(data.get("_results"), list)


def results_of(data: Any) -> list[Any]:
    """The items of a list response (``_results``), or an empty list."""
    if isinstance(data, Mapping):
        items = data.get("_results")
        if isinstance(items, list):
            return items
    return []


def next_page_url(data: Any) -> str | None:
    """The absolute URL of the next page (``_pagination.next``), or ``None`` on the last page."""
    if isinstance(data, Mapping):
        pagination = data.get("_pagination")
        if isinstance(pagination, Mapping):
            nxt = pagination.get("next")
            if isinstance(nxt, str) and nxt:
                return nxt
    return None


def total_of(data: Any) -> int | None:
    """Front's ``_total`` (searches report how many match in all), when it is an integer."""
    total = data.get("_total") if isinstance(data, Mapping) else None
    return total if isinstance(total, int) and not isinstance(total, bool) else None


def page_token_of(next_url: str | None) -> str | None:
    """The ``page_token`` query parameter of a ``_pagination.next`` URL, if any."""
    if not next_url or not isinstance(next_url, str):
        return None
    try:
        query = urlsplit(next_url.strip()).query
    except ValueError:
        return None
    values = parse_qs(query).get("page_token")
    return values[0] if values and values[0] else None


@dataclass(frozen=True)
class ListPage:
    """One page of a list response: its items, the next page's URL and token, Front's ``_total``."""

    items: list[Any]
    next_url: str | None
    total: int | None

    @property
    def page_token(self) -> str | None:
        """The token a caller passes as ``page_token`` to get the next page."""
        return page_token_of(self.next_url)

    @classmethod
    def of(cls, data: Any) -> ListPage:
        """Read a decoded list response (anything else reads as an empty last page)."""
        return cls(items=results_of(data), next_url=next_page_url(data), total=total_of(data))


class ItemBudget:
    """How many items a ``paginate(max_items=...)`` still wants, and the page size to ask for."""

    def __init__(self, max_items: int | None, page_size: int) -> None:
        self.remaining = max_items
        self.page_size = min(page_size, max_items) if max_items else page_size

    @property
    def spent(self) -> bool:
        """Whether no more items are wanted (so no further page is fetched)."""
        return self.remaining is not None and self.remaining <= 0

    def take(self, data: Any) -> list[Any]:
        """The items of one page that are still wanted, counted against the budget."""
        items = results_of(data)
        if self.remaining is None:
            return items
        taken = items[: self.remaining]
        self.remaining -= len(taken)
        return taken
