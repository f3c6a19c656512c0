"""Import time: ``from langchain_front import FrontToolkit`` against what any LangChain tool
package imports (``langchain_core.tools.BaseTool``, httpx, pydantic).

Each import runs in a fresh interpreter (``python -c ...``), alternating with the baseline run by
run; the interpreter's own start (``python -c pass``) is subtracted. Target: within 1.2x. The
token stores, OAuth and the catalog's schema validators are imported on first use, not here.

    uv run python benchmarks/import_time.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import table

BASELINE = "from langchain_core.tools import BaseTool; import httpx, pydantic"
SUBJECTS = {
    "from langchain_front import FrontToolkit": "from langchain_front import FrontToolkit",
    "import langchain_front": "import langchain_front",
    "from langchain_front import FrontClient": "from langchain_front import FrontClient",
}


def _seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def run(quick: bool = False) -> str:
    """The section for docs/performance.md."""
    repeat = 5 if quick else 15
    _seconds(BASELINE)  # warm the file system cache
    start = statistics.median(_seconds("pass") for _ in range(repeat))
    rows = []
    base_runs: list[float] = []
    results: dict[str, list[float]] = {name: [] for name in SUBJECTS}
    for _ in range(repeat):
        base_runs.append(_seconds(BASELINE) - start)
        for name, code in SUBJECTS.items():
            results[name].append(_seconds(code) - start)
    base = statistics.median(base_runs)
    rows.append([f"`{BASELINE}` (baseline)", f"{base * 1e3:,.0f} ms", "1.00x"])
    for name, runs in results.items():
        median = statistics.median(runs)
        ratio = median / base
        verdict = " (met)" if ratio <= 1.2 else " (missed)"
        mark = verdict if name.startswith("from langchain_front import FrontToolkit") else ""
        rows.append([f"`{name}`", f"{median * 1e3:,.0f} ms", f"{ratio:.2f}x{mark}"])
    return "\n".join(
        [
            "## Import time",
            "",
            f"Median of {repeat} fresh interpreters each, alternating with the baseline, after "
            f"subtracting the interpreter's own start ({start * 1e3:,.0f} ms). Target: "
            "`from langchain_front import FrontToolkit` within 1.2x of the baseline "
            "(`benchmarks/import_time.py`).",
            "",
            table(["import", "median", "vs baseline"], rows),
        ]
    )


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
