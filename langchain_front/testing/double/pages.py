"""List answers of the Front double: Front's cursor pagination.

A paginated list honours ``limit`` (1 to :data:`MAX_PAGE_SIZE`, :data:`DEFAULT_PAGE_SIZE` by
default) and ``page_token``; tokens are opaque and bound to the operation, path and filters that
produced them, and ``_pagination.next`` / ``_links.self`` are absolute URLs on the company host.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx

from langchain_front.testing.double.calls import Call, bad_request, json_response
from langchain_front.testing.records import stable_hex

if TYPE_CHECKING:
    from langchain_front.testing.double.core import FrontDouble

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "list_response", "records_list", "self_url"]

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def self_url(double: FrontDouble, call: Call) -> str:
    """The request's URL on the company host (``_links.self``)."""
    raw = call.request.url.raw_path.decode("ascii", "replace")
    return f"https://{double.company_host}{raw}"


def _page_context(call: Call) -> str:
    path = call.request.url.path
    filters = sorted((k, v) for k, v in call.pairs if k not in ("limit", "page_token"))
    return f"{call.op.id}|{path}|{filters}"


def _page_token(call: Call, offset: int) -> str:
    """An opaque token for ``offset``, valid only for the same operation, path and filters."""
    return stable_hex("page", _page_context(call), offset, length=40) + f"{offset:06x}"


def _offset(call: Call) -> int:
    token = call.first("page_token")
    if not token:
        return 0
    if len(token) == 46:
        try:
            offset = int(token[-6:], 16)
        except ValueError:
            offset = -1
        if offset >= 0 and _page_token(call, offset) == token:
            return offset
    raise bad_request("Invalid page token", [f"query.page_token: {token} is not valid here"])


def list_response(
    double: FrontDouble, call: Call, items: Sequence[Any], *, total: bool = False
) -> httpx.Response:
    """A list answer; paginated (``limit``, ``page_token``) when the operation is."""
    data: dict[str, Any] = {}
    if total:
        data["_total"] = len(items)
    if not call.op.paginated:
        data["_links"] = {"self": self_url(double, call)}
        data["_results"] = list(items)
        return json_response(call.op.success_status, data)
    limit_text = call.first("limit")
    limit = int(limit_text) if limit_text else DEFAULT_PAGE_SIZE
    offset = _offset(call)
    page = list(items[offset : offset + limit])
    next_url = None
    if offset + limit < len(items):
        kept = [(k, v) for k, v in call.pairs if k != "page_token"]
        kept.append(("page_token", _page_token(call, offset + limit)))
        raw_path = call.request.url.raw_path.decode("ascii").split("?", 1)[0]
        next_url = f"https://{double.company_host}{raw_path}?{urlencode(kept)}"
    data["_pagination"] = {"next": next_url}
    data["_links"] = {"self": self_url(double, call)}
    data["_results"] = page
    return json_response(call.op.success_status, data)


def records_list(
    double: FrontDouble, call: Call, table: Mapping[str, Any], ids: Iterable[str]
) -> httpx.Response:
    """A list answer of copies of the stored records ``ids`` of ``table``, in that order (an ID
    whose record is gone is skipped)."""
    return list_response(double, call, [copy.deepcopy(table[i]) for i in ids if i in table])
