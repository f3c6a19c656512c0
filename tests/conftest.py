"""Shared test setup: cassettes (pytest-recording) and clients on the Front double.

Cassettes live in the top-level ``cassettes/`` folder and replay with ``--record-mode=none`` and
the network blocked (pyproject's addopts). See cassettes/README.md to re-record them.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from langchain_tests.conftest import base_vcr_config
from vcr import VCR

from langchain_front import FrontClient
from langchain_front.testing import FrontDouble

ROOT = Path(__file__).resolve().parents[1]
CASSETTES = ROOT / "cassettes"
SPEC = ROOT.parent / "shared" / "front-openapi" / "core-api.json"

#: Set FRONT_RECORD_LIVE=1 (with FRONT_API_TOKEN) to record against a real workspace.
LIVE = os.environ.get("FRONT_RECORD_LIVE") == "1"
DOUBLE_TOKEN = "front-double-token"

_SECRET_KEYS = re.compile(r'("(?:access_token|refresh_token|client_secret|token)"\s*:\s*)"[^"]*"')
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+\d[\d ().-]{7,}\d")


def scrub_text(text: str) -> str:
    """Remove token values always, and personal data when recording a real workspace."""
    text = _SECRET_KEYS.sub(r'\1"REDACTED"', text)
    if LIVE:
        text = _EMAIL.sub("person@example.com", text)
        text = _PHONE.sub("+15550000000", text)
    return text


def _scrub_request(request: Any) -> Any:
    if request.body:
        body = request.body if isinstance(request.body, str) else request.body.decode("utf-8")
        request.body = scrub_text(body).encode("utf-8")
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    keep = {"content-type", "retry-after", "location"} | {
        h for h in response["headers"] if h.lower().startswith("x-ratelimit")
    }
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() in keep}
    body = response.get("body", {}).get("string")
    if body:
        text = body if isinstance(body, str) else body.decode("utf-8")
        response["body"]["string"] = scrub_text(text).encode("utf-8")
    return response


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    """langchain-tests' base config, made strict and Front-aware."""
    config = base_vcr_config()
    # base_vcr_config() pins record_mode="once", which silently beats --record-mode=none.
    config.pop("record_mode", None)
    config.update(
        cassette_library_dir=str(CASSETTES),
        path_transformer=VCR.ensure_suffix(".yaml"),
        serializer="yaml",
        # Front's next links point at company hosts: match without the host.
        match_on=["method", "path", "query", "body"],
        filter_headers=[("authorization", "REDACTED"), ("cookie", None), ("user-agent", None)],
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
    )
    return config


def offline_client(double: FrontDouble | None = None, **options: Any) -> FrontClient:
    """A client on the Front double (or, when recording live, on the real workspace)."""
    if LIVE:
        return FrontClient.from_env(**options)
    transport = (double or FrontDouble()).transport()
    return FrontClient(token=DOUBLE_TOKEN, transport=transport, **options)


@pytest.fixture
def double() -> FrontDouble:
    """A fresh Front double."""
    return FrontDouble()


@pytest.fixture
def client(double: FrontDouble) -> FrontClient:
    """A client on the fresh double."""
    return FrontClient(token=DOUBLE_TOKEN, transport=double.transport())


def load_cassette(path: Path) -> list[dict[str, Any]]:
    """The interactions of a YAML cassette, bodies decoded."""
    import yaml

    data = yaml.safe_load(path.read_text())
    out = []
    for item in data.get("interactions", []):
        req, resp = item["request"], item["response"]
        body = req.get("body")
        out.append(
            {
                "method": req["method"],
                "uri": req["uri"],
                "body": json.loads(body) if body else None,
                "status": resp["status"]["code"],
                "response": resp.get("body", {}).get("string") or "",
            }
        )
    return out
