"""Deterministic instances of JSON schemas, for the Front double and for tests.

:func:`synthesize` walks a (catalog, JSON Schema 2020-12) schema and builds one instance of it.
Values come, in order of preference, from the schema's ``example``, its ``default``, the first
``enum`` value, and finally from the type (strings by ``format`` and property name, numbers from
``minimum``, arrays with one item, objects with every property). ``$ref`` to
``#/components/schemas/X`` is resolved, ``allOf`` branches are merged, ``oneOf``/``anyOf`` take the
first non-null branch that validates (validity as the catalog's validators judge it, so an OpenAPI
``discriminator`` is honoured), and a nullable schema gets its non-null value.

Front's spec has a few ``example`` values that do not satisfy their own schema (``null`` on a
non-nullable string, an integer on a string, a list on a string item). Every ``example`` and
``default`` is therefore checked against its sub-schema first and a type-based value is used when
it fails. An optional property whose synthesized value still fails its sub-schema (an ambiguous
``oneOf``) is left out rather than emitted invalid.

Everything is a pure function of ``(schema, components, seed_key)``: no randomness, no clock.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from langchain_front.catalog import Schemas
from langchain_front.testing.seed import BASE_TIMESTAMP

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

__all__ = ["synthesize"]

#: Object nesting below which only required properties are synthesized.
DEFAULT_MAX_DEPTH = 10
#: Nesting at which synthesis stops descending altogether (guards recursive schemas).
_HARD_DEPTH = 40

_REF_PREFIX = "#/components/schemas/"
_NULL = {"type": "null"}
_LITERAL_KEYS = ("example", "default", "enum", "const")

# Validators are cached per components mapping (kept alive in the value so ids stay unique).
_VALIDATORS: dict[int, tuple[Mapping[str, Any], Validator]] = {}


def _schemas_of(components: Mapping[str, Any]) -> Mapping[str, Any]:
    schemas = components.get("schemas")
    if isinstance(schemas, Mapping):
        return schemas
    return components


def _root_validator(components: Mapping[str, Any]) -> Validator:
    key = id(components)
    cached = _VALIDATORS.get(key)
    if cached is not None and cached[0] is components:
        return cached[1]
    validator = Schemas({"schemas": dict(_schemas_of(components))}).validator({})
    _VALIDATORS[key] = (components, validator)
    return validator


def synthesize(
    schema: Mapping[str, Any] | bool | None,
    components: Mapping[str, Any],
    *,
    seed_key: str,
    max_depth: int = DEFAULT_MAX_DEPTH,
    ref_values: Mapping[str, Any] | None = None,
) -> Any:
    """Build a deterministic instance of ``schema``.

    ``components`` is the catalog's ``{"schemas": {...}}`` mapping (a bare ``{name: schema}``
    mapping is accepted too); ``seed_key`` makes type-based strings distinct between callers
    (use the operation id, or a record name). Below ``max_depth`` levels of nesting only the
    required properties of objects are filled in. ``ref_values`` maps component names to
    ready-made instances used (copied) wherever ``#/components/schemas/<name>`` is referenced,
    e.g. a stored teammate for every ``TeammateResponse``.
    """
    synth = _Synth(components, seed_key, max_depth, ref_values or {})
    return synth.value(schema, 0, "", "$")


class _Synth:
    def __init__(
        self,
        components: Mapping[str, Any],
        seed_key: str,
        max_depth: int,
        ref_values: Mapping[str, Any],
    ) -> None:
        self.schemas = _schemas_of(components)
        self.ref_values = ref_values
        self.root = _root_validator(components)
        self.seed_key = seed_key
        self.max_depth = max_depth
        self._valid_cache: dict[tuple[int, str], tuple[Any, bool]] = {}

    # ------------------------------------------------------------------ helpers

    def valid(self, schema: Any, value: Any) -> bool:
        if schema is True or schema is None:
            return True
        if schema is False:
            return False
        validator = self.root.evolve(schema=schema)
        return bool(validator.is_valid(value))

    def valid_literal(self, schema: Mapping[str, Any], key: str) -> bool:
        """Whether ``schema[key]`` (an example or default) satisfies ``schema``; cached."""
        cache_key = (id(schema), key)
        hit = self._valid_cache.get(cache_key)
        if hit is not None and hit[0] is schema:
            return hit[1]
        ok = self.valid(schema, schema[key])
        self._valid_cache[cache_key] = (schema, ok)
        return ok

    def resolve(self, ref: str) -> Any:
        if not ref.startswith(_REF_PREFIX):
            raise ValueError(f"unsupported $ref {ref!r}")
        return self.schemas[ref[len(_REF_PREFIX) :]]

    def digest(self, path: str) -> str:
        return hashlib.sha256(f"{self.seed_key}|{path}".encode()).hexdigest()[:8]

    # ------------------------------------------------------------------ synthesis

    def value(self, schema: Any, depth: int, name: str, path: str) -> Any:
        if schema is None or schema is True or schema is False:
            return self.string({}, name, path)
        if not isinstance(schema, Mapping):
            raise TypeError(f"schema at {path} is not an object: {schema!r}")

        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
            name = ref[len(_REF_PREFIX) :]
            if name in self.ref_values:
                return copy.deepcopy(self.ref_values[name])

        literal = self.literal(schema)
        if literal is not _MISSING:
            return literal

        if "$ref" in schema:
            target = self.resolve(schema["$ref"])
            if depth >= _HARD_DEPTH:
                return self.minimal(target)
            return self.value(target, depth + 1, name, path)

        for keyword in ("allOf", "oneOf", "anyOf"):
            if keyword in schema:
                return self.combined(schema, keyword, depth, name, path)

        return self.typed(schema, depth, name, path)

    def literal(self, schema: Mapping[str, Any]) -> Any:
        """The schema's own example / default / enum value if usable, else ``_MISSING``."""
        for key in ("example", "default"):
            if key not in schema:
                continue
            candidate = schema[key]
            if candidate is None and _allows_non_null(schema):
                continue  # nullable: prefer a real value
            if self.valid_literal(schema, key):
                return copy.deepcopy(candidate)
            if (
                isinstance(candidate, list)
                and candidate
                and "array" not in _types(schema)
                and self.valid(schema, candidate[0])
            ):
                # An items-level example given as the whole list.
                return copy.deepcopy(candidate[0])
        enum = schema.get("enum")
        if isinstance(enum, list):
            for option in enum:
                if option is not None:
                    return copy.deepcopy(option)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        return _MISSING

    def combined(
        self, schema: Mapping[str, Any], keyword: str, depth: int, name: str, path: str
    ) -> Any:
        """``allOf`` (merged), ``oneOf``/``anyOf`` (first non-null branch that validates).

        Keywords beside the combinator (``properties``/``required`` next to a ``oneOf``) are
        synthesized too and merged under the branch's value.
        """
        rest = {k: v for k, v in schema.items() if k not in (keyword, *_LITERAL_KEYS)}
        base: Any = self.value(rest, depth, name, path) if _has_shape(rest) else _MISSING
        branches = [b for b in schema[keyword] if b != _NULL]
        if keyword == "allOf":
            merged: Any = _MISSING
            for i, branch in enumerate(branches):
                part = self.value(branch, depth + 1, name, f"{path}/allOf{i}")
                merged = _merge(merged, part)
            return None if merged is _MISSING else _merge(base, merged)
        first: Any = _MISSING
        for i, branch in enumerate(branches):
            part = self.value(branch, depth + 1, name, f"{path}/{keyword}{i}")
            candidate = _merge(base, part)
            if first is _MISSING:
                first = candidate
            if self.valid(schema, candidate):
                return candidate
        if first is _MISSING:
            return None if base is _MISSING else base  # only a null branch
        return first

    def typed(self, schema: Mapping[str, Any], depth: int, name: str, path: str) -> Any:
        types = [t for t in _types(schema) if t != "null"]
        if not types:
            if "null" in _types(schema):
                return None
            if "properties" in schema or "required" in schema:
                types = ["object"]
            elif "items" in schema:
                types = ["array"]
            else:
                types = ["string"]
        kind = types[0]
        if kind == "object":
            return self.object(schema, depth, path)
        if kind == "array":
            return self.array(schema, depth, name, path)
        if kind == "string":
            return self.string(schema, name, path)
        if kind == "integer":
            return int(self.number(schema, name, integer=True))
        if kind == "number":
            return self.number(schema, name, integer=False)
        if kind == "boolean":
            return False
        return None

    def object(self, schema: Mapping[str, Any], depth: int, path: str) -> dict[str, Any]:
        properties: Mapping[str, Any] = schema.get("properties") or {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        out: dict[str, Any] = {}
        shallow = depth >= self.max_depth
        for prop, sub in properties.items():
            is_required = prop in required
            if shallow and not is_required:
                continue
            sub_path = f"{path}/{prop}"
            if depth >= _HARD_DEPTH:
                value = self.minimal(sub)
            else:
                value = self.value(sub, depth + 1, prop, sub_path)
            if not is_required and not self.valid(sub, value):
                continue
            out[prop] = value
        for prop in required:
            if prop not in out:
                # Required but not declared (TeammateResponse.license_type): any value is valid.
                out[prop] = self.string({}, prop, f"{path}/{prop}")
        return out

    def array(self, schema: Mapping[str, Any], depth: int, name: str, path: str) -> list[Any]:
        min_items = int(schema.get("minItems", 0))
        max_items = schema.get("maxItems")
        count = max(1, min_items)
        if max_items is not None:
            count = min(count, int(max_items))
        if depth >= self.max_depth and min_items == 0:
            return []
        items = schema.get("items", {})
        singular = name[:-1] if name.endswith("s") else name
        return [self.value(items, depth + 1, singular, f"{path}/{i}") for i in range(count)]

    def string(self, schema: Mapping[str, Any], name: str, path: str) -> str:
        fmt = schema.get("format")
        tag = self.digest(path)
        if fmt == "date-time":
            text = "2023-11-29T21:17:19Z"
        elif fmt == "date":
            text = "2023-11-29"
        elif fmt == "email" or name == "email" or name.endswith("_email"):
            text = f"{name or 'user'}.{tag}@example.com"
        elif fmt in ("uri", "url") or name == "url" or name.endswith("_url") or name == "self":
            text = f"https://yourcompany.api.frontapp.com/{name or 'resource'}/{tag}"
        elif fmt == "uuid":
            full = hashlib.sha256(f"{self.seed_key}|{path}".encode()).hexdigest()
            text = f"{full[:8]}-{full[8:12]}-{full[12:16]}-{full[16:20]}-{full[20:32]}"
        elif fmt in ("binary", "byte"):
            text = f"file-{tag}"
        elif name.endswith("_at"):
            text = str(int(BASE_TIMESTAMP))
        else:
            text = f"{name or 'value'}-{tag}"
        max_length = schema.get("maxLength")
        if isinstance(max_length, int):
            text = text[:max_length]
        min_length = schema.get("minLength")
        if isinstance(min_length, int) and len(text) < min_length:
            text = text.ljust(min_length, "x")
        return text

    def number(self, schema: Mapping[str, Any], name: str, *, integer: bool) -> float:
        value: float = BASE_TIMESTAMP if name.endswith("_at") else 1.0
        if integer:
            value = float(int(value))
        minimum = schema.get("minimum")
        maximum = schema.get("maximum")
        if isinstance(schema.get("exclusiveMinimum"), (int, float)):
            minimum = schema["exclusiveMinimum"] + (1 if integer else 0.5)
        if isinstance(schema.get("exclusiveMaximum"), (int, float)):
            maximum = schema["exclusiveMaximum"] - (1 if integer else 0.5)
        if isinstance(minimum, (int, float)) and value < minimum:
            value = float(minimum)
        if isinstance(maximum, (int, float)) and value > maximum:
            value = float(maximum)
        return value

    def minimal(self, schema: Any) -> Any:
        """A shallow placeholder for schemas reached past the hard depth limit."""
        if not isinstance(schema, Mapping):
            return None
        types = _types(schema)
        if "null" in types:
            return None
        if "array" in types:
            return []
        if "object" in types or "properties" in schema:
            return {}
        return None


class _Missing:
    __slots__ = ()


_MISSING: Any = _Missing()


def _types(schema: Mapping[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []


def _allows_non_null(schema: Mapping[str, Any]) -> bool:
    types = _types(schema)
    if types:
        return any(t != "null" for t in types)
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            return any(b != _NULL for b in schema[keyword])
    return True


def _merge(base: Any, part: Any) -> Any:
    """``part`` laid over ``base`` (dicts merge key by key, ``part`` wins)."""
    if base is _MISSING:
        return part
    if isinstance(base, dict) and isinstance(part, dict):
        return {**base, **part}
    return part


def _has_shape(schema: Mapping[str, Any]) -> bool:
    return any(k in schema for k in ("type", "properties", "items", "required"))
