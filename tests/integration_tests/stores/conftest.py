"""Fixtures for the token-store contract suite: one store per backend, cleaned up afterwards.

Redis and PostgreSQL tests need ``FRONT_TEST_REDIS_URL`` and ``FRONT_TEST_POSTGRES_DSN``
(``source scripts/ci_services.sh && start_services`` sets both); without them they are skipped.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from langchain_front.auth.stores import BaseTokenStore
from tests.integration_tests.stores.helpers import (
    BACKENDS,
    POSTGRES_ENV,
    REDIS_ENV,
    SHARED,
    StoreSpec,
    close,
    warm_up,
)

_HOW = "source scripts/ci_services.sh && start_services (what .ci/run does)"


def make_spec(kind: str, directory: Path) -> StoreSpec:
    """A spec for ``kind``, or a skip when its server is not configured."""
    if kind == "redis":
        url = os.environ.get(REDIS_ENV)
        if not url:
            pytest.skip(f"{REDIS_ENV} is not set; to test RedisTokenStore run {_HOW}")
        return StoreSpec(kind, url=url)
    if kind == "postgres":
        url = os.environ.get(POSTGRES_ENV)
        if not url:
            pytest.skip(f"{POSTGRES_ENV} is not set; to test PostgresTokenStore run {_HOW}")
        return StoreSpec(kind, url=url)
    return StoreSpec(kind, directory=str(directory))


@pytest.fixture(params=BACKENDS)
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreSpec]:
    made = make_spec(request.param, tmp_path)
    yield made
    made.cleanup()


@pytest.fixture(params=SHARED)
def shared_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreSpec]:
    made = make_spec(request.param, tmp_path)
    yield made
    made.cleanup()


@pytest.fixture
def store(spec: StoreSpec) -> Iterator[BaseTokenStore]:
    opened = spec.open()
    yield opened
    close(opened)


@pytest.fixture(scope="session")
def process_pool() -> Iterator[ProcessPoolExecutor]:
    """Four "spawn" worker processes, started once for the whole session."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=4, mp_context=context, initializer=warm_up) as pool:
        yield pool
