"""examples/approval_inbox in a real headless browser: approve one, edit one, reject one.

Three triage runs (examples/triage_graph.py) pause on their reply; the inbox is served by uvicorn
on a free loopback port; Debian's Chromium, driven by Playwright, reads the page and clicks. After
each decision the test checks what reached the Front double. Playwright's own browsers are never
downloaded: the test uses ``/usr/bin/chromium`` (``.ci/run`` installs it) and skips, saying why,
where it is absent outside CI. The form checks that need no browser use Starlette's test client.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from langchain_front import FrontToolkit
from langchain_front.policy import MemoryAuditSink
from langchain_front.testing import FrontDouble
from langchain_front.testing.served import free_port

INBOX_DIR = Path(__file__).resolve().parents[2] / "examples" / "approval_inbox"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sys.path.insert(0, str(INBOX_DIR))
import serve  # noqa: E402  (examples/approval_inbox/serve.py)
from inbox import ALREADY_DECIDED, create_app  # noqa: E402  (examples/approval_inbox/inbox.py)

sent_bodies = serve.TRIAGE["sent_bodies"]
APPROVED, EDITED, REJECTED = serve.CONVERSATIONS


class Served:
    """The inbox served by uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="inbox", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the inbox did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def inbox_app(path: Path, double: FrontDouble, audit: MemoryAuditSink | None = None) -> Any:
    """The runs pause in one graph; the inbox gets another graph object on the same SQLite file
    (as when the agent and the inbox are separate processes, or either restarted)."""
    serve.demo(path, double)
    toolkit = FrontToolkit.offline(double, audit=audit)
    graph = serve.TRIAGE["build_graph"](toolkit, serve.TRIAGE["open_checkpointer"](path))
    return create_app(graph, toolkit.client, reviewer=lambda request: "ava.chen")


@pytest.fixture
def audit() -> MemoryAuditSink:
    return MemoryAuditSink()


@pytest.fixture
def served(tmp_path: Path, double: FrontDouble, audit: MemoryAuditSink) -> Iterator[Served]:
    with Served(inbox_app(tmp_path / "inbox.sqlite", double, audit)) as server:
        yield server


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium: .ci/run installs it with apt-get")
        pytest.skip(
            "Chromium is not installed (apt-get install -y chromium; .ci/run installs it), so "
            "the approval inbox's browser test cannot run here"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_inbox(browser: Any, served: Served) -> Any:
    """A new reviewer: a fresh browser context on the inbox page."""
    tab = browser.new_context().new_page()
    tab.set_default_timeout(30_000)
    tab.goto(served.url)
    return tab


@pytest.fixture
def page(browser: Any, served: Served) -> Any:
    return open_inbox(browser, served)


def card(page: Any, conversation_id: str) -> Any:
    return page.locator(f"article[data-conversation='{conversation_id}']")


def posts(double: FrontDouble, conversation_id: str) -> int:
    url = f"https://api2.frontapp.com/conversations/{conversation_id}/messages"
    return sum(1 for request in double.requests if request == ("POST", url))


def test_review_approve_edit_and_reject_in_a_browser(
    page: Any, double: FrontDouble, audit: MemoryAuditSink
) -> None:
    # The list: three runs paused on their reply, nothing sent yet.
    assert page.locator("#count").inner_text() == "3"
    assert page.locator("article.request").count() == 3
    assert all(posts(double, c) == 0 for c in serve.CONVERSATIONS)
    assert all(sent_bodies(double, c) == [] for c in serve.CONVERSATIONS)

    # Each request as a person reads it: the conversation, the customer, the text, the effect.
    first = card(page, APPROVED)
    assert "Can't log in to the portal" in first.locator("h2").inner_text()
    assert "Raj Kumar" in first.locator(".customer").inner_text()
    assert "invalid password" in first.locator(".conversation").inner_text()
    text = first.locator("pre.text").inner_text()
    assert text.startswith("Hi Raj,") and "reset your portal access" in text
    assert "leaves Front at once" in first.locator(".effect-text").inner_text()
    assert "POST" in first.locator("pre.requests").text_content()

    # Approve: sent once, with exactly the text shown.
    first.get_by_role("button", name="Approve and send").click()
    page.wait_for_selector("#count:text-is('2')")
    assert posts(double, APPROVED) == 1
    (body,) = sent_bodies(double, APPROVED)
    assert "Hi Raj," in body and "reset your portal access" in body
    assert "Triaged and answered" in page.locator("#outcomes").inner_text()

    # Edit: the textarea's text is what Front receives.
    second = card(page, EDITED)
    assert "Jane Doe" in second.locator(".customer").inner_text()
    edited = "Hi Jane, the refund of the duplicate charge left our bank today."
    second.locator("textarea[name=text]").fill(edited)
    second.get_by_role("button", name="Send edited").click()
    page.wait_for_selector("#count:text-is('1')")
    assert posts(double, EDITED) == 1
    assert sent_bodies(double, EDITED) == [edited]

    # Reject with a reason: Front receives nothing, and the agent read the reason.
    before = len(double.requests)
    third = card(page, REJECTED)
    third.locator("input[name=reason]").fill("Refunds go through finance first")
    third.get_by_role("button", name="Reject").click()
    page.wait_for_selector("#empty")
    assert posts(double, REJECTED) == 0
    assert sent_bodies(double, REJECTED) == []
    assert [r for r in double.requests[before:] if r[0] != "GET"] == []  # no change at all
    outcomes = page.locator("#outcomes").inner_text()
    assert "Not sent" in outcomes and "Refunds go through finance first" in outcomes
    assert page.locator("article.request").count() == 0

    # The audit trail names the reviewer on each decision, and has exactly two sends.
    decisions = [
        (e.conversation_id, e.decision, e.approver) for e in audit.events if e.kind == "decision"
    ]
    assert decisions == [
        (APPROVED, "approve", "ava.chen"),
        (EDITED, "edit", "ava.chen"),
        (REJECTED, "reject", "ava.chen"),
    ]
    sent = [e.conversation_id for e in audit.events if e.operation == "create-message-reply"]
    assert sent == [APPROVED, EDITED]


def test_a_decided_request_is_not_decided_twice(
    browser: Any, served: Served, page: Any, double: FrontDouble
) -> None:
    """Two reviewers on the same page: the second approval of one request does nothing."""
    other = open_inbox(browser, served)
    card(page, APPROVED).get_by_role("button", name="Approve and send").click()
    page.wait_for_selector("#count:text-is('2')")
    card(other, APPROVED).get_by_role("button", name="Approve and send").click()
    other.wait_for_selector("#outcomes")
    assert "Already decided" in other.locator("#outcomes").inner_text()
    assert posts(double, APPROVED) == 1


# ----------------------------------------------------------------------------- without a browser


@pytest.fixture
def web(tmp_path: Path, double: FrontDouble) -> Iterator[TestClient]:
    with TestClient(inbox_app(tmp_path / "inbox.sqlite", double)) as client:
        yield client


def form_of(web: TestClient, conversation_id: str) -> dict[str, str]:
    """The hidden fields of a conversation's approve form, read from the page."""
    page = web.get("/").text
    card = page[page.index(f"data-conversation='{conversation_id}'") :]
    fields = dict(re.findall(r"name='(thread_id|interrupt_id)' value='([^']*)'", card)[:2])
    assert set(fields) == {"thread_id", "interrupt_id"}
    return fields


def test_a_cross_site_post_is_refused(web: TestClient, double: FrontDouble) -> None:
    fields = {**form_of(web, APPROVED), "decision": "approve"}
    answer = web.post("/decide", data=fields, headers={"sec-fetch-site": "cross-site"})
    assert answer.status_code == 403
    assert posts(double, APPROVED) == 0


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"decision": "reject", "reason": "  "}, "A rejection needs a reason"),
        ({"decision": "edit", "text": " "}, "The edited message is empty"),
        ({"decision": "respond"}, "respond is not a decision this request allows"),
    ],
)
def test_an_incomplete_decision_sends_nothing_and_says_why(
    web: TestClient, double: FrontDouble, form: dict[str, str], message: str
) -> None:
    answer = web.post("/decide", data={**form_of(web, APPROVED), **form})
    assert answer.status_code == 200  # after the redirect to the list
    assert message in answer.text
    assert posts(double, APPROVED) == 0
    assert "<span id='count'>3</span>" in answer.text  # still waiting


def test_two_reviewers_approving_at_once_send_once(web: TestClient, double: FrontDouble) -> None:
    """Both clicks arrive together: the run resumes once, the other click is told so."""
    inbox = web.app.state.inbox  # type: ignore[attr-defined]
    form = {**form_of(web, APPROVED), "decision": "approve"}
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def click(reviewer: str) -> None:
        start.wait()
        outcomes.append(inbox.decide(form, reviewer).detail)

    clicks = [threading.Thread(target=click, args=(name,)) for name in ("ava", "ben")]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(60)
    assert posts(double, APPROVED) == 1
    assert sorted(o == ALREADY_DECIDED for o in outcomes) == [False, True]
