"""The JSON schemas of one catalog: its ``components``, cached validators, ``$ref`` resolution.

Validators honour OpenAPI's ``discriminator`` beside a ``oneOf``/``anyOf`` (``_discriminator``).

A :class:`Catalog` builds one :class:`Schemas` and hands it to each of its operations as a
declared field, so an operation validates against the schemas of the catalog it came from
(also after ``dataclasses.replace``) without reaching back to the catalog itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

_MAX_VALIDATORS = 2048
_REF_PREFIX = "#/components/schemas/"


class Schemas:
    """A catalog's ``components`` (``{"schemas": {name: schema}}``) and its validator cache.

    Schemas are JSON Schema 2020-12 whose ``$ref``s point at ``#/components/schemas/X``.
    """

    def __init__(self, components: Mapping[str, Any]) -> None:
        self._raw = components
        self._components: Mapping[str, Any] = MappingProxyType(dict(components))
        self._validators: dict[int, tuple[Mapping[str, Any], Validator]] = {}
        self._validator_class: type[Validator] | None = None

    @property
    def components(self) -> Mapping[str, Any]:
        """The ``components`` mapping (read-only), target of every ``$ref``."""
        return self._components

    def validator(self, schema: Mapping[str, Any]) -> Validator:
        """A draft 2020-12 validator for ``schema`` (its ``$ref``s resolve into the components).

        A ``discriminator`` beside a ``oneOf``/``anyOf`` selects the one variant an object is
        checked against. Validators are cached per schema object; format assertions are off.
        """
        key = id(schema)
        hit = self._validators.get(key)
        if hit is not None and hit[0] is schema:
            return hit[1]
        if self._validator_class is None:
            from langchain_front.catalog._discriminator import discriminating_validator

            self._validator_class = discriminating_validator(self._components.get("schemas", {}))
        root = dict(schema)
        root.setdefault("components", self._raw)
        validator = self._validator_class(root)
        if len(self._validators) >= _MAX_VALIDATORS:
            self._validators.clear()
        self._validators[key] = (schema, validator)
        return validator

    def required_fields(self, schema: Mapping[str, Any]) -> list[str]:
        """Top-level properties ``schema`` requires, following ``$ref`` and ``allOf``."""
        schemas = self._components.get("schemas", {})
        found: list[str] = []
        seen: set[str] = set()

        def visit(node: Mapping[str, Any]) -> None:
            for name in node.get("required", ()):
                if name not in found:
                    found.append(str(name))
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
                target = ref.rsplit("/", 1)[1]
                if target not in seen and target in schemas:
                    seen.add(target)
                    visit(schemas[target])
            for sub in node.get("allOf", ()):
                if isinstance(sub, Mapping):
                    visit(sub)

        visit(schema)
        return found
