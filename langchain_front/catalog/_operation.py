"""One catalogued operation (:class:`Operation`) and its parameters (:class:`Parameter`).

An operation is the data of one record of ``operations.json`` plus what a request needs from it:
its path rendered with percent-encoded values, its query encoded the way Front reads it (the
``q[...]`` object), and its arguments checked (the checks themselves live in ``_validation``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args
from urllib.parse import quote

from langchain_front.catalog import _validation
from langchain_front.catalog._schemas import Schemas
from langchain_front.errors import FrontConfigurationError, FrontValidationError

Effect = Literal["read", "write", "send", "destructive"]
Namespace = Literal["shared", "private", "team", "company", "teammate"]
ParameterStyle = Literal["form", "deepObject"]

EFFECTS: tuple[str, ...] = get_args(Effect)
NAMESPACES: tuple[str, ...] = get_args(Namespace)

_PARAM_RE = re.compile(r"\{([^}/]+)\}")
# One path segment: '/', ' ', '?', '#', '%' (and every other reserved byte) are percent-encoded;
# ':' '@' '+' stay literal so aliases (alt:email:leela@planet-express.com, alt:phone:+123) and
# search queries (is:open%20tag:tag_1) stay readable.
_SEGMENT_SAFE = ":@+"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _encode_pairs(key: str, value: Any, out: list[tuple[str, str]]) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for sub_key, sub_value in value.items():
            _encode_pairs(f"{key}[{sub_key}]", sub_value, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _encode_pairs(key, item, out)
    elif isinstance(value, (set, frozenset)):
        for item in sorted(value, key=_scalar):
            _encode_pairs(key, item, out)
    else:
        out.append((key, _scalar(value)))


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter of an operation.

    ``style`` is ``"deepObject"`` for Front's ``q`` filter object (sent as ``q[key]=value``);
    ``"form"`` otherwise. ``schema`` is JSON Schema 2020-12; do not mutate it.
    """

    name: str
    location: Literal["path", "query"]
    required: bool
    description: str
    schema: dict[str, Any]
    style: ParameterStyle = "form"

    def __hash__(self) -> int:
        return hash((self.name, self.location))

    @classmethod
    def from_record(
        cls, record: Mapping[str, Any], location: Literal["path", "query"]
    ) -> Parameter:
        """A parameter from one entry of a record's ``path_params`` or ``query_params``."""
        style = record.get("style", "form")
        return cls(
            name=str(record["name"]),
            location=location,
            required=bool(record.get("required", location == "path")),
            description=str(record.get("description", "")),
            schema=dict(record.get("schema") or {}),
            style="deepObject" if style == "deepObject" else "form",
        )


@dataclass(frozen=True)
class Operation:
    """One Front Core API operation, as recorded in the catalog.

    Schemas are JSON Schema 2020-12 whose ``$ref``s point at ``#/components/schemas/X`` of the
    catalog (see :attr:`Catalog.components`); do not mutate them. ``schemas`` holds those
    components and the validators built from them: the catalog's own, shared by its operations
    (and kept by ``dataclasses.replace``).
    """

    id: str
    method: str
    path: str
    summary: str
    description: str
    tag: str
    path_params: tuple[Parameter, ...]
    query_params: tuple[Parameter, ...]
    body_schema: dict[str, Any] | None
    body_required: bool
    scopes: tuple[str, ...]
    deprecated: bool
    namespace: Namespace
    effect: Effect
    paginated: bool
    success_status: int
    response_schema: dict[str, Any] | None
    redirects_when_merged: bool
    irreversible: bool = field(default=False, kw_only=True)
    """A permanent delete: what it removes cannot be restored (see ``_effect_review``)."""
    schemas: Schemas = field(kw_only=True, repr=False, compare=False, hash=False)

    def __hash__(self) -> int:
        return hash((self.id, self.method, self.path))

    @classmethod
    def from_record(cls, record: Mapping[str, Any], schemas: Schemas) -> Operation:
        """An operation from one record of ``operations.json``, validated against ``schemas``."""
        namespace = record.get("namespace", "shared")
        effect = record.get("effect", "write")
        if namespace not in NAMESPACES:
            raise FrontConfigurationError(f"catalog: {record.get('id')}: bad namespace {namespace}")
        if effect not in EFFECTS:
            raise FrontConfigurationError(f"catalog: {record.get('id')}: bad effect {effect}")
        body = record.get("body_schema")
        response = record.get("response_schema")
        return cls(
            id=str(record["id"]),
            method=str(record["method"]).upper(),
            path=str(record["path"]),
            summary=str(record.get("summary", "")),
            description=str(record.get("description", "")),
            tag=str(record.get("tag", "")),
            path_params=tuple(
                Parameter.from_record(p, "path") for p in record.get("path_params", ())
            ),
            query_params=tuple(
                Parameter.from_record(p, "query") for p in record.get("query_params", ())
            ),
            body_schema=dict(body) if body is not None else None,
            body_required=bool(record.get("body_required", False)),
            scopes=tuple(str(s) for s in record.get("scopes", ())),
            deprecated=bool(record.get("deprecated", False)),
            namespace=cast(Namespace, namespace),
            effect=cast(Effect, effect),
            paginated=bool(record.get("paginated", False)),
            success_status=int(record.get("success_status", 200)),
            response_schema=dict(response) if response is not None else None,
            redirects_when_merged=bool(record.get("redirects_when_merged", False)),
            irreversible=bool(record.get("irreversible", False)),
            schemas=schemas,
        )

    # ----------------------------------------------------------------- requests

    def render_path(self, path_params: Mapping[str, str]) -> str:
        """The request path with each ``{name}`` replaced by its percent-encoded value.

        Each value becomes exactly one path segment ('/', spaces, '?', '#', '%' are encoded;
        ':', '@' and '+' are kept). Trailing slashes of the spec path are kept.
        Raises :class:`FrontValidationError` if a parameter is missing or unusable.
        """
        problems: list[str] = []

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            value: Any = path_params.get(name)
            if value is None:
                problems.append(f"missing required path parameter '{name}'")
                return match.group(0)
            problem = _validation.path_value_problem(name, value)
            if problem is not None:
                problems.append(problem)
                return match.group(0)
            return quote(str(value), safe=_SEGMENT_SAFE)

        rendered = _PARAM_RE.sub(substitute, self.path)
        if problems:
            raise FrontValidationError(self.id, problems)
        return rendered

    def encode_query(self, query: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Query pairs in the form Front expects.

        ``None`` is dropped, booleans become ``true``/``false``, lists repeat the key, and
        mappings (Front's ``q`` object) become ``q[key]=value`` pairs (lists inside repeated).
        A deepObject parameter given as a JSON object text is parsed first.
        """
        styles = {p.name: p.style for p in self.query_params}
        pairs: list[tuple[str, str]] = []
        for name, value in query.items():
            if styles.get(name) == "deepObject":
                value = _validation.maybe_json_object(value)
            _encode_pairs(str(name), value, pairs)
        return pairs

    # ----------------------------------------------------------------- validation

    def validate(
        self,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> None:
        """Check arguments before any request is made.

        Collects every problem (missing or unknown parameters, bad values, a missing, unexpected
        or schema-invalid body) and raises one :class:`FrontValidationError` listing them.
        """
        problems: list[str] = []
        problems.extend(_validation.path_problems(self, path_params or {}))
        problems.extend(_validation.query_problems(self, query or {}))
        problems.extend(_validation.body_problems(self, body))
        if problems:
            raise FrontValidationError(self.id, problems)

    def required_body_fields(self) -> list[str]:
        """Top-level body properties the body schema requires (following $ref and allOf)."""
        if self.body_schema is None:
            return []
        return self.schemas.required_fields(self.body_schema)

    def summary_dict(self) -> dict[str, Any]:
        """A compact description: id, method, path, summary, effect (+ deprecated when true)."""
        out: dict[str, Any] = {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "summary": self.summary,
            "effect": self.effect,
        }
        if self.irreversible:
            out["irreversible"] = True
        if self.deprecated:
            out["deprecated"] = True
        return out
