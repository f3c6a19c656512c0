"""What replies, drafts, comments and new messages share beyond the body: a message template as
the body, a signature and the quote, files to attach (sent as multipart/form-data, bounded), and
the checks Front only makes after the fact (a signature or a quote on a channel that is not
email is a 403)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Generator
from typing import Any

from langchain_core.tools import ToolException
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from typing_extensions import Self

from langchain_front.client import FrontResponse, Upload
from langchain_front.tools._base import Call
from langchain_front.tools._fields import ToolArgs
from langchain_front.tools.render.text import html_to_text
from langchain_front.tools.templates import TemplateId

Lookup = Generator[Call, FrontResponse, Any]

TEMPLATE_FIELD: Any = Field(
    default=None,
    description="Message template (rsp_..., from front_find_templates) whose text is the body; "
    "give either body or template_id.",
)
SIGNATURE_FIELD: Any = Field(
    default=None,
    max_length=100,
    pattern=r"^sig_[0-9a-z]+$",
    description="Signature to add (sig_..., from front_list_signatures). Email channels only.",
)
DEFAULT_SIGNATURE_FIELD: Any = Field(
    default=False,
    description="Let Front add the author's default signature (email only; needs author_id; "
    "ignored when signature_id is given).",
)
QUOTE_FIELD: Any = Field(
    default=None,
    max_length=100_000,
    description="Text of the earlier message to quote under the reply (email only). Empty: no "
    "quote.",
)

__all__ = [
    "ATTACHMENTS_FIELD",
    "DEFAULT_SIGNATURE_FIELD",
    "FILE_HINTS",
    "QUOTE_FIELD",
    "SIGNATURE_FIELD",
    "TEMPLATE_FIELD",
    "FileInput",
    "TemplateId",
    "attached",
    "check_email_only",
    "one_body",
    "template_text",
    "uploads",
]


class ComposedArgs(ToolArgs):
    """Base of the arguments of a message written as ``body`` or from ``template_id``: exactly
    one of the two (a reply, a draft, a new message)."""

    @model_validator(mode="after")
    def _one_body(self) -> Self:
        one_body(getattr(self, "body", None), getattr(self, "template_id", None))
        return self


def one_body(body: str | None, template_id: str | None) -> None:
    """Exactly one of ``body`` and ``template_id`` (raise a ValueError a model can act on)."""
    if bool(body) == bool(template_id):
        raise ValueError(
            "give exactly one of body (your text) or template_id (a template's text)"
            if body
            else "give the text as body, or a message template as template_id"
        )


def template_text(template_id: str, *, email: bool) -> Lookup:
    """``(body, label, subject)``: the template's body (HTML for email, text elsewhere), how to
    name it in the result (``template rsp_1 "Refund"``) and its subject (``None`` when empty)."""
    data = (
        yield Call("get-message-template", path_params={"message_template_id": template_id})
    ).data
    template = data if isinstance(data, dict) else {}
    body = template.get("body")
    if not isinstance(body, str) or not body.strip():
        raise ToolException(f"Template {template_id} has an empty body: write the body instead.")
    label = f'template {template_id} "{template.get("name") or "(unnamed)"}"'
    files = template.get("attachments")
    if isinstance(files, list) and files:
        label += (
            f" (its {len(files)} attached file(s) were not attached: download them with "
            "front_download_attachment and pass them as attachments)"
        )
    subject = template.get("subject")
    subject = subject if isinstance(subject, str) and subject.strip() else None
    return (body if email else html_to_text(body)), label, subject


def check_email_only(*, email: bool, **given: Any) -> None:
    """Refuse email-only options on other channels before sending (Front answers 403)."""
    used = [name for name, value in given.items() if value]
    if used and not email:
        raise ToolException(
            f"{' and '.join(used)} only work{'s' if len(used) == 1 else ''} on email channels, "
            "and this message goes out on a "
            "channel that is not email (Front refuses it with 403). Call again without them."
        )


# --------------------------------------------------------------------------- attachments


def _drop_titles(schema: dict[str, Any]) -> None:
    """Leave pydantic's per-field titles out of a nested schema: a model is sent every byte."""
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


#: Largest file accepted, decoded (Front's limit is 25 MB for all of a message's files).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Largest total of a message's files, decoded (Front's limit).
MAX_TOTAL_BYTES = 25 * 1024 * 1024
#: Most files on one message.
MAX_FILES = 10


# Files come inline as base64, never as a local path: a path would let a prompt attach any
# file this process can read.
class FileInput(BaseModel):
    """A file to attach."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_titles)

    filename: str = Field(
        min_length=1,
        max_length=255,
        pattern=r"^[^/\\\x00-\x1f]+$",
        description="File name, e.g. invoice.pdf.",
    )
    content_type: str = Field(
        default="application/octet-stream",
        max_length=100,
        pattern=r"^[\w.+-]+/[\w.+-]+$",
        description="Media type, e.g. application/pdf.",
    )
    content_base64: str = Field(
        min_length=1,
        max_length=(MAX_FILE_BYTES * 4) // 3 + 4,
        description="The file's bytes in base64.",
    )

    @field_validator("content_base64")
    @classmethod
    def _valid_base64(cls, value: str) -> str:
        try:
            base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(
                "content_base64 is not valid base64: encode the file's bytes with standard "
                "base64 (A-Z, a-z, 0-9, +, /, = padding)"
            ) from None
        return value

    def upload(self) -> Upload:
        """The file as the client sends it."""
        data = base64.b64decode("".join(self.content_base64.split()))
        return Upload(filename=self.filename, content_type=self.content_type, data=data)


ATTACHMENTS_FIELD: Any = Field(
    default=None,
    max_length=MAX_FILES,
    description=f"Files to attach (at most {MAX_FILES}; 10 MB each, 25 MB in all).",
)


#: Advice for keys a model tries when attaching files or a signature.
FILE_HINTS: dict[str, str] = {
    "files": "use attachments: a list of {filename, content_type, content_base64}",
    "attachment": "use attachments: a list of {filename, content_type, content_base64}",
    "file_path": "files are given inline: attachments with content_base64, not a path",
    "signature": "use signature_id (sig_..., from front_list_signatures)",
    "template": "use template_id (rsp_..., from front_find_templates)",
}


def uploads(files: list[FileInput] | None) -> tuple[Upload, ...]:
    """The files to send, within the size bounds (a ToolException says which file is too big)."""
    out = tuple(f.upload() for f in files or ())
    for upload in out:
        if len(upload.data) > MAX_FILE_BYTES:
            raise ToolException(
                f"{upload.filename} is {len(upload.data):,} bytes; files are limited to "
                f"{MAX_FILE_BYTES:,} bytes. Attach a smaller file or share a link instead."
            )
    total = sum(len(u.data) for u in out)
    if total > MAX_TOTAL_BYTES:
        raise ToolException(
            f"The files total {total:,} bytes; Front accepts at most {MAX_TOTAL_BYTES:,} per "
            "message. Attach fewer files or share links instead."
        )
    return out


def attached(files: tuple[Upload, ...]) -> str:
    """`` With 2 attachments: a.pdf, b.csv.`` for a result ("" without files)."""
    if not files:
        return ""
    noun = "attachment" if len(files) == 1 else "attachments"
    return f" With {len(files)} {noun}: {', '.join(f.filename for f in files)}."
