"""Serve the approval inbox on http://127.0.0.1:8000 with three triage runs waiting for approval.

Offline: the Front double plays Front and examples/triage_graph.py's scripted model plays the
LLM. Each run read a conversation, tagged and assigned it, and paused on its reply; approve,
edit or reject them in the browser, then watch the console for what reached Front.

    uv run python examples/approval_inbox/serve.py [path/to/checkpoints.sqlite]
"""

from __future__ import annotations

import runpy
import sys
import tempfile
from pathlib import Path
from typing import Any

from inbox import create_app  # examples/approval_inbox/inbox.py

from langchain_front import FrontToolkit
from langchain_front.testing import SEED, FrontDouble

TRIAGE: dict[str, Any] = runpy.run_path(
    str(Path(__file__).resolve().parents[1] / "triage_graph.py")
)
CONVERSATIONS = (
    SEED.unassigned_conversation_id,
    SEED.conversation_id,
    SEED.snoozed_conversation_id,
)


def demo(path: Path, double: FrontDouble) -> tuple[Any, FrontToolkit]:
    """A triage graph on ``path`` with one paused run per conversation of the demo."""
    toolkit = FrontToolkit.offline(double)
    graph = TRIAGE["build_graph"](toolkit, TRIAGE["open_checkpointer"](path))
    for conversation_id in CONVERSATIONS:
        if not TRIAGE["pending"](graph, conversation_id):
            TRIAGE["start"](graph, conversation_id)
    return graph, toolkit


def main() -> None:
    """Build the paused runs, then serve the inbox until Ctrl-C."""
    import uvicorn

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "inbox.sqlite"
    graph, toolkit = demo(path, FrontDouble())
    print(f"checkpoints in {path}; open http://127.0.0.1:8000")
    uvicorn.run(create_app(graph, toolkit.client), host="127.0.0.1", port=8000)


if __name__ == "__main__":
    main()
