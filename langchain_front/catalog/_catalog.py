"""The :class:`Catalog`: every operation of one catalog, looked up, searched and matched.

It parses the catalog's data (the content of ``operations.json``) into :class:`Operation`s that
share one :class:`Schemas`, finds an operation by id (forgiving spelling), ranks operations by
keywords (see ``_search``), matches a concrete request (method + path) back to its operation, and
builds JSON-schema validators for any schema of the catalog.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from langchain_front.catalog import _search
from langchain_front.catalog._operation import EFFECTS, Operation
from langchain_front.catalog._schemas import Schemas
from langchain_front.errors import FrontConfigurationError, FrontValidationError

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

CATALOG_FORMAT = 1
_UNKNOWN_OPERATION = "unknown operation id; use the operation search to find one"


@dataclass(frozen=True)
class _Route:
    segments: tuple[str, ...]
    params: tuple[str | None, ...]  # param name per segment, None for a literal segment
    operation: Operation


class Catalog:
    """All operations of the catalog, in file order, with lookup, search and request matching."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        fmt = data.get("format", CATALOG_FORMAT)
        if fmt != CATALOG_FORMAT:
            raise FrontConfigurationError(
                f"operation catalog format {fmt} is not supported (expected {CATALOG_FORMAT}); "
                "regenerate it with scripts/generate_catalog.py"
            )
        self._data = data
        self._schemas = Schemas(data.get("components") or {"schemas": {}})
        self._operations: tuple[Operation, ...] = tuple(
            Operation.from_record(record, self._schemas) for record in data.get("operations", ())
        )
        self._by_id: dict[str, Operation] = {}
        self._routes: dict[tuple[str, int], list[_Route]] = {}
        for op in self._operations:
            if op.id in self._by_id:
                raise FrontConfigurationError(f"operation catalog: duplicate id {op.id}")
            self._by_id[op.id] = op
            segments = tuple(op.path.split("/"))
            params = tuple(
                m.group(1) if (m := re.fullmatch(r"\{([^}/]+)\}", s)) else None for s in segments
            )
            self._routes.setdefault((op.method, len(segments)), []).append(
                _Route(segments, params, op)
            )
        self._index: list[dict[str, float]] | None = None
        self._doc_freq: dict[str, int] | None = None

    # ----------------------------------------------------------------- container

    def __len__(self) -> int:
        return len(self._operations)

    def __iter__(self) -> Iterator[Operation]:
        return iter(self._operations)

    def __contains__(self, op_id: object) -> bool:
        return isinstance(op_id, str) and op_id in self._by_id

    def __repr__(self) -> str:
        return f"<Catalog of {len(self)} Front operations>"

    @property
    def components(self) -> Mapping[str, Any]:
        """The catalog's ``components`` (``{"schemas": {name: schema}}``), target of ``$ref``s."""
        return self._schemas.components

    @property
    def schemas(self) -> Schemas:
        """The catalog's schemas and validator cache, shared by all its operations."""
        return self._schemas

    @property
    def info(self) -> Mapping[str, Any]:
        """Provenance of the catalog (spec title, version, servers, operation count)."""
        info = self._data.get("info") or {}
        return MappingProxyType(dict(info))

    # ----------------------------------------------------------------- lookup

    def get(self, op_id: str) -> Operation:
        """The operation with this id; a close spelling (case, '_' for '-') is accepted."""
        op = self._by_id.get(op_id)
        if op is not None:
            return op
        normalized = re.sub(r"[\s_]+", "-", str(op_id).strip().lower())
        op = self._by_id.get(normalized)
        if op is not None:
            return op
        problems = [_UNKNOWN_OPERATION]
        close = difflib.get_close_matches(normalized, list(self._by_id), n=3, cutoff=0.6)
        if close:
            problems.append(f"did you mean: {', '.join(close)}")
        raise FrontValidationError(str(op_id), problems)

    # ----------------------------------------------------------------- search

    def _search_index(self) -> list[dict[str, float]]:
        if self._index is None:
            self._index = [
                _search.build_index(
                    {
                        "id": [op.id],
                        "summary": [op.summary],
                        "tag": [op.tag],
                        "path": [s for s in op.path.split("/") if s and not s.startswith("{")],
                        "param": [
                            *(p.name for p in (*op.path_params, *op.query_params)),
                            *self._body_field_names(op),
                        ],
                        "text": [op.description],
                    }
                )
                for op in self._operations
            ]
        return self._index

    def _body_field_names(self, op: Operation) -> list[str]:
        """Top-level body field names of ``op`` (``$ref`` and ``allOf`` followed)."""
        schema: Any = op.body_schema
        names: list[str] = []
        seen: set[str] = set()
        while isinstance(schema, Mapping):
            names.extend(str(n) for n in schema.get("properties") or {})
            for part in schema.get("allOf", ()):
                if isinstance(part, Mapping):
                    names.extend(str(n) for n in part.get("properties") or {})
            ref = schema.get("$ref")
            if not isinstance(ref, str) or ref in seen:
                break
            seen.add(ref)
            schema = self.components.get("schemas", {}).get(ref.rsplit("/", 1)[-1])
        return names

    def relevance(self, query: str, op: Operation) -> float:
        """How well ``op`` covers ``query``, 0..1 (rare words count more; see ``_search``).

        Below about 0.5 the operation shares only common words with the need: Front's API most
        likely has no operation for it.
        """
        index = self._search_index()
        if self._doc_freq is None:
            freq: dict[str, int] = {}
            for entry in index:
                for word in entry:
                    freq[word] = freq.get(word, 0) + 1
            self._doc_freq = freq
        terms = _search.query_terms(query or "")
        position = self._operations.index(op)
        return _search.relevance(index[position], terms, self._doc_freq, len(index))

    def search(
        self,
        query: str,
        *,
        effects: Collection[str] | None = None,
        tag: str | None = None,
        include_deprecated: bool = False,
        limit: int = 10,
    ) -> list[Operation]:
        """Operations ranked by keyword relevance to ``query`` (best first).

        Matches words of the id, summary, tag, path, parameter names and description; plural and
        singular forms match each other. ``effects`` keeps only those effects, ``tag`` only that
        tag (case-insensitive). Deprecated operations are left out unless ``include_deprecated``,
        and then ranked after the non-deprecated ones matching as many query words. An empty
        query lists operations in catalog order.
        """
        if effects is not None:
            wrong = sorted(set(effects) - set(EFFECTS))
            if wrong:
                raise FrontValidationError(
                    "operation search",
                    [f"unknown effect(s) {', '.join(wrong)}; use {', '.join(EFFECTS)}"],
                )
        wanted_tag = " ".join(_search.words(tag)) if tag else None
        terms = _search.query_terms(query or "")
        phrase = " ".join(terms)
        index = self._search_index()
        ranked: list[tuple[tuple[Any, ...], Operation]] = []
        for position, op in enumerate(self._operations):
            if op.deprecated and not include_deprecated:
                continue
            if effects is not None and op.effect not in effects:
                continue
            if wanted_tag is not None and " ".join(_search.words(op.tag)) != wanted_tag:
                continue
            if terms:
                matched, weight = _search.score(index[position], terms)
                if matched == 0:
                    continue
                exact = phrase in (
                    " ".join(_search.query_terms(op.id)),
                    " ".join(_search.query_terms(op.summary)),
                )
            else:
                matched, weight, exact = 0, 0.0, False
            key = (
                not exact,
                -matched,
                op.deprecated,
                -weight,
                len(_search.query_terms(op.summary)),
                position,
            )
            ranked.append((key, op))
        ranked.sort(key=lambda item: item[0])
        return [op for _, op in ranked[: max(limit, 0)]]

    # ----------------------------------------------------------------- matching

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation serving ``method path`` and its decoded path parameters, or None.

        ``path`` is the request path as sent (percent-encoded; a full URL or a query string is
        tolerated). Literal segments beat ``{param}`` segments. The trailing slash is
        significant, but a missing or extra one is tolerated when nothing matches exactly.
        """
        raw = path
        if "://" in raw:
            raw = urlsplit(raw).path
        raw = raw.split("?", 1)[0].split("#", 1)[0]
        if not raw.startswith("/"):
            raw = "/" + raw
        verb = method.upper()
        found = self._match_exact(verb, raw)
        if found is None and raw != "/":
            alternative = raw[:-1] if raw.endswith("/") else raw + "/"
            found = self._match_exact(verb, alternative)
        return found

    def _match_exact(self, method: str, raw: str) -> tuple[Operation, dict[str, str]] | None:
        segments = raw.split("/")
        best: tuple[tuple[int, ...], Operation, dict[str, str]] | None = None
        for route in self._routes.get((method, len(segments)), ()):
            params: dict[str, str] = {}
            rank: list[int] = []
            for template, param, actual in zip(route.segments, route.params, segments, strict=True):
                if param is None:
                    if unquote(actual) != template:
                        break
                    rank.append(1)
                else:
                    if not actual:
                        break
                    params[param] = unquote(actual)
                    rank.append(0)
            else:
                key = tuple(rank)
                if best is None or key > best[0]:
                    best = (key, route.operation, params)
        return None if best is None else (best[1], best[2])

    # ----------------------------------------------------------------- schemas

    def validator(self, schema: Mapping[str, Any]) -> Validator:
        """A draft 2020-12 validator for a schema of this catalog (``$ref``s resolve).

        Validators are cached per schema object; format assertions are off.
        """
        return self._schemas.validator(schema)
