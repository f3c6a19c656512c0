"""The token-store contract, run against every backend (memory, file, sqlite, redis, postgres)."""

from __future__ import annotations

import threading
import time

import pytest

from langchain_front.auth.stores import BaseTokenStore, StateStore, TokenStore
from langchain_front.auth.tokens import StoredToken
from langchain_front.errors import LockTimeoutError, StaleTokenError
from tests.integration_tests.stores.helpers import token

# ---------------------------------------------------------------------------- tokens


def test_is_a_token_store_and_state_store(store: BaseTokenStore) -> None:
    assert isinstance(store, TokenStore)
    assert isinstance(store, StateStore)


def test_get_missing_is_none(store: BaseTokenStore) -> None:
    assert store.get("nobody") is None
    assert store.keys() == []


def test_save_then_get_round_trip(store: BaseTokenStore) -> None:
    original = token("a")
    saved = store.save("alice", original)
    assert saved == StoredToken(token=original, version=1)
    got = store.get("alice")
    assert got == saved
    assert got is not None
    assert got.token.access_token.get_secret_value() == "access-a-SECRET"
    assert got.token.refresh_token is not None
    assert got.token.refresh_token.get_secret_value() == "refresh-a-SECRET"
    assert got.token.expires_at == saved.token.expires_at
    assert got.token.obtained_at == saved.token.obtained_at
    assert got.token.token_type == "Bearer"


def test_token_without_refresh_token(store: BaseTokenStore) -> None:
    plain = token("p").model_copy(update={"refresh_token": None})
    store.save("u", plain)
    got = store.get("u")
    assert got is not None and got.token.refresh_token is None


def test_versions_increment(store: BaseTokenStore) -> None:
    assert [store.save("k", token(str(i))).version for i in range(1, 5)] == [1, 2, 3, 4]
    got = store.get("k")
    assert got is not None and got.version == 4
    assert got.token.access_token.get_secret_value() == "access-4-SECRET"
    assert store.save("other", token("o")).version == 1  # versions are per user ID


def test_cas_zero_means_must_not_exist(store: BaseTokenStore) -> None:
    assert store.save("k", token("first"), expected_version=0).version == 1
    with pytest.raises(StaleTokenError):
        store.save("k", token("second"), expected_version=0)
    got = store.get("k")
    assert got is not None and got.token.access_token.get_secret_value() == "access-first-SECRET"


def test_cas_mismatch_raises_and_changes_nothing(store: BaseTokenStore) -> None:
    store.save("k", token("v1"))
    store.save("k", token("v2"))
    with pytest.raises(StaleTokenError) as caught:
        store.save("k", token("late"), expected_version=1)
    assert "SECRET" not in str(caught.value)
    with pytest.raises(StaleTokenError):
        store.save("k", token("late"), expected_version=7)
    got = store.get("k")
    assert got is not None and got.version == 2
    assert got.token.access_token.get_secret_value() == "access-v2-SECRET"
    assert store.save("k", token("v3"), expected_version=2).version == 3


def test_cas_on_missing_key(store: BaseTokenStore) -> None:
    with pytest.raises(StaleTokenError):
        store.save("ghost", token("g"), expected_version=1)
    assert store.get("ghost") is None
    store.save("k", token("x"))
    store.delete("k")
    with pytest.raises(StaleTokenError):
        store.save("k", token("y"), expected_version=1)


def test_two_writers_one_wins(store: BaseTokenStore) -> None:
    store.save("k", token("start"))
    read = store.get("k")
    assert read is not None
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def writer(i: int) -> None:
        barrier.wait()
        try:
            store.save("k", token(f"w{i}"), expected_version=read.version)
            outcomes.append("won")
        except StaleTokenError:
            outcomes.append("stale")

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["stale"] * 7 + ["won"]
    got = store.get("k")
    assert got is not None and got.version == 2


def test_delete_and_keys(store: BaseTokenStore) -> None:
    store.delete("absent")  # no error
    for user_id in ("carol", "alice", "bob"):
        store.save(user_id, token(user_id))
    assert store.keys() == ["alice", "bob", "carol"]
    store.delete("bob")
    assert store.get("bob") is None
    assert store.keys() == ["alice", "carol"]
    store.delete("bob")
    assert store.keys() == ["alice", "carol"]


def test_unusual_user_ids(store: BaseTokenStore) -> None:
    user_ids = [
        "tenant:42/user@example.com",
        "ünïcödé ✓",
        "a" * 300,
        "*?[]{}",
        "'; DROP TABLE x; --",
    ]
    for user_id in user_ids:
        store.save(user_id, token("u"))
        with store.lock(user_id, timeout=5):
            pass
    assert store.keys() == sorted(user_ids)


# ---------------------------------------------------------------------------- OAuth states


def test_states_are_single_use_and_bound(store: BaseTokenStore) -> None:
    expires = time.time() + 600
    store.put_state("s1", "alice", expires)
    store.put_state("s2", "bob", expires)
    assert store.take_state("s1") == ("alice", pytest.approx(expires))
    assert store.take_state("s1") is None
    assert store.take_state("unknown") is None
    assert store.take_state("s2") == ("bob", pytest.approx(expires))


def test_expired_state_is_returned_with_its_expiry(store: BaseTokenStore) -> None:
    past = time.time() - 30
    store.put_state("old", "alice", past)
    taken = store.take_state("old")
    assert taken is not None
    user, expires_at = taken
    assert user == "alice"
    assert expires_at == pytest.approx(past)
    assert expires_at < time.time()  # the caller refuses it
    assert store.take_state("old") is None


def test_state_taken_once_under_contention(store: BaseTokenStore) -> None:
    store.put_state("race", "alice", time.time() + 60)
    barrier = threading.Barrier(10)
    results: list[object] = []

    def take() -> None:
        barrier.wait()
        results.append(store.take_state("race"))

    threads = [threading.Thread(target=take) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r for r in results if r is not None] == [
        ("alice", pytest.approx(time.time() + 60, abs=5))
    ]


# ---------------------------------------------------------------------------- locks


def test_lock_excludes_threads(store: BaseTokenStore) -> None:
    counter = 0
    inside = 0
    overlaps = 0
    errors: list[BaseException] = []

    def work() -> None:
        nonlocal counter, inside, overlaps
        try:
            with store.lock("shared", timeout=30):
                inside += 1
                if inside != 1:
                    overlaps += 1
                value = counter
                time.sleep(0.005)
                counter = value + 1
                inside -= 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert overlaps == 0
    assert counter == 20


def test_lock_timeout(store: BaseTokenStore) -> None:
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with store.lock("busy", timeout=5):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        started = time.monotonic()
        with pytest.raises(LockTimeoutError) as caught, store.lock("busy", timeout=0.3):
            pass
        waited = time.monotonic() - started
        assert 0.25 <= waited < 3
        assert "'busy'" in str(caught.value)
        with pytest.raises(LockTimeoutError), store.lock("busy", timeout=0):
            pass
        with store.lock("other key", timeout=1):  # other keys are not blocked
            pass
    finally:
        release.set()
        thread.join()
    with store.lock("busy", timeout=5):  # released by its holder
        pass
    with store.lock("free", timeout=0):  # a free lock needs no waiting
        pass


def test_lock_released_when_the_body_raises(store: BaseTokenStore) -> None:
    with pytest.raises(RuntimeError), store.lock("k", timeout=5):
        raise RuntimeError("boom")
    with store.lock("k", timeout=1):
        pass


def test_lock_waiter_gets_it_when_released(store: BaseTokenStore) -> None:
    order: list[str] = []
    held = threading.Event()

    def holder() -> None:
        with store.lock("k", timeout=5):
            held.set()
            time.sleep(0.2)
            order.append("holder done")

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(10)
    with store.lock("k", timeout=10):
        order.append("waiter in")
    thread.join()
    assert order == ["holder done", "waiter in"]


# ---------------------------------------------------------------------------- async twins


async def test_async_twins(store: BaseTokenStore) -> None:
    assert await store.aget("a") is None
    saved = await store.asave("a", token("async"), expected_version=0)
    assert saved.version == 1
    with pytest.raises(StaleTokenError):
        await store.asave("a", token("again"), expected_version=0)
    got = await store.aget("a")
    assert got is not None and got.token.access_token.get_secret_value() == "access-async-SECRET"
    assert (await store.asave("a", token("b"), expected_version=1)).version == 2
    await store.adelete("a")
    assert await store.aget("a") is None
