"""The typed Front event: one model for application webhooks, rule webhooks and ``list-events``.

Front sends the same event object in all three (``id``, ``type``, ``emitted_at``, ``conversation``,
``source``, ``target``), though webhook ``type`` names differ from the API's (``inbound_received``
there, ``inbound`` here) and a rule may send a preview with fewer fields. The model therefore keeps
every field it does not know (``extra="allow"``) and types only what handlers need.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["EventParty", "FrontEvent"]


class EventParty(BaseModel):
    """An event's ``source`` or ``target``: ``_meta.type`` names the kind of ``data``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    meta: dict[str, Any] | None = Field(default=None, alias="_meta")
    data: Any = None

    @property
    def kind(self) -> str | None:
        """``_meta.type``: ``message``, ``inboxes``, ``teammate``, ``tag``, ``rule``..."""
        kind = (self.meta or {}).get("type")
        return str(kind) if kind is not None else None


class FrontEvent(BaseModel):
    """A Front event (``evt_...``), tolerant of fields Front adds later."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str = Field(description="The event ID (evt_...), the deduplication key.")
    type: str = Field(description="inbound, assign, tag... (webhooks: inbound_received...)")
    emitted_at: float | None = Field(default=None, description="Unix seconds.")
    conversation: dict[str, Any] | None = None
    source: EventParty | None = None
    target: EventParty | None = None

    @classmethod
    def from_payload(cls, payload: dict[str, Any], raw: bytes = b"") -> FrontEvent:
        """Parse a webhook body or a ``list-events`` item. A payload without ``id`` (a rule's
        preview) gets one derived from its bytes, so identical retries still deduplicate."""
        if not payload.get("id"):
            digest = hashlib.sha256(raw or repr(sorted(payload.items())).encode()).hexdigest()
            payload = {**payload, "id": f"evt_sha256_{digest[:32]}"}
        if not payload.get("type"):
            payload = {**payload, "type": "unknown"}
        return cls.model_validate(payload)

    @property
    def conversation_id(self) -> str | None:
        """The conversation's ID (``cnv_...``), if the event concerns one."""
        conv = self.conversation or {}
        value = conv.get("id")
        return str(value) if value else None

    @property
    def message(self) -> dict[str, Any] | None:
        """The message the event is about (the target of ``inbound``, ``outbound``...)."""
        if self.target is not None and self.target.kind == "message":
            data = self.target.data
            return data if isinstance(data, dict) else None
        return None

    @property
    def inbox_ids(self) -> list[str]:
        """IDs of the inboxes named by the event (its source or target ``inboxes``), in order."""
        found: list[str] = []
        for party in (self.source, self.target):
            if party is None or party.kind != "inboxes":
                continue
            items = party.data if isinstance(party.data, list) else [party.data]
            for item in items:
                if isinstance(item, dict) and item.get("id") and item["id"] not in found:
                    found.append(str(item["id"]))
        return found

    def summary(self) -> str:
        """One line for logs and for a graph's first message: type, conversation, subject."""
        parts = [f"Front event {self.type} ({self.id})"]
        if self.conversation_id:
            subject = (self.conversation or {}).get("subject")
            parts.append(f"on conversation {self.conversation_id}")
            if subject:
                parts.append(f"subject {subject!r}")
        message = self.message
        if message and message.get("id"):
            parts.append(f"message {message['id']}")
        return ", ".join(parts)
