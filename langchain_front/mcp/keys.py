"""Per-user bearer tokens for the MCP HTTP transport: each token names one Front user.

``langchain-front mcp key create --user alice`` prints a new random token once and stores only
its SHA-256 with the user ID (a JSON file, 0600, ``FRONT_MCP_KEYS`` or the user data dir's
``mcp-keys.json``). The server's :class:`KeyVerifier` maps a request's bearer token to its user,
whose Front token the token store holds (``auth login --user alice``): every caller acts as
themselves, never through one shared token. Lookups compare digests, so a token's value never
sits in memory or on disk after it is printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

import platformdirs
from filelock import FileLock
from mcp.server.auth.provider import AccessToken

__all__ = ["KEYS_ENV", "KeyFile", "KeyVerifier"]

KEYS_ENV = "FRONT_MCP_KEYS"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class KeyFile:
    """Token digests and their users in a JSON file (``{digest: {user_id, created_at}}``)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        default = Path(platformdirs.user_data_dir("langchain-front", appauthor=False))
        self.path = Path(path or os.environ.get(KEYS_ENV) or default / "mcp-keys.json")
        self._lock = FileLock(f"{self.path}.lock")

    def __repr__(self) -> str:
        return f"KeyFile({str(self.path)!r})"

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        os.replace(tmp, self.path)

    def create(self, user_id: str) -> str:
        """A new token for ``user_id`` (returned once; only its digest is stored)."""
        token = "lcf_" + secrets.token_urlsafe(32)
        with self._lock:
            data = self._read()
            data[_digest(token)] = {"user_id": user_id, "created_at": time.time()}
            self._write(data)
        return token

    def user_for(self, token: str) -> str | None:
        """The user a token maps to, or ``None``."""
        entry = self._read().get(_digest(token))
        return str(entry["user_id"]) if isinstance(entry, dict) and entry.get("user_id") else None

    def users(self) -> dict[str, int]:
        """How many tokens each user has."""
        counts: dict[str, int] = {}
        for entry in self._read().values():
            if isinstance(entry, dict) and entry.get("user_id"):
                counts[str(entry["user_id"])] = counts.get(str(entry["user_id"]), 0) + 1
        return counts

    def revoke_user(self, user_id: str) -> int:
        """Remove every token of ``user_id``; returns how many."""
        with self._lock:
            data = self._read()
            kept = {
                k: v
                for k, v in data.items()
                if not (isinstance(v, dict) and v.get("user_id") == user_id)
            }
            self._write(kept)
        return len(data) - len(kept)


class KeyVerifier:
    """The SDK's ``TokenVerifier`` over a :class:`KeyFile`: the access token's ``client_id`` is
    the Front user ID."""

    def __init__(self, keys: KeyFile) -> None:
        self.keys = keys

    async def verify_token(self, token: str) -> AccessToken | None:
        user = self.keys.user_for(token)
        if user is None:
            return None
        return AccessToken(token=_digest(token), client_id=user, scopes=[], subject=user)
