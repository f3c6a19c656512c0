"""What is particular to each backend: file modes, corrupted files, crashed lock holders, missing
packages; and secrets kept out of every repr, str and error message."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from langchain_front.auth.stores import (
    FernetEncryption,
    FileTokenStore,
    MemoryTokenStore,
    PostgresTokenStore,
    RedisTokenStore,
    SQLiteTokenStore,
)
from langchain_front.auth.tokens import StoredToken
from langchain_front.errors import (
    FrontConfigurationError,
    LockTimeoutError,
    StaleTokenError,
    TokenStoreError,
)
from tests.integration_tests.stores.conftest import make_spec
from tests.integration_tests.stores.helpers import close, token

# ---------------------------------------------------------------------------- file modes


@contextlib.contextmanager
def _db(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection to a store's database, committed and closed afterwards."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_store_creates_0600_files(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "tokens.json"
    store = FileTokenStore(path)
    store.save("alice", token("m"))
    with store.lock("alice", timeout=5):
        pass
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    locks = sorted(p for p in path.parent.iterdir() if p.name.endswith(".lock"))
    assert len(locks) == 2  # the write lock and alice's lock
    assert all(_mode(p) == 0o600 for p in locks)
    store.save("alice", token("again"))  # replaced by a new file: still 0600
    assert _mode(path) == 0o600


def test_file_store_narrows_a_wider_mode(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({"tokens": {}, "states": {}}))
    path.chmod(0o644)
    FileTokenStore(path)
    assert _mode(path) == 0o600


def test_sqlite_store_creates_0600_files_in_0700_dirs(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "tokens.sqlite3"
    store = SQLiteTokenStore(path)
    store.save("alice", token("m"))
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    wal = Path(f"{path}-wal")
    assert wal.exists() and _mode(wal) == 0o600  # WAL mode
    with _db(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    close(store)
    path.chmod(0o664)
    reopened = SQLiteTokenStore(path)
    assert reopened.get("alice") is not None
    assert _mode(path) == 0o600
    close(reopened)


# ---------------------------------------------------------------------------- corruption

CORRUPTED_FILES = [
    b'{"tokens": {"alice": {"payload": "access-x-SECRET", "vers',  # cut in the middle
    b"\x00\x00\x00\x00",
    b"\xff\xfe not utf-8",
    b"[]",
    b'{"tokens": []}',
    b'{"tokens": {"alice": {"payload": 1, "version": 1}}}',
    b'{"tokens": {"alice": {"payload": "x", "version": true}}}',
    b'{"tokens": {}, "states": {"s": {"user_key": "u"}}}',
]


@pytest.mark.parametrize("content", CORRUPTED_FILES)
def test_corrupted_file_is_reported_and_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "tokens.json"
    path.write_bytes(content)
    store = FileTokenStore(path)
    calls = [
        lambda: store.get("alice"),
        lambda: store.keys(),
        lambda: store.save("alice", token("new")),
        lambda: store.save("bob", token("new"), expected_version=0),
        lambda: store.delete("alice"),
        lambda: store.put_state("s", "u", time.time() + 60),
        lambda: store.take_state("s"),
    ]
    for call in calls:
        with pytest.raises(TokenStoreError) as caught:
            call()
        message = str(caught.value)
        assert str(path) in message
        assert "corrupted" in message and "Move it aside" in message
        assert "SECRET" not in message
    assert path.read_bytes() == content


def test_empty_file_is_an_empty_store(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    path.touch()
    store = FileTokenStore(path)
    assert store.keys() == []
    store.save("alice", token("e"))
    assert store.get("alice") is not None


def test_corrupted_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "tokens.sqlite3"
    content = b"this is not a database, it holds access-x-SECRET " * 200
    path.write_bytes(content)
    store = SQLiteTokenStore(path)
    for call in (
        lambda: store.get("alice"),
        lambda: store.save("alice", token("new")),
        lambda: store.keys(),
        lambda: store.take_state("s"),
    ):
        with pytest.raises(TokenStoreError) as caught:
            call()
        message = str(caught.value)
        assert str(path) in message and "Move it aside" in message
        assert "SECRET" not in message
    with pytest.raises(TokenStoreError), store.lock("alice", timeout=1):
        pass
    assert path.read_bytes() == content
    close(store)


def test_unreadable_row_is_a_clear_error(tmp_path: Path) -> None:
    store = SQLiteTokenStore(tmp_path / "tokens.sqlite3")
    store.save("alice", token("r"))
    with _db(store.path) as conn:
        conn.execute("UPDATE tokens SET payload = 'garbage access-r-SECRET'")
    with pytest.raises(TokenStoreError) as caught:
        store.get("alice")
    assert "'alice'" in str(caught.value) and "SECRET" not in str(caught.value)
    close(store)


# ---------------------------------------------------------------------------- stored formats


def _payload(access: str) -> str:
    return json.dumps(token(access).to_storage(), separators=(",", ":"))


def test_a_file_written_in_the_stored_format_opens(tmp_path: Path) -> None:
    """The JSON layout (``tokens``, ``states`` with ``user_key``) is a stored format."""
    path = tmp_path / "tokens.json"
    doc = {
        "tokens": {"alice": {"payload": _payload("a"), "version": 3}},
        "states": {"s1": {"user_key": "alice", "expires_at": 2e9}},
    }
    path.write_text(json.dumps(doc))
    store = FileTokenStore(path)
    stored = store.get("alice")
    assert stored is not None and stored.version == 3
    assert (
        stored.token.access_token.get_secret_value() == token("a").access_token.get_secret_value()
    )
    assert store.take_state("s1") == ("alice", 2e9)
    store.put_state("s2", "bob", 2e9)
    assert json.loads(path.read_text())["states"]["s2"] == {"user_key": "bob", "expires_at": 2e9}


def test_a_sqlite_database_in_the_stored_format_opens(tmp_path: Path) -> None:
    """The tables (``tokens.key``, ``oauth_states.user_key``...) are a stored format."""
    path = tmp_path / "tokens.sqlite3"
    with _db(path) as conn:
        conn.execute(
            "CREATE TABLE tokens (key TEXT PRIMARY KEY, payload TEXT NOT NULL,"
            " version INTEGER NOT NULL, updated_at REAL NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE oauth_states (state TEXT PRIMARY KEY, user_key TEXT NOT NULL,"
            " expires_at REAL NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE locks (key TEXT PRIMARY KEY, owner TEXT NOT NULL,"
            " expires_at REAL NOT NULL)"
        )
        conn.execute("INSERT INTO tokens VALUES ('alice', ?, 2, 0)", (_payload("a"),))
        conn.execute("INSERT INTO oauth_states VALUES ('s1', 'alice', 2e9)")
    store = SQLiteTokenStore(path)
    stored = store.get("alice")
    assert stored is not None and stored.version == 2
    assert store.keys() == ["alice"]
    assert store.take_state("s1") == ("alice", 2e9)
    store.save("bob", token("b"))
    with _db(path) as conn:
        assert conn.execute("SELECT version FROM tokens WHERE key = 'bob'").fetchone() == (1,)
    close(store)


# ---------------------------------------------------------------------------- crashed holders


def test_sqlite_expired_lease_is_taken_over(tmp_path: Path) -> None:
    store = SQLiteTokenStore(tmp_path / "tokens.sqlite3", lock_ttl=30)
    with store.lock("warm-up", timeout=1):  # creates the tables
        pass
    with _db(store.path) as conn:  # a holder that died 0.3 s before its lease ends
        conn.execute("INSERT INTO locks VALUES ('alice', 'dead-owner', ?)", (time.time() + 0.3,))
    with pytest.raises(LockTimeoutError), store.lock("alice", timeout=0.1):
        pass
    started = time.monotonic()
    with store.lock("alice", timeout=5):
        assert time.monotonic() - started >= 0.1
        with _db(store.path) as conn:
            (owner,) = conn.execute("SELECT owner FROM locks WHERE key = 'alice'").fetchone()
        assert owner != "dead-owner"
    with _db(store.path) as conn:
        assert conn.execute("SELECT count(*) FROM locks").fetchone()[0] == 0  # released
    close(store)


def test_redis_expired_lease_is_taken_over(tmp_path: Path) -> None:
    spec = make_spec("redis", tmp_path)
    store = spec.open()
    assert isinstance(store, RedisTokenStore)
    try:
        store.client.set(f"{store.prefix}lock:alice", "dead-owner", px=300)
        with pytest.raises(LockTimeoutError), store.lock("alice", timeout=0.1):
            pass
        with store.lock("alice", timeout=5):
            assert store.client.get(f"{store.prefix}lock:alice") != b"dead-owner"
            ttl = store.client.pttl(f"{store.prefix}lock:alice")
            assert 0 < ttl <= 60_000  # a lease: it would expire if we died
        assert store.client.exists(f"{store.prefix}lock:alice") == 0
    finally:
        spec.cleanup()


def test_postgres_lock_dies_with_its_connection(tmp_path: Path) -> None:
    import psycopg

    spec = make_spec("postgres", tmp_path)
    store = spec.open()
    assert isinstance(store, PostgresTokenStore)
    name = f"{store.table_prefix}alice"
    try:
        holder = psycopg.connect(spec.url, autocommit=True)
        holder.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (name,))
        started = time.monotonic()
        with pytest.raises(LockTimeoutError), store.lock("alice", timeout=0.3):
            pass  # waited in the server, bounded by lock_timeout
        assert time.monotonic() - started < 2
        holder.close()  # the holder "crashes"
        with store.lock("alice", timeout=5):
            probe = psycopg.connect(spec.url, autocommit=True)
            row = probe.execute(
                "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", (name,)
            ).fetchone()
            assert row == (False,)
            probe.close()
    finally:
        close(store)
        spec.cleanup()


def test_postgres_pool_survives_a_server_side_disconnect(tmp_path: Path) -> None:
    import psycopg

    spec = make_spec("postgres", tmp_path)
    store = spec.open(pool_size=1)
    try:
        store.save("alice", token("p"))
        pooled = store._run(lambda conn: conn.info.backend_pid)  # the one idle connection
        with psycopg.connect(spec.url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pooled,))
        assert store.get("alice") is not None  # reconnects once
        assert store._run(lambda conn: conn.info.backend_pid) != pooled
    finally:
        close(store)
        spec.cleanup()


def test_postgres_rejects_a_bad_table_prefix() -> None:
    with pytest.raises(FrontConfigurationError):
        PostgresTokenStore("postgresql://localhost/db", table_prefix='x"; DROP TABLE users; --')


# ---------------------------------------------------------------------------- packages


@pytest.mark.parametrize(
    ("module", "build", "extra"),
    [
        ("redis", lambda: RedisTokenStore("redis://localhost"), "redis"),
        ("psycopg", lambda: PostgresTokenStore("postgresql://localhost/db"), "postgres"),
        ("cryptography", lambda: FernetEncryption(FernetEncryption.generate_key()), "encryption"),
    ],
)
def test_missing_package_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, module: str, build: object, extra: str
) -> None:
    for name in list(sys.modules):
        if name == module or name.startswith(f"{module}."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails
    with pytest.raises(FrontConfigurationError, match=rf"pip install 'langchain-front\[{extra}\]'"):
        build()  # type: ignore[operator]


def test_importing_the_stores_imports_no_optional_package() -> None:
    code = (
        "import sys, langchain_front.auth.stores as s; "
        "print([m for m in ('redis', 'psycopg') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------- secrets


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_no_secret_in_reprs_or_errors(tmp_path: Path) -> None:
    password = f"pw-{uuid.uuid4().hex}"
    key = FernetEncryption.generate_key()
    encryption = FernetEncryption(key)
    port = _closed_port()
    redis_store = RedisTokenStore(f"redis://:{password}@127.0.0.1:{port}/0", encryption=encryption)
    pg_store = PostgresTokenStore(
        f"postgresql://user:{password}@127.0.0.1:{port}/db?connect_timeout=2",
        encryption=encryption,
    )
    stores = [
        MemoryTokenStore(encryption=encryption),
        FileTokenStore(tmp_path / "t.json", encryption=encryption),
        SQLiteTokenStore(tmp_path / "t.sqlite3", encryption=encryption),
        redis_store,
        pg_store,
    ]
    secret_token = token("repr")
    texts = [repr(secret_token), str(secret_token), repr(encryption)]
    texts += [repr(StoredToken(token=secret_token, version=3))]
    texts += [str(StoredToken(token=secret_token, version=3))]
    for store in stores:
        texts += [repr(store), str(store)]
    assert "127.0.0.1" in repr(redis_store) and "127.0.0.1" in repr(pg_store)
    for unreachable in (redis_store, pg_store):  # connection errors name the host, not the URL
        with pytest.raises(TokenStoreError) as caught:
            unreachable.save("alice", secret_token)
        texts.append(str(caught.value))
        assert "127.0.0.1" in str(caught.value)
    local = stores[2]
    local.save("alice", secret_token)
    with pytest.raises(StaleTokenError) as stale:
        local.save("alice", secret_token, expected_version=0)
    texts.append(str(stale.value))
    for text in texts:
        for secret in (password, key, "SECRET"):
            assert secret not in text, text
    close(local)


def test_tokens_hidden_in_logs_of_a_store_roundtrip(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "t.json")
    saved = store.save("alice", token("log"))
    assert "SECRET" not in f"{saved} {saved!r} {saved.token} {store.get('alice')}"
    assert "SECRET" in (tmp_path / "t.json").read_text()  # stored, unencrypted: that is the point
    assert os.stat(tmp_path / "t.json").st_mode & 0o077 == 0  # ...so only its owner reads it
