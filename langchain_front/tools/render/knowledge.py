"""Knowledge base articles: a search hit per line, and one article as text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_front.tools.render.text import (
    DEFAULT_BODY_CHARS,
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
    """An article: ``kba_1 "Title" in knb_1: published, en, updated 2023-11-29``, then its text.

    The title is left out when the text opens with it (an article's text starts with its title
    as a heading). Keywords (search metadata), the category ID (no tool takes it), the slug (a
    URL path) and the other locales stay in the artifact.
    """
    art: Mapping[str, Any] = a if isinstance(a, Mapping) else {}
    text = article_text(art)
    head = _str(art.get("id")) or "(no id)"
    name = _str(art.get("name"))
    if name and text.split("\n", 1)[0].strip() != name:
        head += f' "{name}"'
    base = _related_ids(art).get("knowledge_base")
    if base:
        head += f" in {base}"
    updated = format_time(art.get("updated_at"))
    facts = [
        _str(art.get("status")),
        _str(art.get("locale")),
        updated and f"updated {updated[:10]}",
    ]
    if any(facts):
        head += ": " + ", ".join(f for f in facts if f)
    return head + "\n" + (truncate(text, body_chars) if text else "(no text)")
