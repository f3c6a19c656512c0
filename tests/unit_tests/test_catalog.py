"""Tests of the operation catalog (``langchain_front.catalog``) and its generator.

Only the regeneration tests read Front's spec (``../shared``); everything else reads the committed
``operations.json`` through the package.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from langchain_front.catalog import Catalog, Operation, load_catalog
from langchain_front.errors import FrontConfigurationError, FrontValidationError

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "generate_catalog.py"
SPEC = REPO.parent / "shared" / "front-openapi" / "core-api.json"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_catalog", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _load_generator()


@pytest.fixture(scope="module")
def committed_text() -> str:
    path = resources.files("langchain_front.catalog").joinpath("operations.json")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _op(catalog: Catalog, method: str, path: str) -> Operation:
    found = [op for op in catalog if op.method == method and op.path == path]
    assert len(found) == 1, f"{method} {path}: {[op.id for op in found]}"
    return found[0]


def _problems(excinfo: pytest.ExceptionInfo[FrontValidationError]) -> str:
    return "\n".join(excinfo.value.problems)


# --------------------------------------------------------------------------- generation


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC.is_file():
        pytest.skip(f"Front OpenAPI spec not found at {SPEC}; regeneration check needs ../shared")
    data: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return data


def test_regenerated_catalog_matches_committed_file(
    generator: ModuleType, spec: dict[str, Any], committed_text: str
) -> None:
    regenerated = generator.render(generator.build_catalog(spec))
    assert regenerated == committed_text, (
        "operations.json is stale: run `uv run python scripts/generate_catalog.py`"
    )


def test_check_flag_detects_a_stale_file(
    generator: ModuleType, spec: dict[str, Any], tmp_path: Path
) -> None:
    output = tmp_path / "operations.json"
    assert generator.main(["--spec", str(SPEC), "--output", str(output), "--check"]) == 1
    assert generator.main(["--spec", str(SPEC), "--output", str(output)]) == 0
    assert generator.main(["--spec", str(SPEC), "--output", str(output), "--check"]) == 0
    output.write_text(output.read_text(encoding="utf-8").replace("list-", "lst-"), "utf-8")
    assert generator.main(["--spec", str(SPEC), "--output", str(output), "--check"]) == 1


def test_render_is_deterministic_and_one_line_per_operation(
    generator: ModuleType, committed_text: str
) -> None:
    data = json.loads(committed_text)
    assert generator.render(data) == committed_text
    lines = committed_text.splitlines()
    op_lines = [line for line in lines if line.startswith('{"body_required"')]
    assert len(op_lines) == len(data["operations"]) == 244


def test_convert_schema_handles_openapi_quirks(generator: ModuleType) -> None:
    refs: set[str] = set()
    converted = generator.convert_schema(
        {
            "type": "object",
            "x-internal": True,
            "properties": {
                "a": {"type": "string", "nullable": True, "example": "x"},
                "b": {"$ref": "#/components/schemas/B", "nullable": True, "description": "d"},
                "c": {"type": "string", "enum": ["p", "q"], "nullable": True},
                "pattern": {"type": "string"},
            },
        },
        refs,
    )
    assert refs == {"B"}
    assert "x-internal" not in converted
    props = converted["properties"]
    assert props["a"] == {"type": ["string", "null"], "example": "x"}
    assert props["b"] == {
        "description": "d",
        "anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}],
    }
    assert props["c"]["enum"] == ["p", "q", None]
    assert props["pattern"] == {"type": "string"}


def test_full_text_strips_scope_line_and_links_and_keeps_everything_else(
    generator: ModuleType,
) -> None:
    text = "See the [docs](https://x.y/z) now.\nMore.\n\nSecond para.\n\nRequired scope: `a:read`"
    assert generator.full_text(text) == "See the docs now. More.\nSecond para."
    long = "Word " * 200
    assert generator.full_text(long) == long.strip()
    assert generator.full_text("> ⚠️ Deprecated\n>\n> Use X.") == "⚠️ Deprecated\nUse X."


# --------------------------------------------------------------------------- inventory


def test_catalog_has_all_244_operations_with_unique_ids(catalog: Catalog) -> None:
    ids = [op.id for op in catalog]
    assert len(catalog) == 244
    assert len(set(ids)) == 244
    assert "list-conversations" in catalog
    assert "no-such-op" not in catalog
    assert catalog.info["operation_count"] == 244


def test_namespace_counts_match_the_notes(catalog: Catalog) -> None:
    counts = Counter(op.namespace for op in catalog)
    assert counts == {"shared": 191, "team": 25, "private": 18, "company": 5, "teammate": 5}


@pytest.mark.parametrize(
    ("method", "path", "namespace"),
    [
        ("GET", "/teammates/{teammate_id}/tags", "private"),
        ("POST", "/teammates/{teammate_id}/message_template_folders", "private"),
        ("GET", "/teammates/{teammate_id}/conversations", "teammate"),
        ("GET", "/teammates/{teammate_id}", "shared"),
        ("GET", "/teams/{team_id}", "shared"),
        ("GET", "/teams/{team_id}/tags", "team"),
        ("GET", "/company/tags", "company"),
        ("GET", "/conversations", "shared"),
    ],
)
def test_namespace_classification(catalog: Catalog, method: str, path: str, namespace: str) -> None:
    assert _op(catalog, method, path).namespace == namespace


@pytest.mark.parametrize(
    ("method", "path", "effect"),
    [
        ("GET", "/conversations", "read"),
        ("POST", "/channels/{channel_id}/messages", "send"),
        ("POST", "/conversations/{conversation_id}/messages", "send"),
        ("DELETE", "/conversations/{conversation_id}/tags", "destructive"),
        ("PATCH", "/conversations/{conversation_id}", "write"),
        ("POST", "/conversations/{conversation_id}/comments", "write"),
        ("POST", "/conversations/{conversation_id}/drafts", "write"),
        ("DELETE", "/message_template_folders/{message_template_folder_id}", "destructive"),
    ],
)
def test_effect_classification(catalog: Catalog, method: str, path: str, effect: str) -> None:
    assert _op(catalog, method, path).effect == effect


def test_effect_rules_hold_for_every_operation(catalog: Catalog) -> None:
    for op in catalog:
        if op.method == "DELETE" or any(s.endswith(":delete") for s in op.scopes):
            assert op.effect == "destructive", op.id
        elif op.method == "GET":
            assert op.effect == "read", op.id
    sends = {op.id for op in catalog if op.effect == "send"}
    assert sends == {"create-message", "create-message-reply"}


def test_operation_flags_and_counts(catalog: Catalog) -> None:
    assert sum(op.paginated for op in catalog) == 29
    assert sum(op.deprecated for op in catalog) == 11
    assert sum(op.redirects_when_merged for op in catalog) == 19
    assert Counter(op.method for op in catalog) == {
        "GET": 123,
        "POST": 70,
        "DELETE": 27,
        "PATCH": 23,
        "PUT": 1,
    }
    me = catalog.get("api-token-details")
    assert me.scopes == () and me.path == "/me" and me.effect == "read"
    reply = catalog.get("create-message-reply")
    assert reply.success_status == 202 and reply.redirects_when_merged
    assert reply.scopes == ("messages:send",)
    assert catalog.get("delete-folder").success_status == 202
    assert catalog.get("add-conversation-tag").success_status == 204
    assert catalog.get("add-conversation-tag").response_schema is None


def test_descriptions_are_whole_and_scope_free(catalog: Catalog) -> None:
    for op in catalog:
        assert "Required scope" not in op.description, op.id
        assert not op.description.endswith("…"), op.id
        assert "](http" not in op.description, op.id
    assert catalog.get("list-conversations").description.startswith("List the conversations")


def test_parameters_are_recorded(catalog: Catalog) -> None:
    op = catalog.get("list-conversations")
    names = [p.name for p in op.query_params]
    assert names == ["q", "limit", "page_token", "sort_by", "sort_order"]
    q = op.query_params[0]
    assert q.style == "deepObject" and q.location == "query" and not q.required
    assert "statuses" in q.description
    limit = op.query_params[1]
    assert limit.schema["maximum"] == 100 and limit.style == "form"
    conv = catalog.get("get-conversation-by-id").path_params[0]
    assert conv.name == "conversation_id" and conv.required and conv.location == "path"
    # ReadMe placeholders (cnv_123) are examples, never defaults of a required path param.
    for each in catalog:
        for param in each.path_params:
            assert "default" not in param.schema, (each.id, param.name)


def test_body_schema_and_body_required(catalog: Catalog) -> None:
    tag = catalog.get("add-conversation-tag")
    assert tag.body_schema == {"$ref": "#/components/schemas/TagIds"}
    assert tag.body_required
    assert tag.required_body_fields() == ["tag_ids"]
    assert catalog.get("create-account").body_required  # required beside a $ref
    assert not catalog.get("update-conversation").body_required
    assert catalog.get("list-conversations").body_schema is None
    # 106 bodies in the spec, plus the one it forgot (PATCH /message_templates/{id}).
    assert sum(op.body_schema is not None for op in catalog) == 107
    template = catalog.get("update-message-template")
    assert template.body_schema == {"$ref": "#/components/schemas/UpdateMessageTemplate"}
    assert not template.body_required
    template.validate({"message_template_id": "rsp_1"}, body={"name": "OOO"})
    assert catalog.info["spec_fixes"] == [
        "update-message-template: request body added",
        "EventResponse: target.data may be any of its resources"
        " (its variants overlap; _meta.type says which)",
        "UpdateConversationAssignee: assignee_id may be null to unassign (Front docs)",
        "UpdateConversationReminders: scheduled_at may be null to cancel the reminder"
        " (its own description)",
    ]
    assignee = catalog.get("update-conversation-assignee")
    assignee.validate({"conversation_id": "cnv_1"}, body={"assignee_id": None})


def test_trailing_slash_paths_are_kept(catalog: Catalog) -> None:
    assert catalog.get("update-comment").path == "/comments/{comment_id}/"
    assert catalog.get("edit-draft").path == "/drafts/{message_id}/"


# --------------------------------------------------------------------------- requests


def test_render_path_keeps_aliases_readable(catalog: Catalog) -> None:
    teammate = catalog.get("get-teammate")
    assert (
        teammate.render_path({"teammate_id": "alt:email:leela@planet-express.com"})
        == "/teammates/alt:email:leela@planet-express.com"
    )
    contact = catalog.get("get-contact")
    assert contact.render_path({"contact_id": "alt:phone:+123"}) == "/contacts/alt:phone:+123"


def test_render_path_encodes_search_query_as_one_segment(catalog: Catalog) -> None:
    search = catalog.get("search-conversations")
    assert (
        search.render_path({"query": "is:open tag:tag_1"})
        == "/conversations/search/is:open%20tag:tag_1"
    )
    assert (
        search.render_path({"query": 'subject:"a/b" 100%?#x'})
        == "/conversations/search/subject:%22a%2Fb%22%20100%25%3F%23x"
    )


def test_render_path_trailing_slash_and_errors(catalog: Catalog) -> None:
    comment = catalog.get("update-comment")
    assert comment.render_path({"comment_id": "com_1"}) == "/comments/com_1/"
    with pytest.raises(FrontValidationError) as excinfo:
        comment.render_path({})
    assert excinfo.value.operation == "update-comment"
    assert "comment_id" in _problems(excinfo)
    with pytest.raises(FrontValidationError):
        comment.render_path({"comment_id": ".."})
    with pytest.raises(FrontValidationError):
        comment.render_path({"comment_id": ""})


def test_encode_query_expands_the_q_object(catalog: Catalog) -> None:
    op = catalog.get("list-conversations")
    pairs = op.encode_query(
        {
            "q": {"statuses": ["assigned", "unassigned"], "after": 1701292639.5},
            "limit": 25,
            "page_token": None,
            "sort_order": "desc",
        }
    )
    assert pairs == [
        ("q[statuses]", "assigned"),
        ("q[statuses]", "unassigned"),
        ("q[after]", "1701292639.5"),
        ("limit", "25"),
        ("sort_order", "desc"),
    ]
    assert op.encode_query({"q": '{"statuses": ["open"]}'}) == [("q[statuses]", "open")]


def test_encode_query_scalars(catalog: Catalog) -> None:
    op = catalog.get("add-conversation-followers")
    assert op.encode_query({"ignore_errors": True}) == [("ignore_errors", "true")]
    assert op.encode_query({"ignore_errors": False}) == [("ignore_errors", "false")]
    listing = catalog.get("list-events")
    assert listing.encode_query({"limit": 10.0, "x": [1, 2]}) == [
        ("limit", "10"),
        ("x", "1"),
        ("x", "2"),
    ]


def test_validate_reports_every_problem(catalog: Catalog) -> None:
    op = catalog.get("add-conversation-tag")
    with pytest.raises(FrontValidationError) as excinfo:
        op.validate({}, {"limit": 3}, None)
    text = _problems(excinfo)
    assert "missing required path parameter 'conversation_id'" in text
    assert "unknown query parameter(s) limit" in text
    assert "a JSON body is required; required fields: tag_ids" in text
    assert len(excinfo.value.problems) == 3


def test_validate_unknown_query_name_lists_allowed_names(catalog: Catalog) -> None:
    op = catalog.get("list-conversations")
    with pytest.raises(FrontValidationError) as excinfo:
        op.validate(query={"status": "open"})
    allowed = "allowed: limit, page_token, q, sort_by, sort_order"
    assert f"unknown query parameter(s) status; {allowed}" in _problems(excinfo)


def test_validate_body_schema_violation(catalog: Catalog) -> None:
    op = catalog.get("add-conversation-tag")
    with pytest.raises(FrontValidationError) as excinfo:
        op.validate({"conversation_id": "cnv_1"}, body={"tag_ids": "tag_1"})
    assert excinfo.value.problems == ["body.tag_ids: 'tag_1' is not of type 'array'"]
    op.validate({"conversation_id": "cnv_1"}, body={"tag_ids": ["tag_1", "tag_2"]})


def test_validate_nested_body_errors_and_limit(catalog: Catalog) -> None:
    op = catalog.get("create-message")
    with pytest.raises(FrontValidationError) as excinfo:
        op.validate(
            {"channel_id": "alt:address:support@example.com"},
            body={"to": "leela@example.com", "body": 3, "options": {"archive": "no"}},
        )
    problems = excinfo.value.problems
    assert "body.options.archive: 'no' is not of type 'boolean'" in problems
    assert "body.to: 'leela@example.com' is not of type 'array'" in problems
    assert "body.body: 3 is not of type 'string'" in problems
    op.validate({"channel_id": "cha_1"}, body={"to": ["leela@example.com"], "body": "Hi"})


def test_validate_body_on_an_operation_without_one(catalog: Catalog) -> None:
    op = catalog.get("list-teams")
    op.validate(body={})  # an empty mapping means "no body"
    with pytest.raises(FrontValidationError) as excinfo:
        op.validate(body={"name": "x"})
    assert "takes no body" in _problems(excinfo)


def test_validate_query_values(catalog: Catalog) -> None:
    op = catalog.get("list-conversations")
    with pytest.raises(FrontValidationError) as excinfo:
        op.validate(query={"limit": 500, "sort_order": "up"})
    text = _problems(excinfo)
    assert "query.limit: 500 is greater than the maximum of 100" in text
    assert "query.sort_order" in text
    op.validate(query={"limit": "50", "q": {"statuses": ["assigned", "unassigned"]}})
    op.validate(query={"q": "statuses"})


def test_validate_path_values(catalog: Catalog) -> None:
    op = catalog.get("get-conversation-by-id")
    with pytest.raises(FrontValidationError) as excinfo:
        op.validate({"conversation_id": "cnv_1", "inbox_id": "inb_1"})
    assert "unknown path parameter(s) inbox_id; allowed: conversation_id" in _problems(excinfo)
    with pytest.raises(FrontValidationError):
        op.validate({"conversation_id": ["cnv_1"]})
    op.validate({"conversation_id": "cnv_1"})


def test_summary_dict(catalog: Catalog) -> None:
    assert catalog.get("list-conversations").summary_dict() == {
        "id": "list-conversations",
        "method": "GET",
        "path": "/conversations",
        "summary": "List conversations",
        "effect": "read",
    }
    deprecated = catalog.get("list-custom-fields").summary_dict()
    assert deprecated["deprecated"] is True


# --------------------------------------------------------------------------- lookup


def test_get_unknown_id_suggests_close_matches(catalog: Catalog) -> None:
    with pytest.raises(FrontValidationError) as excinfo:
        catalog.get("create-mesage")
    assert excinfo.value.operation == "create-mesage"
    assert excinfo.value.problems[0] == (
        "unknown operation id; use the operation search to find one"
    )
    assert "create-message" in excinfo.value.problems[1]
    assert catalog.get("Create_Message").id == "create-message"


def test_search_ranks_conversation_search_first(catalog: Catalog) -> None:
    ids = [op.id for op in catalog.search("search conversations", limit=5)]
    assert ids[0] == "search-conversations"
    assert "list-conversations" in ids[:3]


def test_search_tag_finds_add_conversation_tag(catalog: Catalog) -> None:
    assert "add-conversation-tag" in [op.id for op in catalog.search("tag", limit=20)]
    assert catalog.search("tags", limit=20) == catalog.search("tag", limit=20)
    assert catalog.search("add tag to conversation", limit=3)[0].id == "add-conversation-tag"


def test_search_filters(catalog: Catalog) -> None:
    sends = catalog.search("message", effects=["send"])
    assert {op.id for op in sends} == {"create-message", "create-message-reply"}
    tagged = catalog.search("list", tag="tags", limit=50)
    assert tagged and all(op.tag == "Tags" for op in tagged)
    assert all(not op.deprecated for op in catalog.search("contact group", limit=50))
    with_deprecated = catalog.search("contact group", include_deprecated=True, limit=50)
    assert any(op.deprecated for op in with_deprecated)
    with pytest.raises(FrontValidationError):
        catalog.search("x", effects=["delete"])
    assert len(catalog.search("", limit=3)) == 3
    assert catalog.search("zzzqqq") == []


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("method", "path", "op_id", "params"),
    [
        (
            "GET",
            "/conversations/search/is:open%20tag:tag_1",
            "search-conversations",
            {"query": "is:open tag:tag_1"},
        ),
        ("GET", "/conversations/cnv_1", "get-conversation-by-id", {"conversation_id": "cnv_1"}),
        ("GET", "/conversations/custom_fields", "list-conversation-custom-fields", {}),
        (
            "GET",
            "/teammates/alt:email:leela%40planet-express.com",
            "get-teammate",
            {"teammate_id": "alt:email:leela@planet-express.com"},
        ),
        ("PATCH", "/comments/com_1/", "update-comment", {"comment_id": "com_1"}),
        ("PATCH", "/comments/com_1", "update-comment", {"comment_id": "com_1"}),
        ("GET", "/me/", "api-token-details", {}),
        ("DELETE", "/drafts/msg_1", "delete-draft", {"draft_id": "msg_1"}),
        (
            "get",
            "https://acme.api.frontapp.com/conversations?page_token=abc",
            "list-conversations",
            {},
        ),
        (
            "POST",
            "/teammates/tea_1/tags",
            "create-teammate-tag",
            {"teammate_id": "tea_1"},
        ),
    ],
)
def test_match(
    catalog: Catalog, method: str, path: str, op_id: str, params: dict[str, str]
) -> None:
    found = catalog.match(method, path)
    assert found is not None
    op, values = found
    assert (op.id, values) == (op_id, params)


def test_match_misses(catalog: Catalog) -> None:
    assert catalog.match("GET", "/nope") is None
    assert catalog.match("PUT", "/conversations") is None
    assert catalog.match("GET", "/conversations//messages") is None


def test_render_then_match_round_trips(catalog: Catalog) -> None:
    for op in catalog:
        values = {p.name: f"alt:email:x/{p.name} y@z" for p in op.path_params}
        found = catalog.match(op.method, op.render_path(values))
        assert found is not None, op.id
        assert found[0].id == op.id and found[1] == values


# --------------------------------------------------------------------------- schemas


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            elif key not in ("example", "default", "enum"):
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_schema_is_valid_json_schema_2020_12(catalog: Catalog) -> None:
    schemas = catalog.components["schemas"]
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        for ref in _refs(schema):
            assert ref.removeprefix("#/components/schemas/") in schemas, (name, ref)
    for op in catalog:
        for schema in (op.body_schema, op.response_schema):
            if schema is None:
                continue
            Draft202012Validator.check_schema(schema)
            for ref in _refs(schema):
                assert ref.removeprefix("#/components/schemas/") in schemas, (op.id, ref)
            validator = catalog.validator(schema)
            assert catalog.validator(schema) is validator  # cached
            list(validator.iter_errors({}))  # resolves the top-level $refs
        for param in (*op.path_params, *op.query_params):
            Draft202012Validator.check_schema(param.schema)


def test_validator_resolves_refs_and_nullable(catalog: Catalog) -> None:
    def errors_at(schema_name: str, instance: dict[str, Any], field: str) -> list[str]:
        validator = catalog.validator({"$ref": f"#/components/schemas/{schema_name}"})
        return [e.message for e in validator.iter_errors(instance) if list(e.path) == [field]]

    assert errors_at("ConversationResponse", {"assignee": None}, "assignee") == []
    assert errors_at("ConversationResponse", {"assignee": "tea_1"}, "assignee")
    # the $ref inside the nullable wrapper resolves: a wrong nested type is reported
    nested = catalog.validator({"$ref": "#/components/schemas/ConversationResponse"})
    assert any(
        list(e.absolute_path) == ["assignee", "email"]
        for e in nested.iter_errors({"assignee": {"email": 3}})
        for e in [e, *e.context]
    )
    assert errors_at("MessageResponse", {"draft_mode": None}, "draft_mode") == []
    assert errors_at("MessageResponse", {"draft_mode": "public"}, "draft_mode")


def test_load_catalog_is_cached(catalog: Catalog) -> None:
    assert load_catalog() is catalog
    assert isinstance(catalog.get("list-conversations"), Operation)


def test_catalog_from_data_uses_its_own_schemas(committed_text: str) -> None:
    data = json.loads(committed_text)
    tag_ids = data["components"]["schemas"]["TagIds"]
    data["components"]["schemas"]["TagIds"] = {**tag_ids, "required": ["tag_ids", "note"]}
    own = Catalog(data)
    assert own is not load_catalog() and len(own) == 244
    op = own.get("add-conversation-tag")
    assert op.schemas is own.schemas and own.components is own.schemas.components
    assert set(vars(op)) == {f.name for f in dataclasses.fields(op)}  # nothing planted
    assert op == load_catalog().get("add-conversation-tag") and "schemas=" not in repr(op)
    copy = dataclasses.replace(op, summary="changed")  # keeps the schemas of its catalog
    assert own.validator(tag_ids) is copy.schemas.validator(tag_ids)
    assert copy.required_body_fields() == ["tag_ids", "note"]
    with pytest.raises(FrontValidationError) as excinfo:
        copy.validate({"conversation_id": "cnv_1"}, body={"tag_ids": ["tag_1"]})
    assert excinfo.value.problems == ["body: 'note' is a required property"]
    package_op = load_catalog().get("add-conversation-tag")
    package_op.validate({"conversation_id": "cnv_1"}, body={"tag_ids": ["tag_1"]})
    with pytest.raises(FrontConfigurationError):
        Catalog({**data, "format": 99})
