"""A fake Front Core API: an ``httpx`` transport driven by the operation catalog.

>>> double = FrontDouble()
>>> client = httpx.Client(transport=double.transport(), base_url="https://api2.frontapp.com",
...                       headers={"Authorization": "Bearer test"})
>>> client.get("/conversations/" + SEED.conversation_id).json()["subject"]
'Invoice #4521 charged twice'

Every catalogued operation answers its catalogued 2xx for valid input. Conversations, messages
(and drafts), comments, contacts, accounts, inboxes, channels, teammates, teams and tags are
stateful (:class:`~langchain_front.testing.store.FrontStore`); every other resource kind
(shifts, knowledge bases, analytics...) answers a response synthesized from its schema, with the
IDs of the request substituted. Front's documented behaviours are reproduced: bearer auth,
``_error`` bodies, unknown IDs and aliases (``alt:email:``, ``alt:phone:``, ``alt:uid:``...),
cursor pagination with absolute ``next`` links on the company host, conversation search, the
``q[statuses]`` filter, 202 sends readable through ``alt:uid:``, replies archiving by default,
the 301 of merged conversations, and rate limiting with ``x-ratelimit-*`` and ``retry-after``.

Deterministic: no randomness, and no wall-clock time in bodies (records created during a test
get timestamps from a counter that starts after the seed's latest timestamp).

Layout: :mod:`.core` is the request pipeline (hosts, auth, rate limits, routing, validation, IDs
and aliases, merged-conversation redirects); :mod:`.calls` the call, the handler registry and
Front-shaped answers; :mod:`.pages` list pages; :mod:`.synthesized` the answers for unmodelled
kinds. Each resource module (:mod:`.teammates`, :mod:`.inboxes`, :mod:`.channels`, :mod:`.tags`,
:mod:`.contacts`, :mod:`.accounts`, :mod:`.conversations`, :mod:`.search`, :mod:`.messages`,
:mod:`.drafts`, :mod:`.comments`) registers its handlers with
:func:`~langchain_front.testing.double.calls.handles`; importing this package imports them all.
"""

from __future__ import annotations

# Imported for their side effect: each module registers its operations' handlers.
from langchain_front.testing.double import (  # noqa: F401
    accounts,
    channels,
    comments,
    contacts,
    conversations,
    drafts,
    events,
    inboxes,
    messages,
    search,
    tags,
    teammates,
)
from langchain_front.testing.double.core import API_HOST, FrontDouble
from langchain_front.testing.double.pages import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

__all__ = ["API_HOST", "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "FrontDouble"]
