"""A fake Front Core API: an ``httpx`` transport driven by the operation catalog.

>>> double = FrontDouble()
>>> client = httpx.Client(transport=double.transport(), base_url="https://api2.frontapp.com",
...                       headers={"Authorization": "Bearer test"})
>>> client.get("/conversations/" + SEED.conversation_id).json()["subject"]
'Invoice #4521 charged twice'

Every catalogued operation answers its catalogued 2xx for valid input. Conversations, messages
(and drafts), comments, contacts, accounts, inboxes, channels, teammates, teams and tags are
stateful (:class:`~langchain_front.testing.store.FrontStore`); every other resource kind
(shifts, knowledge bases, analytics...) answers a response synthesized from its schema, with the
IDs of the request substituted. Front's documented behaviours are reproduced: bearer auth,
``_error`` bodies, unknown IDs and aliases (``alt:email:``, ``alt:phone:``, ``alt:uid:``...),
cursor pagination with absolute ``next`` links on the company host, conversation search, the
``q[statuses]`` filter, 202 sends readable through ``alt:uid:``, replies archiving by default,
the 301 of merged conversations, and rate limiting with ``x-ratelimit-*`` and ``retry-after``.

Deterministic: no randomness, and no wall-clock time in bodies (records created during a test
get timestamps from a counter that starts after the seed's latest timestamp).
"""

from __future__ import annotations

import copy
import email.utils
import json
import math
import re
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx

from langchain_front.catalog import Catalog, Operation, load_catalog
from langchain_front.errors import FrontValidationError
from langchain_front.testing.builders import (
    comment_json,
    conversation_json,
    make_account,
    make_channel,
    make_contact,
    make_inbox,
    make_tag,
    message_json,
    record_json,
    team_json,
)
from langchain_front.testing.records import (
    ARCHIVED,
    OPEN,
    SPAM,
    TRASHED,
    Comment,
    Conversation,
    Message,
    Recipient,
    html_to_text,
    normalize_handle,
    stable_hex,
)
from langchain_front.testing.seed import SEED
from langchain_front.testing.store import DEFAULT_COMPANY_HOST, FrontStore, teammate_by_email
from langchain_front.testing.synth import synthesize

__all__ = ["API_HOST", "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "FrontDouble"]

API_HOST = "api2.frontapp.com"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
#: Share of the company rate limit available to conversation search (Front: 40%).
SEARCH_RATE_SHARE = 0.4

_BEARER_RE = re.compile(r"^\s*bearer\s+(\S+)\s*$", re.IGNORECASE)
_SPEC_HOST_RE = re.compile(r"yourcompany\.api\.frontapp\.com", re.IGNORECASE)
_MODELLED_ID_RE = re.compile(r"\b(cnv|msg|com|crd|tea|tim|inb|cha|tag|acc)_[0-9a-z]+\b")
_PREFIXED_RE = re.compile(r"^([a-z]{3})_[0-9A-Za-z]+$")
_DEEP_KEY_RE = re.compile(r"^(\w+)\[(\w+)\](?:\[\])?$")
_SEARCH_TOKEN_RE = re.compile(r'(\w+):"([^"]*)"|"([^"]*)"|(\S+)')

#: Path parameter name -> stored kind.
_PARAM_KINDS: dict[str, str] = {
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

#: Stored kind -> the response schema its records answer as.
_KIND_SCHEMAS: dict[str, str] = {
    "conversation": "ConversationResponse",
    "message": "MessageResponse",
    "comment": "CommentResponse",
    "contact": "ContactResponse",
    "teammate": "TeammateResponse",
    "team": "TeamResponse",
    "inbox": "InboxResponse",
    "channel": "ChannelResponse",
    "tag": "TagResponse",
    "account": "AccountResponse",
}

_PREFIX_KINDS: dict[str, str] = {
    "cnv": "conversation",
    "msg": "message",
    "com": "comment",
    "crd": "contact",
    "tea": "teammate",
    "tim": "team",
    "inb": "inbox",
    "cha": "channel",
    "tag": "tag",
    "acc": "account",
}

_CHANNEL_MESSAGE_TYPES: dict[str, str] = {
    "smtp": "email",
    "gmail": "email",
    "imap": "email",
    "office365": "email",
    "front_mail": "email",
    "twilio": "sms",
    "custom": "custom",
    "intercom": "intercom",
    "front_chat": "front_chat",
    "twilio_whatsapp": "whatsapp",
    "facebook": "facebook",
}

_SEARCH_STATUSES = frozenset(
    {"open", "archived", "assigned", "unassigned", "trashed", "snoozed", "unreplied", "spam"}
)
_LIST_STATUSES = frozenset({"assigned", "unassigned", "archived", "trashed"})
_HANDLE_ROLES = {"from": ("from",), "to": ("to",), "cc": ("cc",), "bcc": ("bcc",)}


#: The seed record of each modelled kind, used where a request names none (or an unknown one).
_SEED_IDS: dict[str, str] = {
    "conversation": SEED.conversation_id,
    "message": SEED.message_id,
    "comment": SEED.comment_id,
    "contact": SEED.contact_id,
    "teammate": SEED.teammate_id,
    "team": SEED.team_id,
    "inbox": SEED.inbox_id,
    "channel": SEED.channel_id,
    "tag": SEED.tag_id,
    "account": SEED.account_id,
}


class _Abort(Exception):
    """Raised inside a handler to answer at once with ``response``."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


@dataclass
class _Call:
    """One request being served."""

    request: httpx.Request
    op: Operation
    raw_params: dict[str, str]
    params: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None

    def arg(self, name: str, default: Any = None) -> Any:
        """A top-level body field (``default`` when absent or the body is not an object)."""
        if isinstance(self.body, Mapping):
            return self.body.get(name, default)
        return default

    def first(self, name: str) -> str | None:
        """The first value of query parameter ``name``."""
        for key, value in self.pairs:
            if key == name:
                return value
        return None


_H = TypeVar("_H", bound=Callable[..., httpx.Response])
_HANDLERS: dict[str, Callable[[FrontDouble, _Call], httpx.Response]] = {}


def _handles(*op_ids: str) -> Callable[[_H], _H]:
    def register(fn: _H) -> _H:
        for op_id in op_ids:
            _HANDLERS[op_id] = fn
        return fn

    return register


# --------------------------------------------------------------------------- responses


def _json(status: int, data: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
    content = json.dumps(data, ensure_ascii=False).encode("utf-8")
    all_headers = {"content-type": "application/json; charset=utf-8", **(headers or {})}
    return httpx.Response(status, content=content, headers=all_headers)


def _empty(status: int, headers: Mapping[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=dict(headers or {}))


def _error(
    status: int, title: str, message: str, details: Sequence[str] | None = None
) -> httpx.Response:
    body: dict[str, Any] = {"status": status, "title": title, "message": message}
    if details:
        body["details"] = list(details)
    return _json(status, {"_error": body})


def _not_found(message: str) -> _Abort:
    return _Abort(_error(404, "Not found", message))


def _bad_request(message: str, details: Sequence[str] | None = None) -> _Abort:
    return _Abort(_error(400, "Bad request", message, details))


def _json_error_message(text: str, pos: int) -> str:
    """Front's (Node's) wording for a malformed JSON body."""
    if pos >= len(text.rstrip()):
        return "Unexpected end of JSON input"
    return f"Unexpected token {text[pos]} in JSON at position {pos}"


# --------------------------------------------------------------------------- the double


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
        self._synth_cache: dict[str, Any] = {}
        self.store = FrontStore(self.company_host, self.catalog)
        self._window_start: float | None = None
        self._window_count = 0
        self._search_count = 0

    # ----------------------------------------------------------------- public API

    def reset(self) -> None:
        """Restore the seed data, forget the requests seen and the rate-limit window."""
        with self._lock:
            self.store = FrontStore(self.company_host, self.catalog)
            self.requests.clear()
            self._window_start = None
            self._window_count = 0
            self._search_count = 0

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
            return _error(
                421,
                "Misdirected request",
                f"The Front double serves https://{API_HOST} and https://{self.company_host} "
                f"only, not {request.url.scheme}://{host}",
            )
        if not self._authenticated(request):
            return _error(401, "Unauthenticated", "JSON Web Token error")

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
        response = _error(
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
                return _error(
                    405,
                    "Method not allowed",
                    f"{request.method} is not allowed on {path}; use {', '.join(other)}",
                )
            return _error(404, "Not found", f"Unknown route {request.method} {path}")
        op, raw_params = matched
        call = _Call(request=request, op=op, raw_params=raw_params)
        try:
            call.pairs = list(request.url.params.multi_items())
            call.query = self._validation_query(op, call.pairs)
            call.body = self._decode_body(request)
            self._validate(call)
            self._resolve_params(call)
            handler = _HANDLERS.get(op.id)
            if handler is None:
                return self._synthesized(call)
            return handler(self, call)
        except _Abort as abort:
            return abort.response

    def _decode_body(self, request: httpx.Request) -> Any:
        content = request.content
        if not content or not content.strip():
            return None
        ctype = request.headers.get("content-type", "")
        if ctype.lower().startswith("multipart/"):
            raise _bad_request(
                "The Front double does not parse multipart/form-data bodies; send JSON"
            )
        text = content.decode("utf-8", "replace")
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            message = _json_error_message(text, exc.pos)
            raise _Abort(_json(400, {"_error": {"message": message}})) from None

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

    def _validate(self, call: _Call) -> None:
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
            raise _bad_request(message, exc.problems) from None
        limit = call.query.get("limit")
        if call.op.paginated and limit is not None:
            try:
                number = int(str(limit))
            except ValueError:
                number = 0
            if not 1 <= number <= MAX_PAGE_SIZE:
                raise _bad_request(
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
            raise _not_found(f"Unknown {label or kind} ID {value}")
        return found

    def _require_all(self, kind: str, values: Any, field_name: str) -> list[str]:
        if not isinstance(values, list):
            raise _bad_request("Body did not satisfy requirements", [f"{field_name} is required"])
        out: list[str] = []
        for value in values:
            found = self.require(kind, value)
            if found not in out:
                out.append(found)
        return out

    def _resolve_params(self, call: _Call) -> None:
        st = self.store
        for name, value in call.raw_params.items():
            kind = _PARAM_KINDS.get(name)
            if kind is None:
                call.params[name] = value
                continue
            label = "draft" if call.op.path.startswith("/drafts/") else None
            found = self.require(kind, value, label=label)
            if label == "draft" and not st.messages[found].is_draft:
                raise _not_found(f"Unknown draft ID {value}")
            call.params[name] = found
        conv_id = call.params.get("conversation_id")
        if conv_id is not None and call.op.redirects_when_merged:
            survivor = self._survivor(conv_id)
            if survivor != conv_id:
                raise _Abort(self._redirect(call, survivor))

    def _survivor(self, conv_id: str) -> str:
        seen = {conv_id}
        current = conv_id
        while True:
            target = self.store.conversations[current].merged_into
            if target is None or target in seen or target not in self.store.conversations:
                return current
            seen.add(target)
            current = target

    def _redirect(self, call: _Call, survivor: str) -> httpx.Response:
        params = {**call.raw_params, "conversation_id": survivor}
        location = f"https://{API_HOST}{call.op.render_path(params)}"
        query = call.request.url.query.decode("ascii", "replace")
        if query:
            location += f"?{query}"
        return _empty(301, {"location": location})

    # ----------------------------------------------------------------- generic answers

    def _reply(self, call: _Call, data: Any = None) -> httpx.Response:
        """The operation's success status, with ``data`` unless it answers no body."""
        op = call.op
        if op.success_status == 204 or op.response_schema is None:
            return _empty(op.success_status)
        return _json(op.success_status, data)

    def _accepted(self, uid: str) -> httpx.Response:
        return _json(202, {"status": "accepted", "message_uid": uid})

    def _ref_values(self, call: _Call) -> dict[str, Any]:
        """Stored records standing in for modelled schemas in synthesized answers."""
        st = self.store
        chosen: dict[str, str] = {}
        for name, value in call.params.items():
            kind = _PARAM_KINDS.get(name)
            if kind is not None:
                chosen[kind] = value
        out: dict[str, Any] = {}
        for kind, default in _SEED_IDS.items():
            table = self.store.table(kind)
            record_id = chosen.get(kind, default)
            if record_id not in table:
                record_id = next(iter(table), "")
            if not record_id:
                continue
            out[_KIND_SCHEMAS[kind]] = record_json(self.store, kind, record_id)
        if "TeamResponse" in out:
            out["TeamPreviewResponse"] = team_json(st, out["TeamResponse"]["id"], preview=True)
        return out

    def _synthesized(self, call: _Call) -> httpx.Response:
        """The answer of an operation on a kind the store does not model."""
        op = call.op
        if op.response_schema is None:
            if op.success_status == 204:
                return _empty(204)
            return self._download(call)
        data = synthesize(
            op.response_schema,
            self.catalog.components,
            seed_key=op.id,
            ref_values=self._ref_values(call),
        )
        data = self._localize(data, call)
        if isinstance(data, dict) and "_results" in data:
            data.setdefault("_links", {})["self"] = self._self_url(call)
            if "_pagination" in data:
                data["_pagination"] = {"next": None}
        return _json(op.success_status, data)

    def _download(self, call: _Call) -> httpx.Response:
        attachment_id = call.params.get("attachment_link_id") or call.params.get(
            "attachment_id", ""
        )
        att = self.store.attachments.get(attachment_id)
        if att is not None:
            content, ctype, filename = att.content, att.content_type, att.filename
        else:
            content = f"Front double attachment {attachment_id}\n".encode()
            ctype, filename = "application/octet-stream", f"{attachment_id or 'file'}.bin"
        return httpx.Response(
            call.op.success_status,
            content=content,
            headers={
                "content-type": ctype,
                "content-disposition": f'attachment; filename="{filename}"',
            },
        )

    def _localize(self, data: Any, call: _Call) -> Any:
        """Company host in URLs, the request's IDs in place of the spec's example IDs, and
        modelled IDs that point at stored records."""
        replacements: dict[str, str] = {}
        request_ids: dict[str, str] = {}
        for value in call.raw_params.values():
            m = _PREFIXED_RE.match(value)
            if m:
                request_ids[m.group(1)] = value

        def collect(node: Any) -> None:
            if isinstance(node, dict):
                ident = node.get("id")
                if isinstance(ident, str):
                    m = _PREFIXED_RE.match(ident)
                    prefix = m.group(1) if m else ""
                    if (
                        prefix in request_ids
                        and request_ids[prefix] != ident
                        and prefix not in _PREFIX_KINDS
                    ):
                        replacements.setdefault(ident, request_ids[prefix])
                for child in node.values():
                    collect(child)
            elif isinstance(node, list):
                for child in node:
                    collect(child)

        collect(data)

        def fix_text(text: str) -> str:
            text = _SPEC_HOST_RE.sub(self.company_host, text)
            for old, new in replacements.items():
                text = re.sub(rf"\b{re.escape(old)}\b", new, text)
            return _MODELLED_ID_RE.sub(self._relink, text)

        def walk(node: Any) -> Any:
            if isinstance(node, dict):
                return {k: walk(v) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(v) for v in node]
            if isinstance(node, str):
                return fix_text(node)
            return node

        return walk(data)

    def _relink(self, match: re.Match[str]) -> str:
        ident = match.group(0)
        kind = _PREFIX_KINDS[match.group(1)]
        table = self.store.table(kind)
        if ident in table:
            return ident
        default = _SEED_IDS[kind]
        if default in table:
            return default
        return next(iter(table), ident)

    # ----------------------------------------------------------------- lists and pages

    def _self_url(self, call: _Call) -> str:
        raw = call.request.url.raw_path.decode("ascii", "replace")
        return f"https://{self.company_host}{raw}"

    def _page_context(self, call: _Call) -> str:
        path = call.request.url.path
        filters = sorted((k, v) for k, v in call.pairs if k not in ("limit", "page_token"))
        return f"{call.op.id}|{path}|{filters}"

    def _page_token(self, call: _Call, offset: int) -> str:
        return stable_hex("page", self._page_context(call), offset, length=40) + f"{offset:06x}"

    def _offset(self, call: _Call) -> int:
        token = call.first("page_token")
        if not token:
            return 0
        if len(token) == 46:
            try:
                offset = int(token[-6:], 16)
            except ValueError:
                offset = -1
            if offset >= 0 and self._page_token(call, offset) == token:
                return offset
        raise _bad_request("Invalid page token", [f"query.page_token: {token} is not valid here"])

    def _list(self, call: _Call, items: Sequence[Any], *, total: bool = False) -> httpx.Response:
        """A list answer; paginated (``limit``, ``page_token``) when the operation is."""
        data: dict[str, Any] = {}
        if total:
            data["_total"] = len(items)
        if not call.op.paginated:
            data["_links"] = {"self": self._self_url(call)}
            data["_results"] = list(items)
            return _json(call.op.success_status, data)
        limit_text = call.first("limit")
        limit = int(limit_text) if limit_text else DEFAULT_PAGE_SIZE
        offset = self._offset(call)
        page = list(items[offset : offset + limit])
        next_url = None
        if offset + limit < len(items):
            kept = [(k, v) for k, v in call.pairs if k != "page_token"]
            kept.append(("page_token", self._page_token(call, offset + limit)))
            raw_path = call.request.url.raw_path.decode("ascii").split("?", 1)[0]
            next_url = f"https://{self.company_host}{raw_path}?{urlencode(kept)}"
        data["_pagination"] = {"next": next_url}
        data["_links"] = {"self": self._self_url(call)}
        data["_results"] = page
        return _json(call.op.success_status, data)

    # ----------------------------------------------------------------- conversation queries

    def _visible_conversations(self) -> list[Conversation]:
        """Conversations that appear in lists: not merged away, newest activity first."""
        convs = [c for c in self.store.conversations.values() if c.merged_into is None]
        return sorted(convs, key=lambda c: (-c.updated_at, c.id))

    def _list_status(self, conv: Conversation) -> str:
        if conv.state in (TRASHED, SPAM):
            return "trashed"
        return self.store.read_status(conv)

    def _status_filter(self, call: _Call) -> set[str] | None:
        q = call.query.get("q")
        if not isinstance(q, Mapping) or "statuses" not in q:
            return None
        raw = q["statuses"]
        values = raw if isinstance(raw, list) else [raw]
        statuses: set[str] = set()
        for value in values:
            for part in str(value).split(","):
                part = part.strip().lower()
                if part not in _LIST_STATUSES:
                    raise _bad_request(
                        "Query parameters did not satisfy requirements",
                        [
                            f"query.q.statuses: {part!r} is not one of "
                            f"{', '.join(sorted(_LIST_STATUSES))}"
                        ],
                    )
                statuses.add(part)
        return statuses

    def _conversation_list(
        self, call: _Call, keep: Callable[[Conversation], bool] = lambda c: True
    ) -> httpx.Response:
        statuses = self._status_filter(call)
        convs = []
        for conv in self._visible_conversations():
            status = self._list_status(conv)
            if statuses is None:
                if status == "trashed":
                    continue
            elif status not in statuses:
                continue
            if keep(conv):
                convs.append(conv)
        if call.first("sort_order") == "asc":
            convs.reverse()
        return self._list(call, [conversation_json(self.store, c.id) for c in convs])

    # ----------------------------------------------------------------- token, teammates, teams

    @_handles("api-token-details")
    def _me(self, call: _Call) -> httpx.Response:
        return self._reply(call, copy.deepcopy(self.store.company))

    @_handles("list-teammates")
    def _list_teammates(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = [t for t in st.teammates if t not in st.hidden_teammates]
        return self._list(call, [copy.deepcopy(st.teammates[t]) for t in ids])

    @_handles("get-teammate")
    def _get_teammate(self, call: _Call) -> httpx.Response:
        return self._reply(call, copy.deepcopy(self.store.teammates[call.params["teammate_id"]]))

    @_handles("update-teammate")
    def _update_teammate(self, call: _Call) -> httpx.Response:
        rec = self.store.teammates[call.params["teammate_id"]]
        for key in ("username", "first_name", "last_name", "is_available"):
            if call.arg(key) is not None:
                rec[key] = call.arg(key)
        if isinstance(call.arg("custom_fields"), dict):
            rec["custom_fields"] = copy.deepcopy(call.arg("custom_fields"))
        return self._reply(call)

    @_handles("list-assigned-conversations")
    def _list_assigned(self, call: _Call) -> httpx.Response:
        teammate = call.params["teammate_id"]
        return self._conversation_list(call, lambda c: c.assignee_id == teammate)

    @_handles("list-teammate-inboxes")
    def _list_teammate_inboxes(self, call: _Call) -> httpx.Response:
        st = self.store
        teammate = call.params["teammate_id"]
        ids = [i for i in st.inboxes if teammate in st.inbox_teammates.get(i, [])]
        return self._list(call, [copy.deepcopy(st.inboxes[i]) for i in ids])

    @_handles("list-teams")
    def _list_teams(self, call: _Call) -> httpx.Response:
        return self._list(call, [team_json(self.store, t, preview=True) for t in self.store.teams])

    @_handles("get-team")
    def _get_team(self, call: _Call) -> httpx.Response:
        return self._reply(call, team_json(self.store, call.params["team_id"]))

    @_handles("add-teammates-to-team", "remove-teammates-from-team")
    def _team_members(self, call: _Call) -> httpx.Response:
        members = self.store.team_members[call.params["team_id"]]
        ids = self._require_all("teammate", call.arg("teammate_ids"), "teammate_ids")
        _apply_membership(members, ids, add=call.op.method == "POST")
        return self._reply(call)

    # ----------------------------------------------------------------- inboxes and channels

    @_handles("list-inboxes")
    def _list_inboxes(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = [i for i in st.inboxes if not str(st.inbox_owner.get(i) or "").startswith("tea_")]
        return self._list(call, [copy.deepcopy(st.inboxes[i]) for i in ids])

    @_handles("get-inbox")
    def _get_inbox(self, call: _Call) -> httpx.Response:
        return self._reply(call, copy.deepcopy(self.store.inboxes[call.params["inbox_id"]]))

    @_handles("create-inbox", "create-team-inbox", "create-teammate-private-inbox")
    def _create_inbox(self, call: _Call) -> httpx.Response:
        st = self.store
        owner = call.params.get("team_id") or call.params.get("teammate_id") or SEED.team_id
        teammates = self._require_all("teammate", call.arg("teammate_ids", []), "teammate_ids")
        inbox_id = st.new_id("inb")
        name = str(call.arg("name", "Inbox"))
        st.inboxes[inbox_id] = make_inbox(
            st, inbox_id, name, owner_id=owner, is_public=bool(call.arg("is_public", True))
        )
        if isinstance(call.arg("custom_fields"), dict):
            st.inboxes[inbox_id]["custom_fields"] = copy.deepcopy(call.arg("custom_fields"))
        if owner.startswith("tea_"):
            teammates = [owner]
        st.inbox_teammates[inbox_id] = teammates
        if owner.startswith("tim_"):
            st.team_inboxes.setdefault(owner, []).append(inbox_id)
        return self._reply(call, copy.deepcopy(st.inboxes[inbox_id]))

    @_handles("list-team-inboxes")
    def _list_team_inboxes(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = st.team_inboxes.get(call.params["team_id"], [])
        return self._list(call, [copy.deepcopy(st.inboxes[i]) for i in ids if i in st.inboxes])

    @_handles("list-teammate-private-inboxes")
    def _list_private_inboxes(self, call: _Call) -> httpx.Response:
        st = self.store
        owner = call.params["teammate_id"]
        ids = [i for i in st.inboxes if st.inbox_owner.get(i) == owner]
        return self._list(call, [copy.deepcopy(st.inboxes[i]) for i in ids])

    @_handles("list-inbox-channels")
    def _list_inbox_channels(self, call: _Call) -> httpx.Response:
        st = self.store
        inbox = call.params["inbox_id"]
        ids = [c for c, i in st.channel_inbox.items() if i == inbox and c in st.channels]
        return self._list(call, [copy.deepcopy(st.channels[c]) for c in ids])

    @_handles("list-inbox-conversations")
    def _list_inbox_conversations(self, call: _Call) -> httpx.Response:
        inbox = call.params["inbox_id"]
        return self._conversation_list(call, lambda c: inbox in c.inbox_ids)

    @_handles("list-inbox-access")
    def _list_inbox_access(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = st.inbox_teammates.get(call.params["inbox_id"], [])
        return self._list(call, [copy.deepcopy(st.teammates[t]) for t in ids])

    @_handles("add-inbox-access", "removes-inbox-access")
    def _inbox_access(self, call: _Call) -> httpx.Response:
        members = self.store.inbox_teammates.setdefault(call.params["inbox_id"], [])
        ids = self._require_all("teammate", call.arg("teammate_ids"), "teammate_ids")
        _apply_membership(members, ids, add=call.op.method == "POST")
        return self._reply(call)

    @_handles("list-channels")
    def _list_channels(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = [
            c
            for c in st.channels
            if not str(st.inbox_owner.get(st.channel_inbox.get(c, "")) or "").startswith("tea_")
        ]
        return self._list(call, [copy.deepcopy(st.channels[c]) for c in ids])

    @_handles("list-teammate-channels", "list-team-channels")
    def _list_owned_channels(self, call: _Call) -> httpx.Response:
        st = self.store
        owner = call.params.get("teammate_id") or call.params.get("team_id")
        ids = [c for c in st.channels if st.inbox_owner.get(st.channel_inbox.get(c, "")) == owner]
        return self._list(call, [copy.deepcopy(st.channels[c]) for c in ids])

    @_handles("get-channel")
    def _get_channel(self, call: _Call) -> httpx.Response:
        return self._reply(call, copy.deepcopy(self.store.channels[call.params["channel_id"]]))

    @_handles("update-channel")
    def _update_channel(self, call: _Call) -> httpx.Response:
        st = self.store
        channel_id = call.params["channel_id"]
        rec = st.channels[channel_id]
        if isinstance(call.arg("name"), str):
            rec["name"] = call.arg("name")
        settings = call.arg("settings")
        if isinstance(settings, dict):
            for key in ("undo_send_time", "all_teammates_can_reply"):
                if key in settings:
                    rec["settings"][key] = settings[key]
        if call.arg("inbox_id") is not None:
            inbox = self.require("inbox", call.arg("inbox_id"))
            st.channel_inbox[channel_id] = inbox
            rec["_links"]["related"]["inbox"] = st.url(f"/inboxes/{inbox}")
        return self._reply(call)

    @_handles("create-a-channel")
    def _create_channel(self, call: _Call) -> httpx.Response:
        st = self.store
        inbox = call.params["inbox_id"]
        channel_id = st.new_id("cha")
        kind = str(call.arg("type", "custom"))
        address = str(call.arg("send_as") or f"{kind}-{channel_id}")
        name = str(call.arg("name") or f"{st.inboxes[inbox]['name']} {kind}")
        st.channels[channel_id] = make_channel(st, channel_id, inbox, name, kind, address)
        st.channel_inbox[channel_id] = inbox
        return self._reply(call)

    # ----------------------------------------------------------------- tags

    def _tag_list(self, call: _Call, owner: str | None) -> httpx.Response:
        st = self.store
        ids = sorted(t for t in st.tags if st.tag_owner.get(t) == owner)
        if call.first("sort_order") == "desc":
            ids.reverse()
        return self._list(call, [copy.deepcopy(st.tags[t]) for t in ids])

    @_handles("list-tags", "list-company-tags")
    def _list_tags(self, call: _Call) -> httpx.Response:
        return self._tag_list(call, None)

    @_handles("list-teammate-tags", "list-team-tags")
    def _list_owned_tags(self, call: _Call) -> httpx.Response:
        return self._tag_list(call, call.params.get("teammate_id") or call.params.get("team_id"))

    @_handles(
        "create-tag",
        "create-company-tag",
        "create-teammate-tag",
        "create-team-tag",
        "create-child-tag",
    )
    def _create_tag(self, call: _Call) -> httpx.Response:
        st = self.store
        owner = call.params.get("teammate_id") or call.params.get("team_id")
        parent = call.params.get("tag_id")
        if parent is not None:
            owner = st.tag_owner.get(parent)
        tag_id = st.new_id("tag")
        st.tags[tag_id] = make_tag(
            st,
            tag_id,
            str(call.arg("name")),
            highlight=call.arg("highlight"),
            parent_id=parent,
            owner_id=owner,
            visible=bool(call.arg("is_visible_in_conversation_lists", False)),
            created_at=st.now(),
        )
        return self._reply(call, copy.deepcopy(st.tags[tag_id]))

    @_handles("get-tag")
    def _get_tag(self, call: _Call) -> httpx.Response:
        return self._reply(call, copy.deepcopy(self.store.tags[call.params["tag_id"]]))

    @_handles("update-a-tag")
    def _update_tag(self, call: _Call) -> httpx.Response:
        st = self.store
        tag_id = call.params["tag_id"]
        rec = st.tags[tag_id]
        for key in ("name", "highlight", "is_visible_in_conversation_lists"):
            if call.arg(key) is not None:
                rec[key] = call.arg(key)
        if call.arg("parent_tag_id") is not None:
            parent = self.require("tag", call.arg("parent_tag_id"))
            if parent == tag_id:
                raise _bad_request("A tag cannot be its own parent")
            st.tag_parent[tag_id] = parent
            rec["_links"]["related"]["parent_tag"] = st.url(f"/tags/{parent}")
        rec["updated_at"] = st.now()
        return self._reply(call)

    @_handles("delete-tag")
    def _delete_tag(self, call: _Call) -> httpx.Response:
        st = self.store
        tag_id = call.params["tag_id"]
        del st.tags[tag_id]
        for conv in st.conversations.values():
            if tag_id in conv.tag_ids:
                conv.tag_ids.remove(tag_id)
        for child, parent in list(st.tag_parent.items()):
            if parent == tag_id and child in st.tags:
                st.tag_parent[child] = None
                st.tags[child]["_links"]["related"]["parent_tag"] = None
        return self._reply(call)

    @_handles("list-tag-children")
    def _list_tag_children(self, call: _Call) -> httpx.Response:
        st = self.store
        parent = call.params["tag_id"]
        ids = sorted(t for t in st.tags if st.tag_parent.get(t) == parent)
        return self._list(call, [copy.deepcopy(st.tags[t]) for t in ids])

    @_handles("list-tagged-conversations")
    def _list_tagged(self, call: _Call) -> httpx.Response:
        tag_id = call.params["tag_id"]
        return self._conversation_list(call, lambda c: tag_id in c.tag_ids)

    # ----------------------------------------------------------------- contacts and accounts

    def _contact_list(self, call: _Call, owner: str | None) -> httpx.Response:
        st = self.store
        ids = sorted(c for c in st.contacts if st.contact_owner.get(c) == owner)
        return self._list(call, [copy.deepcopy(st.contacts[c]) for c in ids])

    @_handles("list-contacts")
    def _list_contacts(self, call: _Call) -> httpx.Response:
        return self._contact_list(call, None)

    @_handles("list-teammate-contacts", "list-team-contacts")
    def _list_owned_contacts(self, call: _Call) -> httpx.Response:
        owner = call.params.get("teammate_id") or call.params.get("team_id")
        return self._contact_list(call, owner)

    def _check_handles_free(self, handles: Iterable[Mapping[str, Any]], owner: str | None) -> None:
        for h in handles:
            existing = self.store.contact_for_handle(str(h.get("handle", "")))
            if existing is not None and existing != owner:
                raise _Abort(
                    _error(
                        409,
                        "Conflict",
                        f"The handle {h.get('handle')} already belongs to contact {existing}",
                    )
                )

    @_handles("create-contact", "create-teammate-contact", "create-team-contact")
    def _create_contact(self, call: _Call) -> httpx.Response:
        st = self.store
        handles = [h for h in call.arg("handles", []) if isinstance(h, dict)]
        self._check_handles_free(handles, None)
        contact_id = st.new_id("crd")
        rec = make_contact(
            st,
            contact_id,
            call.arg("name"),
            [(str(h["source"]), str(h["handle"])) for h in handles],
            description=str(call.arg("description") or ""),
            links=[str(x) for x in call.arg("links") or []],
        )
        if isinstance(call.arg("custom_fields"), dict):
            rec["custom_fields"] = copy.deepcopy(call.arg("custom_fields"))
        owner = call.params.get("teammate_id") or call.params.get("team_id")
        rec["is_private"] = owner is not None and owner.startswith("tea_")
        st.contacts[contact_id] = rec
        st.contact_owner[contact_id] = owner
        return self._reply(call, copy.deepcopy(rec))

    @_handles("get-contact")
    def _get_contact(self, call: _Call) -> httpx.Response:
        return self._reply(call, copy.deepcopy(self.store.contacts[call.params["contact_id"]]))

    @_handles("update-a-contact")
    def _update_contact(self, call: _Call) -> httpx.Response:
        rec = self.store.contacts[call.params["contact_id"]]
        for key in ("name", "description"):
            if isinstance(call.arg(key), str):
                rec[key] = call.arg(key)
        if isinstance(call.arg("links"), list):
            rec["links"] = [str(x) for x in call.arg("links")]
        if isinstance(call.arg("custom_fields"), dict):
            rec["custom_fields"] = copy.deepcopy(call.arg("custom_fields"))
        return self._reply(call)

    @_handles("delete-a-contact")
    def _delete_contact(self, call: _Call) -> httpx.Response:
        self._drop_contact(call.params["contact_id"])
        return self._reply(call)

    def _drop_contact(self, contact_id: str) -> None:
        st = self.store
        st.contacts.pop(contact_id, None)
        st.contact_owner.pop(contact_id, None)
        for members in st.account_contacts.values():
            if contact_id in members:
                members.remove(contact_id)

    @_handles("list-contact-conversations")
    def _list_contact_conversations(self, call: _Call) -> httpx.Response:
        st = self.store
        handles = {
            normalize_handle(h["handle"]) for h in st.contacts[call.params["contact_id"]]["handles"]
        }

        def involves(conv: Conversation) -> bool:
            return any(
                normalize_handle(r.handle) in handles
                for m in st.conversation_messages(conv.id)
                for r in m.recipients
            )

        return self._conversation_list(call, involves)

    @_handles("merge-contacts")
    def _merge_contacts(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = self._require_all("contact", call.arg("contact_ids"), "contact_ids")
        target_raw = call.arg("target_contact_id")
        target = self.require("contact", target_raw) if target_raw is not None else None
        if target is None:
            if not ids:
                raise _bad_request(
                    "Body did not satisfy requirements", ["contact_ids must not be empty"]
                )
            target = ids[0]
        rec = st.contacts[target]
        for other in ids:
            if other == target:
                continue
            for h in st.contacts[other]["handles"]:
                if h not in rec["handles"]:
                    rec["handles"].append(h)
            for link in st.contacts[other]["links"]:
                if link not in rec["links"]:
                    rec["links"].append(link)
            self._drop_contact(other)
        return self._reply(call, copy.deepcopy(rec))

    @_handles("add-contact-handle")
    def _add_contact_handle(self, call: _Call) -> httpx.Response:
        contact_id = call.params["contact_id"]
        handle = {"source": str(call.arg("source")), "handle": str(call.arg("handle"))}
        self._check_handles_free([handle], contact_id)
        handles = self.store.contacts[contact_id]["handles"]
        if handle not in handles:
            handles.append(handle)
        return self._reply(call)

    @_handles("delete-contact-handle")
    def _delete_contact_handle(self, call: _Call) -> httpx.Response:
        contact_id = call.params["contact_id"]
        handles = self.store.contacts[contact_id]["handles"]
        wanted = normalize_handle(str(call.arg("handle", "")))
        source = call.arg("source")
        kept = [
            h
            for h in handles
            if not (normalize_handle(h["handle"]) == wanted and h["source"] == source)
        ]
        if len(kept) == len(handles):
            raise _not_found(f"Unknown handle {call.arg('handle')} for contact {contact_id}")
        if not kept:
            if not call.arg("force", False):
                raise _bad_request(
                    "Cannot remove the last handle of a contact; pass force to delete the contact"
                )
            self._drop_contact(contact_id)
            return self._reply(call)
        handles[:] = kept
        return self._reply(call)

    @_handles("list-accounts")
    def _list_accounts(self, call: _Call) -> httpx.Response:
        st = self.store
        return self._list(call, [copy.deepcopy(st.accounts[a]) for a in sorted(st.accounts)])

    @_handles("create-account")
    def _create_account(self, call: _Call) -> httpx.Response:
        st = self.store
        account_id = st.new_id("acc")
        external = call.arg("external_id")
        rec = make_account(
            st,
            account_id,
            str(call.arg("name") or ""),
            domains=[str(d) for d in call.arg("domains") or []],
            external_id=str(external) if external is not None else None,
            description=call.arg("description"),
            created_at=st.now(),
        )
        if isinstance(call.arg("custom_fields"), dict):
            rec["custom_fields"] = copy.deepcopy(call.arg("custom_fields"))
        st.accounts[account_id] = rec
        st.account_contacts[account_id] = []
        return self._reply(call, copy.deepcopy(rec))

    @_handles("fetch-an-account")
    def _get_account(self, call: _Call) -> httpx.Response:
        return self._reply(call, copy.deepcopy(self.store.accounts[call.params["account_id"]]))

    @_handles("update-account")
    def _update_account(self, call: _Call) -> httpx.Response:
        st = self.store
        rec = st.accounts[call.params["account_id"]]
        if isinstance(call.arg("name"), str):
            rec["name"] = call.arg("name")
        if isinstance(call.arg("domains"), list):
            rec["domains"] = [str(d) for d in call.arg("domains")]
        if isinstance(call.arg("custom_fields"), dict):
            rec["custom_fields"] = copy.deepcopy(call.arg("custom_fields"))
        rec["updated_at"] = st.now()
        return self._reply(call, copy.deepcopy(rec))

    @_handles("delete-an-account")
    def _delete_account(self, call: _Call) -> httpx.Response:
        account_id = call.params["account_id"]
        self.store.accounts.pop(account_id, None)
        self.store.account_contacts.pop(account_id, None)
        return self._reply(call)

    @_handles("list-account-contacts")
    def _list_account_contacts(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = st.account_contacts.get(call.params["account_id"], [])
        return self._list(call, [copy.deepcopy(st.contacts[c]) for c in ids if c in st.contacts])

    @_handles("add-contact-to-account", "remove-contact-from-account")
    def _account_contacts(self, call: _Call) -> httpx.Response:
        members = self.store.account_contacts.setdefault(call.params["account_id"], [])
        ids = self._require_all("contact", call.arg("contact_ids"), "contact_ids")
        _apply_membership(members, ids, add=call.op.method == "POST")
        return self._reply(call)

    # ----------------------------------------------------------------- conversations

    @_handles("list-conversations")
    def _list_conversations(self, call: _Call) -> httpx.Response:
        return self._conversation_list(call)

    @_handles("get-conversation-by-id")
    def _get_conversation(self, call: _Call) -> httpx.Response:
        return self._reply(call, conversation_json(self.store, call.params["conversation_id"]))

    @_handles("create-conversation")
    def _create_conversation(self, call: _Call) -> httpx.Response:
        st = self.store
        inbox_raw = call.arg("inbox_id")
        inbox = self.require("inbox", inbox_raw) if inbox_raw is not None else None
        teammates = self._require_all("teammate", call.arg("teammate_ids", []), "teammate_ids")
        if inbox is None and not teammates:
            raise _bad_request(
                "Body did not satisfy requirements", ["either inbox_id or teammate_ids is required"]
            )
        comment = call.arg("comment")
        author = None
        if isinstance(comment, dict):
            author = self._author(comment.get("author_id"))
        now = st.now()
        conv = Conversation(
            id=st.new_id("cnv"),
            subject=str(call.arg("subject", "")),
            inbox_ids=[inbox] if inbox else [],
            created_at=now,
            updated_at=now,
            type=str(call.arg("type", "discussion")),
            follower_ids=teammates,
            is_private=inbox is None,
            custom_fields=copy.deepcopy(call.arg("custom_fields") or {}),
        )
        if conv.type == "task":
            due = call.arg("due_at")
            conv.due_at = float(due) if isinstance(due, (int, float)) else None
            conv.description = None
        st.conversations[conv.id] = conv
        if isinstance(comment, dict) and author is not None:
            com_id = st.new_id("com")
            st.comments[com_id] = Comment(com_id, conv.id, author, str(comment["body"]), now)
        return self._reply(call, conversation_json(st, conv.id))

    @_handles("update-conversation")
    def _update_conversation(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        if "assignee_id" in (call.body or {}):
            raw = call.arg("assignee_id")
            conv.assignee_id = self.require("teammate", raw) if raw is not None else None
        if call.arg("inbox_id") is not None:
            conv.inbox_ids = [self.require("inbox", call.arg("inbox_id"))]
        if call.arg("tag_ids") is not None:
            conv.tag_ids = self._require_all("tag", call.arg("tag_ids"), "tag_ids")
        if isinstance(call.arg("custom_fields"), dict):
            conv.custom_fields = copy.deepcopy(call.arg("custom_fields"))
        if "due_at" in (call.body or {}) and conv.type == "task":
            due = call.arg("due_at")
            conv.due_at = float(due) if isinstance(due, (int, float)) else None
        status = call.arg("status")
        if status is not None:
            conv.state = {"archived": ARCHIVED, "open": OPEN, "deleted": TRASHED, "spam": SPAM}[
                str(status)
            ]
            if conv.state != OPEN:
                conv.snoozed_until = None
        conv.updated_at = st.now()
        return self._reply(call)

    @_handles("update-conversation-assignee")
    def _update_assignee(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        raw = call.arg("assignee_id")
        conv.assignee_id = self.require("teammate", raw) if raw is not None else None
        conv.updated_at = st.now()
        return self._reply(call)

    @_handles("delete-conversation")
    def _delete_conversation(self, call: _Call) -> httpx.Response:
        st = self.store
        conv_id = call.params["conversation_id"]
        if st.conversations[conv_id].state not in (TRASHED, SPAM):
            raise _bad_request(
                f"Conversation {conv_id} must be in the trash before it can be deleted"
            )
        del st.conversations[conv_id]
        for mid in [m for m, msg in st.messages.items() if msg.conversation_id == conv_id]:
            del st.messages[mid]
        for cid in [c for c, com in st.comments.items() if com.conversation_id == conv_id]:
            del st.comments[cid]
        return self._reply(call)

    @_handles("add-conversation-tag", "remove-conversation-tag")
    def _conversation_tags(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        ids = self._require_all("tag", call.arg("tag_ids"), "tag_ids")
        _apply_membership(conv.tag_ids, ids, add=call.op.method == "POST")
        conv.updated_at = st.now()
        return self._reply(call)

    @_handles("list-conversation-followers")
    def _list_followers(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        return self._list(call, [copy.deepcopy(st.teammates[t]) for t in conv.follower_ids])

    @_handles("add-conversation-followers", "delete-conversation-followers")
    def _followers(self, call: _Call) -> httpx.Response:
        conv = self.store.conversations[call.params["conversation_id"]]
        ids = self._require_all("teammate", call.arg("teammate_ids"), "teammate_ids")
        _apply_membership(conv.follower_ids, ids, add=call.op.method == "POST")
        return self._reply(call)

    @_handles("list-conversation-inboxes")
    def _list_conversation_inboxes(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        ids = [i for i in conv.inbox_ids if i in st.inboxes]
        return self._list(call, [copy.deepcopy(st.inboxes[i]) for i in ids])

    @_handles("update-conversation-reminders")
    def _update_reminders(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        scheduled = call.arg("scheduled_at")
        if isinstance(scheduled, (int, float)):
            conv.snoozed_until = float(scheduled)
            if call.arg("teammate_id") is not None:
                conv.reminder_owner_id = self.require("teammate", call.arg("teammate_id"))
        elif "scheduled_at" in (call.body or {}):
            conv.snoozed_until = None
        return self._reply(call)

    # ----------------------------------------------------------------- search

    @_handles("search-conversations")
    def _search(self, call: _Call) -> httpx.Response:
        st = self.store
        query = call.params["query"]
        words: list[str] = []
        filters: dict[str, list[str]] = {}
        for m in _SEARCH_TOKEN_RE.finditer(query):
            name_quoted, value_quoted, phrase, bare = m.groups()
            if name_quoted is not None:
                filters.setdefault(name_quoted.lower(), []).append(value_quoted)
            elif phrase is not None:
                if phrase.strip():
                    words.append(phrase.lower())
            else:
                name, sep, value = bare.partition(":")
                if sep and value and name.lower() in _SEARCH_FILTERS:
                    filters.setdefault(name.lower(), []).append(value)
                else:
                    words.append(bare.lower())
        for value in filters.get("is", []):
            if value.lower() not in _SEARCH_STATUSES:
                raise _bad_request(
                    f"Unsupported search filter is:{value}",
                    [f"is: accepts {', '.join(sorted(_SEARCH_STATUSES))}"],
                )
        wants = {v.lower() for v in filters.get("is", [])}
        matches = []
        for conv in self._visible_conversations():
            if conv.state == TRASHED and "trashed" not in wants:
                continue
            if conv.state == SPAM and "spam" not in wants:
                continue
            if not all(self._is(conv, v) for v in wants):
                continue
            if not self._search_filters(conv, filters):
                continue
            haystack = self._haystack(conv)
            if all(w in haystack for w in words):
                matches.append(conversation_json(st, conv.id))
        return self._list(call, matches, total=True)

    def _is(self, conv: Conversation, status: str) -> bool:
        snoozed = conv.state == OPEN and conv.snoozed_until is not None
        checks = {
            "open": conv.state == OPEN and not snoozed,
            "archived": conv.state == ARCHIVED,
            "assigned": conv.assignee_id is not None,
            "unassigned": conv.assignee_id is None,
            "trashed": conv.state == TRASHED,
            "spam": conv.state == SPAM,
            "snoozed": snoozed,
            "unreplied": self.store.is_unreplied(conv),
        }
        return checks[status]

    def _search_filters(self, conv: Conversation, filters: Mapping[str, list[str]]) -> bool:
        st = self.store
        for value in filters.get("inbox", []):
            if self.resolve("inbox", value) not in conv.inbox_ids:
                return False
        for value in filters.get("tag", []):
            tag = self.resolve("tag", value) or _tag_by_name(st.tags, value)
            if tag not in conv.tag_ids:
                return False
        for value in filters.get("assignee", []):
            teammate = self.resolve("teammate", value) or teammate_by_email(st, value)
            if teammate is None or conv.assignee_id != teammate:
                return False
        messages = st.conversation_messages(conv.id)
        for value in filters.get("author", []):
            teammate = self.resolve("teammate", value) or teammate_by_email(st, value)
            if teammate is None or not any(m.author_id == teammate for m in messages):
                return False
        comments = [c for c in st.comments.values() if c.conversation_id == conv.id]
        for value in filters.get("commenter", []):
            teammate = self.resolve("teammate", value) or teammate_by_email(st, value)
            if teammate is None or not any(c.author_id == teammate for c in comments):
                return False
        for value in filters.get("mention", []):
            teammate = self.resolve("teammate", value) or teammate_by_email(st, value)
            if teammate is None or not any(
                teammate in st.mentioned_teammates(c.id) for c in comments
            ):
                return False
        for value in filters.get("before", []):
            if not conv.updated_at < _as_float(value):
                return False
        for value in filters.get("after", []):
            if not conv.updated_at > _as_float(value):
                return False
        for name in ("from", "to", "cc", "bcc", "recipient"):
            values = filters.get(name, [])
            if not values:
                continue
            roles = _HANDLE_ROLES.get(name)
            wanted = set()
            for value in values:
                contact = self.resolve("contact", value)
                if contact is not None:
                    wanted |= {
                        normalize_handle(h["handle"]) for h in st.contacts[contact]["handles"]
                    }
                else:
                    wanted.add(normalize_handle(value))
            if not any(
                normalize_handle(r.handle) in wanted and (roles is None or r.role in roles)
                for m in messages
                for r in m.recipients
            ):
                return False
        return True

    def _haystack(self, conv: Conversation) -> str:
        parts = [conv.subject]
        for msg in self.store.conversation_messages(conv.id):
            parts.append(msg.subject)
            parts.append(msg.text if msg.text is not None else html_to_text(msg.body))
        return " ".join(parts).lower()

    # ----------------------------------------------------------------- messages and sends

    @_handles("get-message")
    def _get_message(self, call: _Call) -> httpx.Response:
        msg_id = call.params["message_id"]
        if "message/rfc822" in call.request.headers.get("accept", ""):
            return self._eml(msg_id)
        return self._reply(call, message_json(self.store, msg_id))

    def _eml(self, msg_id: str) -> httpx.Response:
        msg = self.store.messages[msg_id]
        if msg.type != "email":
            raise _bad_request(f"Message {msg_id} is not an email; no EML is available")

        def names(role: str) -> str:
            return ", ".join(r.handle for r in msg.recipients if r.role == role)

        lines = [
            f"From: {names('from')}",
            f"To: {names('to')}",
            *([f"Cc: {names('cc')}"] if names("cc") else []),
            f"Subject: {msg.subject}",
            f"Date: {email.utils.formatdate(msg.created_at, usegmt=True)}",
            f"Message-ID: <{msg.uid}@frontapp.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/html; charset=utf-8",
            "",
            msg.body,
        ]
        return httpx.Response(
            200,
            content="\r\n".join(lines).encode("utf-8"),
            headers={"content-type": "message/rfc822"},
        )

    @_handles("list-conversation-messages")
    def _list_messages(self, call: _Call) -> httpx.Response:
        st = self.store
        msgs = st.conversation_messages(call.params["conversation_id"], drafts=None)
        if call.first("sort_order") != "asc":
            msgs.reverse()
        return self._list(call, [message_json(st, m.id) for m in msgs])

    @_handles("list-conversation-drafts")
    def _list_drafts(self, call: _Call) -> httpx.Response:
        st = self.store
        msgs = st.conversation_messages(call.params["conversation_id"], drafts=True)
        return self._list(call, [message_json(st, m.id) for m in reversed(msgs)])

    def _author(self, raw: Any) -> str:
        """The teammate for an ``author_id`` (the API bot when omitted)."""
        if raw is None:
            return SEED.api_bot_id if SEED.api_bot_id in self.store.teammates else SEED.teammate_id
        return self.require("teammate", raw)

    def _channel_type(self, channel_id: str) -> str:
        return _CHANNEL_MESSAGE_TYPES.get(self.store.channels[channel_id]["type"], "custom")

    def _check_signature(self, call: _Call, channel_id: str) -> None:
        if call.arg("signature_id") is not None and self._channel_type(channel_id) != "email":
            raise _Abort(
                _error(
                    403,
                    "Forbidden",
                    "signature_id can only be used when sending from an email channel",
                )
            )

    def _outbound_recipients(
        self, call: _Call, channel_id: str, author: str | None, default_to: Sequence[str]
    ) -> list[Recipient]:
        st = self.store
        sender_name = call.arg("sender_name")
        if sender_name is None and author is not None and author in st.teammates:
            t = st.teammates[author]
            sender_name = f"{t['first_name']} {t['last_name']}".strip()
        recipients = [Recipient(st.channels[channel_id]["address"], "from", sender_name)]
        to = call.arg("to")
        for handle in to if isinstance(to, list) and to else default_to:
            recipients.append(Recipient(str(handle), "to"))
        for role in ("cc", "bcc"):
            for handle in call.arg(role) or []:
                recipients.append(Recipient(str(handle), role))
        return recipients

    def _new_message(
        self,
        conv: Conversation,
        *,
        body: str,
        recipients: list[Recipient],
        inbound: bool,
        channel_id: str | None,
        author: str | None = None,
        kind: str = "email",
        text: str | None = None,
        subject: str | None = None,
        created_at: float | None = None,
        is_draft: bool = False,
        draft_mode: str | None = None,
        external_id: str | None = None,
        thread_ref: str | None = None,
    ) -> Message:
        st = self.store
        previous = st.conversation_messages(conv.id)
        uid = st.new_uid()
        msg = Message(
            id=st.new_id("msg"),
            conversation_id=conv.id,
            uid=uid,
            type=kind,
            is_inbound=inbound,
            subject=conv.subject if subject is None else subject,
            body=body,
            created_at=created_at if created_at is not None else st.now(),
            recipients=recipients,
            channel_id=channel_id,
            author_id=author,
            text=text,
            is_draft=is_draft,
            draft_mode=draft_mode,
            version=stable_hex("version", uid),
            replied_to=previous[-1].id if previous else None,
            external_id=external_id,
            thread_ref=thread_ref,
        )
        st.messages[msg.id] = msg
        if not is_draft:
            conv.updated_at = max(conv.updated_at, msg.created_at)
        return msg

    def _new_conversation(self, inbox_id: str | None, subject: str) -> Conversation:
        st = self.store
        now = st.now()
        conv = Conversation(
            id=st.new_id("cnv"),
            subject=subject,
            inbox_ids=[inbox_id] if inbox_id else [],
            created_at=now,
            updated_at=now,
        )
        st.conversations[conv.id] = conv
        return conv

    def _options(self, call: _Call) -> tuple[bool, list[str]]:
        options = call.arg("options")
        archive = True
        tag_ids: list[str] = []
        if isinstance(options, Mapping):
            archive = options.get("archive", True) is not False
            tag_ids = self._require_all("tag", options.get("tag_ids", []), "options.tag_ids")
        return archive, tag_ids

    @_handles("create-message")
    def _create_message(self, call: _Call) -> httpx.Response:
        st = self.store
        channel_id = call.params["channel_id"]
        self._check_signature(call, channel_id)
        author = self._author(call.arg("author_id")) if call.arg("author_id") else None
        archive, tag_ids = self._options(call)
        kind = self._channel_type(channel_id)
        subject = str(call.arg("subject") or "") if kind == "email" else ""
        conv = self._new_conversation(st.channel_inbox.get(channel_id), subject)
        msg = self._new_message(
            conv,
            body=str(call.arg("body")),
            text=call.arg("text"),
            recipients=self._outbound_recipients(call, channel_id, author, []),
            inbound=False,
            channel_id=channel_id,
            author=author,
            kind=kind,
        )
        _apply_membership(conv.tag_ids, tag_ids, add=True)
        conv.state = ARCHIVED if archive else OPEN
        return self._accepted(msg.uid)

    @_handles("create-message-reply")
    def _create_reply(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        channel_id = self._conversation_channel(conv, call.arg("channel_id"))
        self._check_signature(call, channel_id)
        author = self._author(call.arg("author_id")) if call.arg("author_id") else None
        archive, tag_ids = self._options(call)
        recipient = st.main_recipient(conv)
        default_to = [recipient.handle] if recipient is not None else []
        msg = self._new_message(
            conv,
            body=str(call.arg("body")),
            text=call.arg("text"),
            subject=call.arg("subject"),
            recipients=self._outbound_recipients(call, channel_id, author, default_to),
            inbound=False,
            channel_id=channel_id,
            author=author,
            kind=self._channel_type(channel_id),
        )
        _apply_membership(conv.tag_ids, tag_ids, add=True)
        if archive:
            conv.state = ARCHIVED
            conv.snoozed_until = None
        return self._accepted(msg.uid)

    def _conversation_channel(self, conv: Conversation, raw: Any) -> str:
        st = self.store
        if raw is not None:
            return self.require("channel", raw)
        for msg in reversed(st.conversation_messages(conv.id)):
            if msg.channel_id in st.channels:
                return msg.channel_id
        for channel_id, inbox in st.channel_inbox.items():
            if inbox in conv.inbox_ids:
                return channel_id
        raise _bad_request(f"Conversation {conv.id} has no channel to reply from; pass channel_id")

    @_handles("import-inbox-message")
    def _import_message(self, call: _Call) -> httpx.Response:
        st = self.store
        inbox_id = call.params["inbox_id"]
        external_id = str(call.arg("external_id"))
        known = st.imported_external_ids.get((inbox_id, external_id))
        if known is not None:
            return self._accepted(known)  # Front does not import the same external ID twice
        metadata = call.arg("metadata") or {}
        sender = call.arg("sender") or {}
        inbound = bool(metadata.get("is_inbound"))
        thread_ref = metadata.get("thread_ref")
        conv: Conversation | None = None
        if call.arg("conversation_id") is not None:
            conv = st.conversations[self.require("conversation", call.arg("conversation_id"))]
        elif thread_ref:
            conv = self._thread(inbox_id, str(thread_ref))
        if conv is None:
            conv = self._new_conversation(inbox_id, str(call.arg("subject") or ""))
        author = None
        if sender.get("author_id") is not None:
            author = self.require("teammate", sender["author_id"])
        if call.arg("assignee_id") is not None:
            conv.assignee_id = self.require("teammate", call.arg("assignee_id"))
        recipients = [Recipient(str(sender.get("handle")), "from", sender.get("name"))]
        recipients += [Recipient(str(h), "to") for h in call.arg("to") or []]
        for role in ("cc", "bcc"):
            recipients += [Recipient(str(h), role) for h in call.arg(role) or []]
        body = str(call.arg("body"))
        created = call.arg("created_at")
        msg = self._new_message(
            conv,
            body=body,
            text=html_to_text(body) if call.arg("body_format") == "html" else body,
            subject=call.arg("subject"),
            recipients=recipients,
            inbound=inbound,
            channel_id=None,
            author=author,
            kind=str(call.arg("type") or "email"),
            created_at=float(created) if isinstance(created, (int, float)) else None,
            external_id=external_id,
            thread_ref=str(thread_ref) if thread_ref else None,
        )
        for name in call.arg("tags") or []:
            tag = _tag_by_name(st.tags, str(name))
            if tag is None:
                tag = st.new_id("tag")
                st.tags[tag] = make_tag(st, tag, str(name), created_at=st.now())
            _apply_membership(conv.tag_ids, [tag], add=True)
        conv.state = ARCHIVED if metadata.get("is_archived", True) is not False else OPEN
        st.imported_external_ids[(inbox_id, external_id)] = msg.uid
        return self._accepted(msg.uid)

    def _thread(self, inbox_id: str, thread_ref: str) -> Conversation | None:
        st = self.store
        for msg in st.messages.values():
            conv = st.conversations.get(msg.conversation_id)
            if conv is not None and msg.thread_ref == thread_ref and inbox_id in conv.inbox_ids:
                return conv
        return None

    @_handles("receive-custom-messages")
    def _receive_custom(self, call: _Call) -> httpx.Response:
        st = self.store
        channel_id = call.params["channel_id"]
        if st.channels[channel_id]["type"] != "custom":
            raise _bad_request(f"Channel {channel_id} is not a custom channel")
        inbox_id = st.channel_inbox.get(channel_id)
        metadata = call.arg("metadata") or {}
        sender = call.arg("sender") or {}
        thread_ref = metadata.get("thread_ref")
        conv = self._thread(inbox_id, str(thread_ref)) if inbox_id and thread_ref else None
        if conv is None:
            conv = self._new_conversation(inbox_id, str(call.arg("subject") or ""))
        body = str(call.arg("body"))
        msg = self._new_message(
            conv,
            body=body,
            text=html_to_text(body) if call.arg("body_format") == "html" else body,
            subject=call.arg("subject") or conv.subject,
            recipients=[Recipient(str(sender.get("handle")), "from", sender.get("name"))],
            inbound=True,
            channel_id=channel_id,
            kind="custom",
            thread_ref=str(thread_ref) if thread_ref else None,
        )
        if conv.state == ARCHIVED:
            conv.state = OPEN  # a new inbound message reopens the conversation
        return self._accepted(msg.uid)

    # ----------------------------------------------------------------- drafts

    @_handles("create-draft")
    def _create_draft(self, call: _Call) -> httpx.Response:
        st = self.store
        channel_id = call.params["channel_id"]
        self._check_signature(call, channel_id)
        author = self._author(call.arg("author_id"))
        kind = self._channel_type(channel_id)
        conv = self._new_conversation(
            st.channel_inbox.get(channel_id), str(call.arg("subject") or "")
        )
        msg = self._new_message(
            conv,
            body=str(call.arg("body")),
            recipients=self._outbound_recipients(call, channel_id, author, []),
            inbound=False,
            channel_id=channel_id,
            author=author,
            kind=kind,
            is_draft=True,
            draft_mode=str(call.arg("mode") or "private"),
        )
        return self._reply(call, message_json(st, msg.id))

    @_handles("create-draft-reply")
    def _create_draft_reply(self, call: _Call) -> httpx.Response:
        st = self.store
        conv = st.conversations[call.params["conversation_id"]]
        channel_id = self.require("channel", call.arg("channel_id"))
        self._check_signature(call, channel_id)
        author = self._author(call.arg("author_id"))
        recipient = st.main_recipient(conv)
        msg = self._new_message(
            conv,
            body=str(call.arg("body")),
            subject=call.arg("subject"),
            recipients=self._outbound_recipients(
                call, channel_id, author, [recipient.handle] if recipient else []
            ),
            inbound=False,
            channel_id=channel_id,
            author=author,
            kind=self._channel_type(channel_id),
            is_draft=True,
            draft_mode=str(call.arg("mode") or "private"),
        )
        return self._reply(call, message_json(st, msg.id))

    def _check_version(self, msg: Message, version: Any) -> None:
        if version is not None and version != msg.version:
            raise _Abort(
                _error(
                    409,
                    "Conflict",
                    f"Draft {msg.id} has changed since version {version}; "
                    "fetch it again and use its current version",
                )
            )

    @_handles("edit-draft")
    def _edit_draft(self, call: _Call) -> httpx.Response:
        st = self.store
        msg = st.messages[call.params["message_id"]]
        self._check_version(msg, call.arg("version"))
        channel_id = self.require("channel", call.arg("channel_id"))
        self._check_signature(call, channel_id)
        if call.arg("author_id") is not None:
            msg.author_id = self.require("teammate", call.arg("author_id"))
        msg.body = str(call.arg("body"))
        msg.text = None if self._channel_type(channel_id) == "email" else msg.body
        msg.channel_id = channel_id
        if isinstance(call.arg("subject"), str):
            msg.subject = call.arg("subject")
        if call.arg("mode") is not None:
            msg.draft_mode = str(call.arg("mode"))
        if any(call.arg(k) is not None for k in ("to", "cc", "bcc")):
            default_to = [r.handle for r in msg.recipients if r.role == "to"]
            msg.recipients = self._outbound_recipients(
                call, channel_id, msg.author_id or SEED.api_bot_id, default_to
            )
        msg.version = stable_hex("version", msg.uid, st.now())
        return self._reply(call, message_json(st, msg.id))

    @_handles("delete-draft")
    def _delete_draft(self, call: _Call) -> httpx.Response:
        st = self.store
        msg = st.messages[call.params["draft_id"]]
        self._check_version(msg, call.arg("version"))
        del st.messages[msg.id]
        return self._reply(call)

    # ----------------------------------------------------------------- comments

    @_handles("list-conversation-comments")
    def _list_comments(self, call: _Call) -> httpx.Response:
        st = self.store
        conv_id = call.params["conversation_id"]
        comments = sorted(
            (c for c in st.comments.values() if c.conversation_id == conv_id),
            key=lambda c: (-c.posted_at, c.id),
        )
        return self._list(call, [comment_json(st, c.id) for c in comments])

    @_handles("add-comment", "add-comment-reply")
    def _add_comment(self, call: _Call) -> httpx.Response:
        st = self.store
        replied_to = call.params.get("comment_id")
        if replied_to is not None:
            conv_id = st.comments[replied_to].conversation_id
        else:
            conv_id = call.params["conversation_id"]
        author = self._author(call.arg("author_id"))
        com_id = st.new_id("com")
        now = st.now()
        st.comments[com_id] = Comment(
            com_id,
            conv_id,
            author,
            str(call.arg("body")),
            now,
            is_pinned=bool(call.arg("is_pinned", False)),
            replied_to=replied_to,
        )
        st.conversations[conv_id].updated_at = now
        return self._reply(call, comment_json(st, com_id))

    @_handles("get-comment")
    def _get_comment(self, call: _Call) -> httpx.Response:
        return self._reply(call, comment_json(self.store, call.params["comment_id"]))

    @_handles("update-comment")
    def _update_comment(self, call: _Call) -> httpx.Response:
        com = self.store.comments[call.params["comment_id"]]
        if isinstance(call.arg("body"), str):
            com.body = call.arg("body")
        if isinstance(call.arg("is_pinned"), bool):
            com.is_pinned = call.arg("is_pinned")
        return self._reply(call, comment_json(self.store, com.id))

    @_handles("list-comment-mentions")
    def _list_mentions(self, call: _Call) -> httpx.Response:
        st = self.store
        ids = st.mentioned_teammates(call.params["comment_id"])
        return self._list(call, [copy.deepcopy(st.teammates[t]) for t in ids])


# --------------------------------------------------------------------------- helpers

_SEARCH_FILTERS = frozenset(
    {
        "is",
        "inbox",
        "tag",
        "assignee",
        "author",
        "commenter",
        "mention",
        "from",
        "to",
        "cc",
        "bcc",
        "recipient",
        "before",
        "after",
    }
)


def _apply_membership(members: list[str], ids: Iterable[str], *, add: bool) -> None:
    for ident in ids:
        if add and ident not in members:
            members.append(ident)
        elif not add and ident in members:
            members.remove(ident)


def _tag_by_name(tags: Mapping[str, Mapping[str, Any]], name: str) -> str | None:
    wanted = name.strip().lower()
    for tag_id, tag in tags.items():
        if str(tag.get("name", "")).lower() == wanted:
            return tag_id
    return None


def _as_float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise _bad_request(f"Invalid timestamp {value!r} in search query") from None


def _seconds_text(seconds: float) -> str:
    text = f"{max(seconds, 0.001):.3f}".rstrip("0").rstrip(".")
    return text or "0"
