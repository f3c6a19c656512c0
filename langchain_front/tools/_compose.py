"""What replies, drafts and new messages share beyond the body: a message template as the body,
a signature and the quote, and the checks Front only makes after the fact (a signature or a
quote on a channel that is not email is a 403)."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from langchain_core.tools import ToolException
from pydantic import Field

from langchain_front.client import FrontResponse
from langchain_front.tools._base import Call
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
    "DEFAULT_SIGNATURE_FIELD",
    "QUOTE_FIELD",
    "SIGNATURE_FIELD",
    "TEMPLATE_FIELD",
    "TemplateId",
    "check_email_only",
    "one_body",
    "template_text",
]


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
