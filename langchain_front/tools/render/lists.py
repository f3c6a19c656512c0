"""Lists: a count header, one line per item within the size budget, and the next-page footer."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from langchain_front.tools.render.text import (
    DEFAULT_MAX_CHARS,
    _fit,
    _is_seq,
    more_results,
)


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 3:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes", "uses")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def render_list(
    items: Sequence[Mapping[str, Any]],
    line: Callable[[Mapping[str, Any]], str],
    *,
    noun: str,
    total: int | None = None,
    next_page_token: str | None = None,
    resume: Callable[[int], str] | None = None,
    separator: str = "\n",
    max_chars: int = DEFAULT_MAX_CHARS,
) -> str:
    """``N <noun> (of TOTAL total):`` then one entry per item, within ``max_chars``.

    Entries that would overflow the budget are left out (and counted). The footer says how to
    continue: with ``resume(shown)`` when entries were left out and ``resume`` is given (so the
    next call starts with the first one left out), else with ``next_page_token``.
    """
    rows = list(items) if _is_seq(items) else []
    footer = more_results(next_page_token)
    if not rows:
        if footer:
            return f"No {noun} on this page.\n{footer}"
        return f"No {noun} found."
    count = len(rows)
    header = f"{count} {_singular(noun) if count == 1 else noun}"
    if isinstance(total, int) and not isinstance(total, bool):
        header += f" (of {total} total)"
    header += ":"
    reserve = max(len(footer), 200) + len(separator) + 160  # footer plus the "left out" note
    budget = max_chars - len(header) - reserve
    out = [header]
    shown = 0
    for item in rows:
        text = line(item)
        if len(text) + len(separator) > budget:
            if shown == 0:  # never return zero items: trim the first one instead
                out.append(_fit(text, max(budget - len(separator), 200)))
                shown = 1
            break
        out.append(text)
        budget -= len(text) + len(separator)
        shown += 1
    left = count - shown
    if left and resume is not None:
        out.append(
            f"[{left} more {noun} on this page left out to fit the size limit; "
            "the page_token below continues with them]"
        )
        footer = more_results(resume(shown))
    elif left:
        out.append(
            f"[{left} more {noun} left out to fit the size limit; "
            "ask for fewer per page (limit) to see them]"
        )
    if footer:
        out.append(footer)
    return separator.join(out[:1]) + ("\n" if len(out) > 1 else "") + separator.join(out[1:])
