"""The toolkit as an MCP server (``langchain-front mcp``), on the official MCP Python SDK.

Modules: :mod:`.tools` tool definitions and results, :mod:`.approval` approvals through MCP
elicitation, :mod:`.server` the low-level server and stdio, :mod:`.http` streamable HTTP,
:mod:`.keys` per-user bearer tokens, :mod:`.cli` the command. Needs ``pip install
'langchain-front[mcp]'``; importing this package imports nothing else.
"""

from __future__ import annotations
