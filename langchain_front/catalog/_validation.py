"""Argument checks of an operation: the problem lines of a :class:`FrontValidationError`.

Each function returns every problem it finds (never raises), worded for whoever must fix the call,
so :meth:`Operation.validate` can report them all at once before any request is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from langchain_front.catalog._closed import ClosedObjects

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from langchain_front.catalog._operation import Operation, Parameter

#: Every problem is listed up to this many (one message; only a pathological body reaches it).
MAX_BODY_PROBLEMS = 40
_MAX_MESSAGE = 400


def maybe_json_object(value: Any) -> Any:
    """A deepObject parameter given as a JSON text (``'{"statuses": ["open"]}'``) -> dict.

    Shared by validation and query encoding, so both see the same value.
    """
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        if isinstance(parsed, dict):
            return parsed
    return value


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _names(names: Collection[str]) -> str:
    return ", ".join(sorted(names)) if names else "(none)"


def _error_location(prefix: str, error: ValidationError) -> str:
    location = prefix
    for part in error.absolute_path:
        location += f"[{part}]" if isinstance(part, int) else f".{part}"
    return location


def path_value_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be path parameter ``name`` (one path segment), or None."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"path parameter '{name}' must be a string (an ID or an alt: alias)"
    text = str(value)
    if not text.strip():
        return f"path parameter '{name}' must not be empty"
    if text in (".", ".."):
        return f"path parameter '{name}' must be an ID, not {text!r}"
    return None


def _coerce_query_value(schema: Mapping[str, Any], value: Any) -> Any:
    """Strings that clearly mean a number or boolean are accepted where the schema wants one."""
    kind = schema.get("type")
    if not isinstance(value, str):
        return value
    text = value.strip()
    if kind == "integer" and re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if kind == "number":
        try:
            return float(text)
        except ValueError:
            return value
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return value


def path_problems(op: Operation, given: Mapping[str, Any]) -> list[str]:
    """Missing, unusable or unknown path parameters of ``op`` among ``given``."""
    problems: list[str] = []
    allowed = [p.name for p in op.path_params]
    for param in op.path_params:
        value = given.get(param.name)
        if value is None:
            hint = f" ({param.description})" if param.description else ""
            example = param.schema.get("example")
            if example is not None:
                hint += f", e.g. {example!r}"
            problems.append(f"missing required path parameter '{param.name}'{hint}")
        else:
            problem = path_value_problem(param.name, value)
            if problem is not None:
                problems.append(problem)
    unknown = [name for name in given if name not in allowed]
    if unknown:
        where = f"allowed: {_names(allowed)}" if allowed else "it takes none"
        problems.append(f"unknown path parameter(s) {_names(unknown)}; {where}")
    return problems


def query_problems(op: Operation, given: Mapping[str, Any]) -> list[str]:
    """Missing or unknown query parameters of ``op``, and values their schemas reject."""
    problems: list[str] = []
    by_name = {p.name: p for p in op.query_params}
    for param in op.query_params:
        if param.required and given.get(param.name) is None:
            problems.append(f"missing required query parameter '{param.name}'")
    unknown = [name for name in given if name not in by_name]
    if unknown:
        where = f"allowed: {_names(by_name)}" if by_name else "it takes none"
        problems.append(f"unknown query parameter(s) {_names(unknown)}; {where}")
    for name, value in given.items():
        known = by_name.get(name)
        if known is not None and value is not None:
            problems.extend(_query_value_problems(op, known, value))
    return problems


def _query_value_problems(op: Operation, param: Parameter, value: Any) -> list[str]:
    if param.style == "deepObject":
        value = maybe_json_object(value)
        items: list[Any] = [value]
    elif isinstance(value, (list, tuple)) and param.schema.get("type") != "array":
        items = list(value)  # repeated key
    else:
        items = [value]
    validator = op.schemas.validator(param.schema)
    problems: list[str] = []
    for item in items:
        coerced = _coerce_query_value(param.schema, item)
        for error in validator.iter_errors(coerced):
            problems.append(
                f"{_error_location('query.' + param.name, error)}: {_shorten(error.message)}"
            )
    return problems[:MAX_BODY_PROBLEMS]


def body_problems(op: Operation, body: Any) -> list[str]:
    """A missing, unexpected or schema-invalid body, and unknown keys of its closed objects.

    Past ``MAX_BODY_PROBLEMS`` lines, the rest are counted.
    """
    schema = op.body_schema
    absent = body is None or (isinstance(body, Mapping) and not body)
    if schema is None:
        if absent:
            return []
        return [f"this operation ({op.method} {op.path}) takes no body; remove it"]
    if body is None:
        if not op.body_required:
            return []
        required = op.required_body_fields()
        fields = f"; required fields: {', '.join(required)}" if required else ""
        return [f"a JSON body is required{fields}"]
    from jsonschema.exceptions import best_match

    errors = sorted(
        op.schemas.validator(schema).iter_errors(body),
        key=lambda e: ([str(p) for p in e.absolute_path], e.message),
    )
    problems: list[str] = []
    for error in errors:
        best = best_match([error]) or error
        line = f"{_error_location('body', best)}: {_shorten(best.message)}"
        if line not in problems:
            problems.append(line)
    closed = ClosedObjects(op.schemas.components.get("schemas", {}))
    problems.extend(closed.problems(schema, body))
    if len(problems) > MAX_BODY_PROBLEMS:
        extra = len(problems) - MAX_BODY_PROBLEMS
        problems = [*problems[:MAX_BODY_PROBLEMS], f"... and {extra} more body problem(s)"]
    return problems
