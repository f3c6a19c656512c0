"""Front double handlers for analytics reports: created ``running``, ``done`` after a few reads.

A new report answers ``running`` (progress 0), and still ``running`` to the next
``store.analytics_polls_until_done`` reads (none by default), then ``done`` with its metrics, so
a tool's polling is exercised without any clock. Message counts are counted from the stored
messages in the report's days (and inboxes, when filtered); every other metric is a
deterministic value of its metric's type (seconds for durations, 0-100 for percentages). A
report this double did not create answers, as every unmodelled record does, an instance
synthesized from the spec.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx

from langchain_front.testing.double.calls import Call, bad_request, handles, reply
from langchain_front.testing.double.core import FrontDouble
from langchain_front.testing.double.synthesized import synthesized_answer
from langchain_front.testing.records import stable_hex
from langchain_front.testing.store import FrontStore

_DAY = 86400.0


def _metric_type(metric: str) -> str:
    if metric.startswith("pct_"):
        return "percentage"
    if metric.startswith("avg_") and metric.endswith("_time"):
        return "duration"
    return "number"


def _metric(store: FrontStore, report: dict[str, Any], metric: str) -> dict[str, Any]:
    kind = _metric_type(metric)
    if metric in ("num_messages_received", "num_messages_sent"):
        inbound = metric == "num_messages_received"
        inboxes = set(report["filters"].get("inbox_ids") or [])
        value: Any = sum(
            1
            for m in store.messages.values()
            if not m.is_draft
            and m.is_inbound == inbound
            and report["start"] <= m.created_at < report["end"]
            and (not inboxes or inboxes & set(store.conversations[m.conversation_id].inbox_ids))
        )
    else:
        spread = int(stable_hex("metric", metric, report["uid"], length=4), 16)
        value = {"duration": 600 + spread % 7200, "percentage": spread % 101}.get(kind, spread % 50)
    return {"id": metric, "type": kind, "value": value}


def _answer(double: FrontDouble, call: Call, report: dict[str, Any]) -> httpx.Response:
    data = {
        "_links": {"self": double.store.url(f"/analytics/reports/{report['uid']}")},
        "uid": report["uid"],
        "status": report["status"],
        "progress": report["progress"],
        "metrics": copy.deepcopy(report["metrics"]),
    }
    return reply(call, data)


@handles("create-analytics-report")
def create_report(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    start, end = float(call.arg("start")), float(call.arg("end"))
    if end < start:
        raise bad_request("Body did not satisfy requirements", ["end must be after start"])
    filters = call.arg("filters")
    uid = stable_hex("analytics-report", len(st.analytics_reports), start, end, length=64)
    report: dict[str, Any] = {
        "uid": uid,
        "status": "running",
        "progress": 0,
        "metrics": [],
        "requested": [str(m) for m in call.arg("metrics") or []],
        # Front rounds start down and end up to whole days.
        "start": start - start % _DAY,
        "end": end - end % _DAY + _DAY if end % _DAY else end,
        "filters": filters if isinstance(filters, dict) else {},
        "reads_left": st.analytics_polls_until_done,
    }
    st.analytics_reports[uid] = report
    return _answer(double, call, report)


@handles("get-analytics-report")
def get_report(double: FrontDouble, call: Call) -> httpx.Response:
    st = double.store
    report = st.analytics_reports.get(call.params["report_uid"])
    if report is None:
        return synthesized_answer(double, call)
    if report["status"] == "running":
        if report["reads_left"] > 0:
            report["reads_left"] -= 1
            report["progress"] = min(90, report["progress"] + 40)
        else:
            report["status"], report["progress"] = "done", 100
            report["metrics"] = [_metric(st, report, m) for m in report["requested"]]
    return _answer(double, call, report)
