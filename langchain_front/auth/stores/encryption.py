"""Encryption at rest for any token store: Fernet, with key rotation (``pip install
'langchain-front[encryption]'``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from langchain_front.auth.stores.base import BaseTokenStore
from langchain_front.errors import FrontConfigurationError, StaleTokenError, TokenStoreError

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

__all__ = ["KEY_ENV", "FernetEncryption"]

#: Comma-separated Fernet keys, newest first.
KEY_ENV = "FRONT_TOKEN_ENCRYPTION_KEY"


def _fernet() -> Any:
    try:
        from cryptography import fernet
    except ImportError:
        raise FrontConfigurationError(
            "token encryption needs the cryptography package: "
            "pip install 'langchain-front[encryption]'"
        ) from None
    return fernet


class FernetEncryption:
    """Encrypts tokens at rest with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``).

    ``keys``: one key or several, newest first (a comma-separated string works too). The first
    key encrypts; every key decrypts, so ``new,old`` reads tokens written under either. After
    switching, :meth:`rotate_store` re-encrypts every stored token with the new key; the old key
    can then be dropped. The keys never appear in ``repr`` or in error messages.
    """

    def __init__(self, keys: str | bytes | Sequence[str | bytes]) -> None:
        fernet = _fernet()
        if isinstance(keys, (str, bytes)):
            text = keys.decode("ascii", "replace") if isinstance(keys, bytes) else keys
            parts: list[str | bytes] = [k for k in (p.strip() for p in text.split(",")) if k]
        else:
            parts = [k.strip() for k in keys if k.strip()]
        if not parts:
            raise FrontConfigurationError(
                f"no encryption key given; generate one with FernetEncryption.generate_key() "
                f"and set {KEY_ENV}"
            )
        ciphers = []
        for index, key in enumerate(parts, start=1):
            try:
                ciphers.append(fernet.Fernet(key))
            except (ValueError, TypeError):
                raise FrontConfigurationError(
                    f"encryption key #{index} (of {len(parts)}) is not a Fernet key (32 bytes, "
                    "url-safe base64); generate one with FernetEncryption.generate_key()"
                ) from None
        self._fernet: MultiFernet = fernet.MultiFernet(ciphers)
        self._invalid_token: type[Exception] = fernet.InvalidToken
        self._count = len(ciphers)

    def __repr__(self) -> str:
        return f"FernetEncryption(keys={self._count})"

    @classmethod
    def from_env(cls, variable: str = KEY_ENV) -> FernetEncryption:
        """From ``$FRONT_TOKEN_ENCRYPTION_KEY`` (comma-separated, newest first)."""
        value = os.environ.get(variable, "").strip()
        if not value:
            raise FrontConfigurationError(
                f"{variable} is not set; generate a key with "
                "python -c 'from langchain_front.auth.stores import FernetEncryption; "
                "print(FernetEncryption.generate_key())'"
            )
        return cls(value)

    @staticmethod
    def generate_key() -> str:
        """A new random Fernet key (url-safe base64 text)."""
        return str(_fernet().Fernet.generate_key().decode("ascii"))

    def encrypt(self, data: bytes) -> bytes:
        """Encrypt with the newest key."""
        token: bytes = self._fernet.encrypt(data)
        return token

    def decrypt(self, data: bytes) -> bytes:
        """Decrypt with whichever key fits; :class:`TokenStoreError` when none does."""
        try:
            plain: bytes = self._fernet.decrypt(data)
        except self._invalid_token:
            raise TokenStoreError(
                f"a stored token could not be decrypted: the encryption key doesn't match the key "
                f"it was encrypted with (or the data was altered). Put the old key after the new "
                f"one in {KEY_ENV} (new,old), or delete the token and connect Front again"
            ) from None
        return plain

    def rotate_store(self, store: BaseTokenStore, *, timeout: float = 30.0) -> int:
        """Re-encrypt every token of ``store`` with the newest key; returns how many.

        Each token is read, decrypted with any of these keys (a plaintext token is encrypted)
        and written back with compare-and-swap, under that user's :meth:`~BaseTokenStore.lock`,
        so a concurrent refresh is never lost. Works whatever encryption ``store`` was opened
        with; use these same keys for it afterwards.
        """
        codec = _Codec(self)
        rotated = 0
        for user_id in store.keys():  # noqa: SIM118 - a store, not a dict
            with store.lock(user_id, timeout=timeout):
                raw = store._get_raw(user_id)
                if raw is None:
                    continue
                payload, version = raw
                token = codec._decode(user_id, payload)
                try:
                    store._put_raw(user_id, codec._encode(token), version)
                except StaleTokenError:  # saved meanwhile by a writer that skips the lock
                    continue
                rotated += 1
        return rotated


class _Codec(BaseTokenStore):
    """Just the base class's payload format, with given keys (for :meth:`rotate_store`)."""

    def __init__(self, encryption: FernetEncryption) -> None:
        super().__init__(encryption=encryption)

    def _get_raw(self, user_id: str) -> tuple[str, int] | None:
        raise NotImplementedError

    def _put_raw(self, user_id: str, payload: str, expected_version: int | None) -> int:
        raise NotImplementedError

    def _delete_raw(self, user_id: str) -> None:
        raise NotImplementedError

    def _keys_raw(self) -> list[str]:
        raise NotImplementedError

    def lock(self, user_id: str, *, timeout: float = 30.0) -> Any:
        raise NotImplementedError

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        raise NotImplementedError

    def take_state(self, state: str) -> tuple[str, float] | None:
        raise NotImplementedError
