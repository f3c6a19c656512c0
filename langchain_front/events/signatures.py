"""Front's webhook signatures: compute and check them, in constant time.

Application webhooks: ``x-front-signature`` is base64 HMAC-SHA256, keyed by the app secret, of
``<x-front-request-timestamp>:<raw body>``; the timestamp (milliseconds) must be recent, which is
what stops a captured request from being replayed. Rule webhooks: base64 HMAC-SHA1 of the raw
body, keyed by the Webhooks app's API secret, with no timestamp (replays rest on deduplication).
Always the raw bytes: a re-serialized JSON body has a different signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from pydantic import SecretStr

__all__ = [
    "DEFAULT_TOLERANCE",
    "SignatureError",
    "sign_application",
    "sign_rule",
    "verify_application",
    "verify_rule",
]

#: Seconds a signed application request stays acceptable (Front recommends about 5 minutes).
DEFAULT_TOLERANCE = 300.0


class SignatureError(Exception):
    """A request that is unsigned, mis-signed or stale; the message says which, never a secret."""


def _key(secret: str | SecretStr) -> bytes:
    text = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    return text.encode("utf-8")


def sign_application(secret: str | SecretStr, body: bytes, timestamp_ms: int | str) -> str:
    """The ``x-front-signature`` of an application webhook request."""
    mac = hmac.new(_key(secret), f"{timestamp_ms}:".encode() + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def sign_rule(secret: str | SecretStr, body: bytes) -> str:
    """The ``x-front-signature`` of a rule webhook request."""
    mac = hmac.new(_key(secret), body, hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), given.strip().encode("ascii", "replace"))


def verify_application(
    secret: str | SecretStr,
    body: bytes,
    signature: str | None,
    timestamp: str | None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raise :class:`SignatureError` unless ``signature`` signs ``timestamp:body`` and the
    timestamp is within ``tolerance`` seconds of ``now``."""
    if not signature or not timestamp:
        raise SignatureError("missing x-front-signature or x-front-request-timestamp")
    if not timestamp.strip().isdigit():
        raise SignatureError("x-front-request-timestamp is not a number of milliseconds")
    stamp = timestamp.strip()
    if not _same(sign_application(secret, body, stamp), signature):
        raise SignatureError("the signature does not match")
    age = (time.time() if now is None else now) - int(stamp) / 1000.0
    if abs(age) > tolerance:
        raise SignatureError(f"stale request: signed {age:.0f} s ago (allowed: {tolerance:g} s)")


def verify_rule(secret: str | SecretStr, body: bytes, signature: str | None) -> None:
    """Raise :class:`SignatureError` unless ``signature`` is the HMAC-SHA1 of ``body``."""
    if not signature:
        raise SignatureError("missing x-front-signature")
    if not _same(sign_rule(secret, body), signature):
        raise SignatureError("the signature does not match")
