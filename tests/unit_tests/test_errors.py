"""Tests of error mapping (``error_from_response``) and of error messages seen through the client.

Front's error bodies vary: a full ``_error`` object, one with only ``message``, an ``_error``
list (as the docs once said), an empty body, or a proxy's HTML page. Every one must give the
right :class:`FrontAPIError` subclass with a readable message naming the operation and the next
step, and no message, repr or log record may ever contain the token.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from langchain_front.client import AsyncFrontClient, FrontClient, RetryPolicy
from langchain_front.client._responses import error_from_response
from langchain_front.errors import (
    FrontAPIError,
    FrontAuthenticationError,
    FrontBadRequestError,
    FrontConflictError,
    FrontError,
    FrontNotFoundError,
    FrontPermissionError,
    FrontRateLimitError,
    FrontServerError,
    FrontTransportError,
    FrontUnprocessableError,
    FrontValidationError,
    api_error_for_status,
)

TOKEN = "tok_test"
OP = "get-conversation-by-id"


def _response(
    status: int,
    *,
    json_body: Any = None,
    text: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    if text is not None:
        return httpx.Response(status, text=text, headers=headers)
    if json_body is not None:
        return httpx.Response(status, json=json_body, headers=headers)
    return httpx.Response(status, headers=headers)


# =========================================================================== odd bodies


def test_full_error_body() -> None:
    body = {
        "_error": {
            "status": 404,
            "title": "Not found",
            "message": "Unknown conversation ID cn_123",
            "details": ["conversation_id: cn_123", ""],
        }
    }
    error = error_from_response(OP, _response(404, json_body=body))
    assert type(error) is FrontNotFoundError
    assert error.operation == OP
    assert error.status == 404
    assert error.title == "Not found"
    assert error.message == "Unknown conversation ID cn_123"
    assert error.details == ["conversation_id: cn_123"]
    assert str(error) == (
        "get-conversation-by-id: Front answered 404 Not found: Unknown conversation ID cn_123 "
        "(conversation_id: cn_123). Check the ID, or search or list first to find a valid one."
    )
    assert error.body == {
        "_error": {
            "status": 404,
            "title": "Not found",
            "message": "Unknown conversation ID cn_123",
            "details": ["conversation_id: cn_123"],
        }
    }


def test_message_only_error_takes_status_from_http() -> None:
    """Front's malformed-JSON answer has no status or title."""
    body = {"_error": {"message": "Unexpected token a in JSON at position 109"}}
    error = error_from_response("add-comment", _response(400, json_body=body))
    assert type(error) is FrontBadRequestError
    assert error.status == 400
    assert error.title == "Bad request"
    assert error.message == "Unexpected token a in JSON at position 109"
    assert error.details == []
    assert str(error).startswith(
        "add-comment: Front answered 400 Bad request: Unexpected token a in JSON at position 109."
    )


def test_http_status_wins_over_body_status() -> None:
    body = {"_error": {"status": 200, "title": "Oops", "message": "odd"}}
    error = error_from_response(OP, _response(409, json_body=body))
    assert type(error) is FrontConflictError
    assert error.status == 409
    assert error.title == "Oops"


@pytest.mark.parametrize("status", [500, 502, 503, 404])
def test_empty_body(status: int) -> None:
    error = error_from_response(OP, _response(status))
    assert error.status == status
    assert error.message == ""
    assert error.details == []
    assert f"Front answered {status} " in str(error)
    assert str(error).startswith(f"{OP}: ")


def test_html_body_gives_readable_message() -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    error = error_from_response(
        OP, _response(502, text=html, headers={"content-type": "text/html"})
    )
    assert type(error) is FrontServerError
    assert error.message == "502 Bad Gateway"
    assert "<" not in str(error) and ">" not in str(error)
    assert str(error).startswith(f"{OP}: Front answered 502 Server error: 502 Bad Gateway.")


NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def test_nginx_error_page_has_no_tags() -> None:
    error = error_from_response(OP, _response(502, text=NGINX_502))
    assert "<" not in error.message and ">" not in error.message
    assert error.message.startswith("502 Bad Gateway")
    assert "nginx" in error.message


def test_nginx_error_page_whitespace_is_collapsed() -> None:
    error = error_from_response(OP, _response(502, text=NGINX_502))
    assert error.message == "502 Bad Gateway 502 Bad Gateway nginx"


def test_long_text_body_is_truncated() -> None:
    error = error_from_response(OP, _response(500, text="x" * 5000))
    assert error.message == "x" * 200


def test_error_as_a_list() -> None:
    body = {"_error": [{"status": 422, "title": "Unprocessable", "message": "bad handle"}]}
    error = error_from_response("create-contact", _response(422, json_body=body))
    assert type(error) is FrontUnprocessableError
    assert error.title == "Unprocessable"
    assert error.message == "bad handle"


def test_empty_error_list() -> None:
    error = error_from_response(OP, _response(400, json_body={"_error": []}))
    assert type(error) is FrontBadRequestError
    assert error.title == "Bad request"
    assert error.message == ""


def test_non_json_text_body() -> None:
    text = "upstream connect error or disconnect/reset before headers"
    error = error_from_response(OP, _response(503, text=text))
    assert type(error) is FrontServerError
    assert error.message == text
    assert text in str(error)


def test_top_level_message_body() -> None:
    error = error_from_response(OP, _response(403, json_body={"message": "Forbidden by policy"}))
    assert type(error) is FrontPermissionError
    assert error.message == "Forbidden by policy"


@pytest.mark.parametrize("body", [[1, 2], "a string", 42, {"unrelated": True}])
def test_json_without_error_object(body: Any) -> None:
    error = error_from_response(OP, _response(400, json_body=body))
    assert type(error) is FrontBadRequestError
    assert error.message == ""


def test_set_cookie_is_not_kept() -> None:
    headers = {"set-cookie": "session=secret", "X-Request-Id": "req_1"}
    error = error_from_response(OP, _response(404, json_body={}, headers=headers))
    assert "set-cookie" not in error.headers
    assert error.headers["x-request-id"] == "req_1"


# =========================================================================== subclass per status


STATUS_CLASSES: list[tuple[int, type[FrontAPIError]]] = [
    (400, FrontBadRequestError),
    (401, FrontAuthenticationError),
    (403, FrontPermissionError),
    (404, FrontNotFoundError),
    (409, FrontConflictError),
    (422, FrontUnprocessableError),
    (429, FrontRateLimitError),
    (500, FrontServerError),
    (502, FrontServerError),
    (503, FrontServerError),
    (504, FrontServerError),
    (599, FrontServerError),
    (418, FrontAPIError),
    (301, FrontAPIError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
def test_subclass_per_status(status: int, cls: type[FrontAPIError]) -> None:
    assert api_error_for_status(status) is cls
    error = error_from_response(OP, _response(status, json_body={"_error": {"message": "m"}}))
    assert type(error) is cls
    assert isinstance(error, FrontError)
    assert error.status == status


NEXT_STEPS: list[tuple[int, str]] = [
    (400, "Fix the arguments named in the message and retry."),
    (401, "reconnect Front or set a valid FRONT_API_TOKEN"),
    (403, "grant it in Front's developer settings, or use another operation"),
    (404, "Check the ID, or search or list first to find a valid one."),
    (409, "Re-read the resource and retry with its current state."),
    (422, "Fix the arguments named in the message and retry."),
    (429, "Rate limited by Front, retry after 2.5 s."),
    (503, "retry later (unsafe requests such as sends were not retried)"),
    (418, "Check the arguments against the operation and retry."),
]


@pytest.mark.parametrize(("status", "step"), NEXT_STEPS)
def test_messages_name_operation_and_next_step(status: int, step: str) -> None:
    headers = {"retry-after": "2.5"} if status == 429 else None
    error = error_from_response("list-conversations", _response(status, headers=headers))
    text = str(error)
    assert text.startswith(f"list-conversations: Front answered {status} ")
    assert step in text
    assert text.endswith(".")


def test_rate_limit_error_carries_retry_after_from_header() -> None:
    error = error_from_response(OP, _response(429, headers={"retry-after": "2.5"}))
    assert isinstance(error, FrontRateLimitError)
    assert error.retry_after == 2.5


def test_rate_limit_error_carries_retry_after_from_body() -> None:
    body = {
        "_error": {
            "status": 429,
            "title": "Too many requests",
            "message": "Rate limit exceeded for tier-2 route. Please retry in 341 milliseconds.",
        }
    }
    error = error_from_response(OP, _response(429, json_body=body))
    assert isinstance(error, FrontRateLimitError)
    assert error.retry_after == pytest.approx(0.341)
    assert "retry after 0.3 s" in str(error)
    assert error.title == "Too many requests"


def test_rate_limit_error_without_hint() -> None:
    error = error_from_response(OP, _response(429))
    assert isinstance(error, FrontRateLimitError)
    assert error.retry_after is None
    assert "retry after a few seconds" in str(error)


# =========================================================================== through the client


def _client(handler: Any, **options: Any) -> tuple[FrontClient, list[float]]:
    sleeps: list[float] = []
    client = FrontClient(
        token=TOKEN,
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        retry=options.pop("retry", RetryPolicy(jitter=lambda: 0.0)),
        **options,
    )
    return client, sleeps


@pytest.mark.parametrize(
    ("response", "cls", "message"),
    [
        (
            _response(400, json_body={"_error": {"message": "Unexpected token a in JSON"}}),
            FrontBadRequestError,
            "Unexpected token a in JSON",
        ),
        (
            _response(502, text="<html><body><h1>502 Bad Gateway</h1></body></html>"),
            FrontServerError,
            "502 Bad Gateway",
        ),
        (_response(500), FrontServerError, ""),
        (
            _response(404, json_body={"_error": [{"title": "Not found", "message": "cnv_x"}]}),
            FrontNotFoundError,
            "cnv_x",
        ),
        (_response(409, text="conflict, try again"), FrontConflictError, "conflict, try again"),
    ],
)
def test_odd_bodies_through_the_client(
    response: httpx.Response, cls: type[FrontAPIError], message: str
) -> None:
    """A POST (never retried) surfaces each odd body as the right error, tag-free."""
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(
            response.status_code, content=response.content, headers=response.headers
        )

    client, sleeps = _client(handler)
    with pytest.raises(cls) as info:
        client.request("add-comment", path_params={"conversation_id": "cnv_1"}, body={"body": "x"})
    assert type(info.value) is cls
    assert info.value.message == message
    assert info.value.operation == "add-comment"
    assert str(info.value).startswith("add-comment: Front answered ")
    assert "<" not in str(info.value)
    assert len(calls) == 1
    assert sleeps == []


async def test_odd_body_through_the_async_client() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(502, text="<html><body><h1>502 Bad Gateway</h1></body></html>")

    async def no_sleep(seconds: float) -> None:
        raise AssertionError("a POST must not be retried")

    client = AsyncFrontClient(
        token=TOKEN,
        transport=httpx.MockTransport(handler),
        sleep=no_sleep,
        retry=RetryPolicy(jitter=lambda: 0.0),
    )
    with pytest.raises(FrontServerError) as info:
        await client.request(
            "create-message-reply", path_params={"conversation_id": "cnv_1"}, body={"body": "x"}
        )
    assert info.value.message == "502 Bad Gateway"
    assert str(info.value).startswith("create-message-reply: Front answered 502")
    assert len(calls) == 1
    await client.aclose()


# =========================================================================== the token never leaks


def _assert_no_token(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text, text


def _record_texts(caplog: pytest.LogCaptureFixture) -> list[str]:
    texts: list[str] = []
    for record in caplog.records:
        texts.extend([record.getMessage(), repr(record.args), str(record.exc_text or "")])
    return texts


def test_token_not_in_repr() -> None:
    client, _ = _client(lambda r: httpx.Response(200))
    _assert_no_token(repr(client), repr(client.token_provider), repr(client._auth))
    assert "**********" in repr(client)
    async_client = client.to_async()
    _assert_no_token(repr(async_client))


def test_token_not_in_errors_or_logs_of_a_failing_call(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client, _ = _client(
        lambda r: httpx.Response(
            401, json={"_error": {"status": 401, "title": "Unauthenticated", "message": "JWT"}}
        )
    )
    with pytest.raises(FrontAuthenticationError) as info:
        client.call("api-token-details")
    _assert_no_token(str(info.value), repr(info.value), repr(info.value.headers))
    _assert_no_token(str(info.value.body))
    assert any("api2.frontapp.com/me" in t for t in _record_texts(caplog))  # httpx logged
    _assert_no_token(*_record_texts(caplog))


def test_token_not_in_logs_of_a_retried_call(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    script = [
        httpx.Response(503),
        httpx.Response(429, headers={"retry-after": "0"}, json={"_error": {"status": 429}}),
        httpx.Response(200, json={"id": "ok"}),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/conversations/cnv_1":
            return script.pop(0)
        return httpx.Response(200, json={})

    client, sleeps = _client(handler)
    assert client.call("get-conversation-by-id", path_params={"conversation_id": "cnv_1"}) == {
        "id": "ok"
    }
    assert sleeps == [0.25, 0.0]
    retries = [r for r in caplog.records if r.name == "langchain_front.client"]
    assert len(retries) == 2
    assert all(r.levelno == logging.WARNING for r in retries)
    _assert_no_token(*_record_texts(caplog))


def test_token_not_in_transport_errors_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client, sleeps = _client(handler, retry=RetryPolicy(max_retries=2, jitter=lambda: 0.0))
    with pytest.raises(FrontTransportError) as info:
        client.call("api-token-details")
    assert info.value.attempts == 3
    assert len(sleeps) == 2
    assert len(caplog.records) >= 2
    _assert_no_token(str(info.value), repr(info.value), *_record_texts(caplog))


def test_token_not_in_unsafe_transport_error(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client, _ = _client(handler)
    with pytest.raises(FrontTransportError) as info:
        client.call(
            "create-message-reply", path_params={"conversation_id": "cnv_1"}, body={"body": "x"}
        )
    assert "may have reached Front" in str(info.value)
    _assert_no_token(str(info.value), *_record_texts(caplog))


def test_token_not_in_validation_or_rate_limit_errors() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        assert len(sent) <= 5, "runaway retries"
        return httpx.Response(429, headers={"retry-after": "600"})

    client, sleeps = _client(handler)
    with pytest.raises(FrontValidationError) as invalid:
        client.call("get-conversation-by-id")
    with pytest.raises(FrontRateLimitError) as limited:
        client.call("api-token-details")
    assert limited.value.retry_after == 600.0
    assert len(sent) == 1
    assert sleeps == []
    _assert_no_token(str(invalid.value), str(limited.value), repr(limited.value.headers))


# =========================================================================== one home for errors


def test_auth_errors_live_in_langchain_front_errors_only() -> None:
    """Every exception of the auth layer is defined in ``langchain_front.errors``, and no auth
    package re-exports one (one import path per error)."""
    import importlib
    import inspect
    import pkgutil

    import langchain_front.auth
    from langchain_front import errors

    names = [langchain_front.auth.__name__] + [
        info.name
        for info in pkgutil.walk_packages(langchain_front.auth.__path__, "langchain_front.auth.")
        if info.name.rsplit(".", 1)[-1] not in {"redis", "postgres"}  # optional packages
    ]
    for name in names:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            ours = inspect.isclass(value) and value.__module__.startswith("langchain_front")
            if ours and issubclass(value, BaseException):
                assert value.__module__ == errors.__name__, f"{name}.{attr} is defined there"
        for exported in getattr(module, "__all__", ()):
            value = getattr(module, exported)
            is_error = inspect.isclass(value) and issubclass(value, BaseException)
            assert not is_error, f"{name} re-exports {exported}"
    for error in ("OAuthError", "OAuthStateError", "ReauthorizationRequired", "TokenStoreError"):
        assert error in errors.__all__
    for error in ("StaleTokenError", "LockTimeoutError"):
        assert issubclass(getattr(errors, error), errors.TokenStoreError)
