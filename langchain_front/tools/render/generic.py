"""Any Front response as compact JSON: the fallback for operations without a dedicated renderer.

The JSON is cleaned first (no ``_links``, nulls or empty values; ISO times; HTML bodies as text),
and list responses are rendered like every other list (see :func:`render_list`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from langchain_front.client.pages import LIST_KEYS, ListPage, is_list_response
from langchain_front.tools.render.lists import render_list
from langchain_front.tools.render.text import (
    DEFAULT_MAX_CHARS,
    _dumps,
    _fit,
    _is_empty,
    _looks_like_html,
    _related_ids,
    format_time,
    html_to_text,
)

_TIME_KEYS = frozenset({"date", "timestamp", "time", "start", "end", "waiting_since"})
_TIME_SUFFIXES = ("_at", "_date", "_time", "_since")
_HTML_KEYS = frozenset({"body", "content", "html"})


def _is_time_key(key: str | None) -> bool:
    return key is not None and (key in _TIME_KEYS or key.endswith(_TIME_SUFFIXES))


def _clean(value: Any, key: str | None = None) -> Any:
    """JSON value without ``_links``/nulls/empties, with ISO times and HTML bodies as text."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k == "_links":
                continue
            cleaned = _clean(v, k if isinstance(k, str) else None)
            if not _is_empty(cleaned):
                out[str(k)] = cleaned
        for name, rid in _related_ids(value).items():
            out.setdefault(f"{name}_id", rid)
        return out
    if isinstance(value, (list, tuple)):
        items = [_clean(item) for item in value]
        return [item for item in items if not _is_empty(item)]
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and _is_time_key(key)
        and abs(value) >= 1e8
    ):
        return format_time(value) or value
    if isinstance(value, str) and key in _HTML_KEYS and _looks_like_html(value):
        return html_to_text(value)
    return value


def render_generic(
    obj: Any,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    skip: int = 0,
    resume: Callable[[int], str] | None = None,
) -> str:
    """Any Front response as compact JSON (no ``_links``/nulls, ISO times, HTML as text).

    List responses (read with :class:`~langchain_front.client.pages.ListPage`) become a
    ``N results (of TOTAL total):`` header, one compact JSON object per line and the page_token
    footer (see :func:`render_list`): ``skip`` rows already shown are left out, and ``resume``
    makes the continuation when rows are left out to fit.
    ``None`` or an empty body (204) gives ``Done (no content).``
    """
    if obj is None or (isinstance(obj, (str, bytes, bytearray)) and not obj.strip()):
        return "Done (no content)."
    if isinstance(obj, (bytes, bytearray)):
        return f"Binary content ({len(obj)} bytes)."
    if isinstance(obj, str):
        return _fit(html_to_text(obj), max_chars)
    if is_list_response(obj):
        page = ListPage.of(obj)
        results = [_clean(item) for item in page.items[skip:]]
        rest = {k: v for k, v in obj.items() if k not in LIST_KEYS and k != "_links"}
        text = render_list(
            [r if isinstance(r, Mapping) else {"value": r} for r in results],
            _dumps,
            noun="results",
            total=page.total,
            next_page_token=page.page_token,
            resume=resume,
            max_chars=max_chars,
        )
        extra = _clean(rest)
        if extra:
            text = f"{_fit(_dumps(extra), max_chars // 4)}\n{text}"
        return text
    if isinstance(obj, (list, tuple)):
        cleaned = [_clean(item) for item in obj[skip:]]
        return render_list(
            [r if isinstance(r, Mapping) else {"value": r} for r in cleaned],
            _dumps,
            noun="items",
            resume=resume,
            max_chars=max_chars,
        )
    cleaned_obj = _clean(obj)
    if _is_empty(cleaned_obj):
        return "Done (no content)."
    return _fit(_dumps(cleaned_obj), max_chars)
