"""Front double handlers for the API token, teammates and teams.

Teammates and teams are stored; the API bot (author of what the API posts without
``author_id``) is hidden from lists. Team membership is edited in place.
"""

from __future__ import annotations

import copy

import httpx

from langchain_front.testing.builders import team_json
from langchain_front.testing.double.calls import Call, handles, replace_custom_fields, reply
from langchain_front.testing.double.conversations import conversation_list
from langchain_front.testing.double.core import FrontDouble, edit_membership
from langchain_front.testing.double.pages import list_response, records_list


@handles("api-token-details")
def me(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, copy.deepcopy(double.store.company))


@handles("list-teammates")
def list_teammates(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    ids = [t for t in st.teammates if t not in st.hidden_teammates]
    return records_list(double, call, st.teammates, ids)


@handles("get-teammate")
def get_teammate(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, copy.deepcopy(double.store.teammates[call.params["teammate_id"]]))


@handles("update-teammate")
def update_teammate(double: FrontDouble, call: Call) -> httpx.Response:
    rec = double.store.teammates[call.params["teammate_id"]]
    for key in ("username", "first_name", "last_name", "is_available"):
        if call.arg(key) is not None:
            rec[key] = call.arg(key)
    replace_custom_fields(rec, call)
    return reply(call)


@handles("list-assigned-conversations")
def list_assigned(double: FrontDouble, call: Call) -> httpx.Response:
    teammate = call.params["teammate_id"]
    return conversation_list(double, call, lambda c: c.assignee_id == teammate)


@handles("list-teammate-inboxes")
def list_teammate_inboxes(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    teammate = call.params["teammate_id"]
    ids = [i for i in st.inboxes if teammate in st.inbox_teammates.get(i, [])]
    return records_list(double, call, st.inboxes, ids)


@handles("list-teams")
def list_teams(double: FrontDouble, call: Call) -> httpx.Response:
    return list_response(
        double, call, [team_json(double.store, t, preview=True) for t in double.store.teams]
    )


@handles("get-team")
def get_team(double: FrontDouble, call: Call) -> httpx.Response:
    return reply(call, team_json(double.store, call.params["team_id"]))


@handles("add-teammates-to-team", "remove-teammates-from-team")
def team_members(double: FrontDouble, call: Call) -> httpx.Response:
    edit_membership(double, call, double.store.team_members[call.params["team_id"]], "teammate")
    return reply(call)
