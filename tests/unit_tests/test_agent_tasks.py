"""The agent task set (benchmarks/agent_tasks): every task whose tools exist passes.

Tasks naming a planned tool are skipped until it lands, then count like the others. The runner's
own checks are tested too, on tasks built to fail them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

RUNNER = Path(__file__).resolve().parents[2] / "benchmarks" / "agent_tasks" / "run.py"


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("agent_tasks_run", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(runner: ModuleType) -> list[Any]:
    found: list[Any] = runner.run_all()
    return found


def test_the_set_has_40_tasks_of_every_kind(runner: ModuleType) -> None:
    tasks = runner.TASKS
    assert len(tasks) >= 40
    assert len({t.id for t in tasks}) == len(tasks)
    assert {t.kind for t in tasks} == set(runner.KINDS)


def test_every_task_whose_tools_exist_passes(results: list[Any]) -> None:
    failed = [f"{r.task.id}: {'; '.join(r.problems)}" for r in results if r.status == "failed"]
    assert failed == []
    statuses = {r.status for r in results}
    assert statuses <= {
        "passed",
        "skipped (tool not available)",
        "skipped (argument not available)",
        "skipped (policy not available)",
    }
    passed = [r for r in results if r.status == "passed"]
    assert len(passed) >= 35


def test_the_table_counts_every_task(runner: ModuleType, results: list[Any]) -> None:
    text = runner.table(results)
    assert text.startswith(f"{len(results)} tasks: ")
    for task in runner.TASKS:
        assert f"| {task.id} |" in text


def _task(runner: ModuleType, **fields: object) -> object:
    model = sys.modules["task_model"]
    base: dict[str, object] = {"id": "t", "kind": "write", "request": "r", "steps": ()}
    base.update(fields)
    return model.Task(**base)


def test_an_unasked_write_fails_the_task(runner: ModuleType) -> None:
    step = sys.modules["task_model"].Step(
        "front_add_tags", {"conversation_id": "cnv_7g0", "tag_ids": ["tag_4d2"]}
    )
    result = runner.run_task(_task(runner, steps=(step,), hits=("add-conversation-tag",)))
    assert result.status == "failed"
    assert any("did not ask for: add-conversation-tag" in p for p in result.problems)


def test_an_unreached_operation_and_a_wrong_outcome_fail_the_task(runner: ModuleType) -> None:
    step = sys.modules["task_model"].Step(
        "front_get_conversation", {"conversation_id": "cnv_nope0"}, says=("Invoice",)
    )
    result = runner.run_task(_task(runner, steps=(step,), hits=("list-shifts",)))
    assert result.status == "failed"
    text = "\n".join(result.problems)
    assert "error, expected ok" in text and "did not reach list-shifts" in text
    assert "answered 404" in text


def test_a_missing_tool_or_argument_skips(runner: ModuleType) -> None:
    model = sys.modules["task_model"]
    missing = runner.run_task(_task(runner, steps=(model.Step("front_send_fax", {}),)))
    assert missing.status == "skipped (tool not available)"
    extra = model.Step("front_whoami", {"verbose": True})
    assert runner.run_task(_task(runner, steps=(extra,))).status.startswith("skipped")
