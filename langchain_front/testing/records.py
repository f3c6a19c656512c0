"""The Front double's state records, and the value helpers the store and the double share.

The records (:class:`Conversation`, :class:`Message`, :class:`Comment`...) are the mutable state
behind Front's composed responses; the helpers compare handles, derive plain text from HTML and
make deterministic hex IDs.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ARCHIVED",
    "OPEN",
    "SPAM",
    "TRASHED",
    "Attachment",
    "Comment",
    "Conversation",
    "Message",
    "Recipient",
    "html_to_text",
    "normalize_handle",
    "stable_hex",
]

#: Conversation states (internal): read status is derived from state and assignee.
OPEN, ARCHIVED, TRASHED, SPAM = "open", "archived", "trashed", "spam"

_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_RE = re.compile(r"</?(p|div|br|blockquote|li|ul|ol|h\d)[^>]*>", re.IGNORECASE)
_WS_RE = re.compile(r"[ \t]+")


def html_to_text(body: str) -> str:
    """The plain text of an HTML body (what Front puts in ``text``)."""
    text = _BLOCK_RE.sub("\n", body)
    text = html.unescape(_TAG_RE.sub("", text))
    lines = [_WS_RE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def stable_hex(*parts: object, length: int = 32) -> str:
    """A deterministic hex string from ``parts``."""
    raw = "|".join(str(p) for p in parts)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:length]


def normalize_handle(handle: str) -> str:
    """Handles compare case-insensitively, phone numbers without punctuation."""
    text = handle.strip().lower()
    if re.fullmatch(r"\+?[\d\s().-]{6,}", text):
        return "+" + re.sub(r"\D", "", text) if text.startswith("+") else re.sub(r"\D", "", text)
    return text


# --------------------------------------------------------------------------- state records


@dataclass
class Recipient:
    """One recipient of a message: ``role`` is from / to / cc / bcc / reply-to."""

    handle: str
    role: str
    name: str | None = None


@dataclass
class Conversation:
    """A conversation's mutable state (answered as ``ConversationResponse``)."""

    id: str
    subject: str
    inbox_ids: list[str]
    created_at: float
    updated_at: float
    state: str = OPEN
    assignee_id: str | None = None
    tag_ids: list[str] = field(default_factory=list)
    follower_ids: list[str] = field(default_factory=list)
    type: str = "conversation"
    is_private: bool = False
    snoozed_until: float | None = None
    reminder_owner_id: str | None = None
    merged_into: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    due_at: float | None = None
    description: str | None = None
    status_id: str | None = None
    link_ids: list[str] = field(default_factory=list)


@dataclass
class Message:
    """A message or draft (answered as ``MessageResponse`` plus ``is_draft``)."""

    id: str
    conversation_id: str
    uid: str
    type: str
    is_inbound: bool
    subject: str
    body: str
    created_at: float
    recipients: list[Recipient]
    channel_id: str | None = None
    author_id: str | None = None
    text: str | None = None
    is_draft: bool = False
    draft_mode: str | None = None
    version: str = ""
    replied_to: str | None = None
    attachment_ids: list[str] = field(default_factory=list)
    external_id: str | None = None
    thread_ref: str | None = None


@dataclass
class Comment:
    """A comment (answered as ``CommentResponse``)."""

    id: str
    conversation_id: str
    author_id: str
    body: str
    posted_at: float
    is_pinned: bool = False
    replied_to: str | None = None
    attachment_ids: list[str] = field(default_factory=list)


@dataclass
class Attachment:
    """A file attached to a message (downloadable through ``/download/{id}``)."""

    id: str
    filename: str
    content_type: str
    content: bytes
