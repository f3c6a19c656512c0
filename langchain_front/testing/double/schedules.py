"""Front double handlers for shifts and time off: a teammate's schedule, stored.

Shifts (``shf_``) and time offs (``vcr_``) are created through the API (none are seeded), so a
test states the schedule it checks; a teammate's shifts and time off list what was created.
Reading or editing one shift by ID stays synthesized, like the other unmodelled kinds.
``q[active_from]`` / ``q[active_until]`` keep the time offs that overlap that range, as Front's
time-off query does.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import httpx

from langchain_front.testing.double.calls import Call, bad_request, handles, reply
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.pages import list_response, records_list


def _shift(double: FrontDouble, call: Call, shift_id: str) -> dict[str, Any]:
    st = double.store
    now = st.now()
    return {
        "_links": {
            "self": st.url(f"/shifts/{shift_id}"),
            "related": {"teammates": st.url(f"/shifts/{shift_id}/teammates")},
        },
        "id": shift_id,
        "name": str(call.arg("name", "")),
        "color": str(call.arg("color", "blue")),
        "timezone": str(call.arg("timezone", "UTC")),
        "times": copy.deepcopy(call.arg("times") or {}),
        "created_at": now,
        "updated_at": now,
    }


@handles("create-shift", "create-team-shift")
def create_shift(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    shift_id = st.new_id("shf")
    st.shifts[shift_id] = _shift(double, call, shift_id)
    members = call.arg("teammate_ids") or []
    st.shift_teammates[shift_id] = [double.require("teammate", t) for t in members]
    return reply(call, copy.deepcopy(st.shifts[shift_id]))


@handles("list-teammate-shifts")
def list_teammate_shifts(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    teammate = call.params["teammate_id"]
    ids = [s for s, members in st.shift_teammates.items() if teammate in members]
    return records_list(double, call, st.shifts, ids)


@handles("create-time-off")
def create_time_off(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    start, end = call.arg("start_at"), call.arg("end_at")
    if not isinstance(start, (int, float)):
        raise bad_request("Body did not satisfy requirements", ["start_at is required"])
    time_off_id = st.new_id("vcr")
    teammate = call.params["teammate_id"]
    now = st.now()
    st.time_offs[time_off_id] = {
        "_links": {
            "self": st.url(f"/time_offs/{time_off_id}"),
            "related": {"teammate": st.url(f"/teammates/{teammate}")},
        },
        "id": time_off_id,
        "name": str(call.arg("name", "")),
        "start_at": float(start),
        "end_at": float(end) if isinstance(end, (int, float)) else None,
        "created_at": now,
        "updated_at": now,
        "auto_responder": copy.deepcopy(call.arg("auto_responder") or {"is_enabled": False}),
        "teammate_id": teammate,
    }
    return reply(call, _public(st.time_offs[time_off_id]))


def _public(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in record.items() if k != "teammate_id"}


def _bound(call: Call, name: str) -> float | None:
    q = call.query.get("q")
    value = q.get(name) if isinstance(q, Mapping) else None
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise bad_request(f"Invalid timestamp {value!r} for q[{name}]") from None


@handles("list-teammate-time-offs")
def list_time_offs(double: FrontDouble, call: Call) -> httpx.Response:
    teammate = call.params["teammate_id"]
    since, until = _bound(call, "active_from"), _bound(call, "active_until")
    kept = []
    for record in sorted(double.store.time_offs.values(), key=lambda r: r["start_at"]):
        end = record["end_at"]
        if record["teammate_id"] != teammate:
            continue
        if since is not None and end is not None and end < since:
            continue
        if until is not None and record["start_at"] > until:
            continue
        kept.append(_public(record))
    return list_response(double, call, kept)
