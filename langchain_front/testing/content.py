"""The Front double's message templates, signatures and knowledge base: seed data and state.

Kept apart from :mod:`~langchain_front.testing.store` so that these kinds add no field to the
store: :func:`content_of` gives each store its own copy, made on first use and dropped with the
store (a double's ``reset`` makes a new store, hence fresh content).
"""

from __future__ import annotations

import copy
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from langchain_front.testing.seed import SEED, seed_time

if TYPE_CHECKING:
    from langchain_front.testing.store import FrontStore

__all__ = ["CONTENT_SEED", "Content", "content_of"]


@dataclass(frozen=True)
class ContentSeed:
    """The IDs tests and examples refer to."""

    template_id: str = "rsp_1a0"
    private_template_id: str = "rsp_1a3"
    template_ids: tuple[str, ...] = ("rsp_1a0", "rsp_1a1", "rsp_1a2", "rsp_1a3")
    signature_id: str = "sig_2b0"
    team_signature_id: str = "sig_2b1"
    knowledge_base_id: str = "knb_3c0"
    article_id: str = "kba_3c0"
    article_ids: tuple[str, ...] = ("kba_3c0", "kba_3c1", "kba_3c2", "kba_3c3", "kba_3c4")


CONTENT_SEED = ContentSeed()


def _composer(*lines: str) -> str:
    """HTML as Front's composer writes it: a styled ``div`` per line, ``<br>`` for a blank one."""
    style = "font-family: Arial, Helvetica, sans-serif; font-size: 14px"
    return "".join(f'<div style="{style}">{line or "<br>"}</div>' for line in lines)


#: (id, name, subject, HTML body, private owner teammate or None for a shared template)
_TEMPLATES: tuple[tuple[str, str, str | None, str, str | None], ...] = (
    (
        "rsp_1a0",
        "Refund confirmation",
        "Your refund",
        _composer(
            "Hi,",
            "",
            "We have refunded the duplicate charge. The refund shows on your statement within 5 "
            "business days.",
            "",
            "Sorry for the trouble!",
        ),
        None,
    ),
    (
        "rsp_1a1",
        "Shipping delay",
        "About your order",
        _composer(
            "Hi,",
            "",
            "Your order is delayed by our carrier; it ships within 2 days and we will send the "
            "tracking number.",
        ),
        None,
    ),
    (
        "rsp_1a2",
        "Password reset",
        None,
        _composer(
            "Use <b>Forgot password</b> on the sign-in page; the link is valid for 1 hour.",
        ),
        None,
    ),
    (
        "rsp_1a3",
        "Ava's follow-up",
        None,
        _composer("Just checking in: did the refund reach you?"),
        SEED.teammate_id,
    ),
)

#: (id, name, HTML body, owner: a teammate (private) or the team, is_default)
_SIGNATURES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("sig_2b0", "Ava (personal)", _composer("--", "Ava Chen", "Acme Paper Co."), "tea", False),
    ("sig_2b1", "Support team", _composer("--", "The Acme support team"), "team", True),
)

#: (id, name, keywords, HTML content, status)
_ARTICLES: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    (
        "kba_3c0",
        "Refund policy",
        ("refund", "billing"),
        "<h1>Refund policy</h1><p>Duplicate charges are refunded within 5 business days. "
        "Refunds go back to the card that was charged.</p>",
        "published",
    ),
    (
        "kba_3c1",
        "Shipping times",
        ("shipping", "delivery"),
        "<h1>Shipping times</h1><p>Orders ship within 2 business days; delivery takes 3 to "
        "5 days.</p>",
        "published",
    ),
    (
        "kba_3c2",
        "Reset your password",
        ("password", "login"),
        "<h1>Reset your password</h1><ol><li>Open the sign-in page.</li><li>Click "
        "<b>Forgot password</b>.</li></ol>",
        "published",
    ),
    (
        "kba_3c3",
        "Invoices and billing",
        ("invoice", "billing"),
        "<h1>Invoices</h1><p>Invoices are emailed on the 1st of each month. A charge that "
        "appears twice is refunded automatically.</p>",
        "published",
    ),
    (
        "kba_3c4",
        "Damaged items (draft)",
        ("return",),
        "<p>Send a photo of the damaged item to get a replacement.</p>",
        "draft",
    ),
)


@dataclass
class Content:
    """One store's templates, signatures and knowledge base articles (Front-shaped dicts)."""

    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    template_owner: dict[str, str | None] = field(default_factory=dict)
    signatures: dict[str, dict[str, Any]] = field(default_factory=dict)
    signature_owner: dict[str, str] = field(default_factory=dict)
    knowledge_bases: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    article_base: dict[str, str] = field(default_factory=dict)


_CONTENT: weakref.WeakKeyDictionary[FrontStore, Content] = weakref.WeakKeyDictionary()


def content_of(store: FrontStore) -> Content:
    """The content of ``store``, seeded on first use."""
    found = _CONTENT.get(store)
    if found is None:
        found = _CONTENT[store] = _seeded(store)
    return found


def _seeded(store: FrontStore) -> Content:
    content = Content()
    for tid, name, subject, body, owner in _TEMPLATES:
        owner_link = store.url(f"/teammates/{owner}") if owner else None
        content.templates[tid] = {
            "_links": {
                "self": store.url(f"/message_templates/{tid}"),
                "related": {"owner": owner_link},
            },
            "id": tid,
            "name": name,
            "subject": subject,
            "body": body,
            "attachments": [],
            "is_available_for_all_inboxes": True,
            "inbox_ids": None,
        }
        content.template_owner[tid] = owner
    for sid, name, body, owner_kind, is_default in _SIGNATURES:
        owner = SEED.teammate_id if owner_kind == "tea" else SEED.team_id
        kind = "teammates" if owner_kind == "tea" else "teams"
        content.signatures[sid] = {
            "_links": {
                "self": store.url(f"/signatures/{sid}"),
                "related": {"owner": store.url(f"/{kind}/{owner}")},
            },
            "id": sid,
            "name": name,
            "body": body,
            "sender_info": None,
            "is_private": owner_kind == "tea",
            "is_visible_for_all_teammate_channels": True,
            "is_default": is_default,
            "channel_ids": [SEED.channel_id],
        }
        content.signature_owner[sid] = owner
    kb = CONTENT_SEED.knowledge_base_id
    content.knowledge_bases[kb] = {
        "_links": {"self": store.url(f"/knowledge_bases/{kb}")},
        "id": kb,
        "name": "Acme Help Center",
        "status": "published",
        "type": "external",
        "locale": "en",
        "locales": ["en"],
    }
    for index, (aid, name, keywords, html, status) in enumerate(_ARTICLES):
        created = seed_time(30 + index)
        content.articles[aid] = {
            "_links": {
                "self": store.url(f"/knowledge_base_articles/{aid}"),
                "related": {
                    "knowledge_base": store.url(f"/knowledge_bases/{kb}"),
                    "content": store.url(f"/knowledge_base_articles/{aid}/content"),
                    "category": store.url("/knowledge_base_categories/kbc_3c0"),
                },
            },
            "id": aid,
            "slug": f"/articles/{index + 1}",
            "name": name,
            "status": status,
            "keywords": list(keywords),
            "content": html,
            "locale": "en",
            "locales": ["en"],
            "attachments": [],
            "last_edited_at": created,
            "created_at": created,
            "updated_at": created,
        }
        content.article_base[aid] = kb
    return content


def slim_article(article: dict[str, Any]) -> dict[str, Any]:
    """A ``KnowledgeBaseArticleSlimResponse``: what Front lists (no name, no content)."""
    keys = ("_links", "id", "slug", "locales", "created_at", "updated_at")
    return {key: copy.deepcopy(article[key]) for key in keys}
