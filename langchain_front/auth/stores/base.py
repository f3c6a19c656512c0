"""The token store protocol, and the base class that makes a new backend a small class.

A backend implements four raw methods on opaque strings (``_get_raw``, ``_put_raw``,
``_delete_raw``, ``_keys_raw``), the two OAuth state methods (``put_state``, ``take_state``) and
``lock``. The base class adds (de)serialization, optional encryption at rest, compare-and-swap
semantics and the async twins.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import stat
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from langchain_front.auth.tokens import FrontToken, StoredToken
from langchain_front.errors import TokenStoreError, TokenTextError

_LOGGER = logging.getLogger("langchain_front.auth.stores")

#: Expired OAuth states are kept this long after their expiry (so that a late callback is told
#: "expired" rather than "unknown"), then dropped.
STATE_RETENTION = 3600.0


@runtime_checkable
class TokenStore(Protocol):
    """Where tokens live, by user ID (the user or tenant the token belongs to)."""

    def get(self, user_id: str) -> StoredToken | None:
        """The token for ``user_id`` with its version, or ``None``."""
        ...

    def save(
        self, user_id: str, token: FrontToken, *, expected_version: int | None = None
    ) -> StoredToken:
        """Save ``token``; with ``expected_version``, only if the stored version is still that
        (0: only if none is stored), else raise :class:`StaleTokenError`."""
        ...

    def delete(self, user_id: str) -> None:
        """Forget the token for ``user_id`` (no error if absent)."""
        ...

    def keys(self) -> list[str]:
        """Every user ID with a token."""
        ...

    def lock(self, user_id: str, *, timeout: float = 30.0) -> AbstractContextManager[None]:
        """An exclusive lock on ``user_id`` across threads and processes (and machines, for shared
        backends); raises :class:`LockTimeoutError` after ``timeout`` seconds."""
        ...

    async def aget(self, user_id: str) -> StoredToken | None:
        """Async twin of :meth:`get`."""
        ...

    async def asave(
        self, user_id: str, token: FrontToken, *, expected_version: int | None = None
    ) -> StoredToken:
        """Async twin of :meth:`save`."""
        ...

    async def adelete(self, user_id: str) -> None:
        """Async twin of :meth:`delete`."""
        ...


@runtime_checkable
class StateStore(Protocol):
    """Single-use OAuth ``state`` values, bound to a user ID, that expire."""

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_id`` until ``expires_at`` (Unix seconds)."""
        ...

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Atomically remove and return ``(user_id, expires_at)``, or ``None`` if unknown."""
        ...


class BaseTokenStore(ABC):
    """Serialization, encryption, CAS and async twins over a backend's raw methods.

    ``encryption``: an object with ``encrypt(bytes) -> bytes`` and ``decrypt(bytes) -> bytes``
    (see :class:`~langchain_front.auth.stores.encryption.FernetEncryption`), or ``None``.
    """

    def __init__(self, *, encryption: Any = None) -> None:
        self.encryption = encryption

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._describe()})"

    def _describe(self) -> str:
        return ""

    # ------------------------------------------------------------------ backend

    @abstractmethod
    def _get_raw(self, user_id: str) -> tuple[str, int] | None:
        """(payload, version) or None."""

    @abstractmethod
    def _put_raw(self, user_id: str, payload: str, expected_version: int | None) -> int:
        """Store atomically; return the new version. Raise StaleTokenError on a CAS mismatch."""

    @abstractmethod
    def _delete_raw(self, user_id: str) -> None:
        """Remove the token of ``user_id``."""

    @abstractmethod
    def _keys_raw(self) -> list[str]:
        """Every user ID with a token."""

    @abstractmethod
    def lock(self, user_id: str, *, timeout: float = 30.0) -> AbstractContextManager[None]:
        """Exclusive per-user lock across threads and processes."""

    @abstractmethod
    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """See :class:`StateStore`."""

    @abstractmethod
    def take_state(self, state: str) -> tuple[str, float] | None:
        """See :class:`StateStore`."""

    # ------------------------------------------------------------------ codec

    def _encode(self, token: FrontToken) -> str:
        text = json.dumps(token.to_storage(), separators=(",", ":"))
        if self.encryption is None:
            return text
        encrypted: bytes = self.encryption.encrypt(text.encode("utf-8"))
        return "enc:" + encrypted.decode("ascii")

    def _decode(self, user_id: str, payload: str) -> FrontToken:
        try:
            if payload.startswith("enc:"):
                if self.encryption is None:
                    raise TokenStoreError(
                        f"the token for {user_id!r} is encrypted but this store has no key: set "
                        "FRONT_TOKEN_ENCRYPTION_KEY (or pass encryption=...)"
                    )
                payload = self.encryption.decrypt(payload[4:].encode("ascii")).decode("utf-8")
            return FrontToken.from_storage(json.loads(payload))
        except TokenStoreError:
            raise
        except TokenTextError as exc:  # e.g. a token saved with a trailing newline inside
            raise TokenStoreError(
                f"the stored token for {user_id!r} cannot be used: {exc}; connect Front again "
                "for this user (langchain-front auth login) to replace it"
            ) from None
        except Exception as exc:  # corrupted row or file, wrong key
            raise TokenStoreError(
                f"the stored token for {user_id!r} is unreadable ({type(exc).__name__}); delete it "
                "(langchain-front auth logout) and connect Front again"
            ) from None

    # ------------------------------------------------------------------ public API

    def get(self, user_id: str) -> StoredToken | None:
        """The token for ``user_id`` with its version, or ``None``."""
        raw = self._get_raw(user_id)
        if raw is None:
            return None
        payload, version = raw
        return StoredToken(token=self._decode(user_id, payload), version=version)

    def save(
        self, user_id: str, token: FrontToken, *, expected_version: int | None = None
    ) -> StoredToken:
        """Save (compare-and-swap when ``expected_version`` is given)."""
        version = self._put_raw(user_id, self._encode(token), expected_version)
        return StoredToken(token=token, version=version)

    def delete(self, user_id: str) -> None:
        """Forget the token of ``user_id``."""
        self._delete_raw(user_id)

    def keys(self) -> list[str]:
        """Every user ID with a token, sorted."""
        return sorted(self._keys_raw())

    async def aget(self, user_id: str) -> StoredToken | None:
        """Async twin of :meth:`get` (runs in a worker thread)."""
        return await asyncio.to_thread(self.get, user_id)

    async def asave(
        self, user_id: str, token: FrontToken, *, expected_version: int | None = None
    ) -> StoredToken:
        """Async twin of :meth:`save` (runs in a worker thread)."""
        return await asyncio.to_thread(self.save, user_id, token, expected_version=expected_version)

    async def adelete(self, user_id: str) -> None:
        """Async twin of :meth:`delete` (runs in a worker thread)."""
        await asyncio.to_thread(self.delete, user_id)


class Heartbeat:
    """Renews a lease every ``interval`` seconds in a daemon thread while its holder runs.

    Used as a context manager around the holder's work. ``renew()`` returns False once the
    lease is no longer ours (it expired and someone else took it): the heartbeat then stops and
    says so in a warning. A failed renewal (a store error) is logged and tried again at the next
    beat; the lease expires by itself if its holder dies, which is the point of keeping it short.
    """

    def __init__(self, renew: Callable[[], bool], interval: float, what: str) -> None:
        self._renew = renew
        self._interval = max(0.05, interval)
        self._what = what
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name="langchain-front-lease", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self._interval + 5)

    def _beat(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                renewed = self._renew()
            except Exception as exc:  # the store is down: the lease may lapse
                _LOGGER.warning("could not renew the lease of %s: %s", self._what, exc)
                continue
            if not renewed:
                _LOGGER.warning(
                    "the lease of %s expired while held (its holder was paused or the store "
                    "unreachable for longer than the lease)",
                    self._what,
                )
                return


def restrict_to_owner(path: Path) -> None:
    """chmod 0600 when group or others may read or write the file (tokens are secrets)."""
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)
