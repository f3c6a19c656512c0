"""Unknown keys in a request body: objects whose properties the spec lists are closed.

Front's spec never says ``additionalProperties: false``, and Front silently ignores a key it does
not know, so a misspelt key inside a nested object (``options.archiv``) would be sent and do
nothing. Here an object schema that lists its ``properties`` (merged over ``$ref`` and ``allOf``)
is treated as closed; an object with ``additionalProperties`` (custom fields) or without listed
properties stays open. Where ``oneOf``/``anyOf`` offers several shapes, a ``discriminator``
picks one; otherwise a key is accepted when any shape lists it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

_REF_PREFIX = "#/components/schemas/"


class ClosedObjects:
    """Finds keys a body sends that its schema (and nested schemas) do not list."""

    def __init__(self, schemas: Mapping[str, Any]) -> None:
        self._schemas = schemas

    def problems(self, schema: Mapping[str, Any], body: Any, where: str = "body") -> list[str]:
        """One line per object holding unknown keys, naming the keys that exist."""
        return list(self._walk(schema, body, where, 0))

    def _resolve(self, schema: Any, depth: int = 0) -> Mapping[str, Any]:
        while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and depth < 32:
            ref = str(schema["$ref"])
            schema = self._schemas.get(ref[len(_REF_PREFIX) :], {})
            depth += 1
        return schema if isinstance(schema, Mapping) else {}

    def _shapes(self, schema: Any, instance: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """The object schemas ``instance`` is checked against (allOf parts all, oneOf one)."""
        node = self._resolve(schema)
        shapes = [node]
        for part in node.get("allOf", ()):
            shapes.extend(self._shapes(part, instance))
        for key in ("oneOf", "anyOf"):
            variants = [v for v in node.get(key, ()) if self._resolve(v).get("type") != "null"]
            if not variants:
                continue
            chosen = self._discriminated(node, variants, instance)
            if chosen is not None:
                shapes.extend(self._shapes(chosen, instance))
            else:
                shapes.append({"anyOf": variants})
        return shapes

    def _discriminated(
        self, node: Mapping[str, Any], variants: list[Any], instance: Mapping[str, Any]
    ) -> Any | None:
        from langchain_front.catalog._discriminator import variant_table

        discriminator = node.get("discriminator")
        if not isinstance(discriminator, Mapping):
            return None
        value = instance.get(str(discriminator.get("propertyName")))
        table = variant_table({**node, "oneOf": variants}, self._schemas)
        index = table.get(value) if isinstance(value, (str, int, float, bool)) else None
        return variants[index] if index is not None else None

    def _allowed(self, schema: Any, instance: Mapping[str, Any]) -> dict[str, Any] | None:
        """Listed property name -> its schema; None when the object is open."""
        allowed: dict[str, Any] = {}
        listed = False
        for shape in self._shapes(schema, instance):
            if "anyOf" in shape and len(shape) == 1:
                union: dict[str, Any] = {}
                for variant in shape["anyOf"]:
                    sub = self._allowed(variant, instance)
                    if sub is None:
                        return None
                    for name, sub_schema in sub.items():
                        union.setdefault(name, sub_schema)
                allowed.update(union)
                listed = listed or bool(union)
                continue
            if "additionalProperties" in shape and shape["additionalProperties"] is not False:
                return None
            props = shape.get("properties")
            if isinstance(props, Mapping) and props:
                listed = True
                allowed.update(props)
        return allowed if listed else None

    def _walk(self, schema: Any, value: Any, where: str, depth: int) -> Iterator[str]:
        if depth > 16:
            return
        node = self._resolve(schema)
        if isinstance(value, list):
            items = self._item_schema(node)
            if items is not None:
                for index, item in enumerate(value):
                    yield from self._walk(items, item, f"{where}[{index}]", depth + 1)
            return
        if not isinstance(value, Mapping):
            return
        allowed = self._allowed(node, value)
        if allowed is None:
            return
        unknown = [str(k) for k in value if k not in allowed]
        if unknown:
            yield (
                f"{where}: unknown key(s) {', '.join(sorted(unknown))} (Front would ignore "
                f"them); the keys here are: {', '.join(sorted(allowed))}"
            )
        for key, sub_value in value.items():
            if key in allowed:
                yield from self._walk(allowed[key], sub_value, f"{where}.{key}", depth + 1)

    def _item_schema(self, node: Mapping[str, Any]) -> Any | None:
        if "items" in node:
            return node["items"]
        for key in ("anyOf", "oneOf"):
            for variant in node.get(key, ()):
                resolved = self._resolve(variant)
                if "items" in resolved:
                    return resolved["items"]
        return None
