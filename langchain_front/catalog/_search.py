"""Keyword ranking for :meth:`langchain_front.catalog.Catalog.search` (private).

Deterministic and dependency-free: words are lower-cased, split on anything that is not a letter
or digit, and reduced to a crude singular form so that "tags" matches "tag" and "statuses"
matches "status". Each operation gets a per-word weight: the best field the word occurs in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_WORD_RE = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "by",
        "and",
        "or",
        "with",
        "from",
        "is",
        "it",
        "its",
        "this",
        "that",
        "be",
        "are",
        "as",
        "at",
        "i",
        "how",
        "do",
        "can",
        "into",
    }
)

# Query word -> other words that mean the same thing in Front's vocabulary (stemmed forms).
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "find": ("search", "list", "get"),
    "lookup": ("search", "get"),
    "fetch": ("get",),
    "retrieve": ("get",),
    "read": ("get", "list"),
    "show": ("get", "list"),
    "remove": ("delete",),
    "delete": ("remove",),
    "erase": ("delete", "remove"),
    "edit": ("update",),
    "modify": ("update",),
    "change": ("update",),
    "patch": ("update",),
    "make": ("create",),
    "new": ("create",),
    "add": ("create",),
    "reply": ("message",),
    "respond": ("reply", "message"),
    "email": ("message",),
    "canned": ("template",),
    "response": ("template",),
    "note": ("comment",),
    "assign": ("assignee",),
    "assignee": ("assign",),
    "unassign": ("assignee",),
    "label": ("tag",),
    "user": ("teammate",),
    "agent": ("teammate",),
    "customer": ("contact",),
    "thread": ("conversation",),
    "ticket": ("conversation", "status"),
    "topic": ("link",),
    "workspace": ("team",),
    "whoami": ("me", "token"),
}

FIELD_WEIGHTS = {"id": 5.0, "summary": 4.0, "tag": 3.0, "path": 2.0, "param": 1.0, "text": 1.0}


def stem(word: str) -> str:
    """A crude singular form: categories -> category, statuses -> status, tags -> tag."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Stemmed words of ``text`` (stopwords kept)."""
    return [stem(w) for w in _WORD_RE.findall(text.lower())]


def query_terms(text: str) -> list[str]:
    """Distinct stemmed, non-stopword words of a search query, in order."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word not in STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def build_index(fields: Mapping[str, Iterable[str]]) -> dict[str, float]:
    """Word -> best field weight for one operation; ``fields`` maps a field name to its texts."""
    index: dict[str, float] = {}
    for field, texts in fields.items():
        weight = FIELD_WEIGHTS[field]
        for text in texts:
            for word in words(text):
                if index.get(word, 0.0) < weight:
                    index[word] = weight
    return index


def score(index: Mapping[str, float], terms: Iterable[str]) -> tuple[int, float]:
    """(number of query terms matched, summed weight) of one operation for the query terms."""
    matched = 0
    total = 0.0
    for term in terms:
        weight = index.get(term, 0.0)
        if weight == 0.0:
            weight = 0.5 * max((index.get(s, 0.0) for s in SYNONYMS.get(term, ())), default=0.0)
        if weight == 0.0 and len(term) >= 4:
            weight = 0.5 * max(
                (w for word, w in index.items() if word.startswith(term)), default=0.0
            )
        if weight > 0.0:
            matched += 1
            total += weight
    return matched, total
