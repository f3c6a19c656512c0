"""Contract test: every recorded request and response agrees with Front's published spec.

Reads ``../shared/front-openapi/core-api.json`` (never copied into the project) and skips with a
reason where it is absent. The catalog is rebuilt from the spec in memory, so this checks the
cassettes against the spec itself, not against our committed copy of it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from langchain_front.catalog import Catalog
from langchain_front.errors import FrontValidationError
from tests.conftest import CASSETTES, DOUBLE_TOKEN, ROOT, SPEC, load_cassette

#: Where Front's documentation and its spec disagree, the documented behaviour wins.
#: Each entry: (operation id, problem text fragment, reason).
DOCUMENTED_EXCEPTIONS: list[tuple[str, str, str]] = [
    # Front's docs: "assignee_id: null" unassigns; the spec types assignee_id as a string.
    ("update-conversation-assignee", "body.assignee_id", "null unassigns (Front docs)"),
    # The spec's own description of scheduled_at: "Set to null to cancel" (unsnooze).
    ("update-conversation-reminders", "body.scheduled_at", "null cancels (the spec's text)"),
]

#: Response fields where the spec's own examples (and so Front's real payloads) break the
#: declared schema; see docs/testing.md. (operation id, JSON path fragment).
RESPONSE_EXCEPTIONS: list[tuple[str, str]] = []


def _spec_catalog() -> Catalog:
    if not SPEC.exists():
        pytest.skip(
            f"Front's OpenAPI spec is not at {SPEC} (../shared absent): contract not checked"
        )
    module_spec = importlib.util.spec_from_file_location(
        "generate_catalog", ROOT / "scripts" / "generate_catalog.py"
    )
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return Catalog(module.build_catalog(json.loads(SPEC.read_text()), documented_fixes=False))


def _query_dict(query: str) -> dict[str, Any]:
    """Decode a query string into the shape Operation.validate takes (q[...] as an object)."""
    out: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if "[" in key and key.endswith("]"):
            name, sub = key[:-1].split("[", 1)
            sub = sub.removesuffix("][").rstrip("[]")
            out.setdefault(name, {}).setdefault(sub, []).append(value)
        else:
            out[key] = value
    return out


def _interactions() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(CASSETTES.glob("*.yaml")):
        for item in load_cassette(path):
            yield path.name, item


def _excepted(op_id: str, problem: str) -> bool:
    return any(op == op_id and frag in problem for op, frag, _ in DOCUMENTED_EXCEPTIONS)


def test_cassettes_exist() -> None:
    """The contract is only as good as the cassettes: there must be plenty."""
    assert len(list(CASSETTES.glob("*.yaml"))) >= 40


def test_cassettes_hold_no_secrets() -> None:
    """Recording filters replaced every token: no bearer value, no token field."""
    for path in CASSETTES.glob("*.yaml"):
        text = path.read_text()
        assert "Bearer " not in text, path.name
        assert DOUBLE_TOKEN not in text, path.name
        for item in load_cassette(path):
            assert "access_token" not in str(item["response"]), path.name


def test_every_request_matches_a_spec_operation() -> None:
    """Method, path template, required parameters and JSON body, against the spec."""
    catalog = _spec_catalog()
    failures: list[str] = []
    checked = 0
    for name, item in _interactions():
        url = urlsplit(item["uri"])
        found = catalog.match(item["method"], url.path)
        if found is None:
            failures.append(f"{name}: {item['method']} {url.path} matches no spec operation")
            continue
        op, path_params = found
        try:
            op.validate(path_params, _query_dict(url.query), item["body"])
        except FrontValidationError as exc:
            problems = [p for p in exc.problems if not _excepted(op.id, p)]
            if problems:
                failures.append(f"{name}: {op.id}: {'; '.join(problems)}")
        checked += 1
    assert checked > 0
    assert not failures, "\n".join(failures)


def test_every_2xx_json_response_matches_its_schema() -> None:
    """Each successful JSON response validates against the spec's response schema."""
    catalog = _spec_catalog()
    failures: list[str] = []
    checked = 0
    for name, item in _interactions():
        if not 200 <= item["status"] < 300 or not item["response"]:
            continue
        found = catalog.match(item["method"], urlsplit(item["uri"]).path)
        assert found is not None
        op = found[0]
        if op.response_schema is None:
            continue
        text = item["response"]
        body = json.loads(text if isinstance(text, str) else text.decode("utf-8"))
        for error in catalog.validator(op.response_schema).iter_errors(body):
            where = "/".join(str(p) for p in error.absolute_path)
            if any(op.id == o and frag in where for o, frag in RESPONSE_EXCEPTIONS):
                continue
            failures.append(f"{name}: {op.id} at {where or '(root)'}: {error.message[:200]}")
        checked += 1
    assert checked > 0
    assert not failures, "\n".join(failures[:50])


def test_documented_exceptions_are_still_needed() -> None:
    """An exception the spec no longer needs is removed, so the list stays honest."""
    catalog = _spec_catalog()
    op = catalog.get("update-conversation-assignee")
    with pytest.raises(FrontValidationError) as caught:
        op.validate({"conversation_id": "cnv_1"}, {}, {"assignee_id": None})
    assert any("assignee_id" in p for p in caught.value.problems)


def test_spec_path_is_outside_the_project() -> None:
    """The spec is read from ../shared, never from a copy inside the project."""
    tracked = subprocess.run(
        ["git", "ls-files", "*core-api.json", "*channel-api.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert tracked.stdout.strip() == ""
