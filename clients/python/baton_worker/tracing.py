"""Trace propagation for the Python worker: W3C ``traceparent`` in, one span per step attempt, OTLP/JSON out.

Baton puts the task's trace context in each execution of a claim answer
(``traceparent``, docs/worker-protocol.md). When it is there, the worker
starts a *step span* for the attempt: the same trace id, a new random 8-byte
span id, the claim's span as parent. The handler gets that span's own
``traceparent`` (``ctx.traceparent``), so the HTTP calls it makes join the
trace. When an OTLP endpoint is configured, finished spans are exported as
OTLP/JSON (``POST`` ``application/json``, the OTLP/HTTP encoding every
collector accepts) from a background thread; an export that fails is logged
and dropped, never failing a step.

Standard library only: no OpenTelemetry SDK is needed (nor used if installed).
"""
import json
import logging
import os
import queue
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Optional, Tuple

from .batching import run_batches

__all__ = ["OtlpExporter", "StepSpan", "exporter_from_env", "format_traceparent", "parse_traceparent"]

# version-traceid-parentid-flags (W3C Trace Context, level 1). Lower-case hex only.
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")
_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16

# OTLP's Span.SpanKind: the worker consumes a unit of work handed to it by the engine.
SPAN_KIND_CONSUMER = 5
# OTLP's Status.StatusCode.
STATUS_UNSET = 0
STATUS_ERROR = 2

_EXPORT_BATCH = 256
_EXPORT_QUEUE = 10_000


def parse_traceparent(value: Any) -> Optional[Tuple[str, str, str]]:
    """``(trace_id, span_id, flags)`` of a W3C traceparent, or None when it is absent or invalid.

    A version other than ``00`` is read for its first four fields, as the
    specification asks; version ``ff`` and all-zero ids are invalid.
    """
    if not isinstance(value, str):
        return None
    match = _TRACEPARENT.match(value.strip())
    if not match:
        return None
    version, trace_id, span_id, flags, rest = match.groups()
    if version == "ff" or (version == "00" and rest) or trace_id == _ZERO_TRACE or span_id == _ZERO_SPAN:
        return None
    return trace_id, span_id, flags


def format_traceparent(trace_id: str, span_id: str, flags: str = "01") -> str:
    return f"00-{trace_id}-{span_id}-{flags}"


def _new_span_id() -> str:
    while True:
        span_id = secrets.token_hex(8)
        if span_id != _ZERO_SPAN:
            return span_id


def _attribute(key: str, value: Any) -> Dict[str, Any]:
    if isinstance(value, bool):
        wire: Dict[str, Any] = {"boolValue": value}
    elif isinstance(value, int):
        wire = {"intValue": str(value)}  # int64 is a string in OTLP/JSON
    elif isinstance(value, float):
        wire = {"doubleValue": value}
    else:
        wire = {"stringValue": str(value)}
    return {"key": key, "value": wire}


class StepSpan:
    """One attempt of one step, as a span: child of the span in the claim's ``traceparent``.

    Attributes:
        trace_id, span_id, parent_span_id: lower-case hex (32, 16, 16 characters).
        sampled: the parent's sampled flag; an unsampled span is propagated but never exported.
        traceparent: this span's W3C traceparent, what the handler passes on.
    """

    def __init__(self, parent: Tuple[str, str, str], name: str, attributes: Dict[str, Any]) -> None:
        self.trace_id, self.parent_span_id, self.flags = parent
        self.span_id = _new_span_id()
        self.name = name
        self.attributes: Dict[str, Any] = dict(attributes)
        self.start_ns = time.time_ns()
        self.end_ns: Optional[int] = None
        self.status_code = STATUS_UNSET
        self.status_message = ""

    @classmethod
    def start(cls, traceparent: Any, name: str, attributes: Dict[str, Any]) -> Optional["StepSpan"]:
        """A new span under ``traceparent``, or None when there is no valid one (no trace: no span)."""
        parent = parse_traceparent(traceparent)
        return cls(parent, name, attributes) if parent else None

    @property
    def sampled(self) -> bool:
        return bool(int(self.flags, 16) & 1)

    @property
    def traceparent(self) -> str:
        return format_traceparent(self.trace_id, self.span_id, self.flags)

    def end(self, outcome: str, error: Optional[str] = None) -> None:
        """Ends the span once: ``outcome`` becomes ``baton.outcome``; an ``error`` message sets the status to ERROR."""
        if self.end_ns is not None:
            return
        self.attributes["baton.outcome"] = outcome
        if error is not None:
            self.status_code = STATUS_ERROR
            self.status_message = error[:1000]
        self.end_ns = max(time.time_ns(), self.start_ns)

    def to_otlp(self) -> Dict[str, Any]:
        """The span in OTLP/JSON (hex ids, times in nanoseconds as strings)."""
        status: Dict[str, Any] = {"code": self.status_code}
        if self.status_message:
            status["message"] = self.status_message
        return {
            "traceId": self.trace_id,
            "spanId": self.span_id,
            "parentSpanId": self.parent_span_id,
            "name": self.name,
            "kind": SPAN_KIND_CONSUMER,
            "startTimeUnixNano": str(self.start_ns),
            "endTimeUnixNano": str(self.end_ns if self.end_ns is not None else time.time_ns()),
            "attributes": [_attribute(k, v) for k, v in self.attributes.items()],
            "status": status,
        }


def _parse_headers(value: Optional[str]) -> Dict[str, str]:
    """``OTEL_EXPORTER_OTLP_HEADERS``: ``key=value`` pairs, comma-separated, values URL-encoded."""
    headers: Dict[str, str] = {}
    for pair in (value or "").split(","):
        key, sep, val = pair.partition("=")
        if sep and key.strip():
            headers[key.strip()] = urllib.parse.unquote(val.strip())
    return headers


class OtlpExporter:
    """Sends finished spans to an OTLP/HTTP traces endpoint as JSON, from one background thread.

    ``export()`` never blocks and never raises: spans queue (at most 10,000;
    more are dropped and counted in ``dropped``) and go out in batches. A
    failed POST is logged at warning level once, then at debug level, and its
    spans are dropped (tracing must never fail or slow a step).

    Args:
        endpoint: the traces URL, e.g. ``http://127.0.0.1:4318/v1/traces``.
        service_name: the ``service.name`` resource attribute.
        headers: extra request headers (an API key of a hosted collector).
        timeout: seconds one POST may take.
    """

    def __init__(self, endpoint: str, service_name: str = "baton-worker", *, headers: Optional[Dict[str, str]] = None,
                 timeout: float = 10.0, logger: Optional[logging.Logger] = None) -> None:
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"the OTLP endpoint must be an http:// or https:// URL, got {endpoint!r}")
        self.endpoint = endpoint
        self.service_name = service_name
        self.headers = {"Content-Type": "application/json", **(headers or {})}
        self.timeout = timeout
        self.exported = 0
        self.dropped = 0
        self._log = logger or logging.getLogger("baton_worker")
        self._queue: "queue.Queue[Optional[StepSpan]]" = queue.Queue(maxsize=_EXPORT_QUEUE)
        self._failing = False
        self._thread = threading.Thread(target=self._loop, name="baton-otlp-export", daemon=True)
        self._thread.start()

    def export(self, span: StepSpan) -> None:
        """Queues a finished span for export (unsampled spans are skipped)."""
        if not span.sampled:
            return
        try:
            self._queue.put_nowait(span)
        except queue.Full:
            self.dropped += 1

    def flush(self, timeout: float = 5.0) -> bool:
        """Waits until every span queued so far has been sent (or given up on); False after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Sends what is queued (for up to ``timeout`` seconds) and stops the thread."""
        self.flush(timeout)
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            return
        self._thread.join(timeout)

    def payload(self, spans: List[StepSpan]) -> Dict[str, Any]:
        """The ExportTraceServiceRequest of ``spans``, in OTLP/JSON."""
        from . import __version__  # late: the package imports this module

        return {
            "resourceSpans": [{
                "resource": {"attributes": [_attribute("service.name", self.service_name)]},
                "scopeSpans": [{
                    "scope": {"name": "baton_worker", "version": __version__},
                    "spans": [s.to_otlp() for s in spans],
                }],
            }],
        }

    def _loop(self) -> None:
        run_batches(self._queue, _EXPORT_BATCH, self._send)

    def _send(self, spans: List[StepSpan]) -> None:
        try:
            self._post(spans)
        except Exception:  # never let the thread die: flush() would hang
            self._log.exception("exporting spans failed")

    def _post(self, spans: List[StepSpan]) -> None:
        body = json.dumps(self.payload(spans)).encode()
        request = urllib.request.Request(self.endpoint, data=body, method="POST", headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as res:
                res.read()
        except (OSError, urllib.error.URLError, ValueError) as exc:
            self.dropped += len(spans)
            level = logging.DEBUG if self._failing else logging.WARNING
            self._failing = True
            self._log.log(level, "could not export %d spans to %s (%s); dropped", len(spans), self.endpoint, exc)
            return
        self.exported += len(spans)
        if self._failing:
            self._failing = False
            self._log.info("exporting spans to %s works again", self.endpoint)


def exporter_from_env(endpoint: Optional[str], service_name: Optional[str], logger: logging.Logger) -> Optional[OtlpExporter]:
    """The exporter a Worker uses: its arguments first, else the standard OTEL_* variables; None when no endpoint is set.

    ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` is used as given; ``OTEL_EXPORTER_OTLP_ENDPOINT``
    gets ``/v1/traces`` appended. ``OTEL_SERVICE_NAME`` names the service (default
    ``baton-worker``), ``OTEL_EXPORTER_OTLP_HEADERS`` (``k=v,k2=v2``) adds headers.
    """
    url = endpoint or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    if not url and os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        url = os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"].rstrip("/") + "/v1/traces"
    if not url:
        return None
    name = service_name or os.environ.get("OTEL_SERVICE_NAME") or "baton-worker"
    headers = _parse_headers(os.environ.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS") or os.environ.get("OTEL_EXPORTER_OTLP_HEADERS"))
    return OtlpExporter(url, name, headers=headers, logger=logger)
