"""OpenAPI's ``discriminator`` for jsonschema: an object is checked against the variant it names.

JSON Schema has no ``discriminator`` (an OpenAPI 3.0 keyword the catalog keeps beside the
``oneOf``/``anyOf`` it belongs to), so a plain ``oneOf`` refuses an object that is valid under
two variants: every column of a ``messages`` analytics export is also an ``events`` column, so a
``messages`` export matched both and was refused. :func:`discriminating_validator` extends the
draft 2020-12 validator: where a ``discriminator`` stands beside ``oneOf``/``anyOf`` and the
instance is an object, the instance is validated against the one variant its discriminator
value selects, found (as in OpenAPI) from

* the ``mapping`` (value -> ``#/components/schemas/X``, a variant of the list), then, for the
  variants the mapping leaves out,
* the variant's own ``const``/``enum`` for the property, else its schema name ``X``.

A missing or unknown value is one problem that lists the valid values (the plain ``required``
line for the property is left out: the discriminator's says more).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

_REF_PREFIX = "#/components/schemas/"
_COMBINATORS = ("oneOf", "anyOf")

Keyword = Callable[[Any, Any, Any, Mapping[str, Any]], Iterator["ValidationError"]]


def _property_name(schema: Mapping[str, Any]) -> str | None:
    discriminator = schema.get("discriminator")
    if not isinstance(discriminator, Mapping):
        return None
    name = discriminator.get("propertyName")
    return name if isinstance(name, str) and name else None


def _declared_values(
    variant: Any, prop: str, schemas: Mapping[str, Any], seen: frozenset[str] = frozenset()
) -> list[Any]:
    """The ``const``/``enum`` values ``variant`` gives ``prop`` (following ``$ref``, ``allOf``)."""
    if not isinstance(variant, Mapping):
        return []
    ref = variant.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        name = ref[len(_REF_PREFIX) :]
        if name not in seen and isinstance(schemas.get(name), Mapping):
            return _declared_values(schemas[name], prop, schemas, seen | {name})
        return []
    sub = (variant.get("properties") or {}).get(prop)
    if isinstance(sub, Mapping):
        if "const" in sub:
            return [sub["const"]]
        if isinstance(sub.get("enum"), list):
            return [value for value in sub["enum"] if value is not None]
    for part in variant.get("allOf", ()):
        found = _declared_values(part, prop, schemas, seen)
        if found:
            return found
    return []


def variant_table(schema: Mapping[str, Any], schemas: Mapping[str, Any]) -> dict[Any, int]:
    """Discriminator value -> index of its variant in the ``oneOf``/``anyOf`` of ``schema``.

    In the order the spec gives them: the mapping first, then the other variants' values.
    """
    prop = _property_name(schema)
    variants: list[Any] = next(
        (schema[k] for k in _COMBINATORS if isinstance(schema.get(k), list)), []
    )
    if prop is None or not variants:
        return {}
    refs = [v.get("$ref") if isinstance(v, Mapping) else None for v in variants]
    table: dict[Any, int] = {}
    mapping = cast("Mapping[str, Any]", schema["discriminator"]).get("mapping") or {}
    for value, target in mapping.items():
        ref = target if str(target).startswith("#") else _REF_PREFIX + str(target)
        if ref in refs:
            table[value] = refs.index(ref)
    mapped = set(table.values())
    for index, variant in enumerate(variants):
        if index in mapped:
            continue
        values = _declared_values(variant, prop, schemas)
        ref = refs[index]
        if not values and isinstance(ref, str) and ref.startswith(_REF_PREFIX):
            values = [ref[len(_REF_PREFIX) :]]
        for value in values:
            table.setdefault(value, index)
    return table


def _allowed(table: Mapping[Any, int]) -> str:
    return ", ".join(str(value) for value in table) if table else "(none)"


def _refused_by_own_enum(schema: Mapping[str, Any], prop: str, value: Any) -> bool:
    """Whether the object's own ``properties[prop].enum`` refuses ``value`` (a line of its own)."""
    sub = (schema.get("properties") or {}).get(prop)
    enum = sub.get("enum") if isinstance(sub, Mapping) else None
    return isinstance(enum, list) and value not in enum


def _prefix(error: ValidationError, text: str) -> None:
    error.message = f"{text}{error.message}"
    for sub in error.context:
        _prefix(sub, text)


def _discriminated(original: Keyword, schemas: Mapping[str, Any]) -> Keyword:
    """``oneOf``/``anyOf`` that honours a ``discriminator`` beside it (else ``original``)."""
    from jsonschema.exceptions import ValidationError

    def keyword(
        validator: Any, variants: Any, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        prop = _property_name(schema)
        if prop is None or not validator.is_type(instance, "object"):
            yield from original(validator, variants, instance, schema)
            return
        table = variant_table(schema, schemas)
        if prop not in instance:
            yield ValidationError(
                f"missing '{prop}', which selects the kind of object; allowed: {_allowed(table)}"
            )
            return
        value = instance[prop]
        index = table.get(value) if isinstance(value, Hashable) else None
        if index is None:
            if not _refused_by_own_enum(schema, prop, value):
                yield ValidationError(
                    f"unknown {prop} {value!r}; allowed: {_allowed(table)}", path=[prop]
                )
            return
        for error in validator.descend(instance, variants[index], schema_path=index):
            _prefix(error, f"for {prop} {value!r}, ")
            yield error

    return keyword


def _required(original: Keyword) -> Keyword:
    """``required`` without the discriminator's property: its missing value is reported above."""

    def keyword(
        validator: Any, required: Any, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        prop = _property_name(schema)
        combined = any(k in schema for k in _COMBINATORS)
        if prop is not None and combined and isinstance(required, list):
            required = [name for name in required if name != prop]
        yield from original(validator, required, instance, schema)

    return keyword


def discriminating_validator(schemas: Mapping[str, Any]) -> type[Validator]:
    """A draft 2020-12 validator class honouring ``discriminator`` (``$ref``s into ``schemas``)."""
    from jsonschema import Draft202012Validator, validators

    base = Draft202012Validator.VALIDATORS
    keywords = {name: _discriminated(base[name], schemas) for name in _COMBINATORS}
    keywords["required"] = _required(base["required"])
    extended = validators.extend(Draft202012Validator, keywords)  # type: ignore[no-untyped-call]
    return cast("type[Validator]", extended)
