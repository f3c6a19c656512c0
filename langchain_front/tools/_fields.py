"""Argument types shared by the tools' schemas: Front IDs, aliases, paging, and the args base.

Each ID type knows its kind (:class:`IdKind`): it checks the prefix with a message that tells a
model what to do, shows the pattern in the JSON schema so the model gets it right the first time,
and says how to find a valid ID. That last part is also the hint of a "not found" tool error
(:func:`not_found_hint`), so no tool repeats it.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

#: Longest ID or alias accepted: Front's IDs are short, and an ``alt:email:`` alias holds an
#: address (at most 254 characters). Bounded so that no value can overflow a URL.
MAX_ID_LENGTH = 300

#: Longest page token accepted (Front's are well under 1,000 characters).
MAX_PAGE_TOKEN_LENGTH = 2000


class ToolArgs(BaseModel):
    """Base of every tool's argument model: unknown arguments are refused, never dropped.

    A silently dropped argument changes what a call does (``{"draft": true}`` on a reply still
    sends), so an unknown key is an error that lists the valid ones and suggests a near match.
    ``argument_hints`` adds advice for keys a model is known to try (``{"draft": "..."}``).
    """

    model_config = ConfigDict(extra="forbid")

    argument_hints: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _refuse_unknown_arguments(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = [key for key in data if key not in cls.model_fields]
            if unknown:
                raise ValueError(unknown_arguments_text(cls, [str(key) for key in unknown]))
        return data


def unknown_arguments_text(schema: type[BaseModel], unknown: list[str]) -> str:
    """``unknown argument 'x' (did you mean 'y'?); valid arguments: a, b`` for a model."""
    valid = list(schema.model_fields)
    hints: dict[str, str] = getattr(schema, "argument_hints", {})
    parts = []
    for key in unknown[:5]:
        text = f"unknown argument {key[:60]!r}"
        if key in hints:
            text += f" ({hints[key]})"
        else:
            close = difflib.get_close_matches(key.lower(), valid, n=1, cutoff=0.6)
            if close:
                text += f" (did you mean {close[0]!r}?)"
        parts.append(text)
    listed = ", ".join(valid) if valid else "none: call it with {}"
    return "; ".join(parts) + f"; valid arguments: {listed}"


class IdKind:
    """One kind of Front ID: its prefix, ``alt:`` aliases where Front accepts them, and how to
    find a valid one."""

    def __init__(
        self,
        prefix: str,
        noun: str,
        example: str,
        how_to_find: str,
        aliases: tuple[str, ...] = (),
        *,
        by_name: bool = False,
        numbered: bool = False,
    ) -> None:
        alternatives = [f"{re.escape(prefix)}[0-9a-z]+", *(f"{re.escape(a)}.+" for a in aliases)]
        self.prefix = prefix
        self.id_pattern = "^(" + "|".join(alternatives) + ")$"
        self._id_regex = re.compile(self.id_pattern)
        self.by_name = by_name
        """A value that is no ID is a name, resolved to an ID in the tool's steps
        (:mod:`langchain_front.tools._names`)."""
        self.numbered = numbered
        """A number (as Front's app shows it) converts to the base-36 ID."""
        if numbered:
            alternatives.append("#?[0-9]+")
        self.pattern = "^(" + "|".join(alternatives) + ")$"
        self._regex = re.compile(self.pattern)
        self.noun = noun
        self.how_to_find = how_to_find
        accepted = f"'{prefix}' IDs"
        if aliases:
            accepted += " or aliases " + ", ".join(f"'{a}...'" for a in aliases)
        self._problem = f"expected {accepted} (e.g. {example}); {how_to_find}"
        self.description = f"{noun.capitalize()} ID, like {example}"
        if aliases:
            self.description += (
                " (also accepted: " + ", ".join(f"{a}<value>" for a in aliases) + ")"
            )
        if by_name:
            self.description += f", or the {noun}'s name (resolved to its ID)"
        if numbered:
            self.description += f", or the {noun} number shown in Front's app (e.g. 9648)"

    def __repr__(self) -> str:
        return f"IdKind({self.noun!r})"

    def __call__(self, value: str) -> str:
        value = value.strip()
        if len(value) > MAX_ID_LENGTH:
            raise ValueError(
                f"a {len(value):,}-character value is not a {self.noun} ID (IDs and aliases have "
                f"at most {MAX_ID_LENGTH} characters); {self.how_to_find}"
            )
        if self._regex.match(value):
            if self.numbered and not self._id_regex.match(value):
                return self.prefix + to_base36(int(value.lstrip("#")))
            return value
        if self.by_name and value and value.isprintable():
            return value  # a name: the tool resolves it (tools/_names.py)
        raise ValueError(f"{value!r} is not a {self.noun} ID: {self._problem}")

    def is_id(self, value: str) -> bool:
        """Whether ``value`` is an ID or ``alt:`` alias of this kind (not a name)."""
        return bool(self._id_regex.match(value))

    def field(self) -> Any:
        """The pydantic ``Field``: description, pattern and length bound for the JSON schema.

        A kind that accepts names has no pattern: any name is valid input.
        """
        extra: dict[str, Any] = {"maxLength": MAX_ID_LENGTH}
        if not self.by_name:
            extra["pattern"] = self.pattern
        return Field(description=self.description, json_schema_extra=extra)


def to_base36(number: int) -> str:
    """Front's ID digits for the number its app shows (``9648`` -> ``7g0``)."""
    if number < 0:
        raise ValueError("a conversation number is not negative")
    digits = ""
    while True:
        number, rem = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rem] + digits
        if not number:
            return digits


CONVERSATION = IdKind(
    "cnv_",
    "conversation",
    "cnv_yo1kg5q",
    "search or list conversations to find a valid one",
    numbered=True,
)
TEAMMATE = IdKind(
    "tea_",
    "teammate",
    "tea_6r55a",
    "list teammates to find one, or use alt:email:<their email>",
    ("alt:email:",),
    by_name=True,
)
TAG = IdKind("tag_", "tag", "tag_2oxhvy", "list tags to find one", by_name=True)
INBOX = IdKind("inb_", "inbox", "inb_4bj7r", "list inboxes to find one", by_name=True)
CHANNEL = IdKind(
    "cha_",
    "channel",
    "cha_8a3k2",
    "list channels to find one, or use alt:address:<address>",
    ("alt:address:",),
)
CONTACT = IdKind(
    "crd_",
    "contact",
    "crd_1kl0j5",
    "find the contact by email or phone first (front_find_contact)",
    ("alt:",),
)

ConversationId = Annotated[str, AfterValidator(CONVERSATION), CONVERSATION.field(), CONVERSATION]
TeammateRef = Annotated[str, AfterValidator(TEAMMATE), TEAMMATE.field(), TEAMMATE]
TagId = Annotated[str, AfterValidator(TAG), TAG.field(), TAG]
InboxId = Annotated[str, AfterValidator(INBOX), INBOX.field(), INBOX]
ChannelRef = Annotated[str, AfterValidator(CHANNEL), CHANNEL.field(), CHANNEL]
ContactRef = Annotated[str, AfterValidator(CONTACT), CONTACT.field(), CONTACT]
#: Tag and inbox fields accept a name as well as an ID (resolved in the tool's steps).
TagRef = TagId
InboxRef = InboxId

Limit = Annotated[
    int,
    Field(ge=1, le=100, description="How many results to return in this page (1-100)."),
]
PageToken = Annotated[
    str | None,
    Field(
        max_length=MAX_PAGE_TOKEN_LENGTH,
        description=(
            "Leave empty for the first page. To get the next page, pass the page_token given "
            "in the previous result's 'More results' line."
        ),
    ),
]


def _kinds_in(annotation: Any) -> Iterator[IdKind]:
    """The ID kinds inside a type annotation (through Annotated, Optional, list...)."""
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, IdKind):
            yield meta
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _kinds_in(get_args(annotation)[0])
    elif origin in (list, tuple, set, frozenset, Union, types.UnionType):
        for arg in get_args(annotation):
            yield from _kinds_in(arg)


def id_fields(schema: type[BaseModel]) -> dict[str, IdKind]:
    """The fields of an args model that hold Front IDs, with their kinds."""
    found: dict[str, IdKind] = {}
    for name, info in schema.model_fields.items():
        kinds = [m for m in info.metadata if isinstance(m, IdKind)]
        kinds += list(_kinds_in(info.annotation))
        if kinds:
            found[name] = kinds[0]
    return found


def not_found_hint(args: BaseModel | None, message: str) -> str:
    """What to do after a 404: how to find a valid ID for the ID the call named.

    The fields whose value Front's message names come first; when the message names none, every
    ID field of the call is covered. Empty when the call has no ID field.
    """
    if args is None:
        return ""
    fields = id_fields(type(args))
    named: list[IdKind] = []
    given: list[IdKind] = []
    for name, kind in fields.items():
        value = getattr(args, name, None)
        candidates = value if isinstance(value, (list, tuple)) else [value]
        values: list[str] = [v for v in candidates if isinstance(v, str) and v]
        if not values:
            continue
        given.append(kind)
        if any(v in message for v in values):
            named.append(kind)
    chosen = list(dict.fromkeys(named or given))
    return "; ".join(f"check the {kind.noun} ID: {kind.how_to_find}" for kind in chosen)
