"""The Front double's request pipeline: what every request goes through before its handler.

:class:`FrontDouble` checks the host (``api2.frontapp.com`` or the company host) and the bearer
token, counts the request against the rate-limit window (``x-ratelimit-*`` headers, 429 with
``retry-after``; conversation search gets its own share), routes it by the operation catalog,
decodes and validates it (Front's 400 wording), resolves the IDs and ``alt:`` aliases of its path
(404 for unknown ones, 301 for merged conversations), and hands it to the operation's registered
handler, or to :func:`~langchain_front.testing.double.synthesized.synthesized_answer` for the
kinds the store does not model.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Collection
from typing import Any

import httpx

from langchain_front.catalog import Catalog, Operation, load_catalog
from langchain_front.errors import FrontValidationError
from langchain_front.testing.double.calls import (
    HANDLERS,
    PARAM_KINDS,
    Abort,
    Call,
    apply_membership,
    bad_request,
    empty_response,
    error_response,
    json_response,
    not_found,
)
from langchain_front.testing.double.multipart import is_multipart, parse_form
from langchain_front.testing.double.pages import MAX_PAGE_SIZE
from langchain_front.testing.double.synthesized import synthesized_answer
from langchain_front.testing.records import normalize_handle
from langchain_front.testing.seed import SEED
from langchain_front.testing.store import DEFAULT_COMPANY_HOST, FrontStore, teammate_by_email

__all__ = [
    "API_HOST",
    "SEARCH_RATE_SHARE",
    "FrontDouble",
    "edit_membership",
    "require_all",
    "resolve_author",
]

API_HOST = "api2.frontapp.com"
#: Share of the company rate limit available to conversation search (Front: 40%).
SEARCH_RATE_SHARE = 0.4

_BEARER_RE = re.compile(r"^\s*bearer\s+(\S+)\s*$", re.IGNORECASE)
_DEEP_KEY_RE = re.compile(r"^(\w+)\[(\w+)\](?:\[\])?$")


class FrontDouble:
    """An in-memory Front Core API for tests, demos and cassette recording.

    Args:
        rate_limit: requests allowed per window (``None``: unlimited, and no
            ``x-ratelimit-*`` headers). Conversation search gets 40% of it, as on Front.
        window_seconds: length of the fixed rate-limit window.
        clock: monotonic seconds used for the rate-limit window (inject a fake in tests).
        company_host: the company-specific host used in ``_links`` and ``_pagination.next``
            (requests are accepted on it and on ``api2.frontapp.com``).
        tokens: bearer tokens accepted (``None``: any non-empty token).
        wall_clock: Unix time, used only for the ``x-ratelimit-reset`` header.
        catalog: the operation catalog (the package's by default).

    ``requests`` lists the ``(method, url)`` of every request seen; :meth:`reset` restores the
    seed data and clears it.
    """

    def __init__(
        self,
        *,
        rate_limit: int | None = None,
        window_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        company_host: str = DEFAULT_COMPANY_HOST,
        tokens: Collection[str] | None = None,
        wall_clock: Callable[[], float] = time.time,
        catalog: Catalog | None = None,
    ) -> None:
        if rate_limit is not None and rate_limit < 1:
            raise ValueError("rate_limit must be a positive number of requests (or None)")
        if window_seconds <= 0:
            raise ValueError("window_seconds must be positive")
        self.rate_limit = rate_limit
        self.window_seconds = float(window_seconds)
        self.clock = clock
        self.wall_clock = wall_clock
        self.company_host = company_host.lower()
        self.tokens = frozenset(tokens) if tokens is not None else None
        self.catalog = catalog if catalog is not None else load_catalog()
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.RLock()
        self.store = FrontStore(self.company_host, self.catalog)
        self._window_start: float | None = None
        self._window_count = 0
        self._search_count = 0
        #: How many ``alt:uid:`` reads of a message just sent or imported answer 404 before the
        #: message exists (Front creates it asynchronously after its 202); 0: at once.
        self.uid_lookups_before_visible = 0
        self.pending_uids: dict[str, int] = {}

    # ----------------------------------------------------------------- public API

    def reset(self) -> None:
        """Restore the seed data, forget the requests seen and the rate-limit window."""
        with self._lock:
            self.store = FrontStore(self.company_host, self.catalog)
            self.requests.clear()
            self._window_start = None
            self._window_count = 0
            self._search_count = 0
            self.pending_uids.clear()

    def transport(self) -> httpx.MockTransport:
        """An ``httpx`` transport serving this double (for ``Client`` and ``AsyncClient``)."""
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Serve one request."""
        with self._lock:
            self.requests.append((request.method, str(request.url)))
            response = self._serve(request)
            response.request = request
            return response

    # ----------------------------------------------------------------- pipeline

    def _serve(self, request: httpx.Request) -> httpx.Response:
        host = (request.url.host or "").lower()
        if request.url.scheme != "https" or host not in (API_HOST, self.company_host):
            return error_response(
                421,
                "Misdirected request",
                f"The Front double serves https://{API_HOST} and https://{self.company_host} "
                f"only, not {request.url.scheme}://{host}",
            )
        if not self._authenticated(request):
            return error_response(401, "Unauthenticated", "JSON Web Token error")

        matched = self.catalog.match(request.method, request.url.raw_path.decode("ascii"))
        is_search = matched is not None and matched[0].id == "search-conversations"
        limited, headers = self._rate_limit(is_search)
        if limited is not None:
            return limited
        response = self._route(request, matched)
        response.headers.update(headers)
        return response

    def _authenticated(self, request: httpx.Request) -> bool:
        match = _BEARER_RE.match(request.headers.get("authorization", ""))
        if match is None:
            return False
        return self.tokens is None or match.group(1) in self.tokens

    def _rate_limit(self, is_search: bool) -> tuple[httpx.Response | None, dict[str, str]]:
        if self.rate_limit is None:
            return None, {}
        now = self.clock()
        if self._window_start is None or now >= self._window_start + self.window_seconds:
            self._window_start = now
            self._window_count = 0
            self._search_count = 0
        window_end = self._window_start + self.window_seconds
        left = max(0.0, window_end - now)
        search_limit = max(1, int(self.rate_limit * SEARCH_RATE_SHARE))
        over = self._window_count >= self.rate_limit or (
            is_search and self._search_count >= search_limit
        )
        if not over:
            self._window_count += 1
            if is_search:
                self._search_count += 1
        headers = {
            "x-ratelimit-limit": str(self.rate_limit),
            "x-ratelimit-remaining": str(max(0, self.rate_limit - self._window_count)),
            "x-ratelimit-reset": str(math.ceil(self.wall_clock() + left)),
        }
        if not over:
            return None, headers
        millis = max(1, math.ceil(left * 1000))
        response = error_response(
            429,
            "Too many requests",
            f"Rate limit exceeded. Please retry in {millis} milliseconds.",
        )
        response.headers.update(headers)
        response.headers["retry-after"] = _seconds_text(left)
        return response, headers

    def _route(
        self, request: httpx.Request, matched: tuple[Operation, dict[str, str]] | None
    ) -> httpx.Response:
        path = request.url.path
        if matched is None:
            other = [
                m
                for m in ("GET", "POST", "PATCH", "PUT", "DELETE")
                if m != request.method and self.catalog.match(m, request.url.raw_path.decode())
            ]
            if other:
                return error_response(
                    405,
                    "Method not allowed",
                    f"{request.method} is not allowed on {path}; use {', '.join(other)}",
                )
            return error_response(404, "Not found", f"Unknown route {request.method} {path}")
        op, raw_params = matched
        call = Call(request=request, op=op, raw_params=raw_params)
        try:
            call.pairs = list(request.url.params.multi_items())
            call.query = self._validation_query(op, call.pairs)
            if is_multipart(request):
                call.body, call.files = parse_form(request)
            else:
                call.body = self._decode_body(request)
            self._validate(call)
            self._resolve_params(call)
            handler = HANDLERS.get(op.id)
            if handler is None:
                return synthesized_answer(self, call)
            return handler(self, call)
        except Abort as abort:
            return abort.response

    def _decode_body(self, request: httpx.Request) -> Any:
        content = request.content
        if not content or not content.strip():
            return None
        text = content.decode("utf-8", "replace")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            message = _json_error_message(text, exc.pos)
            raise Abort(json_response(400, {"_error": {"message": message}})) from None

    def _validation_query(self, op: Operation, pairs: list[tuple[str, str]]) -> dict[str, Any]:
        declared = {p.name: p for p in op.query_params}
        plain: dict[str, list[str]] = {}
        deep: dict[str, dict[str, list[str]]] = {}
        for key, value in pairs:
            m = _DEEP_KEY_RE.match(key)
            if m and m.group(1) in declared and declared[m.group(1)].style == "deepObject":
                deep.setdefault(m.group(1), {}).setdefault(m.group(2), []).append(value)
            elif key in declared:
                plain.setdefault(key, []).append(value)
        query: dict[str, Any] = {k: v[0] if len(v) == 1 else v for k, v in plain.items()}
        for name, sub in deep.items():
            query[name] = {k: v if len(v) > 1 else v[0] for k, v in sub.items()}
        return query

    def _validate(self, call: Call) -> None:
        body = call.body
        if (
            call.op.id == "update-conversation-assignee"
            and isinstance(body, dict)
            and "assignee_id" in body
            and body["assignee_id"] is None
        ):
            # Front's docs: null unassigns (the spec's schema says string).
            body = {**body, "assignee_id": "unassign"}
        try:
            call.op.validate(call.raw_params, call.query, body)
        except FrontValidationError as exc:
            body_problem = any(
                p.startswith("body") or "body" in p.split(":", 1)[0] for p in exc.problems
            )
            message = (
                "Body did not satisfy requirements"
                if body_problem
                else "Query parameters did not satisfy requirements"
            )
            raise bad_request(message, exc.problems) from None
        limit = call.query.get("limit")
        if call.op.paginated and limit is not None:
            try:
                number = int(str(limit))
            except ValueError:
                number = 0
            if not 1 <= number <= MAX_PAGE_SIZE:
                raise bad_request(
                    "Query parameters did not satisfy requirements",
                    [f"query.limit: must be between 1 and {MAX_PAGE_SIZE}"],
                )

    # ----------------------------------------------------------------- IDs and aliases

    def resolve(self, kind: str, value: Any) -> str | None:
        """The stored ID that ``value`` (an ID or an ``alt:`` alias) names, or None."""
        if not isinstance(value, str) or not value:
            return None
        if value.startswith("alt:"):
            alias, _, alias_value = value[4:].partition(":")
            return self._resolve_alias(kind, alias.lower(), alias_value)
        return value if value in self.store.table(kind) else None

    def _resolve_alias(self, kind: str, alias: str, value: str) -> str | None:
        st = self.store
        if not value:
            return None
        if kind == "teammate" and alias == "email":
            return teammate_by_email(st, value)
        if kind in ("channel", "inbox") and alias == "address":
            wanted = normalize_handle(value)
            for cid, channel in st.channels.items():
                if normalize_handle(channel["address"]) == wanted:
                    return cid if kind == "channel" else st.channel_inbox.get(cid)
            return None
        if kind == "contact":
            wanted = normalize_handle(value)
            for cid, contact in st.contacts.items():
                for h in contact["handles"]:
                    if h["source"] == alias and normalize_handle(h["handle"]) == wanted:
                        return cid
            return None
        if kind == "message" and alias == "uid":
            left = self.pending_uids.get(value, 0)
            if left > 0:  # sent, but not created yet
                self.pending_uids[value] = left - 1
                return None
            for mid, msg in st.messages.items():
                if msg.uid == value:
                    return mid
            return None
        if kind == "account" and alias in ("domain", "external_id"):
            for aid, account in st.accounts.items():
                if alias == "domain" and value.lower() in (d.lower() for d in account["domains"]):
                    return aid
                if alias == "external_id" and account["external_id"] == value:
                    return aid
        return None

    def require(self, kind: str, value: Any, *, label: str | None = None) -> str:
        """:meth:`resolve` or abort with Front's 404 ``Unknown <kind> ID <value>``."""
        found = self.resolve(kind, value)
        if found is None:
            raise not_found(f"Unknown {label or kind} ID {value}")
        return found

    def _resolve_params(self, call: Call) -> None:
        st = self.store
        for name, value in call.raw_params.items():
            kind = PARAM_KINDS.get(name)
            if kind is None:
                call.params[name] = value
                continue
            label = "draft" if call.op.path.startswith("/drafts/") else None
            found = self.require(kind, value, label=label)
            if label == "draft" and not st.messages[found].is_draft:
                raise not_found(f"Unknown draft ID {value}")
            call.params[name] = found
        conv_id = call.params.get("conversation_id")
        if conv_id is not None and call.op.redirects_when_merged:
            survivor = self._survivor(conv_id)
            if survivor != conv_id:
                raise Abort(self._redirect(call, survivor))

    def _survivor(self, conv_id: str) -> str:
        seen = {conv_id}
        current = conv_id
        while True:
            target = self.store.conversations[current].merged_into
            if target is None or target in seen or target not in self.store.conversations:
                return current
            seen.add(target)
            current = target

    def _redirect(self, call: Call, survivor: str) -> httpx.Response:
        params = {**call.raw_params, "conversation_id": survivor}
        location = f"https://{API_HOST}{call.op.render_path(params)}"
        query = call.request.url.query.decode("ascii", "replace")
        if query:
            location += f"?{query}"
        return empty_response(301, {"location": location})


def require_all(double: FrontDouble, kind: str, values: Any, field_name: str) -> list[str]:
    """:meth:`FrontDouble.require` for each of a list of IDs (400 when ``values`` is no list)."""
    if not isinstance(values, list):
        raise bad_request("Body did not satisfy requirements", [f"{field_name} is required"])
    out: list[str] = []
    for value in values:
        found = double.require(kind, value)
        if found not in out:
            out.append(found)
    return out


def edit_membership(double: FrontDouble, call: Call, members: list[str], kind: str) -> None:
    """Add (``POST``) or remove (``DELETE``) the body's ``<kind>_ids`` in ``members`` (404 for an
    unknown ID, 400 when the list is missing)."""
    field_name = f"{kind}_ids"
    ids = require_all(double, kind, call.arg(field_name), field_name)
    apply_membership(members, ids, add=call.op.method == "POST")


def resolve_author(double: FrontDouble, raw: Any) -> str:
    """The teammate for an ``author_id`` (the API bot when omitted)."""
    if raw is None:
        return SEED.api_bot_id if SEED.api_bot_id in double.store.teammates else SEED.teammate_id
    return double.require("teammate", raw)


def _json_error_message(text: str, pos: int) -> str:
    """Front's (Node's) wording for a malformed JSON body."""
    if pos >= len(text.rstrip()):
        return "Unexpected end of JSON input"
    return f"Unexpected token {text[pos]} in JSON at position {pos}"


def _seconds_text(seconds: float) -> str:
    text = f"{max(seconds, 0.001):.3f}".rstrip("0").rstrip(".")
    return text or "0"
