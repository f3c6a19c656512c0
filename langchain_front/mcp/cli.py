"""``langchain-front mcp``: serve the toolkit to MCP clients (stdio by default, ``--http``), and
``langchain-front mcp key create|list|revoke`` for the HTTP transport's per-user tokens.

Who acts: over stdio, ``FRONT_API_TOKEN`` or the local ``--user``'s stored token (``auth
login``); over HTTP, the Front user each caller's bearer token maps to, with that user's stored
token. ``--offline`` serves the built-in Front double (tests, demos).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

from langchain_front.errors import FrontConfigurationError

__all__ = ["add_mcp_parser", "build_toolkit", "policy_from"]

EFFECT_CHOICES = ("read", "write", "destructive", "send")


def policy_from(ns: argparse.Namespace) -> Any:
    """The :class:`~langchain_front.policy.Policy` the flags describe (draft-first by default)."""
    from langchain_front.policy import Policy

    base = {
        "draft-first": Policy.draft_first,
        "read-only": Policy.read_only,
        "allow-all": Policy.allow_all,
    }[ns.policy]()
    fields = base.model_dump()
    for rule, effects in (("allow", ns.allow), ("approve", ns.approve), ("deny", ns.deny)):
        for effect in effects or ():
            fields[effect] = rule
    tools = dict(fields["tools"])
    for rule, names in (("approve", ns.approve_tool), ("deny", ns.deny_tool)):
        for name in names or ():
            tools[name] = rule
    fields["tools"] = tools
    return Policy(**fields)


def build_toolkit(ns: argparse.Namespace) -> tuple[Any, str | None]:
    """The toolkit to serve and the user stdio callers act as."""
    from langchain_front.auth.stores.urls import open_token_store
    from langchain_front.mcp.approval import mcp_approver
    from langchain_front.toolkit import FrontToolkit

    options: dict[str, Any] = {"policy": policy_from(ns), "approver": mcp_approver}
    if ns.preset:
        options["preset"] = ns.preset
    if ns.offline:
        return FrontToolkit.offline(**options), ns.user
    if not ns.http and os.environ.get("FRONT_API_TOKEN"):
        return FrontToolkit.from_env(**options), None
    if not ns.http and ns.user is None:
        raise FrontConfigurationError(
            "set FRONT_API_TOKEN, or pass --user (connected with 'langchain-front auth login'), "
            "or --offline for the built-in Front double"
        )
    store = open_token_store(ns.store)
    return FrontToolkit.for_users(store=store, default_user_id=None, **options), ns.user


def cmd_mcp(ns: argparse.Namespace, out: TextIO) -> int:
    """Serve until the client disconnects (stdio) or until interrupted (HTTP)."""
    import anyio

    from langchain_front.mcp.server import build_server, run_stdio

    toolkit, user = build_toolkit(ns)
    if not ns.http:
        server = build_server(toolkit, default_user=user)
        anyio.run(run_stdio, server)
        return 0
    import uvicorn

    from langchain_front.mcp.http import http_app
    from langchain_front.mcp.keys import KeyFile, KeyVerifier

    keys = KeyFile(ns.keys)
    if not keys.users():
        raise FrontConfigurationError(
            f"no MCP tokens in {keys.path}: create one per user with "
            "'langchain-front mcp key create --user <user>'"
        )
    server = build_server(toolkit, require_user=True)
    app = http_app(server, KeyVerifier(keys), host=ns.host, port=ns.port)
    out.write(f"MCP server on http://{ns.host}:{ns.port}/mcp (bearer tokens: {keys.path})\n")
    out.flush()
    uvicorn.run(app, host=ns.host, port=ns.port, log_level="warning")
    return 0


def cmd_key(ns: argparse.Namespace, out: TextIO) -> int:
    """Create, list or revoke per-user bearer tokens."""
    from langchain_front.mcp.keys import KeyFile

    keys = KeyFile(ns.keys)
    if ns.key_command == "create":
        token = keys.create(ns.user)
        out.write(f"{token}\n")
        sys.stderr.write(
            f"A new MCP token for Front user {ns.user!r} (shown once; stored as a digest in "
            f"{keys.path}). Clients send it as 'Authorization: Bearer <token>'.\n"
        )
    elif ns.key_command == "list":
        users = keys.users()
        for user, count in sorted(users.items()):
            out.write(f"{user}: {count} token(s)\n")
        if not users:
            out.write(f"No MCP tokens in {keys.path}.\n")
    else:
        removed = keys.revoke_user(ns.user)
        out.write(f"Revoked {removed} token(s) of {ns.user!r}.\n")
    return 0


def add_mcp_parser(sub: Any) -> None:
    """Add ``mcp`` (and ``mcp key ...``) to the CLI's subcommands."""
    from langchain_front.auth.stores.urls import SCHEMES

    mcp = sub.add_parser("mcp", help="serve the Front tools to MCP clients (stdio or HTTP)")
    mcp.add_argument("--http", action="store_true", help="streamable HTTP instead of stdio")
    mcp.add_argument("--host", default="127.0.0.1", help="HTTP interface (default: 127.0.0.1)")
    mcp.add_argument("--port", type=int, default=8000, help="HTTP port (default: 8000)")
    mcp.add_argument("--offline", action="store_true", help="serve the built-in Front double")
    mcp.add_argument("--user", help="stdio: act as this user, connected with 'auth login'")
    mcp.add_argument("--store", help=f"token store ({SCHEMES}); default: SQLite")
    mcp.add_argument("--keys", help="HTTP: the bearer token file (default: FRONT_MCP_KEYS)")
    mcp.add_argument(
        "--policy",
        choices=("draft-first", "read-only", "allow-all"),
        default="draft-first",
        help="base policy (default: draft-first: sends and destructive calls need approval)",
    )
    for rule in ("allow", "approve", "deny"):
        mcp.add_argument(
            f"--{rule}", action="append", choices=EFFECT_CHOICES, help=f"{rule} this effect"
        )
    mcp.add_argument(
        "--preset",
        help="tool selection: triage, support_agent, crm, admin or all (default: the toolkit's "
        "default selection, within 20,000 bytes of definitions)",
    )
    mcp.add_argument("--approve-tool", action="append", help="this tool needs approval")
    mcp.add_argument("--deny-tool", action="append", help="never offer this tool")
    mcp.set_defaults(func=cmd_mcp)

    mcp_sub = mcp.add_subparsers(dest="mcp_command")
    key = mcp_sub.add_parser("key", help="per-user bearer tokens for --http")
    key_sub = key.add_subparsers(dest="key_command", required=True)
    create = key_sub.add_parser("create", help="a new token for a Front user (printed once)")
    create.add_argument("--user", required=True, help="the Front user ID (token store key)")
    key_sub.add_parser("list", help="users with tokens (never a token)")
    revoke = key_sub.add_parser("revoke", help="remove every token of a user")
    revoke.add_argument("--user", required=True, help="the Front user ID")
    for command in (create, key_sub.choices["list"], revoke):
        command.add_argument("--keys", help="the token file (default: FRONT_MCP_KEYS)")
        command.set_defaults(func=cmd_key)
