"""The shared limiter's state in Redis: one Lua script, atomic on the server, for every worker.

Needs the ``redis`` package (``pip install 'langchain-front[redis]'``) and Redis 5 or later. The
script makes the decisions of :class:`~langchain_front.client.limiter.MemoryBackend` (booking,
Front's headers, pauses: see :mod:`langchain_front.client.limiter`) on Redis's own clock, so
workers on machines whose clocks disagree still share one timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_front.client.limiter import Booking, LimitSettings, Report
from langchain_front.errors import FrontConfigurationError

__all__ = ["RedisBackend"]

# KEYS: 1 bookings (zset: id -> expiry, phantoms included), 2 searches (zset), 3 phantoms (zset),
#       4 state (hash: limit, pause, search_pause, seq).
# ARGV: 1 'reserve' | 'recheck' | 'observe', 2 now in ms ('' = Redis's clock), 3 span in ms,
#       4 configured limit, 5 search share, 6 lifetime of the booking keys in ms;
#   reserve, recheck: 7 '1' for a search, 8 max delay in ms, 9 (recheck) the booking's ID.
#            Returns {1 booked | 0 refused, wait in ms, booking ID}; recheck returns the same
#            booking to go now unless a pause covers now: then it drops it and books anew.
#   observe: 7 limit said ('' = none), 8 remaining (''), 9 reset in ms (''), 10 pause in ms
#            (''), 11 'search' when the pause is for searches only.  Returns {1, '0'}.
_SCRIPT = """
if redis.replicate_commands then pcall(redis.replicate_commands) end
local now = tonumber(ARGV[2])
if not now then
  local clock = redis.call('TIME')
  now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
end
local span = tonumber(ARGV[3])
for i = 1, 3 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now) end
local limit = tonumber(redis.call('HGET', KEYS[4], 'limit')) or tonumber(ARGV[4])
local share = tonumber(ARGV[5])

local function nth_latest(key, n)
  local count = redis.call('ZCARD', key)
  if count < n then return nil end
  return tonumber(redis.call('ZRANGE', key, count - n, count - n, 'WITHSCORES')[2])
end
local function later(a, b) if b and b > a then return b end return a end
local function touch()
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
  redis.call('PEXPIRE', KEYS[4], 86400000)
end

if ARGV[1] ~= 'observe' then
  local search = ARGV[7] == '1'
  local pause = later(0, tonumber(redis.call('HGET', KEYS[4], 'pause')))
  if search then pause = later(pause, tonumber(redis.call('HGET', KEYS[4], 'search_pause'))) end
  if ARGV[1] == 'recheck' then
    if pause <= now then return {1, '0', ARGV[9]} end
    redis.call('ZREM', KEYS[1], ARGV[9])
    redis.call('ZREM', KEYS[2], ARGV[9])
  end
  local at = later(later(now, pause), nth_latest(KEYS[1], limit))
  if search then
    at = later(at, nth_latest(KEYS[2], math.max(1, math.floor(limit * share + 1e-9))))
  end
  if at - now > tonumber(ARGV[8]) then return {0, tostring(at - now), ''} end
  local id = redis.call('HINCRBY', KEYS[4], 'seq', 1)
  redis.call('ZADD', KEYS[1], at + span, id)
  if search then redis.call('ZADD', KEYS[2], at + span, id) end
  touch()
  return {1, tostring(at - now), tostring(id)}
end

local said = tonumber(ARGV[7])
if said then
  limit = said
  redis.call('HSET', KEYS[4], 'limit', said)
end
local pause = tonumber(ARGV[10])
if pause and pause > 0 then
  local field = 'pause'
  if ARGV[11] == 'search' then field = 'search_pause' end
  local current = tonumber(redis.call('HGET', KEYS[4], field)) or 0
  if now + pause > current then redis.call('HSET', KEYS[4], field, now + pause) end
end
local remaining = tonumber(ARGV[8])
local reset_in = tonumber(ARGV[9])
if remaining and reset_in and reset_in > 0 then
  local phantoms = redis.call('ZCARD', KEYS[3])
  local sent = redis.call('ZCOUNT', KEYS[1], '-inf', now + span) - phantoms
  local extra = math.min(limit, limit - sent - phantoms - remaining)
  for i = 1, extra do
    local id = 'p' .. redis.call('HINCRBY', KEYS[4], 'seq', 1)
    redis.call('ZADD', KEYS[1], now + reset_in, id)
    redis.call('ZADD', KEYS[3], now + reset_in, id)
  end
end
touch()
return {1, '0', ''}
"""

#: How long the booking keys outlive their last write, beyond the longest booking (ms).
_SLACK_MS = 60_000


def _import_redis() -> Any:
    try:
        import redis
    except ImportError:
        raise FrontConfigurationError(
            "a redis:// rate limiter needs the redis package: pip install 'langchain-front[redis]'"
        ) from None
    return redis


def _optional(value: float | None, scale: float = 1.0) -> str:
    return "" if value is None else repr(float(value) * scale)


class RedisBackend:
    """The limiter's state in Redis, shared by every process and machine that uses it.

    Keys are ``<prefix>{<key>}:bookings``, ``:searches``, ``:phantoms`` (sorted sets of expiry
    times in ms) and ``:state`` (a hash: the limit Front said, the pauses, a counter); the braces
    keep the four in one Redis Cluster slot. Booking keys expire a minute after the last booking
    would; the state (the learned limit) a day after its last use. ``clock`` (seconds) replaces
    Redis's clock, for tests only.
    """

    remote = True

    def __init__(
        self,
        client: Any,
        *,
        key: str = "front",
        prefix: str = "langchain-front:rate:",
        clock: Callable[[], float] | None = None,
    ) -> None:
        redis = _import_redis()
        self.client = client
        self.keys = [f"{prefix}{{{key}}}:{part}" for part in ("bookings", "searches", "phantoms")]
        self.keys.append(f"{prefix}{{{key}}}:state")
        self.failures: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self._clock = clock
        self._script = client.register_script(_SCRIPT)

    @classmethod
    def from_url(cls, url: str, *, key: str = "front", **options: Any) -> RedisBackend:
        """A backend on a new ``redis.Redis`` for ``url``: 2 s timeouts, one quick retry.

        A pacing call must not hang a request: a Redis that does not answer within the timeout
        makes the limiter pace in memory for a while (query parameters of ``url`` override).
        """
        redis = _import_redis()
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # One immediate retry after a dropped connection (a restarted Redis), none after a
        # timeout: a hung Redis costs one socket_timeout, then the limiter paces in memory.
        retry = Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,))
        client = redis.Redis.from_url(
            url, socket_timeout=2.0, socket_connect_timeout=2.0, retry=retry
        )
        return cls(client, key=key, **options)

    def _run(self, operation: str, settings: LimitSettings, *extra: str) -> Booking:
        now = "" if self._clock is None else repr(self._clock() * 1000.0)
        keep = (settings.span + settings.max_delay) * 1000.0 + _SLACK_MS
        args = [
            operation,
            now,
            repr(settings.span * 1000.0),
            str(settings.limit),
            repr(settings.search_share),
            str(int(keep)),
            *extra,
        ]
        done, wait, booking = self._script(keys=self.keys, args=args)
        ident = booking.decode() if isinstance(booking, bytes) else str(booking)
        return Booking(bool(int(done)), float(wait) / 1000.0, ident)

    def reserve(
        self, search: bool, settings: LimitSettings, *, recheck: str | None = None
    ) -> Booking:
        """Book a request, or recheck a booked one (one round trip)."""
        return self._run(
            "reserve" if recheck is None else "recheck",
            settings,
            "1" if search else "0",
            repr(settings.max_delay * 1000.0),
            recheck or "",
        )

    def observe(self, report: Report, settings: LimitSettings) -> None:
        """Apply a response's report (one round trip)."""
        self._run(
            "observe",
            settings,
            "" if report.limit is None else str(report.limit),
            "" if report.remaining is None else str(report.remaining),
            _optional(report.reset_in, 1000.0),
            _optional(report.pause, 1000.0),
            "search" if report.searches_only else "all",
        )

    def clear(self) -> None:
        """Delete this limit's keys."""
        self.client.delete(*self.keys)
