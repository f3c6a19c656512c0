"""One rate limit shared by every worker: Front's company limit, its search share and its 429s.

Front's rate limit belongs to the company, not to a process: four workers pacing themselves
alone each believe they own all of it. :class:`SharedLimiter` is a
:class:`~langchain_front.client.pacing.Pacer` whose state lives in a backend that every worker
reaches: :class:`MemoryBackend` (one process: its threads, tasks and clients) or
:class:`~langchain_front.client.limiter_redis.RedisBackend` (every process and machine using one
Redis, decided in one Lua script). Both make the same decisions:

- **booking**: a request is booked at the earliest moment ``t`` (now, or later) at which fewer
  than ``limit`` bookings are still in the window; each booking stays ``window + margin``
  seconds from its ``t``. A search (``search-conversations``) must also find fewer than
  ``search_share`` x ``limit`` searches in the window (Front gives search 40%). The request
  sleeps until ``t``; one booked more than ``max_delay`` ahead is refused at once with
  :class:`~langchain_front.errors.FrontRateLimitError`, and nothing is booked.
- **Front's headers are the truth**: ``x-ratelimit-limit`` replaces the limit for every worker;
  when ``x-ratelimit-remaining`` is lower than the bookings explain (other apps of the company,
  a lower limit, a longer window), the difference is booked as *phantom* requests that stay
  until ``x-ratelimit-reset``, so every worker slows down at once.
- **a 429 pauses everyone** until its ``retry-after``; only searches when it refused a search
  while the company budget still had room (the search share was spent). A request already
  booked and waiting rechecks when its turn comes, and is booked again after the pause.

When the backend cannot be reached (Redis down or hung: its calls time out after 2 s), the
limiter logs a warning and paces this process alone, in memory, for ``fallback_for`` seconds
before it tries the backend again; Front's 429s are still honoured by the retry policy.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import math
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from langchain_front.client._responses import parse_retry_after
from langchain_front.client.pacing import SEARCH_OPERATION
from langchain_front.errors import FrontConfigurationError, FrontRateLimitError

__all__ = [
    "Backend",
    "Booking",
    "LimitSettings",
    "MemoryBackend",
    "Report",
    "SharedLimiter",
    "open_limiter",
    "read_report",
    "search_limit",
]

logger = logging.getLogger("langchain_front.client")

T = TypeVar("T")

#: The longest pause a 429 can impose on every worker (a longer ``retry-after`` is clamped).
MAX_PAUSE = 3600.0
#: Query parameters of a limiter URL that belong to the limiter (the rest go to redis-py).
SETTINGS_PARAMS = ("limit", "window", "margin", "search_share", "max_delay", "key")


@dataclass(frozen=True)
class LimitSettings:
    """How a :class:`SharedLimiter` books requests (every worker of one limit uses the same).

    ``limit`` holds until Front's ``x-ratelimit-limit`` says otherwise (50 requests per minute is
    Front's smallest plan). ``margin`` is added to each booking's time in the window, to absorb
    the difference in delay between the requests that open and that fill Front's window.
    """

    limit: int = 50
    window: float = 60.0
    margin: float = 0.25
    search_share: float = 0.4
    max_delay: float = 60.0

    def __post_init__(self) -> None:
        problems = []
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1:
            problems.append(f"limit must be a whole number of requests >= 1, not {self.limit!r}")
        if not _finite(self.window) or self.window <= 0:
            problems.append(f"window must be a positive number of seconds, not {self.window!r}")
        if not _finite(self.margin) or self.margin < 0:
            problems.append(f"margin must be >= 0 seconds, not {self.margin!r}")
        if not _finite(self.search_share) or not 0 < self.search_share <= 1:
            problems.append(f"search_share must be in (0, 1], not {self.search_share!r}")
        if not _finite(self.max_delay) or self.max_delay < 0:
            problems.append(f"max_delay must be >= 0 seconds, not {self.max_delay!r}")
        if problems:
            raise FrontConfigurationError("rate limiter settings: " + "; ".join(problems))

    @property
    def span(self) -> float:
        """How long a booking counts: ``window + margin`` seconds."""
        return self.window + self.margin


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def search_limit(limit: int, share: float) -> int:
    """Searches allowed per window: ``share`` of ``limit``, rounded down, at least 1."""
    return max(1, math.floor(limit * share + 1e-9))


@dataclass(frozen=True)
class Report:
    """What one response said about the rate limit, in seconds from now."""

    search: bool
    limit: int | None = None
    remaining: int | None = None
    reset_in: float | None = None
    pause: float | None = None
    searches_only: bool = False


def _whole(value: str | None, minimum: int) -> int | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number) or not minimum <= number <= 1_000_000:
        return None
    return int(number)


def read_report(
    operation: str, response: httpx.Response, settings: LimitSettings, now: float
) -> Report | None:
    """The :class:`Report` of ``response`` (``now``: Unix time), or ``None`` when it says nothing.

    Unparsable or absurd header values are ignored. ``x-ratelimit-reset`` (a Unix timestamp) is
    turned into seconds from now and clamped to one window, so a skewed clock costs at most one
    window; a 429 asks for ``retry-after`` (else the body's "retry in N ms", else the reset, else
    1 s), clamped to an hour.
    """
    headers = response.headers
    limit = _whole(headers.get("x-ratelimit-limit"), 1)
    remaining = _whole(headers.get("x-ratelimit-remaining"), 0)
    reset_in: float | None = None
    try:
        reset = float(headers.get("x-ratelimit-reset", "nan"))
        if math.isfinite(reset):
            reset_in = min(max(reset - now, 0.0), settings.span)
    except ValueError:
        pass
    pause: float | None = None
    if response.status_code == 429:
        try:
            body = response.content
        except httpx.ResponseNotRead:
            body = b""
        asked = parse_retry_after(headers, body, now=now)
        pause = min(1.0 if asked is None else asked, MAX_PAUSE)
    if limit is None and remaining is None and pause is None:
        return None
    search = operation == SEARCH_OPERATION
    return Report(
        search=search,
        limit=limit,
        remaining=remaining,
        reset_in=reset_in,
        pause=pause,
        searches_only=search and pause is not None and bool(remaining),
    )


class Booking(NamedTuple):
    """A backend's answer to a booking: booked (or refused), the wait, the booking's ID."""

    booked: bool
    wait: float
    id: str


class Backend(Protocol):
    """Where a :class:`SharedLimiter` keeps its state; each method is one atomic step."""

    #: Whether calls do I/O (the async pacer then runs them in a worker thread).
    remote: bool
    #: Exceptions that mean "unreachable": the limiter falls back to pacing in memory.
    failures: tuple[type[BaseException], ...]

    def reserve(
        self, search: bool, settings: LimitSettings, *, recheck: str | None = None
    ) -> Booking:
        """Book a request at the earliest moment allowed (refused past ``max_delay``).

        With ``recheck`` (the ID of a booking whose time has come, or ``""`` when unknown): the
        same booking, to go now, unless a pause covers now; then that booking is dropped and the
        request booked again after the pause.
        """
        ...

    def observe(self, report: Report, settings: LimitSettings) -> None:
        """Apply what a response said (limit, phantoms, pause)."""
        ...

    def clear(self) -> None:
        """Forget every booking, pause and learned limit."""
        ...


@dataclass
class _MemoryState:
    bookings: list[tuple[float, str]] = field(default_factory=list)  # (expiry, ID), sorted
    searches: list[tuple[float, str]] = field(default_factory=list)
    phantoms: int = 0  # bookings whose ID starts with "p"
    seq: int = 0
    limit: int | None = None
    pause: float = 0.0
    search_pause: float = 0.0


def _nth_latest(bookings: list[tuple[float, str]], n: int) -> float:
    """The ``n``-th latest expiry of sorted bookings (the moment fewer than ``n`` remain)."""
    return bookings[len(bookings) - n][0] if len(bookings) >= n else -math.inf


def _expiry(booking: tuple[float, str]) -> float:
    return booking[0]


class MemoryBackend:
    """The limiter's state in this process (threads, tasks and every client sharing it).

    The reference implementation of the decision that the Redis script makes; ``clock``
    (monotonic seconds) can be faked in tests.
    """

    remote = False
    failures: tuple[type[BaseException], ...] = ()

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._state = _MemoryState()

    def _expire(self, now: float) -> None:
        state = self._state
        gone = bisect.bisect_right(state.bookings, now, key=_expiry)
        state.phantoms -= sum(1 for _, ident in state.bookings[:gone] if ident[0] == "p")
        del state.bookings[:gone]
        del state.searches[: bisect.bisect_right(state.searches, now, key=_expiry)]

    def _next_id(self, prefix: str = "") -> str:
        self._state.seq += 1
        return f"{prefix}{self._state.seq}"

    def reserve(
        self, search: bool, settings: LimitSettings, *, recheck: str | None = None
    ) -> Booking:
        """Book a request at the earliest moment the limit, the share and any pause allow."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            state = self._state
            pause = max(state.pause, state.search_pause) if search else state.pause
            if recheck is not None:
                if pause <= now:
                    return Booking(True, 0.0, recheck)
                state.bookings = [b for b in state.bookings if b[1] != recheck]
                state.searches = [b for b in state.searches if b[1] != recheck]
            limit = state.limit or settings.limit
            at = max(now, pause, _nth_latest(state.bookings, limit))
            if search:
                share = search_limit(limit, settings.search_share)
                at = max(at, _nth_latest(state.searches, share))
            if at - now > settings.max_delay:
                return Booking(False, at - now, "")
            booking = (at + settings.span, self._next_id())
            bisect.insort(state.bookings, booking)
            if search:
                bisect.insort(state.searches, booking)
            return Booking(True, at - now, booking[1])

    def observe(self, report: Report, settings: LimitSettings) -> None:
        """Learn the limit, book phantoms for use the bookings do not explain, pause on a 429."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            state = self._state
            if report.limit is not None:
                state.limit = report.limit
            limit = state.limit or settings.limit
            if report.pause is not None and report.pause > 0:
                if report.searches_only:
                    state.search_pause = max(state.search_pause, now + report.pause)
                else:
                    state.pause = max(state.pause, now + report.pause)
            if report.remaining is None or not report.reset_in:
                return
            # Bookings already sent (their moment has come) and phantoms are what Front can
            # have counted; Front saying less remains means use we did not book.
            due = bisect.bisect_right(state.bookings, now + settings.span, key=_expiry)
            sent = due - state.phantoms
            extra = min(limit, limit - sent - state.phantoms - report.remaining)
            for _ in range(extra):
                bisect.insort(state.bookings, (now + report.reset_in, self._next_id("p")))
                state.phantoms += 1

    def clear(self) -> None:
        """Forget every booking, pause and learned limit."""
        with self._lock:
            self._state = _MemoryState()


#: The booking of the request the current thread or task is pacing: ``(limiter, ID)``.
_BOOKING: ContextVar[tuple[int, str] | None] = ContextVar("front_rate_booking", default=None)


class SharedLimiter:
    """A pacer for Front's company rate limit, shared through its backend.

    Build it with :func:`~langchain_front.client.pacing.open_pacer` (``"memory:"``,
    ``"redis://..."``) and pass it as ``FrontClient(pacer=...)``; every client, thread, task and
    process using the same backend and ``key`` shares one limit. The decisions are described in
    this module's docstring. Sync calls do their I/O directly; the async client awaits
    :meth:`adelay`, :meth:`arecheck` and :meth:`aobserve`, which run a remote backend's calls in
    a worker thread. The booking a request waits for is remembered per thread or task (a context
    variable), so that :meth:`recheck` can drop it when a pause covers it.
    """

    def __init__(
        self,
        backend: Backend,
        settings: LimitSettings | None = None,
        *,
        name: str = "memory:",
        fallback_for: float = 5.0,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.backend = backend
        self.settings = settings or LimitSettings()
        self.name = name
        self.fallback_for = fallback_for
        self._wall_clock = wall_clock
        self._fallback = MemoryBackend()
        self._down_until = 0.0

    def __repr__(self) -> str:
        s = self.settings
        return (
            f"SharedLimiter({self.name!r}, limit={s.limit}, window={s.window:g}, "
            f"margin={s.margin:g}, search_share={s.search_share:g}, max_delay={s.max_delay:g})"
        )

    def _run(self, step: Callable[[Backend], T]) -> T:
        if self.backend.failures and time.monotonic() < self._down_until:
            return step(self._fallback)
        try:
            return step(self.backend)
        except self.backend.failures as exc:
            self._down_until = time.monotonic() + self.fallback_for
            logger.warning(
                "the shared rate limiter %s is unreachable (%s); this process paces itself "
                "alone for %g s, then tries again",
                self.name,
                type(exc).__name__,
                self.fallback_for,
            )
            return step(self._fallback)

    def delay(self, operation: str) -> float:
        """Book a request for ``operation``; the seconds to wait before sending it.

        Raises :class:`~langchain_front.errors.FrontRateLimitError` (nothing booked, nothing
        sent) when the earliest slot is more than ``max_delay`` away.
        """
        return self._settle(operation, self._reserve(operation, None))

    def recheck(self, operation: str) -> float:
        """After the wait: 0 to send now, or the wait of a new booking after a pause."""
        return self._settle(operation, self._reserve(operation, self._held()))

    def _held(self) -> str:
        """The ID of the booking this thread or task holds ("" when unknown)."""
        held = _BOOKING.get()
        return held[1] if held is not None and held[0] == id(self) else ""

    def _reserve(self, operation: str, recheck: str | None) -> Booking:
        search = operation == SEARCH_OPERATION
        return self._run(lambda backend: backend.reserve(search, self.settings, recheck=recheck))

    def _settle(self, operation: str, booking: Booking) -> float:
        """Remember a booking to wait for (this thread or task); refuse one too far ahead."""
        _BOOKING.set((id(self), booking.id) if booking.booked and booking.wait > 0 else None)
        if booking.booked:
            return booking.wait
        wait = booking.wait
        raise FrontRateLimitError(
            operation,
            429,
            retry_after=wait,
            title="Rate limit fully booked",
            message=(
                f"the company's Front rate limit is booked for the next {wait:.1f} s, more "
                f"than max_delay={self.settings.max_delay:g} s; the request was not sent"
            ),
            hint=f"retry after {wait:.1f} s, or make fewer calls at once",
        )

    def observe(self, operation: str, response: httpx.Response) -> None:
        """Share what ``response`` says (limit, remaining, reset, a 429) with every worker."""
        report = read_report(operation, response, self.settings, self._wall_clock())
        if report is not None:
            self._run(lambda backend: backend.observe(report, self.settings))

    async def adelay(self, operation: str) -> float:
        """Async :meth:`delay`: a remote backend's round trip runs in a worker thread."""
        if not self.backend.remote:
            return self.delay(operation)
        return self._settle(operation, await asyncio.to_thread(self._reserve, operation, None))

    async def arecheck(self, operation: str) -> float:
        """Async :meth:`recheck`: a remote backend's round trip runs in a worker thread."""
        if not self.backend.remote:
            return self.recheck(operation)
        held = self._held()
        return self._settle(operation, await asyncio.to_thread(self._reserve, operation, held))

    async def aobserve(self, operation: str, response: httpx.Response) -> None:
        """Async :meth:`observe`: a remote backend's round trip runs in a worker thread."""
        if not self.backend.remote:
            self.observe(operation, response)
            return
        report = read_report(operation, response, self.settings, self._wall_clock())
        if report is not None:
            await asyncio.to_thread(
                self._run, lambda backend: backend.observe(report, self.settings)
            )

    def clear(self) -> None:
        """Forget every booking, pause and learned limit of this limit (for tests and tools)."""
        self._run(lambda backend: backend.clear())


# --------------------------------------------------------------------------- opening by URL

_BACKENDS: dict[tuple[str, str], Backend] = {}
_BACKENDS_LOCK = threading.Lock()


def _number(ours: dict[str, str], name: str, default: float) -> float:
    if name not in ours:
        return float(default)
    try:
        return float(ours[name])
    except ValueError:
        raise FrontConfigurationError(
            f"rate limiter URL: {name}={ours[name]!r} is not a number"
        ) from None


def _split_url(url: str) -> tuple[str, LimitSettings, str, list[tuple[str, str]]]:
    """``(scheme, settings, key, other query parameters)`` of a limiter URL."""
    parts = urlsplit(url)
    ours: dict[str, str] = {}
    others: list[tuple[str, str]] = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name in SETTINGS_PARAMS:
            ours[name] = value
        else:
            others.append((name, value))
    default = LimitSettings()
    limit = _number(ours, "limit", default.limit)
    if not limit.is_integer():
        raise FrontConfigurationError(
            f"rate limiter URL: limit={ours['limit']!r} is not a whole number"
        )
    settings = LimitSettings(
        limit=int(limit),
        window=_number(ours, "window", default.window),
        margin=_number(ours, "margin", default.margin),
        search_share=_number(ours, "search_share", default.search_share),
        max_delay=_number(ours, "max_delay", default.max_delay),
    )
    return parts.scheme.lower(), settings, ours.get("key") or "front", others


def safe_url(url: str) -> str:
    """``url`` for logs and reprs: no password, no query."""
    parts = urlsplit(url)
    credentials, at, host = parts.netloc.rpartition("@")
    if at:
        user = credentials.partition(":")[0]
        host = f"{user}:***@{host}" if user else f"***@{host}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def open_limiter(url: str) -> SharedLimiter:
    """A :class:`SharedLimiter` for a ``memory:`` or ``redis://`` URL (see ``open_pacer``).

    Limiters opened in one process with the same URL (less the settings) and ``key`` share one
    backend: one Redis connection pool, or one in-memory state.
    """
    scheme, settings, key, others = _split_url(url)
    if scheme == "memory":
        if others:
            names = ", ".join(sorted({name for name, _ in others}))
            raise FrontConfigurationError(
                f"memory: rate limiter: unknown parameter(s) {names}; "
                f"valid: {', '.join(SETTINGS_PARAMS)}"
            )
        with _BACKENDS_LOCK:
            memory = _BACKENDS.setdefault(("memory:", key), MemoryBackend())
        return SharedLimiter(memory, settings, name=f"memory:?key={key}")
    from langchain_front.client.limiter_redis import RedisBackend

    parts = urlsplit(url)
    connection = urlunsplit(parts._replace(query=urlencode(others)))
    with _BACKENDS_LOCK:
        backend = _BACKENDS.get((connection, key))
        if backend is None:
            backend = _BACKENDS[(connection, key)] = RedisBackend.from_url(connection, key=key)
    return SharedLimiter(backend, settings, name=f"{safe_url(url)}?key={key}")
