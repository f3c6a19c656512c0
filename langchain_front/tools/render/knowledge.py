"""Knowledge base articles: a search hit per line, and one article as text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import (
    DEFAULT_BODY_CHARS,
    _kv,
    _related_ids,
    _str,
    format_time,
    html_to_text,
    truncate,
)

#: Characters of an article's text shown around a search hit.
SNIPPET_CHARS = 160


def article_text(a: Mapping[str, Any]) -> str:
    """An article's HTML content as plain text."""
    content = a.get("content") if isinstance(a, Mapping) else None
    return html_to_text(content) if isinstance(content, str) else ""


def snippet(text: str, words: list[str]) -> str:
    """A short piece of ``text`` around the first of ``words`` it contains."""
    flat = " ".join(text.split())
    lowered = flat.casefold()
    positions = [lowered.find(w) for w in words if w and lowered.find(w) >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    piece = flat[start : start + SNIPPET_CHARS]
    return ("..." if start else "") + piece + ("..." if start + SNIPPET_CHARS < len(flat) else "")


def render_article_hit(a: Mapping[str, Any], words: list[str]) -> str:
    """``kba_1 "Refund policy" (published; refund, billing) | snippet``."""
    head = f'{_str(a.get("id")) or "(no id)"} "{_str(a.get("name")) or "(untitled)"}"'
    tags = [_str(a.get("status")) or "unknown status"]
    keywords = a.get("keywords")
    if isinstance(keywords, list) and keywords:
        tags.append(", ".join(str(k) for k in keywords[:6]))
    head += f" ({'; '.join(tags)})"
    text = article_text(a)
    return head + (" | " + snippet(text, words) if text else "")


def render_article(a: Mapping[str, Any], *, body_chars: int = 5 * DEFAULT_BODY_CHARS) -> str:
    """An article: ID, name, status, locale, keywords, knowledge base, category, last update,
    then its text (the slug, a URL path, stays in the artifact)."""
    art: Mapping[str, Any] = a if isinstance(a, Mapping) else {}
    lines = [f"article: {_str(art.get('id')) or '(no id)'}"]
    _kv(lines, "name", _str(art.get("name")))
    _kv(lines, "status", _str(art.get("status")))
    _kv(lines, "locale", _str(art.get("locale")))
    keywords = art.get("keywords")
    if isinstance(keywords, list):
        _kv(lines, "keywords", ", ".join(str(k) for k in keywords) or None)
    related = _related_ids(art)
    _kv(lines, "knowledge base", related.get("knowledge_base"))
    _kv(lines, "category", related.get("category"))
    _kv(lines, "updated", format_time(art.get("updated_at")))
    text = article_text(art)
    lines.append("content:\n" + truncate(text, body_chars) if text else "content: (empty)")
    return "\n".join(lines)
