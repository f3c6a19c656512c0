"""The Front double served over real HTTP on 127.0.0.1, for benchmarks and multi-process tests.

:class:`ServedDouble` runs uvicorn in a thread around a
:class:`~langchain_front.testing.FrontDouble` (its company rate limit, ``x-ratelimit-*``
headers, 429s and search share included) and records every request it answers. In the worker
processes, :class:`LocalFront` is the ``httpx`` transport of a ``FrontClient``: it sends the
requests meant for ``https://api2.frontapp.com`` to that server, so the client keeps its host
allowlist and believes it talks to Front.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx

from langchain_front.errors import FrontConfigurationError
from langchain_front.testing.double import FrontDouble

FORWARDED_HOST = "x-front-host"


@dataclass(frozen=True)
class Record:
    """One request the served double answered: when (Unix time), with what, and a search?"""

    at: float
    status: int
    search: bool


@dataclass
class Window:
    """One of the double's rate-limit windows, rebuilt from the records."""

    start: float
    requests: int = 0
    accepted: int = 0
    searches: int = 0


def windows(records: list[Record], seconds: float) -> list[Window]:
    """The double's fixed windows (each opened by the first request after the previous one)."""
    out: list[Window] = []
    for record in sorted(records, key=lambda r: r.at):
        if not out or record.at >= out[-1].start + seconds:
            out.append(Window(record.at))
        window = out[-1]
        window.requests += 1
        if 200 <= record.status < 300:
            window.accepted += 1
            window.searches += record.search
    return out


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServedDouble:
    """A Front double on ``http://127.0.0.1:<port>`` (a context manager running uvicorn).

    ``rate_limit`` and ``window`` are the double's. :meth:`refuse_next` makes the next request
    a 429 asking for ``retry_after`` seconds (as Front does when the company budget is spent
    elsewhere). ``records`` lists every answered request.
    """

    def __init__(self, rate_limit: int | None = None, window: float = 60.0) -> None:
        self._now = time.time()
        self.window = window
        self.double = FrontDouble(
            rate_limit=rate_limit, window_seconds=window, clock=lambda: self._now
        )
        self.records: list[Record] = []
        self.port = free_port()
        self._lock = threading.Lock()
        self._refuse: float | None = None
        try:
            import uvicorn
        except ImportError as exc:  # pragma: no cover - a dev dependency
            raise FrontConfigurationError(
                "serving the Front double over HTTP needs uvicorn: pip install uvicorn"
            ) from exc

        config = uvicorn.Config(
            self._app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            interface="asgi3",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="served-double", daemon=True)

    def __enter__(self) -> ServedDouble:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the served double did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)

    def refuse_next(self, retry_after: float) -> None:
        """Answer the next request with a 429 and ``retry-after: <retry_after>``."""
        with self._lock:
            self._refuse = retry_after

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (the double, or an injected 429) and record it."""
        with self._lock:
            self._now = time.time()
            if self._refuse is not None:
                wait, self._refuse = self._refuse, None
                response = httpx.Response(
                    429,
                    json={"_error": {"status": 429, "title": "Too many requests"}},
                    headers={"retry-after": f"{wait:g}"},
                )
            else:
                response = self.double.handle(request)
            search = request.url.path.startswith("/conversations/search/")
            self.records.append(Record(self._now, response.status_code, search))
            return response

    async def _app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        host = dict(headers).get(FORWARDED_HOST, "api2.frontapp.com")
        path = (scope.get("raw_path") or scope["path"].encode()).decode("ascii")
        query = scope["query_string"].decode("ascii")
        url = f"https://{host}{path}" + (f"?{query}" if query else "")
        response = self.handle(httpx.Request(scope["method"], url, headers=headers, content=body))
        content = response.content
        out = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in response.headers.items()
            if k.lower() not in ("content-length", "transfer-encoding", "content-encoding")
        ]
        out.append((b"content-length", str(len(content)).encode()))
        await send({"type": "http.response.start", "status": response.status_code, "headers": out})
        await send({"type": "http.response.body", "body": content})


class LocalFront(httpx.BaseTransport):
    """A transport sending a client's Front requests to a :class:`ServedDouble` on this machine.

    ``statuses`` counts the answers by status (429s included, before the client retries).
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.statuses: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._http = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        headers = [*request.headers.multi_items(), (FORWARDED_HOST, request.url.host)]
        forwarded = httpx.Request(request.method, url, headers=headers, content=request.content)
        response = self._http.handle_request(forwarded)
        with self._lock:
            self.statuses[response.status_code] += 1
        return response

    def close(self) -> None:
        self._http.close()
