"""Tokens in Redis: for several processes on several machines (``pip install
'langchain-front[redis]'``)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from langchain_front.auth.stores.base import BaseTokenStore, Heartbeat
from langchain_front.auth.stores.memory import PROCESS_LOCKS, lock_timeout_error, stale_message
from langchain_front.errors import (
    FrontConfigurationError,
    LockTimeoutError,
    StaleTokenError,
    TokenStoreError,
)

if TYPE_CHECKING:
    import redis as redis_module

__all__ = ["RedisTokenStore"]

_LOGGER = logging.getLogger(__name__)

#: An OAuth state stays readable this long after its expiry, so that a late callback is told
#: "expired" rather than "unknown"; Redis then drops it.
_STATE_GRACE = 600.0

# KEYS: token hash, user ID index set. ARGV: payload, expected version ("" = any), user ID.
# Returns {1, new version} or {0, current version}.
_SAVE = """
local current = tonumber(redis.call('HGET', KEYS[1], 'version')) or 0
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= current then
  return {0, current}
end
redis.call('HSET', KEYS[1], 'payload', ARGV[1], 'version', current + 1)
redis.call('SADD', KEYS[2], ARGV[3])
return {1, current + 1}
"""


def _import_redis() -> Any:
    try:
        import redis
    except ImportError:
        raise FrontConfigurationError(
            "RedisTokenStore needs the redis package: pip install 'langchain-front[redis]'"
        ) from None
    return redis


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class RedisTokenStore(BaseTokenStore):
    """Tokens and OAuth states in Redis, shared by every process and machine that uses it.

    ``url`` (``redis://[:password@]host:6379/0``, ``rediss://`` for TLS) or a ready ``client``
    (a synchronous ``redis.Redis``). Keys start with ``prefix``: ``<prefix>token:<user_id>`` is a
    hash ``{payload, version}``, ``<prefix>tokens`` the set of user IDs, ``<prefix>lock:<user_id>``
    the lock, ``<prefix>state:<state>`` an OAuth state (JSON ``{user_key, expires_at}``, whose
    ``user_key`` holds the user ID).

    Saves are compare-and-swap in a Lua script (atomic on the server). :meth:`lock` is a redis-py
    ``Lock``: a key set with NX and a lease of ``lock_ttl`` seconds (6), renewed by a heartbeat
    every third of that while its holder runs, so a holder killed mid-refresh frees it within
    ``lock_ttl``.

    Timeouts (for a client built from ``url``): ``connect_timeout`` (5 s) to connect, ``timeout``
    (5 s) for any one command to be answered, so a hung or stopped server fails every call,
    :meth:`lock` included, with :class:`TokenStoreError` within about that. States
    are read and deleted in one MULTI/EXEC. Needs Redis 4 or later; single Redis or a primary
    with replicas; on Redis Cluster put a hash tag in the prefix (``prefix="{front}:"``) so the
    script's keys share a slot. Tokens are not a cache: turn persistence on (``appendonly yes``),
    or a restart disconnects every user.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        client: redis_module.Redis | None = None,
        prefix: str = "langchain-front:",
        encryption: object = None,
        lock_ttl: float = 6.0,
        connect_timeout: float = 5.0,
        timeout: float = 5.0,
    ) -> None:
        super().__init__(encryption=encryption)
        redis = _import_redis()
        self._redis: Any = redis
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        if client is None:
            client = redis.Redis.from_url(
                url or "redis://localhost:6379/0",
                socket_connect_timeout=connect_timeout,
                socket_timeout=timeout,
            )
        self.client: Any = client
        self.prefix = prefix
        self.lock_ttl = lock_ttl
        self._save_script = self.client.register_script(_SAVE)

    def _describe(self) -> str:
        return f"{self._where()!r}, prefix={self.prefix!r}"

    def _where(self) -> str:
        try:
            kwargs = self.client.connection_pool.connection_kwargs
            if "path" in kwargs:
                return f"unix:{kwargs['path']}/{kwargs.get('db', 0)}"
            return f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}/{kwargs.get('db', 0)}"
        except Exception:  # another kind of client
            return type(self.client).__name__

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except self._redis.RedisError as exc:
            raise TokenStoreError(
                f"Redis at {self._where()} failed: {type(exc).__name__}: {exc}; check that it runs "
                "and that the URL is right, then retry"
            ) from None

    def _token_key(self, user_id: str) -> str:
        return f"{self.prefix}token:{user_id}"

    # ------------------------------------------------------------------ backend

    def _get_raw(self, user_id: str) -> tuple[str, int] | None:
        with self._errors():
            payload, version = self.client.hmget(self._token_key(user_id), ["payload", "version"])
        if payload is None or version is None:
            return None
        return _text(payload), int(_text(version))

    def _put_raw(self, user_id: str, payload: str, expected_version: int | None) -> int:
        expected = "" if expected_version is None else str(expected_version)
        with self._errors():
            done, version = self._save_script(
                keys=[self._token_key(user_id), f"{self.prefix}tokens"],
                args=[payload, expected, user_id],
            )
        if not int(done):
            assert expected_version is not None
            raise StaleTokenError(stale_message(user_id, expected_version, int(version)))
        return int(version)

    def _delete_raw(self, user_id: str) -> None:
        with self._errors():
            pipe = self.client.pipeline(transaction=True)
            pipe.delete(self._token_key(user_id))
            pipe.srem(f"{self.prefix}tokens", user_id)
            pipe.execute()

    def _keys_raw(self) -> list[str]:
        with self._errors():
            return [_text(member) for member in self.client.smembers(f"{self.prefix}tokens")]

    @contextmanager
    def lock(self, user_id: str, *, timeout: float = 30.0) -> Iterator[None]:
        """Exclusive lock on ``user_id`` across threads, processes and machines (a Redis lease)."""
        message = lock_timeout_error(user_id, timeout)
        name = f"{self.prefix}lock:{user_id}"
        with PROCESS_LOCKS.hold(f"redis:{self._where()}:{name}", timeout, message) as remaining:
            lease = self._redis.lock.Lock(
                self.client,
                name,
                timeout=self.lock_ttl,
                sleep=0.01,
                blocking=True,
                blocking_timeout=max(0.0, remaining),
                thread_local=False,  # the async twin may release it from another thread
            )
            with self._errors():
                acquired = lease.acquire()
            if not acquired:
                raise LockTimeoutError(message)
            try:
                with Heartbeat(
                    lambda: self._renew(lease), self.lock_ttl / 3, f"the lock on {user_id!r}"
                ):
                    yield
            finally:
                try:
                    lease.release()
                except self._redis.exceptions.LockNotOwnedError:
                    _LOGGER.warning(
                        "the lock on %r had expired before its release (its holder was paused, "
                        "or Redis unreachable, for longer than lock_ttl=%g s)",
                        user_id,
                        self.lock_ttl,
                    )
                except self._redis.RedisError as exc:
                    _LOGGER.warning(
                        "could not release the lock on %r (it expires): %s", user_id, exc
                    )

    def _renew(self, lease: Any) -> bool:
        """Reset the lease to ``lock_ttl``; False once it is no longer ours."""
        try:
            lease.reacquire()
        except self._redis.exceptions.LockNotOwnedError:
            return False
        return True

    def put_state(self, state: str, user_id: str, expires_at: float) -> None:
        """Remember ``state`` for ``user_id`` until ``expires_at`` (then a grace period)."""
        value = json.dumps({"user_key": user_id, "expires_at": float(expires_at)})
        keep_ms = max(1, int((float(expires_at) - time.time() + _STATE_GRACE) * 1000))
        with self._errors():
            self.client.set(f"{self.prefix}state:{state}", value, px=keep_ms)

    def take_state(self, state: str) -> tuple[str, float] | None:
        """Atomically remove and return ``(user_id, expires_at)``, or ``None``."""
        name = f"{self.prefix}state:{state}"
        with self._errors():
            pipe = self.client.pipeline(transaction=True)
            pipe.get(name)
            pipe.delete(name)
            value, _ = pipe.execute()
        if value is None:
            return None
        try:
            data = json.loads(_text(value))
            return str(data["user_key"]), float(data["expires_at"])
        except (ValueError, KeyError, TypeError):
            raise TokenStoreError(
                f"the OAuth state stored at {name!r} is unreadable; start the login again"
            ) from None
