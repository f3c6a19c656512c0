"""An offline Front for tests, demos and cassettes.

:class:`FrontDouble` is an ``httpx`` transport that serves every operation of the catalog from a
small, deterministic workspace (:data:`SEED` names its records)::

    import httpx
    from langchain_front.testing import SEED, FrontDouble

    double = FrontDouble()
    client = httpx.Client(
        transport=double.transport(),
        base_url="https://api2.frontapp.com",
        headers={"Authorization": "Bearer test-token"},
    )
    client.get(f"/conversations/{SEED.conversation_id}").json()

:func:`synthesize` builds a deterministic instance of any schema of the catalog.
"""

from langchain_front.testing.double import FrontDouble
from langchain_front.testing.oauth_server import FrontOAuthServer
from langchain_front.testing.seed import SEED, SeedIds
from langchain_front.testing.synth import synthesize

__all__ = ["SEED", "FrontDouble", "FrontOAuthServer", "SeedIds", "synthesize"]
