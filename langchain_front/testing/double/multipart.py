"""multipart/form-data bodies for the Front double: Front's form encoding back into JSON.

Front takes attachments only as multipart/form-data, with the other fields encoded as
``to[0]``, ``options[archive]``, ``options[tag_ids][0]``; this module reads such a body back
into the JSON object the operation's schema describes (``true``/``false`` as booleans), the
files apart, and stores uploaded files as attachments.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from langchain_front.testing.double.calls import Call, bad_request
from langchain_front.testing.records import Attachment

if TYPE_CHECKING:
    from langchain_front.testing.double.core import FrontDouble

__all__ = ["Uploaded", "is_multipart", "parse_form", "store_uploads"]

#: Front's limit on a message's attachments, in bytes.
MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024

_KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


@dataclass(frozen=True)
class Uploaded:
    """A file of a multipart body."""

    filename: str
    content_type: str
    data: bytes


def is_multipart(request: httpx.Request) -> bool:
    """Whether the request's body is multipart/form-data."""
    return bool(request.headers.get("content-type", "").lower().startswith("multipart/form-data"))


def _value(text: str) -> Any:
    return {"true": True, "false": False}.get(text, text)


def _place(root: dict[str, Any], key: str, value: Any) -> None:
    match = _KEY_RE.match(key)
    if match is None:
        raise bad_request("Body did not satisfy requirements", [f"bad form field name {key!r}"])
    parts = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
    node: Any = root
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        following = None if last else parts[index + 1]
        child: Any = (
            value if last else ([] if following is not None and following.isdigit() else {})
        )
        if isinstance(node, list):
            position = int(part) if part.isdigit() else len(node)
            while len(node) <= position:
                node.append(None)
            if last or node[position] is None:
                node[position] = child
            node = node[position]
        else:
            if last or part not in node:
                node[part] = child
            node = node[part]


def parse_form(request: httpx.Request) -> tuple[dict[str, Any], list[Uploaded]]:
    """The JSON body and the ``attachments[...]`` files of a multipart/form-data request."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    if not message.is_multipart():
        raise bad_request("Malformed multipart/form-data body")
    body: dict[str, Any] = {}
    files: list[Uploaded] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise bad_request("Malformed multipart/form-data body", ["a part has no name"])
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if name.startswith("attachments"):
            files.append(Uploaded(filename or "file", part.get_content_type(), data))
            continue
        _place(body, name, _value(data.decode("utf-8")))
    if sum(len(f.data) for f in files) > MAX_ATTACHMENTS_BYTES:
        raise bad_request("Attachments are limited to 25 MB")
    return body, files


def store_uploads(double: FrontDouble, call: Call) -> list[str]:
    """Store the call's uploaded files as attachments; their new ``fil_`` IDs."""
    ids: list[str] = []
    for upload in call.files:
        fid = double.store.new_id("fil")
        double.store.attachments[fid] = Attachment(
            fid, upload.filename, upload.content_type, upload.data
        )
        ids.append(fid)
    return ids
