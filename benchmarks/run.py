"""Run every benchmark and write docs/performance.md.

    uv run python benchmarks/run.py           # the full runs (a few minutes)
    uv run python benchmarks/run.py --quick   # fewer repetitions, to check the benchmarks work

Each benchmark module has a ``run(quick)`` that returns its section of the page; this script
puts them under one header that says what machine and versions measured them.
"""

from __future__ import annotations

import importlib
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import machine  # noqa: E402

#: The benchmark modules, in the order of the page.
SECTIONS = (
    "tool_overhead",
    "content_size",
    "import_time",
    "shared_rate_limit",
    "refresh_concurrency",
    "pagination_memory",
)

OUTPUT = HERE.parent / "docs" / "performance.md"


def main(argv: list[str]) -> int:
    """Run the benchmarks and write the page (``--quick``: fewer repetitions)."""
    quick = "--quick" in argv
    parts = [
        "# Performance",
        "",
        "Measured by `uv run python benchmarks/run.py`, which writes this page; never asserted "
        "with timings in tests. Medians of repeated runs.",
        "",
        f"- when: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
        + (" (quick run)" if quick else ""),
        f"- machine: {machine()}",
        "",
    ]
    for name in SECTIONS:
        started = time.perf_counter()
        section = importlib.import_module(name).run(quick=quick)
        print(f"{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        parts += [section, ""]
    OUTPUT.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(HERE.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
