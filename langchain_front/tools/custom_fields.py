"""Custom field tools: list the definitions, and update a record's custom fields safely.

Front's PATCH of a conversation, contact or account *replaces* the whole ``custom_fields``
object: sending only the field to change erases every other one. The update tool therefore
checks the names and values against the company's definitions (nothing is written when one is
wrong), reads the record's current values, merges, writes the whole object, and says what
changed (old -> new). Between the read and the write another client's change to the same
record's custom fields would be overwritten: Front offers no version check here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from langchain_front.client.pages import ListPage
from langchain_front.errors import FrontValidationError
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import IdKind, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools._when import parse_moment
from langchain_front.tools.render.conversation_state import (
    custom_field_values,
    render_custom_field_line,
    render_value,
)
from langchain_front.tools.render.lists import render_list
from langchain_front.tools.render.text import _str

Resource = Literal["conversation", "contact", "account"]

#: Per resource: (list definitions, read, write, path parameter).
_OPS: dict[str, tuple[str, str, str, str]] = {
    "conversation": (
        "list-conversation-custom-fields",
        "get-conversation-by-id",
        "update-conversation",
        "conversation_id",
    ),
    "contact": ("list-contact-custom-fields", "get-contact", "update-a-contact", "contact_id"),
    "account": ("list-account-custom-fields", "fetch-an-account", "update-account", "account_id"),
}


class _RecordKind(IdKind):
    """A conversation, contact or account ID (or a contact's or account's ``alt:`` alias)."""

    def __init__(self) -> None:
        how = (
            "use a conversation ID (cnv_...), a contact ID (crd_... or alt:email:<address>) or "
            "an account ID (acc_... or alt:domain:<domain>)"
        )
        super().__init__("cnv_", "conversation, contact or account", "cnv_7g0", how, ("alt:",))
        self.pattern = r"^((cnv|crd|acc)_[0-9a-z]+|alt:.+)$"
        self._regex = re.compile(self.pattern)
        self._problem = f"expected cnv_, crd_ or acc_ IDs or an alt: alias; {how}"
        self.description = (
            "Whose custom fields: a conversation (cnv_...), contact (crd_..., or "
            "alt:email:<address>) or account (acc_..., or alt:domain:<domain>)"
        )


RECORD = _RecordKind()
RecordRef = Annotated[str, AfterValidator(RECORD), RECORD.field(), RECORD]


def resource_of(record_id: str) -> Resource:
    """Which kind of record an ID or alias names."""
    if record_id.startswith("cnv_"):
        return "conversation"
    if record_id.startswith(("acc_", "alt:domain:", "alt:external_id:")):
        return "account"
    return "contact"


# ----------------------------------------------------------------------------- list


class ListCustomFieldsInput(ToolArgs):
    """Arguments of front_list_custom_fields."""

    resource: Resource | None = Field(
        default=None,
        description="Only the fields of conversations, contacts or accounts. Empty: all three.",
    )


@register
class FrontListCustomFields(FrontTool):
    """The custom fields conversations, contacts and accounts may carry."""

    name: str = "front_list_custom_fields"
    description: str = (
        "List the company's custom field definitions for conversations, contacts and accounts: "
        "name, type (string, number, boolean, datetime, enum, teammate, inbox), the allowed "
        "values of enum fields, and description. A record's current values are in "
        "front_get_conversation / front_get_contact / front_get_account; change them with "
        "front_update_custom_fields."
    )
    args_schema: type[BaseModel] = ListCustomFieldsInput
    operations = tuple(ops[0] for ops in _OPS.values())
    group = "workspace"
    example = {}

    def steps(self, args: ListCustomFieldsInput) -> Steps:
        """One GET per resource asked for."""
        sections: list[str] = []
        artifact: dict[str, Any] = {}
        for resource in [args.resource] if args.resource else list(_OPS):
            data = (yield Call(_OPS[resource][0])).data
            artifact[resource] = data
            items = ListPage.of(data).items
            sections.append(
                f"{resource.capitalize()}s: "
                + render_list(items, render_custom_field_line, noun="fields")
            )
        return "\n\n".join(sections), artifact


# ----------------------------------------------------------------------------- update

FieldValue = str | bool | int | float | None


class UpdateCustomFieldsInput(ToolArgs):
    """Arguments of front_update_custom_fields."""

    record_id: RecordRef
    fields: dict[str, FieldValue] = Field(
        min_length=1,
        max_length=50,
        description='Custom field name -> new value, e.g. {"Priority": "High"}. Names as in '
        "front_list_custom_fields. Values by type: enum one of its values; number a number; "
        "boolean true/false; datetime ISO 8601 or Unix seconds; teammate an ID or email; null "
        "clears the field. Fields not named keep their values.",
    )


def _check(name: str, value: FieldValue, definition: Mapping[str, Any]) -> tuple[Any, str | None]:
    """``(value to write, problem)``: the value converted to Front's type, or what is wrong."""
    kind = _str(definition.get("type")) or "string"
    if value is None:
        return None, None
    if kind == "enum":
        allowed = custom_field_values(definition)
        text = str(value)
        match = next((v for v in allowed if v == text), None) or next(
            (v for v in allowed if v.casefold() == text.casefold()), None
        )
        if match is None:
            return None, f"{name}: {text!r} is not allowed; valid values: {', '.join(allowed)}"
        return match, None
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        return None, f"{name} is a boolean field: give true or false"
    if kind == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value, None
        return None, f"{name} is a number field: give a number, not {value!r}"
    if kind == "datetime":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value, None
        try:
            return parse_moment(str(value)).seconds, None
        except ValueError as exc:
            return None, f"{name} is a datetime field: {exc}"
    if isinstance(value, bool):
        return None, f"{name} is a {kind} field: give text, not {value!r}"
    return str(value), None


def _field_summary(d: Mapping[str, Any]) -> str:
    """``Priority (enum: Low, High)``: a definition as the error lists it."""
    return render_custom_field_line(d).split(" | ", 1)[0]


def _problems(fields: Mapping[str, FieldValue], definitions: list[Mapping[str, Any]]) -> Any:
    """The converted values and every problem with the names and values given."""
    by_name = {_str(d.get("name")) or "": d for d in definitions}
    names = [n for n in by_name if n]
    converted: dict[str, Any] = {}
    problems: list[str] = []
    unknown = False
    for name, value in fields.items():
        definition = by_name.get(name)
        if definition is None:
            unknown = True
            folded = {n.casefold(): n for n in names}
            close = folded.get(name.casefold()) or next(
                iter(difflib.get_close_matches(name, names, n=1, cutoff=0.6)), None
            )
            hint = f" (did you mean {close!r}?)" if close else ""
            problems.append(f"unknown custom field {name!r}{hint}")
            continue
        written, problem = _check(name, value, definition)
        if problem:
            problems.append(problem)
        else:
            converted[name] = written
    if unknown:
        listed = ", ".join(_field_summary(d) for d in definitions) or "none"
        problems.append(f"valid fields: {listed}")
    return converted, problems


@register
class FrontUpdateCustomFields(FrontTool):
    """Change some custom fields of a conversation, contact or account, keeping the others."""

    name: str = "front_update_custom_fields"
    description: str = (
        "Set or clear custom fields of a Front conversation, contact or account, keeping its "
        "other custom fields (Front's own update would erase them: this tool reads, merges and "
        "writes). Names and values are checked against the company's definitions first, and "
        "nothing is written if one is wrong (the error lists the valid names or values). Says "
        "each change as old -> new."
    )
    args_schema: type[BaseModel] = UpdateCustomFieldsInput
    operations = tuple(op for ops in _OPS.values() for op in ops[:3])
    group = "conversations"
    example = {"record_id": "cnv_7g0", "fields": {"Priority": "Urgent", "Refund amount": 120}}

    def steps(self, args: UpdateCustomFieldsInput) -> Steps:
        """Definitions, check, read current values, merge, write the whole object."""
        resource = resource_of(args.record_id)
        list_op, read_op, write_op, param = _OPS[resource]
        definitions = ListPage.of((yield Call(list_op)).data).items
        converted, problems = _problems(args.fields, definitions)
        if problems:
            raise FrontValidationError(
                self.name, [f"nothing was written; {problems[0]}", *problems[1:]]
            )
        record = (yield Call(read_op, path_params={param: args.record_id})).data
        record = record if isinstance(record, Mapping) else {}
        record_id = _str(record.get("id")) or args.record_id
        current = record.get("custom_fields")
        before: dict[str, Any] = dict(current) if isinstance(current, Mapping) else {}
        after = dict(before)
        changes: list[str] = []
        for name, value in converted.items():
            old = before.get(name)
            if value is None:
                if name in after:
                    del after[name]
                    changes.append(f"{name}: {render_value(old)} -> (cleared)")
            elif old != value or name not in before:
                after[name] = value
                shown = render_value(value)
                if isinstance(args.fields.get(name), str) and not isinstance(value, str):
                    shown += f" (from {args.fields[name]!r})"
                changes.append(f"{name}: {render_value(old)} -> {shown}")
        artifact: dict[str, Any] = {"record_id": record_id, "before": before, "after": after}
        if not changes:
            return (
                f"{resource.capitalize()} {record_id} already has these values; nothing changed.",
                artifact,
            )
        yield Call(write_op, path_params={param: record_id}, body={"custom_fields": after})
        kept = [name for name in after if name not in converted]
        content = f"Updated custom fields of {resource} {record_id}: " + "; ".join(changes) + "."
        if kept:
            content += f" Kept: {', '.join(kept)}."
        return content, artifact
