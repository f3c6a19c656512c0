"""The one table of operations whose effect was reviewed by hand, each with its reason.

The generator (``scripts/generate_catalog.py``) classifies every operation by a rule first:

* ``destructive``: method DELETE, or a ``*:delete`` scope (something is removed);
* ``send``: a ``*:send`` scope (a message leaves Front for a customer);
* ``read``: method GET;
* ``write``: everything else.

Then it applies this table, which wins over the rule: an operation listed here gets the
reviewed ``effect``, and ``irreversible=True`` marks a permanent delete, which the catalog keeps
(``Operation.irreversible``) so that the operation search says it cannot be undone. Every
operation was reviewed against its spec text; those not listed do what the rule says.
``tests/unit_tests/test_effects.py`` checks all 244 against the rule plus this table.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Review(NamedTuple):
    """The reviewed effect of one operation and why."""

    effect: str
    reason: str
    irreversible: bool = False


_GONE = "deletes the {what} for good; Front has no way to restore it"

#: operation id -> its reviewed effect. Keep it sorted by operation id.
EFFECT_REVIEW: dict[str, Review] = {
    "create-analytics-export": Review(
        "read", "computes an export of existing data; changes nothing (scope analytics:read)"
    ),
    "create-analytics-report": Review(
        "read", "computes metrics of existing data; changes nothing (scope analytics:read)"
    ),
    "delete-a-contact": Review("destructive", _GONE.format(what="contact"), irreversible=True),
    "delete-a-knowledge-base-category": Review(
        "destructive",
        "deletes the category and every article in it for good",
        irreversible=True,
    ),
    "delete-an-account": Review("destructive", _GONE.format(what="account"), irreversible=True),
    "delete-an-article": Review(
        "destructive",
        "deletes the article with all its content and translations for good",
        irreversible=True,
    ),
    "delete-company-teammate-group": Review(
        "destructive", _GONE.format(what="teammate group"), irreversible=True
    ),
    "delete-contact-list": Review(
        "destructive", _GONE.format(what="contact list"), irreversible=True
    ),
    "delete-conversation": Review(
        "destructive",
        "permanently deletes a trashed conversation; the spec says it cannot be undone",
        irreversible=True,
    ),
    "delete-draft": Review("destructive", _GONE.format(what="draft"), irreversible=True),
    "delete-folder": Review(
        "destructive",
        "deletes the template folder with its child folders and templates for good",
        irreversible=True,
    ),
    "delete-group": Review("destructive", _GONE.format(what="contact group"), irreversible=True),
    "delete-message-template": Review(
        "destructive", _GONE.format(what="message template"), irreversible=True
    ),
    "delete-signature": Review("destructive", _GONE.format(what="signature"), irreversible=True),
    "delete-tag": Review(
        "destructive",
        "deletes the tag for good and takes it off every conversation that has it",
        irreversible=True,
    ),
    "delete-time-off": Review("destructive", _GONE.format(what="time off"), irreversible=True),
    "merge-contacts": Review(
        "destructive",
        "a POST with scope contacts:write, but it deletes the merged-in contacts for good",
        irreversible=True,
    ),
    "update-conversation": Review(
        "write",
        "kept write: status 'deleted' only moves to the trash (restorable); note that tag_ids "
        "and custom_fields replace the whole set",
    ),
}


def apply_effect_review(operations: list[dict[str, Any]]) -> None:
    """Give the catalog records this table names their reviewed effect (``ValueError`` when it
    names an operation the spec no longer has)."""
    by_id = {record["id"]: record for record in operations}
    stale = sorted(set(EFFECT_REVIEW) - set(by_id))
    if stale:
        raise ValueError(f"EFFECT_REVIEW names unknown operations: {', '.join(stale)}")
    for op_id, review in EFFECT_REVIEW.items():
        by_id[op_id]["effect"] = review.effect
        by_id[op_id]["irreversible"] = review.irreversible
