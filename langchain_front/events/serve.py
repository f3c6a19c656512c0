"""``langchain-front events serve``: the webhook receiver under uvicorn, configured from flags
and the environment.

Secrets come from the environment only (``FRONT_WEBHOOK_SECRET`` for application webhooks,
``FRONT_RULE_WEBHOOK_SECRET`` for rule webhooks), never from flags, which other local users can
read in the process list. The handler is ``--handler module:attr``: a callable taking a
:class:`~langchain_front.events.model.FrontEvent`, or a compiled LangGraph graph (anything with
``ainvoke``), run per event by :class:`~langchain_front.events.graph.GraphEventHandler`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from langchain_front.errors import FrontConfigurationError
from langchain_front.events.store import SCHEMES

if TYPE_CHECKING:
    from langchain_front.events.model import FrontEvent

__all__ = ["add_events_parser", "build_app"]

APP_SECRET_ENV = "FRONT_WEBHOOK_SECRET"
RULE_SECRET_ENV = "FRONT_RULE_WEBHOOK_SECRET"

_LOGGER = logging.getLogger("langchain_front.events")


def _log_event(event: FrontEvent) -> None:
    _LOGGER.info("received %s", event.summary())


def load_handler(spec: str | None, ns: argparse.Namespace) -> Any:
    """The object named by ``module:attr`` (a graph is wrapped in a GraphEventHandler); without
    a spec, a handler that logs each event."""
    if not spec:
        return _log_event
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise FrontConfigurationError(f"--handler takes module:attribute, not {spec!r}")
    sys.path.insert(0, os.getcwd())
    target = getattr(importlib.import_module(module_name), attr)
    if hasattr(target, "ainvoke"):
        from langchain_front.events.graph import GraphEventHandler

        users = dict(pair.split("=", 1) for pair in ns.inbox_user or [])
        return GraphEventHandler(
            target,
            types=set(ns.type) if ns.type else None,
            inbox_users=users,
            default_user=ns.default_user,
        )
    if not callable(target):
        raise FrontConfigurationError(f"{spec} is neither a callable nor a graph")
    return target


def build_app(ns: argparse.Namespace) -> Any:
    """The Starlette app for the parsed flags."""
    from langchain_front.events.store import open_event_store
    from langchain_front.events.webhook import webhook_app

    app_secret = os.environ.get(APP_SECRET_ENV)
    rule_secret = os.environ.get(RULE_SECRET_ENV)
    if not app_secret and not rule_secret:
        raise FrontConfigurationError(
            f"set {APP_SECRET_ENV} (application webhooks: your Front app's secret) or "
            f"{RULE_SECRET_ENV} (rule webhooks: the Webhooks app's API secret)"
        )
    return webhook_app(
        load_handler(ns.handler, ns),
        store=open_event_store(ns.store),
        app_secret=app_secret or None,
        rule_secret=rule_secret or None,
        path=ns.path,
        tolerance=ns.tolerance,
    )


def cmd_serve(ns: argparse.Namespace, out: TextIO) -> int:
    """Run the receiver until interrupted."""
    import uvicorn

    app = build_app(ns)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    out.write(f"Receiving Front webhooks on http://{ns.host}:{ns.port}{ns.path}\n")
    out.flush()
    # No access log: the path is fixed, and a proxy in front may put secrets in query strings.
    uvicorn.run(app, host=ns.host, port=ns.port, access_log=False, log_level="warning")
    return 0


def add_events_parser(sub: Any) -> None:
    """Add ``events serve`` to the CLI's subcommands."""
    events = sub.add_parser("events", help="receive Front events (webhooks) and run a handler")
    events_sub = events.add_subparsers(dest="events_command", required=True)
    serve = events_sub.add_parser(
        "serve",
        help=f"serve the webhook receiver (secrets: {APP_SECRET_ENV}, {RULE_SECRET_ENV})",
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--path", default="/", help="the webhook URL's path (default: /)")
    serve.add_argument("--store", help=f"event store ({SCHEMES}); default: SQLite")
    serve.add_argument(
        "--handler", help="module:attr, a callable(event) or a compiled graph; default: log"
    )
    serve.add_argument("--type", action="append", help="graph: only these event types")
    serve.add_argument("--inbox-user", action="append", help="graph: INBOX_ID=USER_ID")
    serve.add_argument("--default-user", help="graph: the user when no inbox is mapped")
    serve.add_argument(
        "--tolerance", type=float, default=300.0, help="max age of a signed request, seconds"
    )
    serve.set_defaults(func=cmd_serve)
