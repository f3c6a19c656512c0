"""Model-facing text for every tool result.

Everything a tool hands back to the model goes through this package, so all tools are compact in
the same way and the size of their output can be measured in one place. One module per resource:
a tool imports its renderer from the resource's module
(``from langchain_front.tools.render.contacts import render_contact``); this face re-exports the
renderers for applications that format Front JSON themselves.

Conventions of the text produced here:

* plain ``key: value`` lines (one-line renderers use `` | `` between fields), never ``_links``,
  raw HTML, nulls or empty fields; the one exception is :func:`render_generic`, which emits
  compact JSON because it must handle any of Front's operations;
* IDs are always shown (``cnv_``, ``msg_``, ``tea_``...) so the model can act on them; people are
  written ``Name (tea_id)`` (teammates) or ``Name <handle>`` (contacts and recipients);
* times are ISO-8601 UTC with a ``Z`` suffix (Front sends Unix epoch seconds as floats);
* HTML bodies become plain text (:mod:`.html`), and long texts end with a visible
  ``… [trimmed N more characters]`` note.

Every field may be missing, null or of an unexpected type: the renderers never raise on odd input.

Modules: :mod:`.text` (primitives), :mod:`.conversations`, :mod:`.messages`, :mod:`.contacts`,
:mod:`.accounts`, :mod:`.events`, :mod:`.analytics`, :mod:`.workspace`, :mod:`.lists` and
:mod:`.generic`.
"""

from __future__ import annotations

from langchain_front.tools.render.accounts import render_account, render_account_line
from langchain_front.tools.render.analytics import render_metrics
from langchain_front.tools.render.contacts import (
    render_contact,
    render_contact_line,
    render_note_line,
)
from langchain_front.tools.render.conversations import (
    render_conversation,
    render_conversation_line,
)
from langchain_front.tools.render.events import render_event_line
from langchain_front.tools.render.generic import render_generic
from langchain_front.tools.render.lists import render_list
from langchain_front.tools.render.messages import render_accepted, render_message
from langchain_front.tools.render.text import (
    DEFAULT_BODY_CHARS,
    DEFAULT_MAX_CHARS,
    format_time,
    html_to_text,
    more_results,
    truncate,
)
from langchain_front.tools.render.workspace import (
    render_channel_line,
    render_identity,
    render_inbox_line,
    render_tag_line,
    render_teammate_line,
)

__all__ = [
    "DEFAULT_BODY_CHARS",
    "DEFAULT_MAX_CHARS",
    "format_time",
    "html_to_text",
    "more_results",
    "render_accepted",
    "render_account",
    "render_account_line",
    "render_channel_line",
    "render_contact",
    "render_contact_line",
    "render_conversation",
    "render_conversation_line",
    "render_event_line",
    "render_generic",
    "render_identity",
    "render_inbox_line",
    "render_list",
    "render_message",
    "render_metrics",
    "render_note_line",
    "render_tag_line",
    "render_teammate_line",
    "truncate",
]
