"""Events in Redis, shared by every receiver and worker (``pip install 'langchain-front[redis]'``).

Reuses :class:`~langchain_front.auth.stores.redis.RedisTokenStore`'s client (same URL forms,
connect and command timeouts). Keys: ``<prefix>event:<id>`` a hash ``{payload, status,
attempts, received_at}`` that expires after ``retention`` (the deduplication window),
``<prefix>events:queue`` a sorted set of pending IDs scored by the time they may be claimed,
``<prefix>events:cursor:<name>`` a poller's cursor. Adding and claiming are Lua scripts (atomic
on the server). Turn persistence on (``appendonly yes``): the queue is not a cache.
"""

from __future__ import annotations

import time
from typing import Any

from langchain_front.auth.stores.redis import RedisTokenStore
from langchain_front.events.store import DEFAULT_RETENTION, ClaimedEvent, EventStore

__all__ = ["RedisEventStore"]

# KEYS: event hash, queue. ARGV: payload, now, retention seconds, id. Returns 1 if added.
_ADD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'payload', ARGV[1], 'status', 'pending', 'attempts', 0,
           'received_at', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
return 1
"""

# KEYS: queue. ARGV: now, visible_at after the lease, limit, key prefix of event hashes.
# Returns a flat list id, payload, attempts...
_CLAIM = """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
local out = {}
for _, id in ipairs(ids) do
  local key = ARGV[4] .. id
  local payload = redis.call('HGET', key, 'payload')
  if payload then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    local attempts = redis.call('HINCRBY', key, 'attempts', 1)
    table.insert(out, id)
    table.insert(out, payload)
    table.insert(out, attempts)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
"""


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class RedisEventStore(EventStore):
    """Events in Redis at ``url`` (``redis://host:6379/0``) or on a ready ``client``."""

    def __init__(
        self,
        url: str | None = None,
        *,
        client: Any = None,
        prefix: str = "langchain-front:",
        retention: float = DEFAULT_RETENTION,
    ) -> None:
        self.retention = retention
        self._db = RedisTokenStore(url, client=client, prefix=prefix)
        self.client: Any = self._db.client
        self.prefix = prefix
        self._queue = f"{prefix}events:queue"
        self._add_script = self.client.register_script(_ADD)
        self._claim_script = self.client.register_script(_CLAIM)

    def __repr__(self) -> str:
        return f"RedisEventStore({self._db._where()!r}, prefix={self.prefix!r})"

    def _key(self, event_id: str) -> str:
        return f"{self.prefix}event:{event_id}"

    def _run(self, work: Any) -> Any:
        with self._db._errors():  # TokenStoreError naming the server, never the password
            return work()

    def add(self, event_id: str, payload: str) -> bool:
        now = time.time()
        keys = [self._key(event_id), self._queue]
        args = [payload, repr(now), int(self.retention), event_id]
        return bool(self._run(lambda: self._add_script(keys=keys, args=args)))

    def claim(self, limit: int = 10, lease: float = 300.0) -> list[ClaimedEvent]:
        now = time.time()
        args = [repr(now), repr(now + lease), limit, f"{self.prefix}event:"]
        flat = self._run(lambda: self._claim_script(keys=[self._queue], args=args))
        return [
            ClaimedEvent(_text(flat[i]), _text(flat[i + 1]), int(flat[i + 2]))
            for i in range(0, len(flat), 3)
        ]

    def complete(self, event_id: str) -> None:
        def work() -> None:
            pipe = self.client.pipeline()
            pipe.hset(self._key(event_id), "status", "done")
            pipe.zrem(self._queue, event_id)
            pipe.execute()

        self._run(work)

    def fail(self, event_id: str, *, retry_in: float | None) -> None:
        def work() -> None:
            pipe = self.client.pipeline()
            if retry_in is None:
                pipe.hset(self._key(event_id), "status", "failed")
                pipe.zrem(self._queue, event_id)
            else:
                pipe.zadd(self._queue, {event_id: time.time() + retry_in})
            pipe.execute()

        self._run(work)

    def status(self, event_id: str) -> str | None:
        value = self._run(lambda: self.client.hget(self._key(event_id), "status"))
        return None if value is None else _text(value)

    def get_cursor(self, name: str) -> str | None:
        value = self._run(lambda: self.client.get(f"{self.prefix}events:cursor:{name}"))
        return None if value is None else _text(value)

    def set_cursor(self, name: str, value: str) -> None:
        self._run(lambda: self.client.set(f"{self.prefix}events:cursor:{name}", value))

    def _prune(self, before: float) -> None:
        """Nothing to do: event hashes expire by themselves."""

    def close(self) -> None:
        self.client.close()
