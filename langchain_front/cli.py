"""The ``langchain-front`` console script: demo, tools, call.

Uses the real workspace when ``FRONT_API_TOKEN`` is set, the built-in Front double otherwise (and
says so). Expected errors print one clear line on stderr and exit non-zero, without a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, TextIO

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from langchain_front._version import __version__
from langchain_front.auth.stores.urls import SCHEMES, open_token_store
from langchain_front.errors import FrontError
from langchain_front.toolkit import FrontToolkit
from langchain_front.tools import GROUPS, FrontTool

EXIT_TOOL_ERROR = 1
EXIT_USAGE = 2

OFFLINE_NOTE = (
    "FRONT_API_TOKEN is not set: using the built-in Front double (offline, sample data). "
    "Set FRONT_API_TOKEN to use your own Front workspace."
)


class CliError(Exception):
    """An expected error: printed as one line, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def build_toolkit(
    *, offline: bool, read_only: bool = False, user: str | None = None, store: str | None = None
) -> FrontToolkit:
    """A toolkit on the real workspace or on the Front double.

    The workspace is reached with ``FRONT_API_TOKEN``, else with the token that
    ``langchain-front auth login`` stored for ``user``; without either, the double is used.
    """
    if not offline and os.environ.get("FRONT_API_TOKEN"):
        return FrontToolkit.from_env(read_only=read_only)
    if not offline and user is not None:
        return FrontToolkit.for_users(
            store=open_token_store(store), default_user_id=user, read_only=read_only
        )
    if not offline:
        print(OFFLINE_NOTE, file=sys.stderr)
    return FrontToolkit.offline(read_only=read_only)


def invoke(tool: BaseTool, args: dict[str, Any], *, dry_run: bool = False) -> ToolMessage:
    """Invoke a tool as an agent would (a tool call), so errors come back as error messages."""
    config: Any = {"configurable": {"front_dry_run": True}} if dry_run else None
    call = {"type": "tool_call", "id": "cli", "name": tool.name, "args": args}
    message = tool.invoke(call, config)
    if not isinstance(message, ToolMessage):  # pragma: no cover - LangChain contract
        raise CliError(f"{tool.name} returned {type(message).__name__}, not a ToolMessage", 1)
    return message


# ---------------------------------------------------------------------------- commands


def parameters_schema(tool: BaseTool) -> dict[str, Any]:
    """The JSON schema of the arguments, exactly as a model is shown it."""
    parameters: dict[str, Any] = convert_to_openai_tool(tool)["function"]["parameters"]
    return parameters


def one_line(tool: BaseTool) -> str:
    """The tool's one-line summary (its class docstring's first line)."""
    doc = (type(tool).__doc__ or tool.description).strip()
    return doc.splitlines()[0]


def cmd_tools(ns: argparse.Namespace, out: TextIO) -> int:
    """List the tools: name, effect, one-line description (or their JSON schemas)."""
    toolkit = FrontToolkit.from_token("listing-only", read_only=ns.read_only)
    tools = toolkit.get_tools(groups=ns.group or None, preset="all")
    if ns.json:
        schemas = [
            {
                "name": t.name,
                "effect": t.effective_effect() if isinstance(t, FrontTool) else "read",
                "description": t.description,
                "parameters": parameters_schema(t),
            }
            for t in tools
        ]
        json.dump(schemas, out, indent=2)
        out.write("\n")
        return 0
    width = max(len(t.name) for t in tools)
    for tool in tools:
        effect = tool.effective_effect() if isinstance(tool, FrontTool) else "read"
        out.write(f"{tool.name:<{width}}  {effect:<11}  {one_line(tool)}\n")
    return 0


def cmd_call(ns: argparse.Namespace, out: TextIO) -> int:
    """Invoke one tool with JSON arguments and print its content (or its artifact)."""
    try:
        args = json.loads(ns.args)
    except json.JSONDecodeError as exc:
        raise CliError(f"--args is not valid JSON ({exc.msg} at position {exc.pos})") from exc
    if not isinstance(args, dict):
        raise CliError('--args must be a JSON object, e.g. \'{"query": "is:open"}\'')
    toolkit = build_toolkit(offline=ns.offline, user=ns.user, store=ns.store)
    tool = toolkit.get_tool(ns.tool)
    message = invoke(tool, args, dry_run=ns.dry_run)
    if message.status == "error":
        raise CliError(f"{tool.name} failed: {message.content}", EXIT_TOOL_ERROR)
    if ns.artifact:
        json.dump(message.artifact, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(f"{message.content}\n")
    return 0


def cmd_demo(ns: argparse.Namespace, out: TextIO) -> int:
    """What an agent would do: who am I, inboxes, open conversations, one timeline, a draft."""
    real = (bool(os.environ.get("FRONT_API_TOKEN")) or ns.user is not None) and not ns.offline
    toolkit = build_toolkit(offline=not real, user=ns.user, store=ns.store)
    if real:
        how = "FRONT_API_TOKEN" if os.environ.get("FRONT_API_TOKEN") else f"user {ns.user!r}"
        out.write(f"Using your Front workspace ({how}).\n")
    else:
        out.write(OFFLINE_NOTE + "\n")

    def step(title: str, name: str, args: dict[str, Any]) -> ToolMessage:
        out.write(f"\n== {title}\n-> {name}({json.dumps(args)})\n")
        message = invoke(toolkit.get_tool(name), args)
        out.write(f"{message.content}\n")
        if message.status == "error":
            raise CliError(f"demo stopped: {name} failed", EXIT_TOOL_ERROR)
        return message

    step("Who am I?", "front_whoami", {})
    step("Inboxes", "front_list_inboxes", {})
    found = step(
        "Open conversations", "front_search_conversations", {"query": "is:open", "limit": 5}
    )
    results = (found.artifact or {}).get("_results") or []
    if not results:
        out.write("\nNo open conversation to read; done.\n")
        return 0
    conversation_id = results[0]["id"]
    step(
        "Read the first one",
        "front_get_conversation",
        {"conversation_id": conversation_id, "include_timeline": True},
    )
    draft_args = {
        "conversation_id": conversation_id,
        "body": "Hi,\nthanks for reaching out. We're looking into it and will get back to you.",
    }
    if real and not ns.write:
        out.write(
            "\n== Draft a reply\n(skipped on a real workspace: rerun with --write to create a "
            f"draft in {conversation_id}; nothing is ever sent by the demo)\n"
        )
    else:
        step("Draft a reply (nothing is sent)", "front_create_draft_reply", draft_args)
    _demo_approval(toolkit, draft_args, out)
    return 0


def _demo_approval(toolkit: FrontToolkit, args: dict[str, Any], out: TextIO) -> None:
    """Sending waits for a human under the default (draft-first) policy: show what they see.

    The demo's reviewer rejects, so nothing is ever sent (only the reads of the preview run).
    """
    from langchain_front.policy import ApprovalDecision, ApprovalRequest

    def reviewer(request: ApprovalRequest) -> ApprovalDecision:
        out.write(
            f"   approval asked: {request.tool} ({request.effect}) to {request.recipient} "
            f"re {request.subject!r}\n"
        )
        for front in request.requests:
            text = (front.body or {}).get("text") if isinstance(front.body, dict) else None
            out.write(f"   would send: {front.method} {front.path} text={text!r}\n")
        out.write("   the demo's reviewer answers: reject\n")
        return ApprovalDecision(type="reject", reason="the demo never sends", approver="demo")

    name = "front_reply_to_conversation"
    tool = toolkit.get_tool(name)
    if not isinstance(tool, FrontTool):
        return
    tool.approver = reviewer
    out.write(
        "\n== Send the reply? Under the default draft-first policy a send waits for a human\n"
        f"-> {name}({json.dumps(args)})\n"
    )
    message = invoke(tool, args)
    out.write(f"{message.content}\n")


def cmd_auth_login(ns: argparse.Namespace, out: TextIO) -> int:
    """Browser login through a loopback callback; stores the token for ``--user``."""
    from langchain_front.auth.login import DEFAULT_REDIRECT_URI, loopback_login
    from langchain_front.auth.manager import TokenManager
    from langchain_front.auth.oauth import FrontOAuth, FrontOAuthConfig

    overrides = (
        {} if os.environ.get("FRONT_REDIRECT_URI") else {"redirect_uri": DEFAULT_REDIRECT_URI}
    )
    oauth = FrontOAuth(FrontOAuthConfig.from_env(**overrides))
    store = open_token_store(ns.store)
    token = loopback_login(
        oauth,
        TokenManager(store, oauth),
        user_id=ns.user,
        timeout=ns.timeout,
        open_browser=not ns.no_browser,
        announce=lambda text: print(text, file=out, flush=True),
    )
    out.write(
        f"Connected Front for user {ns.user!r}; the token is stored in {store!r} and is "
        f"refreshed automatically (access token valid until {_iso(token.expires_at)}).\n"
    )
    return 0


def cmd_auth_status(ns: argparse.Namespace, out: TextIO) -> int:
    """Who is connected and until when; never a secret."""
    store = open_token_store(ns.store)
    user_ids = store.keys()
    if not user_ids:
        out.write(f"No Front user is connected in {store!r}. Run: langchain-front auth login\n")
        return 0
    out.write(f"Connected Front users in {store!r}:\n")
    for user_id in user_ids:
        try:
            stored = store.get(user_id)
        except FrontError as exc:
            out.write(f"  {user_id}: unreadable ({exc})\n")
            continue
        if stored is None:
            continue
        token = stored.token
        state = "expired" if token.is_expired() else f"valid for {token.expires_in() / 60:.0f} min"
        refresh = "refreshable" if token.refresh_token else "no refresh token"
        out.write(
            f"  {user_id}: access token {state} (until {_iso(token.expires_at)}), {refresh}\n"
        )
    return 0


def cmd_auth_logout(ns: argparse.Namespace, out: TextIO) -> int:
    """Forget the stored token of ``--user``."""
    store = open_token_store(ns.store)
    if store.get(ns.user) is None:
        raise CliError(f"no Front token is stored for user {ns.user!r} in {store!r}", 1)
    store.delete(ns.user)
    out.write(f"Forgot the Front token of user {ns.user!r}.\n")
    return 0


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------- entry point


def parser() -> argparse.ArgumentParser:
    """The argument parser (argparse: standard library, no extra dependency)."""
    root = argparse.ArgumentParser(
        prog="langchain-front", description="Front tools for LangChain agents."
    )
    root.add_argument("--version", action="version", version=f"langchain-front {__version__}")
    sub = root.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="show what an agent does with the Front tools")
    demo.add_argument(
        "--offline", action="store_true", help="use the Front double even with a token"
    )
    demo.add_argument("--write", action="store_true", help="on a real workspace, create the draft")
    demo.set_defaults(func=cmd_demo)

    tools = sub.add_parser("tools", help="list the tools")
    tools.add_argument("--json", action="store_true", help="print the tools' JSON schemas")
    tools.add_argument("--read-only", action="store_true", help="only tools that read")
    tools.add_argument("--group", action="append", choices=GROUPS, help="only this group")
    tools.set_defaults(func=cmd_tools)

    call = sub.add_parser("call", help="invoke one tool and print its content")
    call.add_argument("tool", help="tool name, see 'langchain-front tools'")
    call.add_argument("--args", default="{}", help="tool arguments as a JSON object")
    call.add_argument("--artifact", action="store_true", help="print the raw Front JSON instead")
    call.add_argument(
        "--dry-run",
        action="store_true",
        help="show the requests a change would make, send nothing (reads still run)",
    )
    call.add_argument(
        "--offline", action="store_true", help="use the Front double even with a token"
    )
    call.set_defaults(func=cmd_call)

    for command in (demo, call):
        command.add_argument("--user", help="act as this user, connected with 'auth login'")
        command.add_argument("--store", help=f"token store ({SCHEMES}); default: SQLite")

    auth = sub.add_parser("auth", help="connect Front with OAuth and manage stored tokens")
    auth_sub = auth.add_subparsers(dest="auth_command", required=True)
    login = auth_sub.add_parser("login", help="connect Front in a browser and store the token")
    login.add_argument("--no-browser", action="store_true", help="only print the URL")
    login.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for Front")
    login.set_defaults(func=cmd_auth_login)
    status = auth_sub.add_parser("status", help="who is connected, until when (no secrets)")
    status.set_defaults(func=cmd_auth_status)
    logout = auth_sub.add_parser("logout", help="forget a user's stored token")
    logout.set_defaults(func=cmd_auth_logout)
    for command in (login, logout):
        command.add_argument("--user", default="default", help="the user ID (default: default)")
    for command in (login, status, logout):
        command.add_argument("--store", help=f"token store ({SCHEMES}); default: SQLite")

    from langchain_front.events.serve import add_events_parser

    add_events_parser(sub)
    from langchain_front.mcp.cli import add_mcp_parser

    add_mcp_parser(sub)
    return root


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit code."""
    ns = parser().parse_args(argv)
    stream = out or sys.stdout
    try:
        code: int = ns.func(ns, stream)
    except CliError as exc:
        print(f"langchain-front: {exc}", file=sys.stderr)
        return exc.code
    except FrontError as exc:
        print(f"langchain-front: {exc}", file=sys.stderr)
        return EXIT_TOOL_ERROR
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
