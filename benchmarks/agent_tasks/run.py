"""Run the agent task set against the Front double and check every call it makes.

Each task (``task_set.py``) gets a fresh Front double and a toolkit on it
(``FrontToolkit.offline(double)``, every effect allowed unless the task names a policy), makes
its tool calls in order, and is checked:

* each call ends as expected (``ok``, or ``error`` with the words a model needs to fix it);
* every request that reached Front was valid: no 4xx answer during a call expected to succeed,
  and no 400 (a request Front would refuse) at all;
* the operations the task needs were reached, and no changing operation outside its ``writes``
  (its effect, from the catalog, is not ``read``);
* its state check on the double holds.

A task whose tool (or argument, or policy) this version does not have is reported "skipped"
and counts once the tool lands.

    uv run python benchmarks/agent_tasks/run.py            # the results table
    uv run python benchmarks/agent_tasks/run.py --write    # ... also into docs/tools.md
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from langchain_core.messages import ToolMessage
from pydantic import BaseModel

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from task_model import KINDS, Ref, Task  # noqa: E402
from task_set import TASKS  # noqa: E402

from langchain_front import FrontToolkit  # noqa: E402
from langchain_front.catalog import load_catalog  # noqa: E402
from langchain_front.testing import FrontDouble  # noqa: E402
from langchain_front.tools import tool_classes  # noqa: E402

DOCS = HERE.parents[1] / "docs" / "tools.md"
BEGIN, END = "<!-- agent-tasks:results -->", "<!-- /agent-tasks:results -->"


class RecordingDouble(FrontDouble):
    """The Front double, also keeping each answer's status and operation."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[tuple[str, int]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Serve one request and note (operation id, status)."""
        response = super().handle(request)
        matched = self.catalog.match(request.method, request.url.raw_path.decode("ascii"))
        op_id = matched[0].id if matched else f"{request.method} {request.url.path}"
        self.answers.append((op_id, response.status_code))
        return response


@dataclass
class Result:
    """One task's outcome."""

    task: Task
    status: str  # "passed", "failed", "skipped (...)"
    problems: list[str] = field(default_factory=list)
    requests: int = 0


def _tools() -> dict[str, type[Any]]:
    return {cls.model_fields["name"].default: cls for cls in tool_classes()}


def _skip_reason(task: Task) -> str | None:
    registered = _tools()
    for step in task.steps:
        cls = registered.get(step.tool)
        if cls is None:
            return "skipped (tool not available)"
        schema = cls.model_fields["args_schema"].default
        model = isinstance(schema, type) and issubclass(schema, BaseModel)
        if model and set(step.args) - set(schema.model_fields):
            return "skipped (argument not available)"
    policy = task.toolkit.get("policy")
    if policy is not None and _policy_class() is None:
        return "skipped (policy not available)"
    return None


def _policy_class() -> Any:
    try:
        from langchain_front.policy import Policy  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return Policy


def _toolkit(task: Task, double: FrontDouble) -> FrontToolkit:
    options: dict[str, Any] = {}
    if task.toolkit.get("read_only"):
        options["read_only"] = True
    policy_class = _policy_class()
    if policy_class is not None and "policy" in FrontToolkit.model_fields and not options:
        # The task set checks the calls themselves: approvals are the policy's own tests.
        options["policy"] = getattr(policy_class, task.toolkit.get("policy", "allow_all"))()
    return FrontToolkit.offline(double, **options)


def _resolve(value: Any, messages: list[ToolMessage]) -> Any:
    if isinstance(value, Ref):
        message = messages[value.step]
        if value.content is not None:
            found = re.search(value.content, str(message.content))
            return found.group(1) if found else None
        node: Any = message.artifact
        for part in (value.artifact or "").split("."):
            node = node[int(part)] if isinstance(node, list) else (node or {}).get(part)
        return node
    if isinstance(value, dict):
        return {k: _resolve(v, messages) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, messages) for v in value]
    return value


def run_task(task: Task) -> Result:
    """Make the task's calls on a fresh double and check them."""
    skip = _skip_reason(task)
    if skip is not None:
        return Result(task, skip)
    double = RecordingDouble()
    toolkit = _toolkit(task, double)
    problems: list[str] = []
    messages: list[ToolMessage] = []
    for index, step in enumerate(task.steps):
        start = len(double.answers)
        tool = toolkit.get_tool(step.tool)
        args = _resolve(step.args, messages)
        call = {"type": "tool_call", "id": f"{task.id}-{index}", "name": step.tool, "args": args}
        message = tool.invoke(call)
        messages.append(message)
        label = f"step {index + 1} ({step.tool})"
        status = "error" if message.status == "error" else "ok"
        if status != step.expect:
            problems.append(f"{label}: {status}, expected {step.expect}: {message.content!s:.300}")
        text = str(message.content).lower()
        missing = [w for w in step.says if w.lower() not in text]
        if missing:
            problems.append(f"{label}: content lacks {missing}: {message.content!s:.300}")
        for op_id, code in double.answers[start:]:
            if code == 400 or (step.expect == "ok" and code >= 400):
                problems.append(f"{label}: {op_id} answered {code}")
    reached = {op_id for op_id, _ in double.answers}
    for wanted in task.hits:
        options = (wanted,) if isinstance(wanted, str) else wanted
        if not reached & set(options):
            problems.append(f"did not reach {' or '.join(options)}")
    catalog = load_catalog()
    changed = sorted(
        op_id
        for op_id in reached
        if op_id in catalog and catalog.get(op_id).effect != "read" and op_id not in task.writes
    )
    if changed:
        problems.append(f"wrote what the request did not ask for: {', '.join(changed)}")
    if task.check is not None and not problems:
        problem = task.check(double)
        if problem:
            problems.append(problem)
    status = "failed" if problems else "passed"
    return Result(task, status, problems, requests=len(double.answers))


def run_all() -> list[Result]:
    """Every task's result, in the order of the task set."""
    return [run_task(task) for task in TASKS]


def table(results: list[Result]) -> str:
    """The results as markdown: a summary line per kind, then one row per task."""
    counts = Counter(r.status.split(" ")[0] for r in results)
    lines = [
        f"{len(results)} tasks: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['skipped']} skipped (a planned tool not in this version). "
        f"Requests per passed task: "
        f"{_mean([r.requests for r in results if r.status == 'passed']):.1f}.",
        "",
        "| kind | tasks | passed | failed | skipped |",
        "|---|---|---|---|---|",
    ]
    for kind in KINDS:
        rows = [r for r in results if r.task.kind == kind]
        if rows:
            by = Counter(r.status.split(" ")[0] for r in rows)
            lines.append(
                f"| {kind} | {len(rows)} | {by['passed']} | {by['failed']} | {by['skipped']} |"
            )
    lines += ["", "| task | kind | tools | result | requests |", "|---|---|---|---|---|"]
    for r in results:
        tools = ", ".join(dict.fromkeys(f"`{s.tool}`" for s in r.task.steps))
        requests = str(r.requests) if not r.status.startswith("skipped") else ""
        lines.append(f"| {r.task.id} | {r.task.kind} | {tools} | {r.status} | {requests} |")
    return "\n".join(lines)


def _mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def write_docs(text: str, path: Path = DOCS) -> None:
    """Put the results table between the markers in docs/tools.md."""
    doc = path.read_text(encoding="utf-8")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the agent task set on the Front double.")
    parser.add_argument("--write", action="store_true", help="update docs/tools.md")
    args = parser.parse_args(argv)
    results = run_all()
    text = table(results)
    print(text)
    for r in results:
        for problem in r.problems:
            print(f"{r.task.id}: {problem}", file=sys.stderr)
    if args.write:
        write_docs(text)
    return 1 if any(r.status == "failed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
