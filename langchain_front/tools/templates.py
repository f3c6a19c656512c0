"""Message template tools: find a template by name or text, and read one.

Front keeps shared templates (``/message_templates``) apart from each teammate's private ones
(``/teammates/{id}/message_templates``); :class:`FrontFindTemplates` searches both, since a model
asked for "my refund template" cannot know which namespace holds it. Front's API has no template
search, so the lists are read and matched here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, TeammateRef, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.templates import render_template, render_template_line
from langchain_front.tools.render.text import html_to_text

TEMPLATE = IdKind(
    "rsp_",
    "message template",
    "rsp_1a0",
    "find the template by name or text with front_find_templates",
)
TemplateId = Annotated[str, AfterValidator(TEMPLATE), TEMPLATE.field(), TEMPLATE]


def template_words(query: str | None) -> list[str]:
    """The words of a search, case-folded."""
    return [w for w in (query or "").casefold().split() if w]


def template_rank(template: Mapping[str, Any], words: list[str]) -> int | None:
    """0 when every word is in the name, 1 when every word is in name, subject or text, else
    ``None`` (no match). No words: everything matches, by name."""
    name = str(template.get("name") or "").casefold()
    if all(w in name for w in words):
        return 0
    body = template.get("body")
    text = " ".join(
        [
            name,
            str(template.get("subject") or ""),
            html_to_text(body) if isinstance(body, str) else "",
        ]
    ).casefold()
    return 1 if all(w in text for w in words) else None


class FindTemplatesInput(ToolArgs):
    """Arguments of front_find_templates."""

    query: str | None = Field(
        default=None,
        max_length=200,
        description="Words to find in the template's name, subject or text (all must match, "
        "case-insensitive). Empty: list every template.",
    )
    teammate_id: TeammateRef | None = Field(
        default=None,
        description="Also search this teammate's PRIVATE templates (tea_... or "
        "alt:email:<email>). Empty: shared templates only.",
    )
    limit: int = Field(default=10, ge=1, le=100, description="Most templates to return (1-100).")


@register
class FrontFindTemplates(FrontTool):
    """Find message templates (canned responses) by name or text, shared and private."""

    name: str = "front_find_templates"
    description: str = (
        "Find Front message templates (canned responses) by words in their name, subject or "
        "text, among the company's shared templates and, with teammate_id, that teammate's "
        "private ones. Each result gives the template ID (rsp_...), name, whether it is shared "
        "or private, subject and the start of its text. To reply or draft with one, pass "
        "template_id to front_reply_to_conversation or front_create_draft_reply; "
        "front_get_template shows its whole text."
    )
    args_schema: type[BaseModel] = FindTemplatesInput
    operations = ("list-message-templates", "list-teammate-message-templates")
    group = "templates"
    example = {"query": "refund", "teammate_id": "tea_1a0"}

    def steps(self, args: FindTemplatesInput) -> Steps:
        """Read the shared list (and the teammate's), then match and rank here."""
        shared = (yield Call("list-message-templates")).data
        templates = ListPage.of(shared).items
        raw: dict[str, Any] = {"shared": shared}
        if args.teammate_id:
            private = yield Call(
                "list-teammate-message-templates", path_params={"teammate_id": args.teammate_id}
            )
            templates = [*templates, *ListPage.of(private.data).items]
            raw["private"] = private.data
        words = template_words(args.query)
        ranked = []
        for index, template in enumerate(templates):
            if isinstance(template, Mapping):
                rank = template_rank(template, words)
                if rank is not None:
                    ranked.append((rank, index, template))
        ranked.sort(key=lambda item: (item[0], item[1]))
        found = [template for _, _, template in ranked[: args.limit]]
        where = "shared and private" if args.teammate_id else "shared"
        if not found:
            what = f"matching {args.query!r}" if words else "at all"
            hint = "" if args.teammate_id else " Pass teammate_id to search private ones too."
            return (
                f"No {where} template {what} among {len(templates)}.{hint}",
                {"_results": [], **raw},
            )
        head = f"{len(found)} of {len(ranked)} matching templates ({where}; {len(templates)} read):"
        lines = [head, *(render_template_line(t) for t in found)]
        if any(ListPage.of(data).next_url for data in raw.values()):
            lines.append("(Front listed more templates than one page; only the first was read.)")
        content = "\n".join(lines)
        return content, {"_results": found, **raw}


class GetTemplateInput(ToolArgs):
    """Arguments of front_get_template."""

    template_id: TemplateId


@register
class FrontGetTemplate(FrontTool):
    """Read one message template, its body as text."""

    name: str = "front_get_template"
    description: str = (
        "Read one Front message template (rsp_...): name, shared or private, subject, the "
        "inboxes it is limited to, attachments and its whole body as text. To send or draft it, "
        "pass template_id to front_reply_to_conversation or front_create_draft_reply instead of "
        "copying the text."
    )
    args_schema: type[BaseModel] = GetTemplateInput
    operations = ("get-message-template",)
    group = "templates"
    example = {"template_id": "rsp_1a0"}

    def steps(self, args: GetTemplateInput) -> Steps:
        """GET the template."""
        response = yield Call(
            "get-message-template", path_params={"message_template_id": args.template_id}
        )
        return render_template(response.data or {}), response.data
