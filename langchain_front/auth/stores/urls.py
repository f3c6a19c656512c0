"""Open a token store from one string (``--store`` and ``FRONT_TOKEN_STORE``)."""

from __future__ import annotations

import os
from pathlib import Path

from langchain_front.auth.stores.base import BaseTokenStore
from langchain_front.auth.stores.encryption import KEY_ENV, FernetEncryption
from langchain_front.errors import FrontConfigurationError

STORE_ENV = "FRONT_TOKEN_STORE"

SCHEMES = "memory:, file:PATH, sqlite:PATH, redis://..., postgresql://..."


def open_token_store(url: str | None = None) -> BaseTokenStore:
    """The store named by ``url``, else by ``FRONT_TOKEN_STORE``, else the SQLite default.

    Forms: ``memory:``, ``file:/path/tokens.json``, ``sqlite:/path/tokens.sqlite3``,
    ``redis://host:6379/0``, ``postgresql://user@host/db``. Encrypted at rest when
    ``FRONT_TOKEN_ENCRYPTION_KEY`` is set.
    """
    url = url or os.environ.get(STORE_ENV) or "sqlite:"
    encryption = FernetEncryption.from_env() if os.environ.get(KEY_ENV) else None
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme == "memory":
        from langchain_front.auth.stores.memory import MemoryTokenStore

        return MemoryTokenStore(encryption=encryption)
    if scheme == "file":
        from langchain_front.auth.stores.file import FileTokenStore

        if not rest:
            raise FrontConfigurationError("file: needs a path, e.g. file:~/.front-tokens.json")
        return FileTokenStore(Path(rest).expanduser(), encryption=encryption)
    if scheme == "sqlite":
        from langchain_front.auth.stores.sqlite import SQLiteTokenStore

        return SQLiteTokenStore(Path(rest).expanduser() if rest else None, encryption=encryption)
    if scheme in ("redis", "rediss"):
        from langchain_front.auth.stores.redis import RedisTokenStore

        return RedisTokenStore(url, encryption=encryption)
    if scheme in ("postgres", "postgresql"):
        from langchain_front.auth.stores.postgres import PostgresTokenStore

        return PostgresTokenStore(url, encryption=encryption)
    raise FrontConfigurationError(f"unknown token store kind {scheme!r}; use one of: {SCHEMES}")
