"""State checks the tasks run on the Front double after their calls (one per kind of state)."""

from __future__ import annotations

from typing import Any

CNV = "cnv_7g0"


def conv(double: Any, conv_id: str) -> Any:
    return double.store.conversations[conv_id]


def tags_are(conv_id: str, expected: set[str]) -> Any:
    def check(double: Any) -> str | None:
        tags = set(conv(double, conv_id).tag_ids)
        return None if tags == expected else f"{conv_id} tags {sorted(tags)} != {sorted(expected)}"

    return check


def assignee_is(conv_id: str, expected: str | None) -> Any:
    def check(double: Any) -> str | None:
        found = conv(double, conv_id).assignee_id
        return None if found == expected else f"{conv_id} assignee {found} != {expected}"

    return check


def state_is(conv_id: str, expected: str) -> Any:
    def check(double: Any) -> str | None:
        found = conv(double, conv_id).state
        return None if found == expected else f"{conv_id} state {found} != {expected}"

    return check
