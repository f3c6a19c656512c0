"""An approval inbox: the runs paused for a human, read from the checkpointer, decided in a form.

``create_app(graph, client)`` is a Starlette app for any compiled LangGraph graph with a
checkpointer whose Front tools pause for approval (the toolkit's policy makes a send or a
destructive call ``interrupt()`` with an ``ApprovalRequest``). It is server-rendered with plain
HTML forms and no JavaScript:

- ``GET /`` lists every pending approval of every thread: the conversation (its last messages,
  read from Front), the customer, the exact text to be sent, what the effect means, and the
  exact Front request; then three forms: approve, edit (a textarea with the message text), and
  reject with a reason.
- ``POST /decide`` resumes the run with ``Command(resume={interrupt_id: decision})`` and comes
  back to the list with the outcome (what the model said next).

The app holds no state of its own: the checkpointer is the queue, so several reviewers, a
restart of the app or of the agent's process lose nothing, and a request decided by someone
else is reported as such instead of being decided twice (decisions on one run are serialized
by a lock: run one inbox process, or replace the lock with a row lock in your database).

It shows the interrupts of the tools themselves (``"kind": "front_approval"``); with LangChain's
``HumanInTheLoopMiddleware`` the pause is the middleware's, which a UI answers in its format.

REAL APP: put it behind your sign-in and take ``reviewer`` from the signed-in user (see
examples/oauth_web_app.py for a session, a CSRF token and a same-origin check); listing threads
with ``checkpointer.list(None)`` reads every checkpoint, so a busy deployment keeps its own index
of paused runs (a table written when a run pauses) instead. Each page view reads each pending
conversation's last messages from Front (one request each, counted in Front's rate limit).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from inbox_page import Pending, render_page  # examples/approval_inbox/inbox_page.py
from langchain_core.runnables import RunnableConfig
from langgraph.types import Command
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from langchain_front import FrontClient, FrontError

ALREADY_DECIDED = "Already decided (or no longer waiting): nothing done."


@dataclass
class Outcome:
    """What happened to one decision, shown at the top of the page."""

    thread_id: str
    decision: str
    detail: str


@dataclass
class Inbox:
    """The pending approvals of a graph, and how to answer them."""

    graph: Any
    client: FrontClient | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _locks_lock: threading.Lock = field(default_factory=threading.Lock)

    def lock(self, thread_id: str) -> threading.Lock:
        """One decision at a time per run: two reviewers clicking at once resume it once."""
        with self._locks_lock:
            return self._locks.setdefault(thread_id, threading.Lock())

    def thread_ids(self) -> list[str]:
        """Every thread the checkpointer knows, most recently saved first."""
        seen: dict[str, None] = {}
        for saved in self.graph.checkpointer.list(None):
            seen.setdefault(str(saved.config["configurable"]["thread_id"]), None)
        return list(seen)

    def pending(self) -> Iterator[Pending]:
        """Every interrupt waiting on a Front approval, thread by thread."""
        for thread_id in self.thread_ids():
            state = self.graph.get_state(_config(thread_id))
            for waiting in state.interrupts:
                value = waiting.value
                if isinstance(value, dict) and value.get("kind") == "front_approval":
                    yield Pending(thread_id, waiting.id, value, self.conversation(value))

    def conversation(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        """The conversation's last messages, oldest first, as Front has them now."""
        conversation_id = request.get("conversation_id")
        if self.client is None or not conversation_id:
            return []
        try:
            messages = list(
                self.client.paginate(
                    "list-conversation-messages",
                    path_params={"conversation_id": conversation_id},
                    max_items=5,
                    page_size=5,
                )
            )
        except FrontError as exc:
            return [{"error": str(exc)}]
        return list(reversed(messages))

    def find(self, thread_id: str, interrupt_id: str) -> Pending | None:
        """The pending approval, if it is still waiting (someone may have decided it)."""
        state = self.graph.get_state(_config(thread_id))
        for waiting in state.interrupts:
            if waiting.id == interrupt_id:
                return Pending(thread_id, waiting.id, waiting.value, [])
        return None

    def decide(self, form: dict[str, str], reviewer: str) -> Outcome:
        """Resume the run with the reviewer's decision; what the model said next."""
        thread_id, interrupt_id = form.get("thread_id", ""), form.get("interrupt_id", "")
        kind = form.get("decision", "")
        with self.lock(thread_id):
            pending = self.find(thread_id, interrupt_id)
            if pending is None:
                return Outcome(thread_id, kind, ALREADY_DECIDED)
            decision = decision_of(kind, form, pending.request, reviewer)
            if isinstance(decision, str):
                return Outcome(thread_id, kind, decision)
            result = self.graph.invoke(Command(resume={interrupt_id: decision}), _config(thread_id))
        messages = result.get("messages") or []
        said = str(messages[-1].content) if messages else "(no message)"
        return Outcome(thread_id, kind, said)


def decision_of(
    kind: str, form: dict[str, str], request: dict[str, Any], reviewer: str
) -> dict[str, Any] | str:
    """The resume value for the tool, or a message saying what is wrong with the form."""
    if kind not in request.get("allowed_decisions", ()):
        allowed = ", ".join(request.get("allowed_decisions") or ())
        return f"{kind or '(none)'} is not a decision this request allows (choose: {allowed})."
    if kind == "approve":
        return {"type": "approve", "approver": reviewer}
    if kind == "reject":
        reason = form.get("reason", "").strip()
        if not reason:
            return "A rejection needs a reason: the agent reads it."
        return {"type": "reject", "reason": reason, "approver": reviewer}
    args = dict(request.get("args") or {})
    text = form.get("text", "").replace("\r\n", "\n")
    if "body" in args:
        if not text.strip():
            return "The edited message is empty; reject instead if nothing should be sent."
        args["body"] = text
    else:
        try:
            args = json.loads(text)
        except ValueError as exc:
            return f"The edited arguments are not JSON: {exc}."
    return {"type": "edit", "args": args, "approver": reviewer}


def _config(thread_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread_id}}


def same_origin(request: Request) -> bool:
    """What the browser says about where a POST comes from (a CSRF defence)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


async def small_form(request: Request, limit: int = 200_000) -> dict[str, str] | None:
    """An urlencoded form body of at most ``limit`` bytes, or ``None``."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return dict(parse_qsl(body.decode("utf-8", "replace"), max_num_fields=10))


def create_app(
    graph: Any,
    client: FrontClient | None = None,
    *,
    reviewer: Callable[[Request], str] = lambda request: "reviewer",
) -> Starlette:
    """The inbox for ``graph`` (compiled with a checkpointer); ``client`` reads conversations."""
    inbox = Inbox(graph, client)

    async def index(request: Request) -> Response:
        pending = await run_in_threadpool(lambda: list(inbox.pending()))
        return HTMLResponse(render_page(pending, inbox.outcomes[-5:][::-1]))

    async def decide(request: Request) -> Response:
        if not same_origin(request):
            return PlainTextResponse("Cross-site form posts are refused.", status_code=403)
        form = await small_form(request)
        if form is None:
            return PlainTextResponse("The form is too large.", status_code=413)
        outcome = await run_in_threadpool(inbox.decide, form, reviewer(request))
        inbox.outcomes.append(outcome)
        del inbox.outcomes[:-20]  # the page shows the last five
        return RedirectResponse("/", status_code=303)

    app = Starlette(
        routes=[Route("/", index), Route("/decide", decide, methods=["POST"])],
    )
    app.state.inbox = inbox
    return app
