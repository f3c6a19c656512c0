"""Work over many conversations, for a model: the count before, the outcome after.

The outcome names every conversation that failed with its reason, the ones done (compactly),
and, when the run stopped early, the resume token and why it stopped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from langchain_front.tools.render.text import _str

#: Conversation lines shown in the count-only answer.
PREVIEW_LINES = 10
#: Failures listed one per line (the rest are counted; the artifact has them all).
MAX_FAILURE_LINES = 50
#: IDs listed as done (the rest are counted; the artifact has them all).
MAX_DONE_IDS = 300


def render_count(
    action: str,
    conversations: Sequence[Mapping[str, Any]],
    *,
    capped: bool,
    total: int | None,
) -> str:
    """How many conversations the action would touch, a preview, and how to go ahead."""
    count = len(conversations)
    if not count:
        return "No conversations match: nothing to do."
    of = f" (Front counts {total} matches; at most {count} are handled per call)" if capped else ""
    lines = [f"{count} conversations would get '{action}'{of}. Nothing was changed yet."]
    for conv in conversations[:PREVIEW_LINES]:
        subject = _str(conv.get("subject")) or "(no subject)"
        status = _str(conv.get("status"))
        lines.append(f"- {conv.get('id')} | {subject!r}" + (f" | {status}" if status else ""))
    if count > PREVIEW_LINES:
        lines.append(f"- ... and {count - PREVIEW_LINES} more")
    lines.append("To apply it, call again with the same arguments and confirm=true.")
    return "\n".join(lines)


def render_outcome(
    action: str,
    done: Sequence[str],
    failed: Sequence[tuple[str, str]],
    remaining: int,
    *,
    stopped: str | None,
    resume_token: str | None,
    earlier: tuple[int, int] = (0, 0),
) -> str:
    """``'archive': 138 of 140 done, 2 failed`` with the failures, the IDs done, and a resume
    token when conversations remain."""
    handled = len(done) + len(failed)
    total = handled + remaining
    head = f"'{action}': {len(done)} of {total} conversations done, {len(failed)} failed"
    if earlier != (0, 0):
        head += f" (earlier calls: {earlier[0]} done, {earlier[1]} failed)"
    lines = [head + "."]
    if failed:
        lines.append("Failed:")
        lines += [f"- {cid}: {reason}" for cid, reason in failed[:MAX_FAILURE_LINES]]
        if len(failed) > MAX_FAILURE_LINES:
            lines.append(f"- ... and {len(failed) - MAX_FAILURE_LINES} more (see the artifact)")
    if done:
        shown = ", ".join(done[:MAX_DONE_IDS])
        more = f" and {len(done) - MAX_DONE_IDS} more" if len(done) > MAX_DONE_IDS else ""
        lines.append(f"Done: {shown}{more}.")
    if remaining:
        lines.append(
            f"Stopped before the last {remaining} ({stopped}). To continue where it stopped, "
            f"call again with the same action arguments and resume_token={resume_token}"
        )
    return "\n".join(lines)
