"""What every handler of the Front double works with: the call being served, the handler
registry, and Front-shaped answers (JSON bodies, ``_error`` bodies, replies, 202 acceptances).

A handler is a plain function ``(double, call) -> httpx.Response`` registered for one or more
operation IDs of the catalog with :func:`handles`; it may raise :class:`Abort` to answer at once.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from langchain_front.catalog import Operation

if TYPE_CHECKING:
    from langchain_front.testing.double.core import FrontDouble

__all__ = [
    "HANDLERS",
    "PARAM_KINDS",
    "Abort",
    "Call",
    "Handler",
    "accepted",
    "apply_membership",
    "bad_request",
    "empty_response",
    "error_response",
    "handles",
    "json_response",
    "not_found",
    "replace_custom_fields",
    "reply",
]

#: Path parameter name -> stored kind.
PARAM_KINDS: dict[str, str] = {
    "conversation_id": "conversation",
    "message_id": "message",
    "draft_id": "message",
    "comment_id": "comment",
    "contact_id": "contact",
    "teammate_id": "teammate",
    "team_id": "team",
    "inbox_id": "inbox",
    "channel_id": "channel",
    "tag_id": "tag",
    "account_id": "account",
}


class Abort(Exception):
    """Raised inside a handler to answer at once with ``response``."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


@dataclass
class Call:
    """One request being served."""

    request: httpx.Request
    op: Operation
    raw_params: dict[str, str]
    params: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    #: Files of a multipart/form-data body (``attachments[...]``): ``Uploaded`` records.
    files: list[Any] = field(default_factory=list)

    def arg(self, name: str, default: Any = None) -> Any:
        """A top-level body field (``default`` when absent or the body is not an object)."""
        if isinstance(self.body, Mapping):
            return self.body.get(name, default)
        return default

    @property
    def owner_id(self) -> str | None:
        """The teammate or team a teammate- or team-scoped operation is about (its path's
        ``teammate_id`` or ``team_id``); None for a company-wide operation."""
        return self.params.get("teammate_id") or self.params.get("team_id")

    def first(self, name: str) -> str | None:
        """The first value of query parameter ``name``."""
        for key, value in self.pairs:
            if key == name:
                return value
        return None


# --------------------------------------------------------------------------- the registry

#: A handler: answers one call on the double.
Handler = Callable[["FrontDouble", Call], httpx.Response]

#: Operation ID -> its handler (operations without one answer a synthesized response).
HANDLERS: dict[str, Handler] = {}


def handles(*op_ids: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of the operations ``op_ids``."""

    def register(fn: Handler) -> Handler:
        for op_id in op_ids:
            if op_id in HANDLERS:
                raise ValueError(
                    f"operation {op_id} already has a handler ({HANDLERS[op_id].__name__}); "
                    "register each operation once"
                )
            HANDLERS[op_id] = fn
        return fn

    return register


# --------------------------------------------------------------------------- answers


def json_response(
    status: int, data: Any, headers: Mapping[str, str] | None = None
) -> httpx.Response:
    """A JSON answer, encoded as Front does (UTF-8, non-ASCII kept)."""
    content = json.dumps(data, ensure_ascii=False).encode("utf-8")
    all_headers = {"content-type": "application/json; charset=utf-8", **(headers or {})}
    return httpx.Response(status, content=content, headers=all_headers)


def empty_response(status: int, headers: Mapping[str, str] | None = None) -> httpx.Response:
    """An answer without a body."""
    return httpx.Response(status, headers=dict(headers or {}))


def error_response(
    status: int, title: str, message: str, details: Sequence[str] | None = None
) -> httpx.Response:
    """Front's ``_error`` body."""
    body: dict[str, Any] = {"status": status, "title": title, "message": message}
    if details:
        body["details"] = list(details)
    return json_response(status, {"_error": body})


def not_found(message: str) -> Abort:
    """Front's 404, to raise."""
    return Abort(error_response(404, "Not found", message))


def bad_request(message: str, details: Sequence[str] | None = None) -> Abort:
    """Front's 400, to raise."""
    return Abort(error_response(400, "Bad request", message, details))


def reply(call: Call, data: Any = None) -> httpx.Response:
    """The operation's success status, with ``data`` unless it answers no body."""
    op = call.op
    if op.success_status == 204 or op.response_schema is None:
        return empty_response(op.success_status)
    return json_response(op.success_status, data)


def accepted(uid: str) -> httpx.Response:
    """Front's 202 for a send or an import: the message is readable through ``alt:uid:``."""
    return json_response(202, {"status": "accepted", "message_uid": uid})


def replace_custom_fields(rec: dict[str, Any], call: Call) -> None:
    """Replace the record's ``custom_fields`` with the body's, when the body has an object there
    (Front replaces the whole set)."""
    if isinstance(call.arg("custom_fields"), dict):
        rec["custom_fields"] = copy.deepcopy(call.arg("custom_fields"))


def apply_membership(members: list[str], ids: Iterable[str], *, add: bool) -> None:
    """Add (``add``) or remove ``ids`` in the ``members`` list, keeping its order."""
    for ident in ids:
        if add and ident not in members:
            members.append(ident)
        elif not add and ident in members:
            members.remove(ident)
