"""What every benchmark shares: repeated timings with medians, paired ratios, tables, the machine.

Timings are medians of repeated runs; a comparison alternates its two sides run by run (A, B,
A, B...) so that a machine busy with something else slows both alike, and reports the median of
the per-run ratios.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True)
class Timing:
    """Seconds per call: the median and the spread of repeated runs."""

    median: float
    low: float
    high: float

    @property
    def us(self) -> str:
        """The median in microseconds, for a table."""
        return f"{self.median * 1e6:,.1f} µs"


def per_call(function: Callable[[], object], *, number: int, repeat: int) -> list[float]:
    """Seconds per call of ``function``, one value per run of ``number`` calls."""
    function()  # warm up: imports, caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        runs.append((time.perf_counter() - start) / number)
    return runs


def timing(function: Callable[[], object], *, number: int = 200, repeat: int = 9) -> Timing:
    """The median time per call of ``function`` over ``repeat`` runs."""
    runs = per_call(function, number=number, repeat=repeat)
    return Timing(statistics.median(runs), min(runs), max(runs))


def paired(
    first: Callable[[], object],
    second: Callable[[], object],
    *,
    number: int = 200,
    repeat: int = 15,
) -> tuple[Timing, Timing, float]:
    """Both timings and the median ratio first/second, the two sides alternating run by run."""
    first()
    second()
    a_runs: list[float] = []
    b_runs: list[float] = []
    for _ in range(repeat):
        a_runs += per_call(first, number=number, repeat=1)
        b_runs += per_call(second, number=number, repeat=1)
    ratios = [a / b for a, b in zip(a_runs, b_runs, strict=True)]
    a = Timing(statistics.median(a_runs), min(a_runs), max(a_runs))
    b = Timing(statistics.median(b_runs), min(b_runs), max(b_runs))
    return a, b, statistics.median(ratios)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def versions(*packages: str) -> str:
    """``name version`` of each installed package."""
    out = []
    for name in packages:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def machine() -> str:
    """The machine and software a run measured."""
    cpu = platform.processor() or platform.machine()
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.2f}"
    return (
        f"{platform.system()} {platform.release()} on {cpu}, {os.cpu_count()} CPUs{load}; "
        f"Python {sys.version.split()[0]}; "
        + versions("langchain-front", "langchain-core", "httpx", "pydantic", "langgraph")
    )
