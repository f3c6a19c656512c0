"""Front double handlers for custom field definitions, and the check of written custom fields.

Front lists the custom fields that conversations, contacts and accounts may carry (definitions
are managed in Front's settings, never through the API), and refuses a write whose
``custom_fields`` names an unknown field or an enum value that is not allowed (400).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from langchain_front.testing.double.calls import Call, bad_request, handles
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response

__all__ = ["check_custom_fields"]

_RESOURCES = {
    "list-conversation-custom-fields": "conversation",
    "list-contact-custom-fields": "contact",
    "list-account-custom-fields": "account",
}


@handles(*_RESOURCES)
def list_custom_fields(double: FrontDouble, call: Call) -> httpx.Response:
    definitions = double.store.custom_field_definitions.get(_RESOURCES[call.op.id], [])
    return list_response(double, call, [dict(d) for d in definitions])


def check_custom_fields(double: FrontDouble, resource: str, fields: Mapping[str, Any]) -> None:
    """Front's 400 for unknown custom field names or enum values of ``resource``'s records."""
    definitions = {d["name"]: d for d in double.store.custom_field_definitions.get(resource, [])}
    problems = []
    for name, value in fields.items():
        definition = definitions.get(name)
        if definition is None:
            problems.append(f"custom_fields.{name}: unknown custom field")
        elif definition["type"] == "enum" and value is not None:
            allowed = [v["value"] for v in definition.get("values", [])]
            if value not in allowed:
                problems.append(f"custom_fields.{name}: {value!r} is not one of {allowed}")
    if problems:
        raise bad_request("Invalid input, such as invalid custom fields", problems)
