"""Front events in: webhooks and polling, deduplicated in a store, handled in the background.

```python
from langchain_front.events import GraphEventHandler, open_event_store, webhook_app

app = webhook_app(
    GraphEventHandler(graph, types={"inbound_received", "inbound"}),
    store=open_event_store("sqlite:/var/lib/front/events.sqlite3"),
    app_secret=os.environ["FRONT_WEBHOOK_SECRET"],
)
```

Modules: :mod:`.model` the event, :mod:`.signatures` Front's signatures, :mod:`.store` (and
``store_sqlite``, ``store_redis``, ``store_postgres``) the deduplicating queue, :mod:`.worker`
the background handler loop, :mod:`.webhook` the ASGI receiver, :mod:`.poller` the
``list-events`` poller, :mod:`.graph` a LangGraph run per event, :mod:`.serve` the CLI. Names
load on first use, so importing this package imports neither Starlette nor a database driver.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_front.events.graph import GraphEventHandler, default_graph_input
    from langchain_front.events.model import EventParty, FrontEvent
    from langchain_front.events.poller import EventPoller
    from langchain_front.events.signatures import (
        SignatureError,
        sign_application,
        sign_rule,
        verify_application,
        verify_rule,
    )
    from langchain_front.events.store import (
        ClaimedEvent,
        EventStore,
        MemoryEventStore,
        open_event_store,
    )
    from langchain_front.events.store_postgres import PostgresEventStore
    from langchain_front.events.store_redis import RedisEventStore
    from langchain_front.events.store_sqlite import SQLiteEventStore
    from langchain_front.events.webhook import webhook_app
    from langchain_front.events.worker import EventHandler, EventWorker

__all__ = [
    "ClaimedEvent",
    "EventHandler",
    "EventParty",
    "EventPoller",
    "EventStore",
    "EventWorker",
    "FrontEvent",
    "GraphEventHandler",
    "MemoryEventStore",
    "PostgresEventStore",
    "RedisEventStore",
    "SQLiteEventStore",
    "SignatureError",
    "default_graph_input",
    "open_event_store",
    "sign_application",
    "sign_rule",
    "verify_application",
    "verify_rule",
    "webhook_app",
]

_LAZY = {
    "GraphEventHandler": "graph",
    "default_graph_input": "graph",
    "EventParty": "model",
    "FrontEvent": "model",
    "EventPoller": "poller",
    "SignatureError": "signatures",
    "sign_application": "signatures",
    "sign_rule": "signatures",
    "verify_application": "signatures",
    "verify_rule": "signatures",
    "ClaimedEvent": "store",
    "EventStore": "store",
    "MemoryEventStore": "store",
    "open_event_store": "store",
    "PostgresEventStore": "store_postgres",
    "RedisEventStore": "store_redis",
    "SQLiteEventStore": "store_sqlite",
    "webhook_app": "webhook",
    "EventHandler": "worker",
    "EventWorker": "worker",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"langchain_front.events.{module}"), name)
    globals()[name] = value
    return value
