"""Analytics tool: create a report, wait for Front to compute it, return its metrics as text.

Front computes a report asynchronously: the creation answers ``running`` and the report is read
again until ``done``. The tool polls with growing waits (:data:`POLL_DELAYS`, about a minute in
all); a report still running after that is handed back with its ``report_uid`` so that a later
call waits for the same report instead of creating another one.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from langchain_core.tools import ToolException
from pydantic import AfterValidator, BaseModel, Field, field_validator, model_validator

from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, InboxId, TagId, TeammateRef, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools._times import TIME_HELP, TimeInput, iso, to_unix_seconds
from langchain_front.tools.render.analytics import render_metrics

#: Seconds waited before each read of a running report: growing, about a minute in all.
POLL_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 10.0, 10.0, 10.0)

Metric = Literal[
    "avg_csat_survey_response",
    "avg_first_response_time",
    "avg_handle_time",
    "avg_replies_to_resolution",
    "avg_resolution_time",
    "avg_response_time",
    "avg_sla_breach_time",
    "avg_total_reply_time",
    "new_segments_count",
    "num_active_segments_full",
    "num_archived_segments",
    "num_archived_segments_with_reply",
    "num_csat_survey_response",
    "num_messages_received",
    "num_messages_sent",
    "num_sla_breach",
    "pct_csat_survey_satisfaction",
    "pct_resolved_on_first_reply",
    "pct_tagged_conversations",
    "num_closed_segments",
    "num_open_segments_start",
    "num_open_segments_end",
    "num_resolved_segments",
    "num_unresolved_active_segments",
    "num_workload_segments",
]

ACCOUNT_ID = IdKind("acc_", "account", "acc_6f0", "find the account with front_find_accounts")
AccountId = Annotated[str, AfterValidator(ACCOUNT_ID), ACCOUNT_ID.field(), ACCOUNT_ID]


def _ids(kind: Any, noun: str) -> Any:
    return Field(
        default=None,
        max_length=50,
        description=f"Only count {noun} ({kind}). Empty for all.",
    )


class RunAnalyticsReportInput(ToolArgs):
    """Arguments of front_run_analytics_report."""

    metrics: list[Metric] | None = Field(
        default=None,
        min_length=1,
        max_length=25,
        description="The metrics to compute, e.g. num_messages_received, num_messages_sent, "
        "avg_first_response_time, avg_resolution_time, pct_resolved_on_first_reply, "
        "num_resolved_segments (segments are conversations' open periods). Required unless "
        "report_uid is given.",
    )
    start: TimeInput | None = Field(
        default=None,
        description=f"Start of the period: {TIME_HELP}. Front counts whole days from its start.",
    )
    end: TimeInput | None = Field(
        default=None,
        description=f"End of the period: {TIME_HELP}. Front counts whole days to its end.",
    )
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="IANA time zone whose days the report counts (e.g. Europe/Paris). "
        "Default: UTC.",
    )
    inbox_ids: list[InboxId] | None = _ids("inb_...", "these inboxes")
    tag_ids: list[TagId] | None = _ids("tag_...", "conversations with these tags")
    teammate_ids: list[TeammateRef] | None = _ids("tea_...", "these teammates")
    account_ids: list[AccountId] | None = _ids("acc_...", "these accounts")
    report_uid: str | None = Field(
        default=None,
        pattern=r"^[0-9A-Za-z]{8,128}$",
        description="To keep waiting for a report an earlier call left running, its "
        "report_uid (alone): the report is read again, not created twice.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            if not available_timezones():  # no time zone database here: let Front judge
                return value
            raise ValueError(
                f"{value!r} is not an IANA time zone; use a name like Europe/Paris, "
                "America/New_York or UTC"
            ) from None
        return value

    @model_validator(mode="after")
    def _new_or_resumed(self) -> RunAnalyticsReportInput:
        if self.report_uid:
            others = [k for k in ("metrics", "start", "end") if getattr(self, k) is not None]
            if others:
                raise ValueError(
                    "give report_uid alone to keep waiting for that report, or metrics, start "
                    f"and end (without report_uid) for a new one; got also {', '.join(others)}"
                )
            return self
        if self.metrics is None or self.start is None or self.end is None:
            missing = [k for k in ("metrics", "start", "end") if getattr(self, k) is None]
            raise ValueError(f"a new report needs {', '.join(missing)}")
        start, end = to_unix_seconds(self.start, "start"), to_unix_seconds(self.end, "end")
        if end <= start:
            raise ValueError(f"end ({iso(end)}) must be later than start ({iso(start)})")
        return self


def _body(args: RunAnalyticsReportInput) -> dict[str, Any]:
    """The creation body (the arguments were checked: metrics, start and end are given)."""
    body: dict[str, Any] = {
        "start": to_unix_seconds(args.start if args.start is not None else 0, "start"),
        "end": to_unix_seconds(args.end if args.end is not None else 0, "end"),
        "metrics": list(dict.fromkeys(args.metrics or [])),
    }
    if args.timezone:
        body["timezone"] = args.timezone
    filters = {
        name: list(dict.fromkeys(values))
        for name, values in (
            ("inbox_ids", args.inbox_ids),
            ("tag_ids", args.tag_ids),
            ("teammate_ids", args.teammate_ids),
            ("account_ids", args.account_ids),
        )
        if values
    }
    if filters:
        body["filters"] = filters
    return body


def _uid(data: Any) -> str:
    uid = data.get("uid") if isinstance(data, dict) else None
    if isinstance(uid, str) and uid:
        return uid
    link = str(((data or {}).get("_links") or {}).get("self") or "")
    return link.rstrip("/").rsplit("/", 1)[-1]


@register
class FrontRunAnalyticsReport(FrontTool):
    """Compute analytics metrics over a period and return them, one line per metric."""

    name: str = "front_run_analytics_report"
    description: str = (
        "Compute Front analytics for a period (messages received and sent, response and "
        "resolution times, CSAT, SLA breaches...), optionally only for some inboxes, tags, "
        "teammates or accounts. Waits for Front to finish (up to about a minute) and returns one "
        "'metric: value' line per metric (durations as 1h 2m 3s, percentages with %). If Front "
        "is still computing, call again with the report_uid given, not with the metrics again."
    )
    args_schema: type[BaseModel] = RunAnalyticsReportInput
    operations = ("create-analytics-report", "get-analytics-report")
    group = "analytics"
    example = {
        "metrics": ["num_messages_received", "avg_first_response_time"],
        "start": "2023-11-29",
        "end": "2023-11-30",
    }

    def steps(self, args: RunAnalyticsReportInput) -> Steps:
        """Create (or read) the report, then read it again with growing waits until done."""
        if args.report_uid:
            first = yield Call("get-analytics-report", path_params={"report_uid": args.report_uid})
            body: dict[str, Any] = {}
        else:
            body = _body(args)
            first = yield Call("create-analytics-report", body=body)
        data: Any = first.data or {}
        uid = _uid(data) or (args.report_uid or "")
        waited = 0.0
        for delay in POLL_DELAYS:
            if data.get("status") != "running":
                break
            response = yield Call(
                "get-analytics-report", path_params={"report_uid": uid}, wait=delay
            )
            data = response.data or {}
            waited += delay
        status = data.get("status")
        if status == "failed":
            raise ToolException(
                f"Front could not compute analytics report {uid} (status failed). Try a "
                "shorter period or fewer metrics, then call again without report_uid."
            )
        if status == "running":
            progress = data.get("progress")
            done = f", {progress}% done" if isinstance(progress, int) else ""
            content = (
                f"Analytics report {uid} is still being computed after {waited:.0f} s{done}. "
                f"Call front_run_analytics_report again with report_uid={uid} to keep waiting "
                "(do not create it again)."
            )
            return content, data
        return _summary(body) + "\n" + render_metrics(data.get("metrics") or []), data


_FILTER_NOUNS = {
    "inbox_ids": "inboxes",
    "tag_ids": "tags",
    "teammate_ids": "teammates",
    "account_ids": "accounts",
}


def _summary(body: dict[str, Any]) -> str:
    if not body:
        return "The report is done:"  # read again by its report_uid, which the model gave
    zone = body.get("timezone", "UTC")
    text = f"{iso(body['start'])[:10]} to {iso(body['end'])[:10]} ({zone} days)"
    filters = body.get("filters") or {}
    if filters:
        text += "; only " + "; ".join(
            f"{_FILTER_NOUNS[name]} {', '.join(ids)}" for name, ids in filters.items()
        )
    return text + ":"
