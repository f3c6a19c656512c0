"""An operation's parameters and body as text a model can write a correct call from.

Each parameter and body field gets one line: its type (``$ref``s resolved, ``null`` shown as
"or null"), enum values, format, unit, bounds, default, whether it is required, and its
description in full (markdown links reduced to their text; never cut). Nested objects are shown
indented under their field; an array of objects is shown by its item fields; alternative shapes
(``oneOf``/``anyOf``) are listed one after the other, with the property that selects them.

Units come from the text, since the spec has no unit keyword: a description that says
milliseconds or seconds decides; otherwise a number that is a timestamp (its description says
so, or its name ends in ``_at``) is Unix seconds, as every date in Front's API is (Front's API
notes, "Dates": epoch seconds as floats with millisecond precision).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from langchain_front.catalog._operation import Operation, Parameter

_REF_PREFIX = "#/components/schemas/"
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)\s]*\)")
_MS_RE = re.compile(r"\bmilli-?seconds?\b|\bms\b", re.IGNORECASE)
_SECONDS_RE = re.compile(r"\bseconds?\b", re.IGNORECASE)
_TIMESTAMP_RE = re.compile(r"\btimestamp\b|\bepoch\b", re.IGNORECASE)
_INDENT = "  "
#: Nesting beyond this depth is summarised (Front's deepest request bodies are 4 levels).
MAX_DEPTH = 6


def clean(text: str) -> str:
    """Description text on one line: links reduced to their text, emphasis and whitespace gone."""
    text = _LINK_RE.sub(r"\1", text).replace("**", "")
    text = re.sub(r"(?m)^\s*>\s?", "", text)
    return " ".join(text.split())


def unit(name: str, schema: Mapping[str, Any]) -> str | None:
    """The unit of a number field (``"seconds"``, ``"Unix timestamp, seconds"``...), else None."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if not {"number", "integer"} & set(kinds):
        return None
    text = str(schema.get("description", ""))
    timestamp = bool(_TIMESTAMP_RE.search(text)) or name.endswith("_at") or "since 1970" in text
    if _MS_RE.search(text):
        return "Unix timestamp, milliseconds" if timestamp else "milliseconds"
    if timestamp:
        return "Unix timestamp, seconds"
    if _SECONDS_RE.search(text):
        return "seconds"
    return None


class Describer:
    """Renders schemas of one catalog (``components``) as indented field lines."""

    def __init__(self, components: Mapping[str, Any]) -> None:
        self._schemas: Mapping[str, Any] = components.get("schemas", {})

    # ------------------------------------------------------------------ operation

    def operation(self, op: Operation) -> list[str]:
        """Lines describing ``op``'s description, parameters and body (indented by two)."""
        lines: list[str] = []
        if op.description:
            lines.append(_INDENT + clean(op.description))
        for param in (*op.path_params, *op.query_params):
            lines.extend(self._parameter(param))
        if op.body_schema is not None:
            required = "required" if op.body_required else "optional"
            lines.append(f"{_INDENT}body ({required}, JSON):")
            lines.extend(self.fields(op.body_schema, depth=2))
        return lines

    def _parameter(self, param: Parameter) -> list[str]:
        if param.style == "deepObject":
            head = (
                f"{_INDENT}{param.location} {param.name}: filter object, sent as "
                f'{{"{param.name}": {{"key": value or [values]}}}}'
            )
            head += ", required" if param.required else ""
            text = clean(param.description)
            return [head + (f". {text}" if text else "")]
        schema = param.schema
        facts = self._facts(param.name, schema, param.description or None)
        if param.required:
            facts.insert(1, "required")
        line = f"{_INDENT}{param.location} {param.name}: {', '.join(facts)}"
        text = clean(param.description or str(self._resolve(schema)[0].get("description", "")))
        return [line + (f". {text}" if text else "")]

    # ------------------------------------------------------------------ schemas

    def fields(self, schema: Mapping[str, Any], depth: int = 1) -> list[str]:
        """The fields of an object schema (``$ref``/``allOf`` merged), one line each, nested."""
        return list(self._object_lines(schema, depth, frozenset()))

    def _resolve(
        self, schema: Mapping[str, Any], seen: frozenset[str] = frozenset()
    ) -> tuple[Mapping[str, Any], frozenset[str]]:
        """Follow ``$ref``s (keeping the outer description); a loop stops at the known name."""
        outer_description = schema.get("description")
        while isinstance(schema.get("$ref"), str):
            ref = str(schema["$ref"])
            name = ref[len(_REF_PREFIX) :] if ref.startswith(_REF_PREFIX) else ref
            target = self._schemas.get(name)
            if not isinstance(target, Mapping) or name in seen:
                break
            seen = seen | {name}
            schema = target
        if outer_description and not schema.get("description"):
            schema = {**schema, "description": outer_description}
        return schema, seen

    def _nullable(self, schema: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
        """``anyOf: [X, {"type": "null"}]`` -> (X with the outer annotations, True)."""
        variants = schema.get("anyOf")
        if isinstance(variants, list) and len(variants) == 2:
            nulls = [v for v in variants if isinstance(v, Mapping) and v.get("type") == "null"]
            if len(nulls) == 1:
                other = next(v for v in variants if v is not nulls[0])
                if isinstance(other, Mapping):
                    outer = {k: v for k, v in schema.items() if k != "anyOf"}
                    return {**other, **outer}, True
        return schema, False

    def _properties(
        self, schema: Mapping[str, Any], seen: frozenset[str]
    ) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names of an object schema, ``allOf`` parts merged."""
        schema, seen = self._resolve(schema, seen)
        props: dict[str, Any] = dict(schema.get("properties") or {})
        required = {str(n) for n in schema.get("required", ())}
        for part in schema.get("allOf", ()):
            if isinstance(part, Mapping):
                sub_props, sub_required = self._properties(part, seen)
                props.update(sub_props)
                required |= sub_required
        return props, required

    def _object_lines(
        self, schema: Mapping[str, Any], depth: int, seen: frozenset[str]
    ) -> Iterator[str]:
        resolved, seen = self._resolve(schema, seen)
        resolved, _ = self._nullable(resolved)
        resolved, seen = self._resolve(resolved, seen)
        variants = self._variants(resolved)
        if variants:
            yield from self._variant_lines(resolved, variants, depth, seen)
            return
        props, required = self._properties(resolved, seen)
        if not props:
            extra = resolved.get("additionalProperties")
            if isinstance(extra, Mapping):
                value = ", ".join(self._facts("", extra, None)) or "any value"
                yield f"{_INDENT * depth}(any keys; each value: {value})"
            return
        # Required fields first, then the others, each group in spec order.
        ordered = [n for n in props if n in required] + [n for n in props if n not in required]
        for name in ordered:
            yield from self._field_lines(name, props[name], name in required, depth, seen)

    def _field_lines(
        self, name: str, schema: Any, required: bool, depth: int, seen: frozenset[str]
    ) -> Iterator[str]:
        if not isinstance(schema, Mapping):
            yield f"{_INDENT * depth}{name}: any value"
            return
        looped = _ref_name(schema)
        if looped is not None and looped in seen:
            yield f"{_INDENT * depth}{name}: object, the same shape as its parent {looped}"
            return
        resolved, inner_seen = self._resolve(schema, seen)
        facts = self._facts(name, resolved, None)
        if required:
            facts.insert(1, "required")
        if resolved.get("readOnly"):
            facts.append("read-only")
        text = clean(str(resolved.get("description", "")))
        yield f"{_INDENT * depth}{name}: {', '.join(facts)}" + (f". {text}" if text else "")
        child = self._child_object(resolved)
        if child is None:
            return
        if depth >= MAX_DEPTH:
            yield f"{_INDENT * (depth + 1)}(nested fields left out: too deep)"
            return
        yield from self._object_lines(child, depth + 1, inner_seen)

    def _child_object(self, schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The object whose fields go under this field: itself, or its array's item object."""
        schema, _ = self._nullable(schema)
        schema, _ = self._resolve(schema)
        if schema.get("type") == "array" or "items" in schema:
            items = schema.get("items")
            if not isinstance(items, Mapping):
                return None
            items, _ = self._resolve(items)
            return items if self._is_object(items) else None
        return schema if self._is_object(schema) else None

    def _is_object(self, schema: Mapping[str, Any]) -> bool:
        schema, _ = self._nullable(schema)
        schema, _ = self._resolve(schema)
        if self._variants(schema):
            return True
        props, _ = self._properties(schema, frozenset())
        return bool(props) or isinstance(schema.get("additionalProperties"), Mapping)

    def _variants(self, schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        for key in ("oneOf", "anyOf"):
            found = schema.get(key)
            if isinstance(found, list):
                real = [v for v in found if isinstance(v, Mapping) and v.get("type") != "null"]
                if len(real) > 1 and all(self._has_fields(v) for v in real):
                    return real
        return []

    def _has_fields(self, schema: Mapping[str, Any]) -> bool:
        props, _ = self._properties(schema, frozenset())
        return bool(props)

    def _variant_lines(
        self,
        schema: Mapping[str, Any],
        variants: list[Mapping[str, Any]],
        depth: int,
        seen: frozenset[str],
    ) -> Iterator[str]:
        discriminator = schema.get("discriminator")
        prop = discriminator.get("propertyName") if isinstance(discriminator, Mapping) else None
        chooser = f" (chosen by '{prop}')" if prop else ""
        yield f"{_INDENT * depth}one of these {len(variants)} shapes{chooser}:"
        for index, variant in enumerate(variants, 1):
            ref = variant.get("$ref")
            label = str(ref).rsplit("/", 1)[-1] if isinstance(ref, str) else f"shape {index}"
            resolved, _ = self._resolve(variant, seen)
            text = clean(str(resolved.get("description", "")))
            yield f"{_INDENT * depth}- {label}" + (f": {text}" if text else "")
            yield from self._object_lines(variant, depth + 1, seen)

    # ------------------------------------------------------------------ one value

    def _facts(self, name: str, schema: Mapping[str, Any], description: str | None) -> list[str]:
        """Type first, then enum, format, unit, bounds and default (no description)."""
        schema, _ = self._resolve(schema)
        schema, nullable = self._nullable(schema)
        schema, _ = self._resolve(schema)
        facts = [self._type(schema) + (" or null" if nullable else "")]
        enum = schema.get("enum")
        if isinstance(enum, list):
            values = [v for v in enum if v is not None]
            facts.append("one of " + ", ".join(_value(v) for v in values))
        if "const" in schema:
            facts.append(f"always {_value(schema['const'])}")
        items = schema.get("items")
        if isinstance(items, Mapping):
            items, _ = self._resolve(items)
            if isinstance(items.get("enum"), list):
                facts.append("items one of " + ", ".join(_value(v) for v in items["enum"]))
        if schema.get("format"):
            facts.append(f"format {schema['format']}")
        measured = dict(schema)
        if description and not measured.get("description"):
            measured["description"] = description
        found_unit = unit(name, measured)
        if found_unit:
            facts.append(found_unit)
        facts.extend(_bounds(schema))
        if "default" in schema:
            facts.append(f"default {_value(schema['default'])}")
        if schema.get("deprecated"):
            facts.append("deprecated")
        return facts

    def _type(self, schema: Mapping[str, Any]) -> str:
        kind = schema.get("type")
        if isinstance(kind, list):
            return " or ".join(str(k) for k in kind)
        if kind == "array" or (kind is None and "items" in schema):
            items = schema.get("items")
            if not isinstance(items, Mapping):
                return "array"
            items, _ = self._resolve(items)
            if self._is_object(items):
                return "array of objects"
            return f"array of {self._type(items)}"
        if kind is not None:
            return str(kind)
        if self._variants(schema) or self._has_fields(schema):
            return "object"
        for key in ("oneOf", "anyOf"):
            options = schema.get(key)
            if isinstance(options, list):
                return " or ".join(
                    self._type(self._resolve(o)[0]) for o in options if isinstance(o, Mapping)
                )
        return "any"


def _ref_name(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        return ref[len(_REF_PREFIX) :]
    return None


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _bounds(schema: Mapping[str, Any]) -> list[str]:
    out = []
    for key, label in (
        ("minimum", "min"),
        ("maximum", "max"),
        ("exclusiveMinimum", "above"),
        ("exclusiveMaximum", "below"),
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("minItems", "min items"),
        ("maxItems", "max items"),
        ("pattern", "pattern"),
    ):
        if key in schema:
            out.append(f"{label} {schema[key]}")
    return out
