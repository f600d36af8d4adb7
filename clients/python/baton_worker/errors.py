"""The errors the Python clients raise: one ``BatonError`` with the server's stable ``code``.

Every refusal of the API (``{"error": {"code", "message", "details"}}``, see
docs/errors.md) becomes a BatonError carrying that code, the HTTP status, the
answer's ``x-request-id`` and its ``Retry-After`` in seconds. A server that
could not be reached is ``unavailable`` with status 0; a client-side wait that
ran out is ``wait_timeout`` (status 408, as in the TypeScript client).
"""
import email.utils
import time
from typing import Any, Dict, Mapping, Optional

__all__ = ["BatonError", "CODE_BY_STATUS", "TRANSIENT_STATUSES", "error_from_answer", "is_transient", "parse_retry_after"]

# The code of an answer that carries none of its own (a proxy's page, no body); any
# other status gets "internal", as in the TypeScript client (src/errors.ts).
CODE_BY_STATUS: Dict[int, str] = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "overloaded",
    500: "internal",
    503: "unavailable",
}

# Answers that say "not now" rather than "no": a safe call is sent again after them.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


class BatonError(Exception):
    """An error answer from the server, or status 0 when it could not be reached.

    Attributes:
        status: the HTTP status; 0 when no answer arrived (connection refused
            or reset, timeout); 408 for a client-side ``wait_timeout``.
        code: the stable snake_case code of docs/errors.md, e.g. ``not_found``,
            ``overloaded``, ``unavailable``, ``wait_timeout``.
        message: what happened and what to do.
        details: the answer's structured specifics (``None`` when it has none).
        request_id: the answer's ``x-request-id`` (quote it when reporting a problem).
        retry_after: the answer's ``Retry-After`` in seconds (float), else ``None``.

    Example::

        try:
            client.signal(task_id, "approval", {"approved": True})
        except BatonError as exc:
            if exc.code == "not_found":
                ...
    """

    def __init__(self, status: int, code: str, message: str, details: Any = None, *,
                 request_id: Optional[str] = None, retry_after: Optional[float] = None) -> None:
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id
        self.retry_after = retry_after

    @property
    def transient(self) -> bool:
        """True for a failure worth trying again later: no answer at all, or 429, 502, 503, 504."""
        return is_transient(self)

    def __repr__(self) -> str:
        return f"BatonError(status={self.status}, code={self.code!r}, message={self.message!r}, request_id={self.request_id!r}, retry_after={self.retry_after!r})"


def is_transient(exc: BaseException) -> bool:
    """Whether a retry may succeed: the server was unreachable, or answered 429, 502, 503 or 504."""
    if not isinstance(exc, BatonError):
        return False
    if exc.code == "wait_timeout":
        return False  # 408, but the client's own verdict: waiting again is the caller's choice
    return (exc.status == 0 and exc.code == "unavailable") or exc.status in TRANSIENT_STATUSES


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """A ``Retry-After`` header in seconds: delta-seconds, or an HTTP date (RFC 9110 §10.2.3). None if absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def error_from_answer(status: int, parsed: Any, headers: Mapping[str, str], fallback_message: str) -> BatonError:
    """The server's error answer as a BatonError; a body that is not one gets the status's code and ``fallback_message``."""
    wire = parsed.get("error") if isinstance(parsed, dict) else None
    status_code = CODE_BY_STATUS.get(status, "internal")
    request_id = headers.get("x-request-id")
    retry_after = parse_retry_after(headers.get("retry-after"))
    if not isinstance(wire, dict) or not isinstance(wire.get("message"), str):
        return BatonError(status, status_code, fallback_message, request_id=request_id, retry_after=retry_after)
    code = wire.get("code") if isinstance(wire.get("code"), str) and wire.get("code") else status_code
    return BatonError(status, code, wire["message"], wire.get("details"), request_id=request_id, retry_after=retry_after)
