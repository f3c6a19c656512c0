"""The inbox's one page, as HTML: each pending approval as a person reads it, and its forms.

Plain string building with ``html.escape`` on every value (no template engine to install, no
JavaScript): what the customer wrote, who the customer is, the exact text that would leave, what
the effect means, the exact Front request, and the three decisions as ordinary forms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from typing import Any

#: What each effect means for the person deciding.
EFFECTS = {
    "send": "Sends a message to the customer: it leaves Front at once and cannot be recalled.",
    "destructive": "Removes or overwrites data in Front; it may not be possible to undo.",
    "write": "Changes Front (teammates see it; the customer does not).",
    "read": "Only reads Front.",
}

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;
color:#1d1d1f}
article{border:1px solid #d0d0d7;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin:.2rem 0}h3{font-size:.95rem;margin:.8rem 0 .3rem}
.meta{color:#555;font-size:.85rem}.effect{padding:.1rem .45rem;border-radius:4px;
font-size:.8rem;background:#eee}.effect-send,.effect-destructive{background:#fde2e1;color:#8a1c12}
.message{border-left:3px solid #ccd;padding:.2rem .6rem;margin:.4rem 0}
.message.outbound{border-color:#7a9}.who{color:#555;font-size:.85rem}
pre{white-space:pre-wrap;font:inherit;margin:.2rem 0}
.text{background:#f6f8fa;border:1px solid #d0d7de;padding:.6rem;border-radius:6px}
.decisions{display:grid;grid-template-columns:1fr 2fr 1.4fr;gap:1rem;margin-top:1rem}
textarea{width:100%;min-height:8rem;font:inherit}input[name=reason]{width:100%}
#outcomes li{margin:.3rem 0}
"""


@dataclass
class Pending:
    """One approval a run waits for: its thread, interrupt, request and conversation."""

    thread_id: str
    interrupt_id: str
    request: dict[str, Any]
    conversation: list[dict[str, Any]]


def render_page(pending: list[Pending], outcomes: list[Any]) -> str:
    """The whole page: recent decisions, then every pending approval."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Approvals ({len(pending)})</title><style>{_STYLE}</style></head><body>",
        f"<h1>Waiting for approval: <span id='count'>{len(pending)}</span></h1>",
        "<p class='meta'><a href='/'>Refresh</a> (the page does not refresh by itself, so an "
        "edit in progress is never lost).</p>",
    ]
    if outcomes:
        parts.append("<section id='outcomes'><h3>Recent decisions</h3><ul>")
        parts.extend(
            f"<li data-thread='{escape(o.thread_id)}'><strong>{escape(o.decision)}</strong> "
            f"<code>{escape(o.thread_id)}</code>: {escape(o.detail)}</li>"
            for o in outcomes
        )
        parts.append("</ul></section>")
    if not pending:
        parts.append("<p id='empty'>No runs are waiting for approval.</p>")
    parts.extend(render_request(item) for item in pending)
    parts.append("</body></html>")
    return "".join(parts)


def render_request(item: Pending) -> str:
    """One pending approval as a card with its three forms."""
    request = item.request
    args = request.get("args") or {}
    effect = str(request.get("effect", "send"))
    conversation_id = str(request.get("conversation_id") or "")
    has_body = "body" in args
    outgoing = str(args["body"]) if has_body else json.dumps(args, indent=2, ensure_ascii=False)
    hidden = (
        f"<input type='hidden' name='thread_id' value='{escape(item.thread_id)}'>"
        f"<input type='hidden' name='interrupt_id' value='{escape(item.interrupt_id)}'>"
    )
    allowed = set(request.get("allowed_decisions") or ())
    forms = []
    if "approve" in allowed:
        forms.append(
            f"<form method='post' action='/decide' class='approve'>{hidden}"
            "<input type='hidden' name='decision' value='approve'>"
            f"<button>Approve{' and send' if effect == 'send' else ''}</button></form>"
        )
    if "edit" in allowed:
        label = "Edit the message" if has_body else "Edit the arguments (JSON)"
        forms.append(
            f"<form method='post' action='/decide' class='edit'>{hidden}"
            f"<label>{label}<textarea name='text'>{escape(outgoing)}</textarea></label>"
            "<button name='decision' value='edit'>"
            f"{'Send edited' if effect == 'send' else 'Run edited'}</button></form>"
        )
    if "reject" in allowed:
        forms.append(
            f"<form method='post' action='/decide' class='reject'>{hidden}"
            "<label>Reason (the agent reads it)<input name='reason' required></label>"
            "<button name='decision' value='reject'>Reject</button></form>"
        )
    what = "Text to be sent" if effect == "send" else "Arguments"
    return (
        f"<article class='request' data-thread='{escape(item.thread_id)}' "
        f"data-conversation='{escape(conversation_id)}'>"
        f"<h2>{escape(str(request.get('subject') or '(no subject)'))} "
        f"<span class='effect effect-{escape(effect)}'>{escape(effect)}</span></h2>"
        f"<p class='meta'>Conversation <code>{escape(conversation_id)}</code> · tool "
        f"<code>{escape(str(request.get('tool')))}</code> · run <code>{escape(item.thread_id)}"
        "</code></p>"
        f"<p class='customer'>Customer: <strong>{escape(str(request.get('recipient') or '?'))}"
        "</strong></p>"
        f"<p class='effect-text'>{escape(EFFECTS.get(effect, EFFECTS['destructive']))}</p>"
        f"{render_conversation(item.conversation)}"
        f"<h3>{what}</h3><pre class='text'>{escape(outgoing)}</pre>"
        "<details><summary>The exact Front request</summary><pre class='requests'>"
        f"{escape(json.dumps(request.get('requests') or [], indent=2, ensure_ascii=False))}"
        "</pre></details>"
        f"<div class='decisions'>{''.join(forms)}</div></article>"
    )


def render_conversation(messages: list[dict[str, Any]]) -> str:
    """The conversation's last messages, as a reader sees them."""
    if not messages:
        return ""
    out = ["<section class='conversation'><h3>The conversation</h3>"]
    for message in messages:
        if "error" in message:
            out.append(f"<p class='meta'>Could not read it: {escape(str(message['error']))}</p>")
            continue
        inbound = bool(message.get("is_inbound"))
        sender = next((r for r in message.get("recipients") or [] if r.get("role") == "from"), {})
        who = sender.get("name") or sender.get("handle") or "?"
        when = _time(message.get("created_at"))
        text = message.get("text") or message.get("blurb") or ""
        out.append(
            f"<div class='message {'inbound' if inbound else 'outbound'}'>"
            f"<div class='who'>{'From' if inbound else 'Sent by'} {escape(str(who))} · "
            f"{escape(when)}</div><pre>{escape(str(text).strip())}</pre></div>"
        )
    out.append("</section>")
    return "".join(out)


def _time(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return ""
    return datetime.fromtimestamp(value, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
