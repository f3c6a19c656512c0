"""Front double handlers for message templates and signatures: the company's shared templates,
a teammate's private ones, and the signatures of a teammate and of a team."""

from __future__ import annotations

import copy

import httpx

from langchain_front.testing.content import content_of
from langchain_front.testing.double.calls import Call, handles, json_response, not_found
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response


@handles("list-message-templates")
def list_templates(double: FrontDouble, call: Call) -> httpx.Response:
    content = content_of(double.store)
    shared = [t for tid, t in content.templates.items() if content.template_owner[tid] is None]
    return list_response(double, call, copy.deepcopy(shared))


@handles("list-teammate-message-templates")
def list_teammate_templates(double: FrontDouble, call: Call) -> httpx.Response:
    content = content_of(double.store)
    owner = call.params["teammate_id"]
    own = [t for tid, t in content.templates.items() if content.template_owner[tid] == owner]
    return list_response(double, call, copy.deepcopy(own))


@handles("get-message-template")
def get_template(double: FrontDouble, call: Call) -> httpx.Response:
    template_id = call.params["message_template_id"]
    template = content_of(double.store).templates.get(template_id)
    if template is None:
        raise not_found(f"Unknown message template ID {template_id}")
    return json_response(200, copy.deepcopy(template))


@handles("list-teammate-signatures", "list-team-signatures")
def list_signatures(double: FrontDouble, call: Call) -> httpx.Response:
    content = content_of(double.store)
    owner = call.owner_id
    found = [s for sid, s in content.signatures.items() if content.signature_owner[sid] == owner]
    return list_response(double, call, copy.deepcopy(found))


@handles("get-signatures")
def get_signature(double: FrontDouble, call: Call) -> httpx.Response:
    signature_id = call.params["signature_id"]
    signature = content_of(double.store).signatures.get(signature_id)
    if signature is None:
        raise not_found(f"Unknown signature ID {signature_id}")
    return json_response(200, copy.deepcopy(signature))
