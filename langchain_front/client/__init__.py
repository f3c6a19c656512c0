"""HTTP client layer: errors now; sync and async clients over one decision core."""

from langchain_front.client.errors import *  # noqa: F403
