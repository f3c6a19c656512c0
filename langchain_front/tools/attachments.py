"""Attachment tools: list a message's files, and download one as text for a model.

A download's bytes go to the artifact, never to the content: the model gets the file's
metadata and, where the type allows (text, HTML, JSON, CSV, PDF), its extracted text, trimmed.
Files over a size limit are refused with what to do instead.
"""

from __future__ import annotations

import email.message
from collections.abc import Mapping
from typing import Annotated, Any

from langchain_core.tools import ToolException
from pydantic import AfterValidator, BaseModel, Field

from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.message_lookup import MessageRef
from langchain_front.tools.render.attachments import (
    extract_text,
    human_size,
    render_attachment_line,
    render_attachment_list,
)
from langchain_front.tools.render.text import customer_data, truncate

ATTACHMENT = IdKind(
    "fil_",
    "attachment",
    "fil_0j0",
    "list the message's attachments (front_list_message_attachments) to find one",
)
AttachmentId = Annotated[str, AfterValidator(ATTACHMENT), ATTACHMENT.field(), ATTACHMENT]

#: Largest file front_download_attachment reads by default (Front's own limit is 25 MB).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class ListAttachmentsInput(ToolArgs):
    """Arguments of front_list_message_attachments."""

    message_id: MessageRef


@register
class FrontListMessageAttachments(FrontTool):
    """The files attached to a message."""

    name: str = "front_list_message_attachments"
    description: str = (
        "List the files attached to one Front message: attachment ID (fil_...), file name, "
        "content type, size, and whether it is an image inline in the body. "
        "front_download_attachment reads one (text of PDF, HTML, JSON, CSV and text files)."
    )
    args_schema: type[BaseModel] = ListAttachmentsInput
    operations = ("get-message",)
    group = "messages"
    example = {"message_id": "msg_8h0"}

    def steps(self, args: ListAttachmentsInput) -> Steps:
        """GET the message; list its attachments (the artifact is the whole message)."""
        response = yield Call("get-message", path_params={"message_id": args.message_id})
        message = response.data if isinstance(response.data, dict) else {}
        return render_attachment_list(message), response.data


class DownloadAttachmentInput(ToolArgs):
    """Arguments of front_download_attachment."""

    attachment_id: AttachmentId
    message_id: MessageRef | None = Field(
        default=None,
        description="The message the file is attached to: when given, the file's size is "
        "checked before downloading it. Empty: download at once.",
    )
    max_chars: int = Field(
        default=8000,
        ge=200,
        le=50_000,
        description="Most characters of extracted text to return (200-50000, default 8000).",
    )


def _filename(disposition: str | None) -> str | None:
    if not disposition:
        return None
    parsed = email.message.Message()
    parsed["content-disposition"] = disposition
    name = parsed.get_filename()
    return name if isinstance(name, str) and name else None


@register
class FrontDownloadAttachment(FrontTool):
    """Download an attachment: its metadata and extracted text; the bytes in the artifact."""

    name: str = "front_download_attachment"
    description: str = (
        "Download one file attached to a Front message (fil_...) and read it: the result gives "
        "its name, type and size, and its text where the type allows (PDF, HTML, JSON, CSV, "
        "plain text), trimmed to max_chars. Images and other binary files give no text. Files "
        "over 10 MB are refused. Pass message_id to check the size before downloading."
    )
    args_schema: type[BaseModel] = DownloadAttachmentInput
    operations = ("download-attachment", "download-attachment-for-a-message", "get-message")
    group = "messages"
    example = {"attachment_id": "fil_0j0", "message_id": "msg_8h0"}

    max_bytes: int = Field(default=DEFAULT_MAX_BYTES, exclude=True)
    """Largest file read; larger ones are refused."""

    def steps(self, args: DownloadAttachmentInput) -> Steps:
        """Check the size on the message when it is given, download, extract the text."""
        meta: Mapping[str, Any] = {}
        if args.message_id:
            message = (
                yield Call("get-message", path_params={"message_id": args.message_id})
            ).data or {}
            files = [a for a in message.get("attachments") or [] if isinstance(a, dict)]
            meta = next((a for a in files if a.get("id") == args.attachment_id), {})
            if not meta:
                listed = ", ".join(render_attachment_line(a) for a in files) or "none"
                raise ToolException(
                    f"{args.attachment_id} is not attached to {args.message_id}; its "
                    f"attachments: {listed}."
                )
            self._check_size(meta.get("size"))
            response = yield Call(
                "download-attachment-for-a-message",
                path_params={
                    "message_id": args.message_id,
                    "attachment_link_id": args.attachment_id,
                },
            )
        else:
            response = yield Call(
                "download-attachment", path_params={"attachment_link_id": args.attachment_id}
            )
        data = response.content
        self._check_size(len(data))
        headers = {k.lower(): v for k, v in response.headers.items()}
        filename = meta.get("filename") or _filename(headers.get("content-disposition"))
        content_type = meta.get("content_type") or headers.get("content-type")
        text, how = extract_text(data, content_type, filename)
        head = (
            f"attachment {args.attachment_id}: {filename or '(unnamed)'} "
            f"({content_type or 'unknown type'}, {human_size(len(data))})"
        )
        # a file a customer sent: its text is data, not instructions
        shown = customer_data(truncate(text, args.max_chars), block=True) if text else ""
        content = f"{head}\n{how}" + (f":\n{shown}" if text else ".")
        artifact = {
            "id": args.attachment_id,
            "filename": filename,
            "content_type": content_type,
            "size": len(data),
            "text": text,
            "bytes": data,
        }
        return content, artifact

    def _check_size(self, size: Any) -> None:
        if isinstance(size, int) and size > self.max_bytes:
            raise ToolException(
                f"The file is {human_size(size)}, over the {human_size(self.max_bytes)} this tool "
                "reads. Ask a teammate to open it in Front, or work from the message text."
            )
