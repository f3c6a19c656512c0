"""Where OAuth tokens live: one protocol, five stores, optional encryption at rest.

=====================  ============================================================
store                  for
=====================  ============================================================
SQLiteTokenStore       the default: one machine, any number of processes
FileTokenStore         one machine; one JSON file replaced atomically
RedisTokenStore        several machines (``pip install 'langchain-front[redis]'``)
PostgresTokenStore     several machines (``pip install 'langchain-front[postgres]'``)
MemoryTokenStore       tests; one process
=====================  ============================================================

Every store gives ``get``/``save`` (compare-and-swap with ``expected_version``)/``delete``/
``keys``, a per-user ``lock`` that holds across threads and processes (and machines, for Redis
and PostgreSQL), single-use OAuth states, and async twins. Importing this package imports
neither redis, psycopg nor cryptography.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_front.auth.stores.base import BaseTokenStore, StateStore, TokenStore
    from langchain_front.auth.stores.encryption import FernetEncryption
    from langchain_front.auth.stores.file import FileTokenStore
    from langchain_front.auth.stores.memory import MemoryTokenStore
    from langchain_front.auth.stores.postgres import PostgresTokenStore
    from langchain_front.auth.stores.redis import RedisTokenStore
    from langchain_front.auth.stores.sqlite import SQLiteTokenStore, default_sqlite_path
    from langchain_front.auth.stores.urls import open_token_store

__all__ = [
    "BaseTokenStore",
    "FernetEncryption",
    "FileTokenStore",
    "MemoryTokenStore",
    "PostgresTokenStore",
    "RedisTokenStore",
    "SQLiteTokenStore",
    "StateStore",
    "TokenStore",
    "default_sqlite_path",
    "default_token_store",
    "open_token_store",
]

_PACKAGE = "langchain_front.auth.stores"
_LAZY = {
    "BaseTokenStore": "base",
    "StateStore": "base",
    "TokenStore": "base",
    "FernetEncryption": "encryption",
    "FileTokenStore": "file",
    "MemoryTokenStore": "memory",
    "PostgresTokenStore": "postgres",
    "RedisTokenStore": "redis",
    "SQLiteTokenStore": "sqlite",
    "default_sqlite_path": "sqlite",
    "open_token_store": "urls",
}


def __getattr__(name: str) -> Any:
    """Each store is imported on first use (a store's module, not its driver, which it imports
    lazily itself)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{_PACKAGE}.{module}"), name)
    globals()[name] = value
    return value


def default_token_store() -> SQLiteTokenStore:
    """SQLite at :func:`default_sqlite_path`, encrypted when ``FRONT_TOKEN_ENCRYPTION_KEY`` is
    set."""
    from langchain_front.auth.stores.encryption import KEY_ENV, FernetEncryption
    from langchain_front.auth.stores.sqlite import SQLiteTokenStore

    encryption = FernetEncryption.from_env() if os.environ.get(KEY_ENV, "").strip() else None
    return SQLiteTokenStore(encryption=encryption)
