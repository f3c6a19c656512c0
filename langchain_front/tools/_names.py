"""Names where a model naturally has names: tag, inbox and teammate names resolved to IDs.

A model knows "the Billing tag", "the Support inbox" or "Ben", not ``tag_4d0``. ID fields whose
kind accepts names (``TagId``, ``InboxId``, ``TeammateRef`` in :mod:`._fields`) and the search
filters ``tag:``, ``inbox:``, ``assignee:`` (and the other teammate filters) take a name, which a
tool resolves in its steps: one list request per kind, through the tool's own client (so it is
paced, retried and recorded like every other call), cached per client and acting user for
:data:`TTL_SECONDS`. The content says what was resolved; a name matching several records fails
with the candidates, and an unknown one with the nearest names, instead of a guess.

Every tool gets this without code of its own: :class:`~._base.FrontTool` wraps each ``steps``
with :func:`resolving_names`. A name is matched whole and case-insensitively: a tag's or inbox's
name; a teammate's username (with or without ``@``), email, full, first or last name.
"""

from __future__ import annotations

import difflib
import functools
import re
import threading
import time
import weakref
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from langchain_front.auth.context import current_user_id
from langchain_front.client import FrontResponse
from langchain_front.client.pages import ListPage
from langchain_front.errors import FrontValidationError
from langchain_front.tools._base import Call, Steps
from langchain_front.tools._fields import INBOX, TAG, TEAMMATE, IdKind, id_fields

__all__ = [
    "TTL_SECONDS",
    "Named",
    "resolve_name",
    "resolve_query",
    "resolving_names",
    "teammates",
]

#: How long a list of names is reused (seconds): long enough for one agent turn, short
#: enough that a tag created a minute ago is found.
TTL_SECONDS = 60.0

#: Pages of tags read at most (100 each) when a company has many tags.
MAX_PAGES = 10

Resolving = Generator[Call, FrontResponse, Any]


@dataclass(frozen=True)
class Named:
    """One record a name can resolve to: its ID, the names that match it, and a label."""

    id: str
    label: str
    keys: frozenset[str]
    record: Mapping[str, Any]


@dataclass(frozen=True)
class _Source:
    kind: IdKind
    operation: str
    paginated: bool
    entry: Callable[[Mapping[str, Any]], Named | None]


def _tag(record: Mapping[str, Any]) -> Named | None:
    tag_id, name = record.get("id"), record.get("name")
    if not isinstance(tag_id, str) or not isinstance(name, str):
        return None
    return Named(tag_id, f"{name} ({tag_id})", frozenset({_key(name)}), record)


def _inbox(record: Mapping[str, Any]) -> Named | None:
    inbox_id, name = record.get("id"), record.get("name")
    if not isinstance(inbox_id, str) or not isinstance(name, str):
        return None
    return Named(inbox_id, f"{name} ({inbox_id})", frozenset({_key(name)}), record)


def _teammate(record: Mapping[str, Any]) -> Named | None:
    tea_id = record.get("id")
    if not isinstance(tea_id, str) or record.get("type", "user") not in ("user", None):
        return None
    first, last = str(record.get("first_name") or ""), str(record.get("last_name") or "")
    username, email = str(record.get("username") or ""), str(record.get("email") or "")
    full = f"{first} {last}".strip()
    keys = {_key(v) for v in (first, last, full, username, email) if v}
    if username:
        keys.add("@" + _key(username))
    label = " ".join(p for p in (full or username, f"@{username}" if username else "") if p)
    return Named(tea_id, f"{label} <{email}> ({tea_id})", frozenset(keys), record)


_SOURCES: dict[str, _Source] = {
    "tag": _Source(TAG, "list-tags", True, _tag),
    "inbox": _Source(INBOX, "list-inboxes", False, _inbox),
    "teammate": _Source(TEAMMATE, "list-teammates", False, _teammate),
}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


# ----------------------------------------------------------------------------- the cache


class _NameCache:
    """Lists of names by (acting user, kind), each kept for :data:`TTL_SECONDS`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lists: dict[tuple[str | None, str], tuple[float, list[Named]]] = {}

    def get(self, kind: str) -> list[Named] | None:
        with self._lock:
            found = self._lists.get((current_user_id.get(), kind))
        if found is None or _now() - found[0] > TTL_SECONDS:
            return None
        return found[1]

    def put(self, kind: str, entries: list[Named]) -> None:
        with self._lock:
            self._lists[(current_user_id.get(), kind)] = (_now(), entries)


_CACHES: weakref.WeakKeyDictionary[Any, _NameCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _now() -> float:
    return time.monotonic()


def _cache(tool: Any) -> _NameCache:
    """The cache of the tool's client: every tool of a toolkit shares it."""
    owner = getattr(tool, "client", None) or getattr(tool, "async_client", None)
    if owner is None:
        return _NameCache()  # no client to share with: nothing to keep
    with _CACHES_LOCK:
        cache = _CACHES.get(owner)
        if cache is None:
            cache = _CACHES[owner] = _NameCache()
        return cache


def _load(tool: Any, kind: str, *, fresh: bool = False) -> Resolving:
    """The named records of ``kind``: cached, else one list request (more for many tags)."""
    cache = _cache(tool)
    entries = None if fresh else cache.get(kind)
    if entries is not None:
        return entries
    source = _SOURCES[kind]
    records: list[Any] = []
    page_token: str | None = None
    for _ in range(MAX_PAGES if source.paginated else 1):
        query: dict[str, Any] = {}
        if source.paginated:
            query["limit"] = 100
            if page_token:
                query["page_token"] = page_token
        page = ListPage.of((yield Call(source.operation, query=query)).data)
        records.extend(page.items)
        page_token = page.page_token
        if not page_token:
            break
    entries = [e for r in records if isinstance(r, Mapping) for e in [source.entry(r)] if e]
    cache.put(kind, entries)
    return entries


def teammates(tool: Any) -> Resolving:
    """Every teammate, read fresh (one request), which also refreshes the name cache."""
    return (yield from _load(tool, "teammate", fresh=True))


# ----------------------------------------------------------------------------- resolving


def resolve_name(tool: Any, kind: str, name: str, where: str) -> Resolving:
    """The ID that ``name`` names among the records of ``kind`` (``where``: the field, for
    errors). Raises :class:`FrontValidationError` with the candidates when several match and
    with the nearest names when none does."""
    entries: list[Named] = yield from _load(tool, kind)
    wanted = _key(name)
    matches = [e for e in entries if wanted in e.keys]
    if len(matches) == 1:
        return matches[0].id
    noun = _SOURCES[kind].kind.noun
    if matches:
        listed = "; ".join(e.label for e in matches[:10])
        problem = (
            f"{where}: {name!r} matches {len(matches)} {noun}s: {listed}. Pass the ID of the "
            f"one you mean (nothing was changed)"
        )
    else:
        keys = {k: e for e in entries for k in e.keys}
        close = difflib.get_close_matches(wanted, list(keys), n=5, cutoff=0.6)
        close += [k for k in keys if wanted in k and k not in close][:5]
        near = list(dict.fromkeys(keys[k].label for k in close))
        hint = f"nearest: {', '.join(near)}" if near else _SOURCES[kind].kind.how_to_find
        problem = f"{where}: no {noun} is named {name!r}; {hint}"
    raise FrontValidationError(noun, [problem])


def resolve_args(tool: Any, args: BaseModel) -> Resolving:
    """``(args with every name resolved to its ID, notes saying what was resolved)``."""
    updates: dict[str, Any] = {}
    notes: list[str] = []
    for field, kind in _name_fields(type(args)):
        value = getattr(args, field, None)
        values = value if isinstance(value, list) else [value]
        if not any(isinstance(v, str) and not kind.is_id(v) for v in values):
            continue
        resolved = []
        for item in values:
            if isinstance(item, str) and not kind.is_id(item):
                found = yield from resolve_name(tool, kind.noun, item, field)
                notes.append(f"{kind.noun} {item!r} is {found}")
                item = found
            resolved.append(item)
        updates[field] = resolved if isinstance(value, list) else resolved[0]
    if not updates:
        return args, []
    return args.model_copy(update=updates), notes


@functools.cache
def _name_fields(schema: type[BaseModel]) -> tuple[tuple[str, IdKind], ...]:
    """The fields of an args model whose kind accepts names (read once per model)."""
    return tuple((f, kind) for f, kind in id_fields(schema).items() if kind.by_name)


#: Search filters that take a tag, an inbox or a teammate.
_FILTER_KINDS = {
    "tag": "tag",
    "inbox": "inbox",
    "assignee": "teammate",
    "participant": "teammate",
    "author": "teammate",
    "mention": "teammate",
    "commenter": "teammate",
}
#: The tokens of a query: a filter with a quoted value, a quoted phrase (never looked into), a
#: filter, or a word.
_TOKEN_RE = re.compile(
    r'(?P<qname>\w+):"(?P<quoted>[^"]*)"|"[^"]*"|(?P<name>\w+):(?P<bare>\S+)|\S+'
)


def resolve_query(tool: Any, query: str) -> Resolving:
    """``(query with names in tag:/inbox:/assignee:... filters replaced by IDs, notes)``."""
    found: list[tuple[re.Match[str], str]] = []
    notes: list[str] = []
    for match in _TOKEN_RE.finditer(query):
        name = (match["qname"] or match["name"] or "").lower()
        if name not in _FILTER_KINDS:
            continue
        value = match["quoted"] if match["quoted"] is not None else match["bare"]
        kind = _SOURCES[_FILTER_KINDS[name]].kind
        if not value or kind.is_id(value):
            continue
        where = f"query ({name}:{_quoted(value)})"
        resolved = yield from resolve_name(tool, kind.noun, value, where)
        notes.append(f"{name}:{_quoted(value)} is {name}:{resolved}")
        found.append((match, f"{name}:{resolved}"))
    for match, replacement in reversed(found):
        query = query[: match.start()] + replacement + query[match.end() :]
    return query, notes


def _quoted(value: str) -> str:
    return f'"{value}"' if " " in value else value


def resolving_names(steps: Callable[[Any, Any], Steps]) -> Callable[[Any, Any], Steps]:
    """Wrap a tool's ``steps``: names in its name-accepting ID fields are resolved first, and
    the content starts with what they resolved to (``Resolved: tag 'Billing' is tag_4d0.``)."""
    if getattr(steps, "resolves_names", False):
        return steps

    @functools.wraps(steps)
    def wrapper(self: Any, args: Any) -> Steps:
        notes: list[str] = []
        if isinstance(args, BaseModel):
            args, notes = yield from resolve_args(self, args)
        content, artifact = yield from steps(self, args)
        return with_notes(content, notes), artifact

    wrapper.resolves_names = True  # type: ignore[attr-defined]
    return wrapper


def with_notes(content: str, notes: list[str]) -> str:
    """``content`` after one line saying what names were resolved (unchanged without any)."""
    if not notes:
        return content
    if content.startswith("Resolved: "):  # one line for every resolution of a call
        first, _, content = content.partition("\n")
        notes = [*notes, first.removeprefix("Resolved: ").removesuffix(".")]
    return f"Resolved: {'; '.join(notes)}.\n{content}"
