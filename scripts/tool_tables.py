"""Write the tool tables of README.md and docs/tools.md from the tool registry.

    uv run python scripts/tool_tables.py          # rewrite the tables in place
    uv run python scripts/tool_tables.py --check  # exit 1 if a table is stale (what the tests do)

Each table sits between ``<!-- tools:NAME -->`` and ``<!-- /tools:NAME -->`` markers; only the
text between the markers is rewritten. A new tool module therefore needs no hand edit of the
docs: run this script (a test fails until you do).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from langchain_front.tools import GROUPS, FrontTool, tool_classes

ROOT = Path(__file__).resolve().parents[1]


def _name(cls: type[FrontTool]) -> str:
    name = cls.model_fields["name"].default
    assert isinstance(name, str)
    return name


def _summary(cls: type[FrontTool]) -> str:
    return (cls.__doc__ or "").strip().splitlines()[0]


def _effect(cls: type[FrontTool]) -> str:
    """The effect under the default policy (the meta call tool: the strongest it may reach)."""
    return cls.model_construct().effective_effect()


def readme_table() -> str:
    """Groups and their tools, for the README."""
    rows = ["| group | tools |", "|---|---|"]
    for group in GROUPS:
        names = []
        for cls in tool_classes():
            if cls.group == group:
                effect = _effect(cls)
                marker = f" ({effect})" if effect in ("send", "destructive") else ""
                names.append(f"`{_name(cls)}`{marker}")
        rows.append(f"| {group} | {', '.join(names)} |")
    total = len(tool_classes())
    return "\n".join(
        [*rows, "", f"{total} tools in all; `(send)` and `(destructive)` mark effects."]
    )


def tools_md_table() -> str:
    """Every tool with its group, effect and one-line summary, for docs/tools.md."""
    rows = ["| tool | group | effect | what it does |", "|---|---|---|---|"]
    rows += [
        f"| `{_name(cls)}` | {cls.group} | {_effect(cls)} | {_summary(cls)} |"
        for cls in tool_classes()
    ]
    return "\n".join(rows)


TABLES: dict[str, tuple[str, Callable[[], str]]] = {
    "readme": ("README.md", readme_table),
    "reference": ("docs/tools.md", tools_md_table),
}


def rewritten(text: str, key: str, table: str) -> str:
    """``text`` with the block between the ``key`` markers replaced by ``table``."""
    pattern = re.compile(rf"(<!-- tools:{key} -->\n)(?:.*?\n)?(<!-- /tools:{key} -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"markers <!-- tools:{key} --> ... <!-- /tools:{key} --> not found")
    return pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)


def stale_files() -> dict[Path, str]:
    """The files whose tables differ from the registry, with their up-to-date text."""
    out: dict[Path, str] = {}
    for key, (relative, build) in TABLES.items():
        path = ROOT / relative
        current = out.get(path) or path.read_text(encoding="utf-8")
        updated = rewritten(current, key, build())
        if updated != path.read_text(encoding="utf-8"):
            out[path] = updated
    return out


def main(argv: list[str] | None = None) -> int:
    """Rewrite the tables, or with ``--check`` report the stale ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale tables")
    ns = parser.parse_args(argv)
    stale = stale_files()
    for path, text in stale.items():
        relative = path.relative_to(ROOT)
        if ns.check:
            print(f"{relative}: tool table is stale; run uv run python scripts/tool_tables.py")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{relative}: tool table rewritten")
    return 1 if ns.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
