"""Tokens in one JSON file, replaced atomically: for one machine, any number of processes."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import filelock

from langchain_front.auth.stores.base import STATE_RETENTION, BaseTokenStore, restrict_to_owner
from langchain_front.auth.stores.memory import PROCESS_LOCKS, lock_timeout_error, stale_message
from langchain_front.errors import LockTimeoutError, StaleTokenError, TokenStoreError

__all__ = ["FileTokenStore"]

_T = TypeVar("_T")
_Doc = dict[str, dict[str, Any]]


class FileTokenStore(BaseTokenStore):
    """Tokens and OAuth states in one JSON file (mode 0600), for one machine.

    Layout: ``{"tokens": {user_id: {"payload": ..., "version": n}}, "states": {state: {"user_key":
    ..., "expires_at": ...}}}``; ``payload`` is the token as JSON, or ``enc:...`` when encrypted.
    The field ``user_key`` holds a user ID (a stored format: its names do not change).

    Every write is a read-modify-write under a cross-process lock file (``<path>.lock``): the new
    content goes to a temporary file in the same directory, is flushed and fsynced, replaces the
    file (``os.replace``) and the directory is fsynced. A process killed at any moment leaves the
    old content or the new one, never a torn or empty file. Readers take no lock.

    :meth:`lock` is a lock file per user (``<path>.<hash of the user ID>.lock``, ``flock``),
    released by the kernel if its holder dies; it waits at most its ``timeout``. Writes wait at
    most ``write_timeout`` (10 s) for another writer. A file that does not parse is never
    overwritten: every call raises :class:`TokenStoreError` saying how to recover.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        encryption: object = None,
        write_timeout: float = 10.0,
    ) -> None:
        super().__init__(encryption=encryption)
        #: Seconds a write waits for another process's write to finish (a writer that hangs
        #: or is stopped: :class:`TokenStoreError` after it).
        self.write_timeout = write_timeout
        self.path = Path(path).expanduser().resolve()
        self._swept = False
        if self.path.exists():
            restrict_to_owner(self.path)

    def _describe(self) -> str:
        return repr(str(self.path))

    # ------------------------------------------------------------------ file I/O

    def _ensure_directory(self) -> None:
        if not self.path.parent.is_dir():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise TokenStoreError(
                    f"could not create the directory {self.path.parent}: {exc.strerror or exc}"
                ) from None

    def _corrupted(self, reason: str) -> TokenStoreError:
        return TokenStoreError(
            f"the token file {self.path} is corrupted ({reason}); it was left untouched. Move it "
            f"aside (mv {self.path} {self.path}.bad) and connect Front again"
        )

    def _load(self) -> _Doc:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return {"tokens": {}, "states": {}}
        except OSError as exc:
            raise TokenStoreError(
                f"could not read the token file {self.path}: {exc.strerror or exc}"
            ) from None
        if not data.strip():  # e.g. created empty with touch: nothing to lose
            return {"tokens": {}, "states": {}}
        try:
            doc = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise self._corrupted("not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise self._corrupted(
                f"invalid JSON: {exc.msg}, line {exc.lineno} column {exc.colno}"
            ) from None
        return self._check(doc)

    def _check(self, doc: object) -> _Doc:
        if not isinstance(doc, dict):
            raise self._corrupted("the top level is not an object")
        tokens = doc.setdefault("tokens", {})
        states = doc.setdefault("states", {})
        if not isinstance(tokens, dict) or not isinstance(states, dict):
            raise self._corrupted('"tokens" and "states" must be objects')
        for entry in tokens.values():
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("payload"), str)
                and type(entry.get("version")) is int
                and entry["version"] >= 1
            ):
                raise self._corrupted("a token entry is not {payload: string, version: integer}")
        for entry in states.values():
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("user_key"), str)
                and type(entry.get("expires_at")) in (int, float)
            ):
                raise self._corrupted("a state entry is not {user_key: string, expires_at: number}")
        return doc

    def _write(self, doc: _Doc) -> None:
        directory = self.path.parent
        text = json.dumps(doc, separators=(",", ":"), sort_keys=True)
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:  # mkstemp creates it 0600
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _fsync_directory(directory)

    def _sweep_temporaries(self) -> None:
        """Remove temporary files left by a writer that was killed (we hold the write lock)."""
        self._swept = True
        prefix = f".{self.path.name}."
        with contextlib.suppress(OSError), os.scandir(self.path.parent) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _update(self, change: Callable[[_Doc], tuple[_T, bool]]) -> _T:
        """Read-modify-write under the file's write lock; ``change`` returns (result, changed)."""
        lock_path = f"{self.path}.lock"
        busy = (
            f"could not lock the token file {self.path} within {self.write_timeout:g} s: another "
            "process is writing it (or is stuck); retry"
        )
        self._ensure_directory()
        with _file_lock(lock_path, self.write_timeout, busy):
            doc = self._load()
            result, changed = change(doc)
            if changed:
                if not self._swept:
                    self._sweep_temporaries()
                try:
                    self._write(doc)
                except OSError as exc:
                    raise TokenStoreError(
                        f"could not write the token file {self.path}: {exc.strerror or exc}; "
                        "the previous content is intact"
                    ) from None
            return result

    # ------------------------------------------------------------------ backend

    def _get_raw(self, user_id: str) -> tuple[str, int] | None:
        entry = self._load()["tokens"].get(user_id)
        return None if entry is None else (entry["payload"], entry["version"])

    def _put_raw(self, user_id: str, payload: str, expected_version: int | None) -> int:
        def change(doc: _Doc) -> tuple[int, bool]:
            entry = doc["tokens"].get(user_id)
            version = entry["version"] if entry else 0
            if expected_version is not None and expected_version != version:
                raise StaleTokenError(stale_message(user_id, expected_version, version))
            doc["tokens"][user_id] = {"payload": payload, "version": version + 1}
            return version + 1, True

        return self._update(change)

    def _delete_raw(self, user_id: str) -> None:
        def change(doc: _Doc) -> tuple[None, bool]:
            return None, doc["tokens"].pop(user_id, None) is not None

        self._update(change)

    def _keys_raw(self) -> list[str]:
        return list(self._load()["tokens"])

    @contextmanager
    def lock(self, user_id: str, *, timeout: float = 30.0) -> Iterator[None]:
        """Exclusive lock on ``user_id`` across threads and processes of this machine."""
        digest = hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:16]
        self._ensure_directory()
        busy = lock_timeout_error(user_id, timeout)
        with _file_lock(f"{self.path}.{digest}.lock", timeout, busy):
            yield

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_id`` until ``expires_at``."""

        def change(doc: _Doc) -> tuple[None, bool]:
            states = doc["states"]
            cutoff = time.time() - STATE_RETENTION
            for old in [s for s, entry in states.items() if entry["expires_at"] < cutoff]:
                del states[old]
            states[state] = {"user_key": user_id, "expires_at": float(expires_at)}
            return None, True

        self._update(change)

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Atomically remove and return ``(user_id, expires_at)``, or ``None``."""

        def change(doc: _Doc) -> tuple[tuple[str, float] | None, bool]:
            entry = doc["states"].pop(state, None)
            if entry is None:
                return None, False
            return (entry["user_key"], float(entry["expires_at"])), True

        return self._update(change)


@contextmanager
def _file_lock(lock_path: str, timeout: float, message: str) -> Iterator[None]:
    """Threads of this process line up on a ``threading.Lock``; processes on ``flock``.

    One ``filelock.FileLock`` instance per acquisition (``thread_local=False``, so the async twin
    may release it from another thread): instances are reentrant, so sharing one between threads
    would let a second thread in.
    """
    with PROCESS_LOCKS.hold(f"file:{lock_path}", timeout, message) as remaining:
        file_lock = filelock.FileLock(lock_path, mode=0o600, thread_local=False)
        try:
            file_lock.acquire(timeout=max(0.0, remaining), poll_interval=0.01)
        except filelock.Timeout:
            raise LockTimeoutError(message) from None
        except OSError as exc:
            raise TokenStoreError(
                f"could not create the lock file {lock_path}: {exc.strerror or exc}"
            ) from None
        try:
            yield
        finally:
            file_lock.release()


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX; a no-op where directories cannot be opened)."""
    if os.name != "posix":  # pragma: no cover
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on directories
        pass
    finally:
        os.close(fd)
