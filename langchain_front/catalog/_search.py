"""Keyword ranking for :meth:`langchain_front.catalog.Catalog.search` (private).

Deterministic and dependency-free: words are lower-cased, split on anything that is not a letter
or digit, and reduced to a crude singular form so that "tags" matches "tag" and "statuses"
matches "status". Each operation gets a per-word weight: the best field the word occurs in.
"""

from __future__ import annotations

import math
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
        # Filler of a request in a sentence: no operation is told apart by these.
        "my",
        "me",
        "our",
        "all",
        "please",
        "want",
        "need",
        "who",
        "what",
        "which",
        "today",
        "some",
        "any",
        "two",
        "we",
        "you",
        "your",
        "about",
        "via",
        "using",
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
    "archive": ("status",),
    "close": ("status",),
    "reopen": ("status",),
    "resolve": ("status",),
    "snooze": ("reminder",),
    "remind": ("reminder",),
    "availability": ("shift", "time"),
    "available": ("shift", "time"),
    "vacation": ("time", "off"),
    "holiday": ("time", "off"),
    "color": ("highlight",),
    "set": ("update",),
    "colour": ("highlight",),
    "macro": ("template",),
    "company": ("account",),
    "article": ("knowledge",),
    "kb": ("knowledge", "article"),
    "watcher": ("follower",),
    "metric": ("analytic",),
    "stat": ("analytic",),
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


def _coverage(weight: float) -> float:
    """How much one matched word counts: in the name or summary fully, in a parameter less."""
    return 1.0 if weight >= 3.0 else 0.8 if weight >= 2.0 else 0.6 if weight > 0.0 else 0.0


def relevance(
    index: Mapping[str, float], terms: Iterable[str], doc_freq: Mapping[str, int], total: int
) -> float:
    """How well one operation covers a query, 0..1: matched words weighted by rarity.

    A word few operations share (``shift``, ``merge``) counts more than one most share
    (``list``, ``id``); a word no operation has at all (``webhook``) counts most, so a query
    whose distinctive word Front does not know scores low however well its verb matches. A word
    known only by a synonym (``snooze`` -> ``reminder``) counts as that synonym.
    """

    def rarity(word: str) -> float:
        return math.log((total + 1) / (doc_freq.get(word, 0) + 1))

    weighted = covered = 0.0
    for term in terms:
        if doc_freq.get(term, 0) == 0:
            known = [s for s in SYNONYMS.get(term, ()) if doc_freq.get(s, 0)]
            if known:
                best = max(known, key=lambda s: index.get(s, 0.0))
                weighted += rarity(best)
                covered += rarity(best) * _coverage(index.get(best, 0.0))
                continue
        weight = score(index, [term])[1]
        weighted += rarity(term)
        covered += rarity(term) * _coverage(weight)
    return covered / weighted if weighted else 0.0


#: Needs Front's Core API has no operation for (Front's API notes, "Missing from the Core API
#: spec"): a pattern of the request -> what to tell the model instead.
KNOWN_GAPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bwebhooks?\b", re.I),
        "webhooks are configured in Front's settings (or an app), not through the Core API",
    ),
    (
        re.compile(r"\b(create|add|new|make|edit|update|change|delete|remove)\b.*\brules?\b", re.I),
        "rules can only be listed and read through the API; they are created and edited in "
        "Front's settings",
    ),
    (
        re.compile(
            r"\b(create|define|new|rename|delete)\b\s+(an?\s+|the\s+)?(new\s+)?custom[ _-]?"
            r"fields?\b(?!\s+values?)",
            re.I,
        ),
        "custom field definitions can only be listed through the API (set values with the "
        "update operation of a conversation, contact or account)",
    ),
    (
        re.compile(
            r"\b(create|add|new|invite|delete|remove|deactivate)\b\s+(an?\s+|the\s+)?"
            r"(new\s+)?(teammate|user|agent)s?\b(?!\s+(to|from)\b)(?!.*\bgroups?\b)",
            re.I,
        ),
        "teammates are created and removed in Front's settings or by SCIM provisioning, not "
        "through the Core API",
    ),
)


def known_gap(query: str) -> str | None:
    """Why Front's API cannot do what ``query`` asks, when it is a known gap; else None."""
    for pattern, why in KNOWN_GAPS:
        if pattern.search(query):
            return why
    return None
