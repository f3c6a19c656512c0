"""Paging for list tools: one page per call, and a continuation that never skips a row.

A page is rendered within the content size budget, so a long page can show fewer rows than it
holds. Front's own ``page_token`` would then start after rows the model never saw. When rows are
left out, the tool hands out a *resume token* instead: it names the page that was being read and
how many of its rows were shown, so the next call reads the same page again and continues with
the first row left out. Front's tokens pass through untouched; resume tokens are recognised by
their prefix and are as opaque to the model as Front's.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from langchain_front.client.pages import ListPage
from langchain_front.errors import FrontValidationError
from langchain_front.tools.render.lists import render_list

RESUME_PREFIX = "lf1."


@dataclass(frozen=True)
class PageRequest:
    """Which page to read (``front_token``: Front's page token, ``None`` for the first page),
    its size, and how many of its rows were already shown."""

    limit: int | None
    front_token: str | None = None
    skip: int = 0

    @classmethod
    def of(cls, limit: int | None, page_token: str | None) -> PageRequest:
        """The request for a tool's ``limit`` and ``page_token`` arguments.

        A resume token carries the page size of the page it resumes, so that page reads the
        same again whatever ``limit`` the model passes this time.
        """
        if not page_token or not page_token.startswith(RESUME_PREFIX):
            return cls(limit=limit, front_token=page_token or None)
        try:
            raw = base64.urlsafe_b64decode(page_token[len(RESUME_PREFIX) :].encode("ascii"))
            data = json.loads(raw)
            token, skip, size = data["p"], data["s"], data["l"]
            if not (token is None or isinstance(token, str)) or not isinstance(skip, int):
                raise ValueError("bad fields")
            if not (size is None or isinstance(size, int)) or skip < 0:
                raise ValueError("bad fields")
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeEncodeError):
            raise FrontValidationError(
                "page_token",
                [
                    "page_token is not one this tool gave: pass the page_token of the previous "
                    "result exactly, or leave it empty for the first page"
                ],
            ) from None
        return cls(limit=size, front_token=token, skip=skip)

    def query(self) -> dict[str, Any]:
        """The query parameters of this page."""
        query: dict[str, Any] = {}
        if self.limit is not None:
            query["limit"] = self.limit
        if self.front_token:
            query["page_token"] = self.front_token
        return query

    def resume(self, shown: int) -> str:
        """The token that continues this page after its first ``shown`` rows."""
        data = {"p": self.front_token, "s": self.skip + shown, "l": self.limit}
        raw = json.dumps(data, separators=(",", ":")).encode("utf-8")
        return RESUME_PREFIX + base64.urlsafe_b64encode(raw).decode("ascii")


def page_content(
    data: Any,
    request: PageRequest,
    line: Callable[[Mapping[str, Any]], str],
    *,
    noun: str,
    with_total: bool = False,
    separator: str = "\n",
) -> str:
    """One page of a list response as text: the rows not yet shown, within the size budget,
    and a continuation that resumes with the first row left out (else Front's next page)."""
    page = ListPage.of(data)
    return render_list(
        page.items[request.skip :],
        line,
        noun=noun,
        total=page.total if with_total else None,
        next_page_token=page.page_token,
        resume=request.resume,
        separator=separator,
    )
