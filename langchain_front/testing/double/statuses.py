"""Front double handlers for the company's ticket statuses (ticketing).

An empty set of statuses stands for ticketing switched off: Front then answers 404.
"""

from __future__ import annotations

import copy

import httpx

from langchain_front.testing.double.calls import Call, handles, not_found, reply
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response

_DISABLED = "Ticketing is not enabled, therefore, there are no ticket statuses."


@handles("list-company-ticket-statuses")
def list_statuses(double: FrontDouble, call: Call) -> httpx.Response:
    statuses = double.store.ticket_statuses
    if not statuses:
        raise not_found(_DISABLED)
    return list_response(double, call, [copy.deepcopy(s) for s in statuses.values()])


@handles("get-ticket-status-by-id")
def get_status(double: FrontDouble, call: Call) -> httpx.Response:
    statuses = double.store.ticket_statuses
    if not statuses:
        raise not_found(_DISABLED)
    status = statuses.get(call.params["status_id"])
    if status is None:
        raise not_found(f"Unknown status ID {call.params['status_id']}")
    return reply(call, copy.deepcopy(status))
