"""The docs stay in step with the code: generated tool tables are fresh."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tool_tables_are_fresh() -> None:
    """README.md and docs/tools.md list exactly the registered tools: run
    ``uv run python scripts/tool_tables.py`` after adding or changing a tool."""
    stale = _script("tool_tables").stale_files()
    assert not stale, f"stale tool tables in {sorted(p.name for p in stale)}"


def test_tool_tables_notice_a_stale_table(tmp_path: Path) -> None:
    """The check really compares: an edited table is reported."""
    tables = _script("tool_tables")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    edited = text.replace("`front_whoami`", "`front_whoami_old`", 1)
    assert edited != text
    assert tables.rewritten(edited, "readme", tables.readme_table()) == text
