"""Encryption at rest on every backend: round trip, nothing readable at rest, rotation."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from langchain_front.auth.stores import (
    BaseTokenStore,
    FernetEncryption,
    SQLiteTokenStore,
    default_token_store,
)
from langchain_front.errors import FrontConfigurationError, TokenStoreError
from tests.integration_tests.stores.helpers import StoreSpec, close, token

KEY_A = FernetEncryption.generate_key()
KEY_B = FernetEncryption.generate_key()


def _at_rest(spec: StoreSpec, store: BaseTokenStore, user_id: str) -> bytes:
    """Every byte the backend keeps for ``user_id``: the raw payload, and the files on disk."""
    raw = store._get_raw(user_id)
    assert raw is not None
    data = raw[0].encode()
    if spec.directory:
        for path in Path(spec.directory).iterdir():
            if path.is_file():
                data += path.read_bytes()
    return data


def test_round_trip_and_nothing_readable_at_rest(spec: StoreSpec, store: BaseTokenStore) -> None:
    store.encryption = FernetEncryption(KEY_A)
    store.save("alice", token("enc"))
    got = store.get("alice")
    assert got is not None
    assert got.token.access_token.get_secret_value() == "access-enc-SECRET"
    raw = store._get_raw("alice")
    assert raw is not None and raw[0].startswith("enc:")
    at_rest = _at_rest(spec, store, "alice")
    assert b"SECRET" not in at_rest
    assert b"access-enc" not in at_rest and b"refresh-enc" not in at_rest


def test_rotation_with_two_keys(store: BaseTokenStore) -> None:
    store.encryption = FernetEncryption(KEY_A)
    store.save("alice", token("a"))
    store.save("bob", token("b"))
    store.encryption = None
    store.save("carol", token("c"))  # written before encryption was turned on

    both = FernetEncryption([KEY_B, KEY_A])  # new key first, old one still decrypts
    store.encryption = both
    assert [s.token.access_token.get_secret_value() for s in map(store.get, store.keys()) if s] == [
        "access-a-SECRET",
        "access-b-SECRET",
        "access-c-SECRET",
    ]
    assert both.rotate_store(store) == 3

    store.encryption = FernetEncryption(KEY_B)  # the old key can go
    for user_id, label in (("alice", "a"), ("bob", "b"), ("carol", "c")):
        got = store.get(user_id)
        assert (
            got is not None
            and got.token.access_token.get_secret_value() == f"access-{label}-SECRET"
        )
        assert got.version == 2  # rewritten with compare-and-swap
        raw = store._get_raw(user_id)
        assert raw is not None and raw[0].startswith("enc:")

    store.encryption = FernetEncryption(KEY_A)
    with pytest.raises(TokenStoreError):
        store.get("alice")


def test_rotation_works_whatever_the_store_was_opened_with(store: BaseTokenStore) -> None:
    store.encryption = FernetEncryption(KEY_A)
    store.save("alice", token("a"))
    store.encryption = FernetEncryption([KEY_B, KEY_A])  # e.g. open_token_store() from the env
    assert FernetEncryption([KEY_B, KEY_A]).rotate_store(store) == 1
    store.encryption = FernetEncryption(KEY_B)
    assert store.get("alice") is not None


def test_wrong_key_says_so_without_secrets(store: BaseTokenStore) -> None:
    store.encryption = FernetEncryption(KEY_A)
    store.save("alice", token("w"))
    store.encryption = FernetEncryption(KEY_B)
    with pytest.raises(TokenStoreError) as caught:
        store.get("alice")
    message = str(caught.value)
    assert "doesn't match" in message
    for secret in ("SECRET", KEY_A, KEY_B, KEY_A[:10], KEY_B[:10]):
        assert secret not in message
    assert caught.value.__cause__ is None  # raised "from None": no key material in a traceback


def test_encrypted_token_and_no_key(store: BaseTokenStore) -> None:
    store.encryption = FernetEncryption(KEY_A)
    store.save("alice", token("n"))
    store.encryption = None
    with pytest.raises(TokenStoreError, match="FRONT_TOKEN_ENCRYPTION_KEY"):
        store.get("alice")


def test_keys_never_in_repr() -> None:
    encryption = FernetEncryption([KEY_A, KEY_B])
    assert repr(encryption) == "FernetEncryption(keys=2)"
    store = SQLiteTokenStore("/nonexistent/never-created.sqlite3", encryption=encryption)
    for text in (repr(encryption), str(encryption), repr(store), str(store)):
        assert KEY_A not in text and KEY_B not in text


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONT_TOKEN_ENCRYPTION_KEY", f" {KEY_B} , {KEY_A} ")
    both = FernetEncryption.from_env()
    assert repr(both) == "FernetEncryption(keys=2)"
    assert FernetEncryption(KEY_B).decrypt(both.encrypt(b"x")) == b"x"  # newest key encrypts
    with pytest.raises(TokenStoreError, match="doesn't match"):
        FernetEncryption(KEY_A).decrypt(both.encrypt(b"x"))
    monkeypatch.delenv("FRONT_TOKEN_ENCRYPTION_KEY")
    with pytest.raises(FrontConfigurationError, match="FRONT_TOKEN_ENCRYPTION_KEY is not set"):
        FernetEncryption.from_env()
    bad = "not-a-fernet-key-but-a-secret-anyway"
    monkeypatch.setenv("FRONT_TOKEN_ENCRYPTION_KEY", f"{KEY_A},{bad}")
    with pytest.raises(FrontConfigurationError) as caught:
        FernetEncryption.from_env()
    assert "#2" in str(caught.value) and bad not in str(caught.value)
    with pytest.raises(FrontConfigurationError):
        FernetEncryption([])


def test_default_token_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("FRONT_TOKEN_ENCRYPTION_KEY", raising=False)
    plain = default_token_store()
    assert plain.path == tmp_path / "data" / "langchain-front" / "tokens.sqlite3"
    assert plain.encryption is None
    plain.save("alice", token("d"))
    assert stat.S_IMODE(plain.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(plain.path.parent.stat().st_mode) == 0o700
    close(plain)

    monkeypatch.setenv("FRONT_TOKEN_ENCRYPTION_KEY", KEY_A)
    encrypted = default_token_store()
    assert isinstance(encrypted.encryption, FernetEncryption)
    encrypted.save("bob", token("e"))
    raw = encrypted._get_raw("bob")
    assert raw is not None and raw[0].startswith("enc:")
    close(encrypted)
