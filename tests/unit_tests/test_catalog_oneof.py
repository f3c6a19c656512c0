"""Hardening 5: ``oneOf`` bodies and responses of the catalog, and OpenAPI's ``discriminator``.

jsonschema ignores ``discriminator``, so an analytics export of type ``messages`` (every message
column is also an events column) matched both variants of its ``oneOf`` and was refused before
sending. The catalog keeps the discriminator and its validators check an object against the one
variant its discriminator value names; ``oneOf``s without one are checked for the same overlap.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_front import FrontClient, FrontToolkit
from langchain_front.catalog import Schemas, load_catalog
from langchain_front.catalog._discriminator import variant_table
from langchain_front.errors import FrontValidationError
from langchain_front.testing import FrontDouble, synthesize

CATALOG = load_catalog()
COMPONENTS = CATALOG.components
SCHEMAS: Mapping[str, Any] = COMPONENTS["schemas"]
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_catalog.py"
EXPORT = CATALOG.get("create-analytics-export")
_COMBINATORS = ("oneOf", "anyOf")

# Realistic columns (Front's "messages" export defaults) and events-only ones.
MESSAGE_COLUMNS = ["Message ID", "Conversation ID", "Inbox", "Message date", "Author", "Subject"]


def _export(kind: str, columns: list[Any], **extra: Any) -> dict[str, Any]:
    body = {"type": kind, "start": 1_704_067_200, "end": 1_706_745_599, "columns": columns}
    return {**body, **extra}


def _problems(body: Any) -> list[str]:
    with pytest.raises(FrontValidationError) as caught:
        EXPORT.validate(body=body)
    return list(caught.value.problems)


# --------------------------------------------------------------------------- analytics exports


def test_analytics_export_of_type_messages_with_message_columns_is_accepted() -> None:
    """Hardening 5: a ``messages`` export whose columns are all also events columns is valid."""
    EXPORT.validate(
        body=_export(
            "messages",
            MESSAGE_COLUMNS,
            timezone="Europe/Paris",
            filters={"inbox_ids": ["inb_55c8c149"]},
        )
    )
    default = SCHEMAS["AnalyticsMessagesExportColumns"]["properties"]["columns"]["default"]
    EXPORT.validate(body=_export("messages", default))


def test_analytics_export_of_type_events_with_shared_and_parameterized_columns_is_accepted() -> (
    None
):
    """Hardening 5: an ``events`` export, columns shared with messages and parameterized ones."""
    EXPORT.validate(body=_export("events", ["Message ID", "Subject"]))
    EXPORT.validate(
        body=_export(
            "events",
            [
                "Activity ID",
                "Message ID",
                "Status at activity time",
                {"name": "Time spent in Ticket Status", "id": "sts_123"},
                {"name": "Custom Field", "id": 456},
                {"name": "Smart QA score", "id": "Comprehension"},
            ],
        )
    )


def test_analytics_export_of_type_messages_is_sent_through_client_and_tool() -> None:
    """Hardening 5: the client sends it and the Front double (same validation) accepts it."""
    double = FrontDouble()
    client = FrontClient(token="front-double-token", transport=double.transport())
    created = client.call("create-analytics-export", body=_export("messages", MESSAGE_COLUMNS))
    assert isinstance(created, dict) and created.get("_links")
    tool = FrontToolkit(client=client).get_tool("front_call_operation")
    message = tool.invoke(
        {
            "type": "tool_call",
            "id": "1",
            "name": "front_call_operation",
            "args": {
                "operation_id": "create-analytics-export",
                "body": _export("messages", MESSAGE_COLUMNS),
            },
        }
    )
    assert isinstance(message, ToolMessage)
    assert message.status == "success", message.content


def test_analytics_export_with_unknown_type_is_refused_listing_the_valid_types() -> None:
    """Hardening 5: one problem line for a wrong type, naming the valid ones."""
    problems = _problems(_export("tickets", MESSAGE_COLUMNS))
    assert problems == ["body.type: 'tickets' is not one of ['messages', 'events']"]


def test_analytics_export_without_type_is_refused_listing_the_valid_types() -> None:
    """Hardening 5: a missing discriminator is one line with the valid values."""
    body = _export("messages", MESSAGE_COLUMNS)
    del body["type"]
    assert _problems(body) == [
        "body: missing 'type', which selects the kind of object; allowed: events, messages"
    ]


def test_analytics_export_column_of_the_other_type_is_refused_naming_the_type() -> None:
    """Hardening 5: checked against its own variant only, and the line says which."""
    problems = _problems(_export("messages", ["Message ID", "Activity ID"]))
    assert len(problems) == 1
    assert problems[0].startswith("body.columns[1]: for type 'messages', 'Activity ID' is not")
    problems = _problems(_export("events", [{"name": "Smart QA score", "id": "Nope"}]))
    assert len(problems) == 1
    assert problems[0].startswith("body.columns[0].id: for type 'events', 'Nope' is not one of")


# --------------------------------------------------------------------------- every oneOf


def _walk(node: Any, where: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        if any(isinstance(node.get(k), list) for k in _COMBINATORS):
            yield where, node
        for key, value in node.items():
            if key not in ("example", "default", "enum", "const"):
                yield from _walk(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, f"{where}[{index}]")


def _sites() -> list[tuple[str, Mapping[str, Any]]]:
    """Every ``oneOf``/``anyOf`` of the catalog's schemas, bodies and responses."""
    found = list(_walk(SCHEMAS, "schemas"))
    for op in CATALOG:
        found += _walk(op.body_schema, f"{op.id}.body")
        found += _walk(op.response_schema, f"{op.id}.response")
    return found


DISCRIMINATED = [
    (f"{where}:{value}", schema, value, index)
    for where, schema in _sites()
    if "discriminator" in schema
    for value, index in variant_table(schema, SCHEMAS).items()
]


def test_the_catalog_keeps_the_spec_discriminator() -> None:
    """Hardening 5: the spec's one discriminated oneOf, both values, reach the catalog."""
    assert sorted(case[0] for case in DISCRIMINATED) == [
        "schemas.AnalyticsExportRequest:events",
        "schemas.AnalyticsExportRequest:messages",
    ]


@pytest.mark.parametrize(
    ("where", "schema", "value", "index"),
    DISCRIMINATED,
    ids=[case[0] for case in DISCRIMINATED],
)
def test_every_discriminated_variant_has_a_valid_instance(
    where: str, schema: Mapping[str, Any], value: Any, index: int
) -> None:
    """Hardening 5: an instance built for each variant validates (and names its variant)."""
    combinator = next(k for k in _COMBINATORS if k in schema)
    rest = {k: v for k, v in schema.items() if k not in (combinator, "discriminator")}
    base = synthesize(rest, COMPONENTS, seed_key=where)
    variant = synthesize(schema[combinator][index], COMPONENTS, seed_key=where)
    prop = schema["discriminator"]["propertyName"]
    instance = {**base, **variant, prop: value}
    errors = [e.message for e in CATALOG.validator(schema).iter_errors(instance)]
    assert errors == []


def _overlaps(schema: Mapping[str, Any], where: str) -> list[str]:
    """Variants of a plain ``oneOf`` under which another variant's valid instance also passes."""
    variants = schema["oneOf"]
    found: list[str] = []
    for index, variant in enumerate(variants):
        instance = synthesize(variant, COMPONENTS, seed_key=f"{where}/{index}")
        if not CATALOG.validator(variant).is_valid(instance):
            continue  # e.g. a pattern synthesis does not meet
        matching = [
            i for i, other in enumerate(variants) if CATALOG.validator(other).is_valid(instance)
        ]
        if len(matching) > 1:
            found.append(f"{where}: an instance of variant {index} matches variants {matching}")
    return found


def test_no_plain_one_of_has_variants_one_instance_satisfies_twice() -> None:
    """Hardening 5: a valid instance of one variant of a plain ``oneOf`` matches only that one.

    EventResponse.target.data (six resources, two requiring nothing) did; the catalog now has it
    as an ``anyOf`` (a listed spec fix), so a real event's target validates.
    """
    problems = [
        line
        for where, schema in _sites()
        if "oneOf" in schema and "discriminator" not in schema
        for line in _overlaps(schema, where)
    ]
    assert problems == []


def test_an_event_whose_target_is_a_tag_validates() -> None:
    """Hardening 5: an event with a tag as target (valid under three variants) is valid."""
    tag = synthesize({"$ref": "#/components/schemas/TagResponse"}, COMPONENTS, seed_key="tag")
    event = synthesize({"$ref": "#/components/schemas/EventResponse"}, COMPONENTS, seed_key="evt")
    event["target"] = {"_meta": {"type": "tag"}, "data": tag}
    validator = CATALOG.validator({"$ref": "#/components/schemas/EventResponse"})
    assert [e.message for e in validator.iter_errors(event)] == []


# --------------------------------------------------------------------------- the validator


def _pets(**discriminator: Any) -> Schemas:
    cat = {"type": "object", "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer"}}}
    dog = {"type": "object", "properties": {"bark": {"type": "string"}}}
    bird = {"type": "object", "properties": {"kind": {"enum": ["bird", "parrot"]}}}
    pet = {
        "oneOf": [
            {"$ref": "#/components/schemas/Cat"},
            {"$ref": "#/components/schemas/Dog"},
            {"$ref": "#/components/schemas/Bird"},
        ],
        "discriminator": {"propertyName": "kind", **discriminator},
        "required": ["kind", "name"],
    }
    return Schemas({"schemas": {"Cat": cat, "Dog": dog, "Bird": bird, "Pet": pet}})


def _messages(schemas: Schemas, instance: Any, schema: str = "Pet") -> list[str]:
    validator = schemas.validator({"$ref": f"#/components/schemas/{schema}"})
    return sorted(e.message for e in validator.iter_errors(instance))


def test_discriminator_values_come_from_mapping_const_enum_then_schema_name() -> None:
    """Hardening 5: OpenAPI's implicit mapping (schema name) and a variant's own const/enum."""
    schemas = _pets(mapping={"hound": "Dog"})
    pet = schemas.components["schemas"]["Pet"]
    assert variant_table(pet, schemas.components["schemas"]) == {
        "hound": 1,
        "cat": 0,
        "bird": 2,
        "parrot": 2,
    }
    assert _messages(schemas, {"kind": "hound", "name": "Rex", "bark": "woof"}) == []
    assert _messages(schemas, {"kind": "parrot", "name": "Polly"}) == []
    assert _messages(schemas, {"kind": "cat", "name": "Tom", "lives": "nine"}) == [
        "for kind 'cat', 'nine' is not of type 'integer'"
    ]
    assert _messages(_pets(), {"kind": "Dog", "name": "Rex"}) == []


def test_unknown_or_missing_discriminator_is_one_line_with_the_allowed_values() -> None:
    """Hardening 5: no 'valid under each of' and no separate required line."""
    schemas = _pets()
    assert _messages(schemas, {"kind": "fish", "name": "Nemo"}) == [
        "unknown kind 'fish'; allowed: cat, Dog, bird, parrot"
    ]
    assert _messages(schemas, {"name": "Nemo"}) == [
        "missing 'kind', which selects the kind of object; allowed: cat, Dog, bird, parrot"
    ]
    assert _messages(schemas, {"kind": "cat"}) == ["'name' is a required property"]


def test_a_discriminated_one_of_on_a_non_object_is_a_plain_one_of() -> None:
    """Hardening 5: the discriminator applies to objects only; anything else is plain oneOf."""
    assert _messages(_pets(), "cat") == ["'cat' is not valid under any of the given schemas"]


def test_discriminator_beside_any_of_is_honoured() -> None:
    """Hardening 5: OpenAPI allows a discriminator beside anyOf too."""
    schemas = _pets()
    pet = dict(schemas.components["schemas"]["Pet"])
    pet["anyOf"] = pet.pop("oneOf")
    any_of = Schemas({"schemas": {**schemas.components["schemas"], "Pet": pet}})
    assert _messages(any_of, {"kind": "cat", "name": "Tom", "lives": "x"}) == [
        "for kind 'cat', 'x' is not of type 'integer'"
    ]


# --------------------------------------------------------------------------- the generator


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_catalog", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_keeps_the_discriminator_with_mapping_as_refs(generator: ModuleType) -> None:
    """Hardening 5: the discriminator survives conversion; mapping names become $refs."""
    refs: set[str] = set()
    converted = generator.convert_schema(
        {
            "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
            "discriminator": {"propertyName": "kind", "mapping": {"a": "A"}},
        },
        refs,
    )
    assert converted["discriminator"] == {
        "propertyName": "kind",
        "mapping": {"a": "#/components/schemas/A"},
    }
    assert refs == {"A", "B"}


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "object", "discriminator": {"propertyName": "k"}}, "without oneOf/anyOf"),
        ({"oneOf": [{"type": "object"}], "discriminator": {}}, "without a propertyName"),
        (
            {
                "oneOf": [{"$ref": "#/components/schemas/A"}],
                "discriminator": {"propertyName": "k", "mapping": {"b": "B"}},
            },
            "is not a variant",
        ),
    ],
)
def test_generator_refuses_discriminators_it_cannot_honour(
    generator: ModuleType, schema: dict[str, Any], message: str
) -> None:
    """Hardening 5: allOf inheritance or a mapping outside the variants stops generation."""
    with pytest.raises(generator.SpecError, match=message):
        generator.convert_schema(schema, set())
