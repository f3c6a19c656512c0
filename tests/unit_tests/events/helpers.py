"""Signed Front webhook requests for the events tests."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from langchain_front.events import sign_application, sign_rule

APP_SECRET = "app-secret-for-tests"
RULE_SECRET = "rule-secret-for-tests"


def body_of(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


def app_headers(body: bytes, *, age: float = 0.0, secret: str = APP_SECRET) -> dict[str, str]:
    stamp = str(int((time.time() - age) * 1000))
    return {
        "content-type": "application/json",
        "x-front-request-timestamp": stamp,
        "x-front-signature": sign_application(secret, body, stamp),
    }


def rule_headers(body: bytes, *, secret: str = RULE_SECRET) -> dict[str, str]:
    return {"content-type": "application/json", "x-front-signature": sign_rule(secret, body)}


async def post(client: httpx.AsyncClient, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return await client.post("http://receiver.test/", content=body, headers=headers)
