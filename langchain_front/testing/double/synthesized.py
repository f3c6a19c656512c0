"""Answers for the operations the Front double's store does not model.

Shifts, knowledge bases, analytics and every other unmodelled kind answer an instance synthesized
from the operation's response schema, in which stored records stand in for the modelled schemas
(a ``TeammateResponse`` is a real stored teammate), the request's IDs replace the spec's example
IDs, modelled IDs point at stored records and URLs use the company host. Operations answering a
file (attachment downloads) get the stored attachment or a placeholder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import httpx

from langchain_front.testing.builders import record_json, team_json
from langchain_front.testing.double.calls import PARAM_KINDS, Call, empty_response, json_response
from langchain_front.testing.double.pages import self_url
from langchain_front.testing.seed import SEED
from langchain_front.testing.synth import synthesize

if TYPE_CHECKING:
    from langchain_front.testing.double.core import FrontDouble
    from langchain_front.testing.store import FrontStore

__all__ = ["synthesized_answer"]

_SPEC_HOST_RE = re.compile(r"yourcompany\.api\.frontapp\.com", re.IGNORECASE)
_MODELLED_ID_RE = re.compile(r"\b(cnv|msg|com|crd|tea|tim|inb|cha|tag|acc)_[0-9a-z]+\b")
_PREFIXED_RE = re.compile(r"^([a-z]{3})_[0-9A-Za-z]+$")

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


def synthesized_answer(double: FrontDouble, call: Call) -> httpx.Response:
    """The answer of an operation on a kind the store does not model."""
    op = call.op
    if op.response_schema is None:
        if op.success_status == 204:
            return empty_response(204)
        return _download(double, call)
    data = synthesize(
        op.response_schema,
        double.catalog.components,
        seed_key=op.id,
        ref_values=_ref_values(double, call),
    )
    data = _localize(double, data, call)
    if isinstance(data, dict) and "_results" in data:
        data.setdefault("_links", {})["self"] = self_url(double, call)
        if "_pagination" in data:
            data["_pagination"] = {"next": None}
    return json_response(op.success_status, data)


def _ref_values(double: FrontDouble, call: Call) -> dict[str, Any]:
    """Stored records standing in for modelled schemas in synthesized answers."""
    st = double.store
    chosen: dict[str, str] = {}
    for name, value in call.params.items():
        kind = PARAM_KINDS.get(name)
        if kind is not None:
            chosen[kind] = value
    out: dict[str, Any] = {}
    for kind, default in _SEED_IDS.items():
        table = st.table(kind)
        record_id = chosen.get(kind, default)
        if record_id not in table:
            record_id = next(iter(table), "")
        if not record_id:
            continue
        out[_KIND_SCHEMAS[kind]] = record_json(st, kind, record_id)
    if "TeamResponse" in out:
        out["TeamPreviewResponse"] = team_json(st, out["TeamResponse"]["id"], preview=True)
    return out


def _download(double: FrontDouble, call: Call) -> httpx.Response:
    """An attachment download: the stored file, or a placeholder for an unknown ID."""
    attachment_id = call.params.get("attachment_link_id") or call.params.get("attachment_id", "")
    att = double.store.attachments.get(attachment_id)
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


def _localize(double: FrontDouble, data: Any, call: Call) -> Any:
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
        text = _SPEC_HOST_RE.sub(double.company_host, text)
        for old, new in replacements.items():
            text = re.sub(rf"\b{re.escape(old)}\b", new, text)
        return _MODELLED_ID_RE.sub(lambda m: _relink(double.store, m), text)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str):
            return fix_text(node)
        return node

    return walk(data)


def _relink(store: FrontStore, match: re.Match[str]) -> str:
    """A modelled ID kept when stored, else the seed record of its kind (or any record)."""
    ident = match.group(0)
    kind = _PREFIX_KINDS[match.group(1)]
    table = store.table(kind)
    if ident in table:
        return ident
    default = _SEED_IDS[kind]
    if default in table:
        return default
    return next(iter(table), ident)
