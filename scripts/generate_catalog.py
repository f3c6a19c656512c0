"""Generate ``langchain_front/catalog/operations.json`` from Front's Core API OpenAPI spec.

The package never reads the spec at run time: this script turns the OpenAPI 3.0 document into a
compact, deterministic catalog (one record per operation plus the JSON schemas they reference,
converted to JSON Schema draft 2020-12).

Usage::

    uv run python scripts/generate_catalog.py [--spec PATH] [--output PATH] [--check]

``--check`` exits 1 when the committed file differs from what the spec generates.
Tests import this file by path and call :func:`build_catalog` and :func:`render`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from langchain_front.catalog._effect_review import apply_effect_review

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO_ROOT.parent / "shared/front-openapi/core-api.json"
DEFAULT_OUTPUT = REPO_ROOT / "langchain_front/catalog/operations.json"

CATALOG_FORMAT = 1
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF_PREFIX = "#/components/schemas/"

# /teammates/{teammate_id}/<sub>: teammate-owned private resources (need the Private namespace).
PRIVATE_SUBRESOURCES = frozenset(
    {
        "tags",
        "contacts",
        "contact_groups",
        "contact_lists",
        "message_templates",
        "message_template_folders",
        "signatures",
        "private_inboxes",
        "rules",
        "channels",
    }
)

# Schema keywords kept verbatim (their values are data, not sub-schemas).
_VALUE_KEYWORDS = frozenset(
    {
        "type",
        "description",
        "title",
        "enum",
        "const",
        "default",
        "example",
        "format",
        "pattern",
        "required",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "readOnly",
        "writeOnly",
        "deprecated",
    }
)
_SCHEMA_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf")
_SCHEMA_KEYWORDS = ("items", "not", "additionalProperties")
# OpenAPI-only keywords with no JSON Schema meaning; dropped. (``discriminator`` is kept: the
# catalog's validators honour it, see langchain_front/catalog/_discriminator.py.)
_DROPPED_KEYWORDS = frozenset({"nullable", "xml", "externalDocs"})

# Front's `q` filter object: declared as a string, sent as a deepObject
# (q[statuses]=a&q[statuses]=b).
_Q_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}
Q_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "object",
            "additionalProperties": {
                "anyOf": [_Q_SCALAR, {"type": "array", "items": _Q_SCALAR}],
            },
        },
        {"type": "string"},
    ],
}

# Known omissions in Front's spec, patched deliberately (and listed in the catalog's ``info``).
# PATCH /message_templates/{id} declares no request body although `UpdateMessageTemplate`
# exists for it and is referenced nowhere else: without it the operation could not be used.
BODY_FIXES: dict[str, dict[str, Any]] = {
    "update-message-template": {"$ref": "#/components/schemas/UpdateMessageTemplate"},
}


def _nullable_property(name: str) -> Callable[[dict[str, Any]], None]:
    def fix(schema: dict[str, Any]) -> None:
        prop = schema["properties"][name]
        schema["properties"][name] = {"anyOf": [prop, {"type": "null"}]}

    return fix


# Where Front's documentation contradicts its spec, the documented behaviour wins (listed in the
# catalog's ``info``; the contract test checks cassettes against the unpatched spec and keeps
# its own list of these exceptions).
# - Front's docs: PUT /conversations/{id}/assignee with ``assignee_id: null`` unassigns.
SCHEMA_FIXES: dict[str, tuple[str, Callable[[dict[str, Any]], None]]] = {
    "UpdateConversationAssignee": (
        "assignee_id may be null to unassign (Front docs)",
        _nullable_property("assignee_id"),
    ),
    # The spec's own description: "Set to null to cancel" (unsnooze), typed as a number.
    "UpdateConversationReminders": (
        "scheduled_at may be null to cancel the reminder (its own description)",
        _nullable_property("scheduled_at"),
    ),
}

# A ``oneOf`` without a discriminator whose variants overlap, so that a valid instance of one
# variant is valid under another and ``oneOf`` refuses it, becomes an ``anyOf`` where the spec
# clearly means "one of these kinds" (listed in the catalog's ``info``). Schema name -> (the
# property path to the ``oneOf``, why).
# - EventResponse.target.data is "the resource which received the event" (``target._meta.type``
#   says which): InboxResponse and MessageResponse require nothing, so every teammate, tag,
#   comment, message or link is valid under two or three variants and no event would validate.
ONE_OF_FIXES: dict[str, tuple[tuple[str, ...], str]] = {
    "EventResponse": (
        ("target", "data"),
        "target.data may be any of its resources (its variants overlap; _meta.type says which)",
    ),
}


def _apply_one_of_fix(schema: dict[str, Any], path: tuple[str, ...]) -> None:
    node = schema
    for name in path:
        node = node.get("properties", {}).get(name, {})
    if "oneOf" not in node:
        raise SpecError(f"no oneOf at {'.'.join(path)} any more: drop its ONE_OF_FIXES entry")
    node["anyOf"] = node.pop("oneOf")


_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)\s]*\)")
_SCOPE_LINE_RE = re.compile(r"\s*Required scopes?:[^\n]*\s*$")


class SpecError(ValueError):
    """The spec has a shape this generator does not understand."""


# --------------------------------------------------------------------------- text


def full_text(text: str | None) -> str:
    """The whole description, never cut: the scope line dropped, markdown links reduced to their
    text, blockquote marks and emphasis removed, each paragraph on one line (joined by newlines).
    """
    if not text:
        return ""
    text = _SCOPE_LINE_RE.sub("", text.replace("\r\n", "\n")).strip()
    text = re.sub(r"(?m)^[ \t]*>[ \t]?", "", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    cleaned = [" ".join(_LINK_RE.sub(r"\1", p).replace("**", "").split()) for p in paragraphs]
    return "\n".join(cleaned)


# --------------------------------------------------------------------------- schemas


def _ref_name(ref: str) -> str:
    if not ref.startswith(SCHEMA_REF_PREFIX):
        raise SpecError(f"unsupported $ref inside a schema: {ref}")
    return ref[len(SCHEMA_REF_PREFIX) :]


def convert_schema(schema: Any, refs: set[str]) -> Any:
    """Convert an OpenAPI 3.0 schema object to JSON Schema 2020-12.

    ``$ref``s to ``#/components/schemas/X`` are kept (and ``X`` added to ``refs``);
    ``nullable: true`` becomes a type list with ``"null"``, or an ``anyOf`` with
    ``{"type": "null"}`` around a ``$ref`` or a composition.
    Property-level ``example`` values are kept: the Front double synthesizes responses from them.
    """
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, Mapping):
        raise SpecError(f"schema must be an object, got {schema!r}")
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DROPPED_KEYWORDS or key.startswith("x-"):
            continue
        if key == "$ref":
            refs.add(_ref_name(value))
            out[key] = value
        elif key == "discriminator":
            out[key] = convert_discriminator(schema, refs)
        elif key == "properties":
            out[key] = {name: convert_schema(sub, refs) for name, sub in value.items()}
        elif key in _SCHEMA_LIST_KEYWORDS:
            out[key] = [convert_schema(sub, refs) for sub in value]
        elif key in _SCHEMA_KEYWORDS:
            out[key] = convert_schema(value, refs)
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            # OpenAPI 3.0 boolean form -> 2020-12 numeric form.
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in schema:
                out[key] = schema[bound]
        elif key in _VALUE_KEYWORDS:
            out[key] = value
        else:
            raise SpecError(f"unsupported schema keyword {key!r}")
    if (
        isinstance(schema.get("exclusiveMinimum"), bool)
        and schema["exclusiveMinimum"]
        and "minimum" in out
    ):
        del out["minimum"]
    if (
        isinstance(schema.get("exclusiveMaximum"), bool)
        and schema["exclusiveMaximum"]
        and "maximum" in out
    ):
        del out["maximum"]
    if schema.get("nullable") is True:
        out = _make_nullable(out)
    return out


def convert_discriminator(schema: Mapping[str, Any], refs: set[str]) -> dict[str, Any]:
    """The ``discriminator`` of ``schema``, its ``mapping`` targets as ``$ref``s of its variants.

    Only the ``oneOf``/``anyOf`` form is supported (allOf inheritance is refused with
    :class:`SpecError`, so a spec that starts using it is noticed, not silently mis-validated).
    """
    raw = schema["discriminator"]
    variants = next((schema[k] for k in ("oneOf", "anyOf") if k in schema), None)
    if not isinstance(raw, Mapping) or not isinstance(variants, list):
        raise SpecError("discriminator without oneOf/anyOf beside it is not supported")
    prop = raw.get("propertyName")
    if not isinstance(prop, str) or not prop:
        raise SpecError(f"discriminator without a propertyName: {raw!r}")
    variant_refs = {v.get("$ref") for v in variants if isinstance(v, Mapping)}
    out: dict[str, Any] = {"propertyName": prop}
    mapping: dict[str, str] = {}
    for value, target in (raw.get("mapping") or {}).items():
        ref = target if str(target).startswith("#") else SCHEMA_REF_PREFIX + str(target)
        if ref not in variant_refs:
            raise SpecError(f"discriminator mapping {value!r} -> {target!r} is not a variant")
        refs.add(_ref_name(ref))
        mapping[str(value)] = ref
    if mapping:
        out["mapping"] = mapping
    return out


_ANNOTATIONS = ("description", "title", "example", "default", "deprecated", "readOnly", "writeOnly")


def _make_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    composite = "$ref" in schema or any(k in schema for k in _SCHEMA_LIST_KEYWORDS)
    if not composite and isinstance(schema.get("type"), str):
        out = dict(schema)
        out["type"] = [schema["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out
    # $ref / oneOf / anyOf / allOf / typeless: wrap, keeping annotations on the outside.
    outer = {k: v for k, v in schema.items() if k in _ANNOTATIONS}
    inner = {k: v for k, v in schema.items() if k not in _ANNOTATIONS}
    outer["anyOf"] = [inner, {"type": "null"}]
    return outer


def _collect_refs(schema: Any, refs: set[str]) -> None:
    """Add the names of the ``#/components/schemas`` refs in an already converted schema."""
    if isinstance(schema, Mapping):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                refs.add(_ref_name(value))
            elif key in ("example", "default", "enum", "const"):
                continue
            else:
                _collect_refs(value, refs)
    elif isinstance(schema, list):
        for item in schema:
            _collect_refs(item, refs)


def schema_requires_fields(schema: Mapping[str, Any], components: Mapping[str, Any]) -> bool:
    """True when the (converted) schema, following $ref and allOf, lists required properties."""
    seen: set[str] = set()

    def visit(node: Mapping[str, Any]) -> bool:
        if node.get("required"):
            return True
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = _ref_name(ref)
            if name not in seen:
                seen.add(name)
                if visit(components[name]):
                    return True
        return any(isinstance(sub, Mapping) and visit(sub) for sub in node.get("allOf", ()))

    return visit(schema)


# --------------------------------------------------------------------------- operations


def _resolve(obj: Mapping[str, Any], spec: Mapping[str, Any], section: str) -> Mapping[str, Any]:
    ref = obj.get("$ref")
    if ref is None:
        return obj
    prefix = f"#/components/{section}/"
    if not isinstance(ref, str) or not ref.startswith(prefix):
        raise SpecError(f"unsupported {section} $ref: {ref}")
    target: Mapping[str, Any] = spec["components"][section][ref[len(prefix) :]]
    return _resolve(target, spec, section)


def classify_namespace(path: str) -> str:
    segments = path.strip("/").split("/")
    head = segments[0]
    if head == "company":
        return "company"
    if head == "teams" and len(segments) >= 3 and segments[1] == "{team_id}":
        return "team"
    if head == "teammates" and len(segments) >= 3 and segments[1] == "{teammate_id}":
        return "private" if segments[2] in PRIVATE_SUBRESOURCES else "teammate"
    return "shared"


def classify_effect(method: str, scopes: Iterable[str]) -> str:
    """The rule-based effect (the reviewed table, ``EFFECT_REVIEW``, is applied after it)."""
    scopes = list(scopes)
    if method == "DELETE" or any(s.endswith(":delete") for s in scopes):
        return "destructive"
    if any(s.endswith(":send") for s in scopes):
        return "send"
    if method == "GET":
        return "read"
    return "write"


def _parameter(raw: Mapping[str, Any], refs: set[str]) -> dict[str, Any]:
    name = raw["name"]
    location = raw["in"]
    record: dict[str, Any] = {
        "name": name,
        "required": True if location == "path" else bool(raw.get("required", False)),
        "description": full_text(raw.get("description")),
    }
    if location == "query" and name == "q":
        # Declared as a string; Front takes a deepObject filter (q[statuses]=a&q[statuses]=b).
        record["schema"] = dict(Q_SCHEMA)
        record["style"] = "deepObject"
        return record
    schema = convert_schema(raw.get("schema", {}), refs)
    if location == "path" and "default" in schema:
        # ReadMe "try it" placeholders (cnv_123): a required path param has no default.
        schema = {k: v for k, v in schema.items() if k != "default"}
        schema.setdefault("example", raw["schema"]["default"])
    record["schema"] = schema
    return record


def _build_operation(
    spec: Mapping[str, Any], path: str, method: str, op: Mapping[str, Any], refs: set[str]
) -> dict[str, Any]:
    path_item = spec["paths"][path]
    raw_params: dict[tuple[str, str], Mapping[str, Any]] = {}
    for prm in [*path_item.get("parameters", []), *op.get("parameters", [])]:
        resolved = _resolve(prm, spec, "parameters")
        raw_params[(resolved["in"], resolved["name"])] = resolved
    path_params: list[dict[str, Any]] = []
    query_params: list[dict[str, Any]] = []
    for (location, _name), prm in raw_params.items():
        if location == "path":
            path_params.append(_parameter(prm, refs))
        elif location == "query":
            query_params.append(_parameter(prm, refs))
        else:
            raise SpecError(f"{op['operationId']}: unsupported parameter location {location!r}")
    template_names = re.findall(r"\{([^}]+)\}", path)
    declared = [p["name"] for p in path_params]
    if sorted(template_names) != sorted(declared):
        raise SpecError(f"{op['operationId']}: path params {declared} != template {template_names}")
    # Order path params as they appear in the path.
    path_params.sort(key=lambda p: template_names.index(p["name"]))

    body_schema: dict[str, Any] | None = None
    body_declared_required = False
    fix = BODY_FIXES.get(op["operationId"])
    if fix is not None:
        if "requestBody" in op:
            raise SpecError(f"{op['operationId']}: the spec now declares a body; drop the fix")
        body_schema = convert_schema(fix, refs)
    elif "requestBody" in op:
        body = _resolve(op["requestBody"], spec, "requestBodies")
        content = body.get("content", {})
        if "application/json" not in content:
            raise SpecError(f"{op['operationId']}: request body without application/json")
        body_schema = convert_schema(content["application/json"].get("schema", {}), refs)
        body_declared_required = bool(body.get("required", False))

    responses = {str(code): _resolve(r, spec, "responses") for code, r in op["responses"].items()}
    success = sorted(int(c) for c in responses if c.isdigit() and 200 <= int(c) < 300)
    if not success:
        raise SpecError(f"{op['operationId']}: no 2xx response")
    success_status = success[0]
    response_schema: dict[str, Any] | None = None
    json_content = responses[str(success_status)].get("content", {}).get("application/json")
    if json_content is not None and "schema" in json_content:
        response_schema = convert_schema(json_content["schema"], refs)

    scopes = list(op.get("x-required-scopes", []))
    upper = method.upper()
    return {
        "id": op["operationId"],
        "method": upper,
        "path": path,
        "summary": " ".join(str(op.get("summary", "")).split()),
        "description": full_text(op.get("description")),
        "tag": (op.get("tags") or [""])[0],
        "path_params": path_params,
        "query_params": query_params,
        "body_schema": body_schema,
        "body_required": body_declared_required,  # refined once components are known
        "scopes": scopes,
        "deprecated": bool(op.get("deprecated", False)),
        "namespace": classify_namespace(path),
        "effect": classify_effect(upper, scopes),
        "irreversible": False,
        "paginated": any(p["name"] == "page_token" for p in query_params),
        "success_status": success_status,
        "response_schema": response_schema,
        "redirects_when_merged": "301" in responses,
    }


def build_catalog(spec: dict[str, Any], *, documented_fixes: bool = True) -> dict[str, Any]:
    """Build the catalog (a JSON-serialisable dict) from a parsed OpenAPI 3.0 spec.

    ``documented_fixes=False`` leaves out :data:`SCHEMA_FIXES` (the spec exactly as published).
    """
    refs: set[str] = set()
    operations: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            record = _build_operation(spec, path, method, op, refs)
            if record["id"] in seen_ids:
                raise SpecError(f"duplicate operationId {record['id']}")
            seen_ids.add(record["id"])
            operations.append(record)

    raw_schemas: Mapping[str, Any] = spec.get("components", {}).get("schemas", {})
    schemas: dict[str, Any] = {}
    pending = sorted(refs)
    while pending:
        name = pending.pop()
        if name in schemas:
            continue
        if name not in raw_schemas:
            raise SpecError(f"$ref to unknown schema {name}")
        found: set[str] = set()
        schemas[name] = convert_schema(raw_schemas[name], found)
        pending.extend(sorted(found - schemas.keys()))

    try:
        apply_effect_review(operations)
    except ValueError as exc:
        raise SpecError(str(exc)) from None

    for name, (path, _) in ONE_OF_FIXES.items():
        _apply_one_of_fix(schemas[name], path)
    if documented_fixes:
        for name, (_, apply_fix) in SCHEMA_FIXES.items():
            apply_fix(schemas[name])

    for record in operations:
        if record["body_schema"] is not None and not record["body_required"]:
            record["body_required"] = schema_requires_fields(record["body_schema"], schemas)

    info = spec.get("info", {})
    return {
        "format": CATALOG_FORMAT,
        "info": {
            "title": info.get("title", ""),
            "version": info.get("version", ""),
            "openapi": spec.get("openapi", ""),
            "servers": [s.get("url", "") for s in spec.get("servers", [])],
            "operation_count": len(operations),
            "spec_fixes": [f"{op_id}: request body added" for op_id in sorted(BODY_FIXES)]
            + [f"{name}: {why}" for name, (_, why) in sorted(ONE_OF_FIXES.items())]
            + [f"{name}: {why}" for name, (why, _) in sorted(SCHEMA_FIXES.items())]
            * documented_fixes,
        },
        "operations": operations,
        "components": {"schemas": dict(sorted(schemas.items()))},
    }


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def render(catalog: dict[str, Any]) -> str:
    """Deterministic text of the catalog: sorted keys, one line per operation and per schema."""
    lines = ["{"]
    keys = sorted(catalog)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = catalog[key]
        if key == "operations":
            lines.append(f"{_dump(key)}:[")
            rows = [_dump(op) for op in value]
            lines.extend(row + ("," if i < len(rows) - 1 else "") for i, row in enumerate(rows))
            lines.append("]" + comma)
        elif key == "components":
            lines.append(f"{_dump(key)}:{{")
            sections = sorted(value)
            for s_index, section in enumerate(sections):
                s_comma = "," if s_index < len(sections) - 1 else ""
                entries = sorted(value[section].items())
                lines.append(f"{_dump(section)}:{{")
                lines.extend(
                    f"{_dump(name)}:{_dump(schema)}" + ("," if i < len(entries) - 1 else "")
                    for i, (name, schema) in enumerate(entries)
                )
                lines.append("}" + s_comma)
            lines.append("}" + comma)
        else:
            lines.append(f"{_dump(key)}:{_dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def load_spec(path: Path) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return spec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI spec (JSON)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="catalog to write")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output file is not up to date"
    )
    args = parser.parse_args(argv)

    if not args.spec.is_file():
        print(f"spec not found: {args.spec}", file=sys.stderr)
        return 2
    text = render(build_catalog(load_spec(args.spec)))
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:12]
    if args.check:
        current = args.output.read_bytes() if args.output.is_file() else None
        if current != data:
            print(
                f"{args.output} is out of date; run scripts/generate_catalog.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date ({len(data)} bytes, sha256 {digest})")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes, sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
