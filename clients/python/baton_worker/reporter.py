"""Batched delivery of step outcomes.

While one batch is on the wire the next one gathers, so a busy worker sends
one request for many steps and an idle one adds no delay.
"""
import json
import logging
import queue
import threading
from typing import Any, Callable, Dict, List, Optional

from .batching import run_batches
from .client import BatonError, ProtocolClient

__all__ = ["Reporter"]

MAX_BATCH = 500

Callback = Callable[[str], None]


class _Report:
    __slots__ = ("kind", "execution_id", "lease_id", "encoded", "error", "callback")

    def __init__(self, kind: str, execution_id: str, lease_id: str, encoded: str, error: Optional[Dict[str, Any]], callback: Callback) -> None:
        self.kind = kind
        self.execution_id = execution_id
        self.lease_id = lease_id
        self.encoded = encoded
        self.error = error
        self.callback = callback


def _complete_item(execution_id: str, lease_id: str, output_json: str) -> str:
    return '{"execution_id":%s,"lease_id":%s,"output":%s}' % (json.dumps(execution_id), json.dumps(lease_id), output_json)


def _fail_item(execution_id: str, lease_id: str, error: Dict[str, Any], retryable: bool) -> str:
    return json.dumps({"execution_id": execution_id, "lease_id": lease_id, "error": error, "retryable": retryable})


class Reporter:
    """Sends completions and failures in batches from one background thread.

    Each report's callback gets the server's status for it: "ok", "duplicate",
    "stale_lease", "not_found", or "undelivered" when the server refused the
    batch or stayed unreachable past the client's retry deadline (the lease
    then expires and the step is retried: nothing is lost).
    """

    def __init__(self, client: ProtocolClient, log: logging.Logger) -> None:
        self._client = client
        self._log = log
        self._queue: "queue.Queue[Optional[_Report]]" = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="baton-reporter", daemon=True)
        self._thread.start()

    def complete(self, execution_id: str, lease_id: str, output_json: str, callback: Callback) -> None:
        self._queue.put(_Report("complete", execution_id, lease_id, _complete_item(execution_id, lease_id, output_json), None, callback))

    def fail(self, execution_id: str, lease_id: str, error: Dict[str, Any], retryable: bool, callback: Callback) -> None:
        self._queue.put(_Report("fail", execution_id, lease_id, _fail_item(execution_id, lease_id, error, retryable), error, callback))

    def flush(self) -> None:
        """Blocks until everything queued so far has been delivered or given up on."""
        self._queue.join()

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        run_batches(self._queue, MAX_BATCH, self._send)

    def _send(self, batch: List[_Report]) -> None:
        try:
            self._deliver([r for r in batch if r.kind == "complete"])
            self._deliver([r for r in batch if r.kind == "fail"])
        except Exception:  # a bug must not kill the thread and hang flush()
            self._log.exception("reporting step outcomes failed")
            for r in batch:
                r.callback("undelivered")

    def _deliver(self, batch: List[_Report]) -> None:
        if not batch:
            return
        try:
            # Transient failures are retried inside, under the client's RetryPolicy (a repeat is answered "duplicate").
            results = self._client.report_many(batch[0].kind, [r.encoded for r in batch])
        except BatonError as exc:
            if exc.status == 413:
                self._split(batch, exc)
                return
            if exc.transient:
                self._log.error("could not report %d step outcomes (%s); their leases will expire and the steps be retried", len(batch), exc)
            else:
                # The server refuses this batch as it is; retrying will not help.
                self._log.error("step outcomes refused by the server: %s", exc)
            for r in batch:
                r.callback("undelivered")
            return
        for report, result in zip(batch, results):
            report.callback(result["status"])

    def _split(self, batch: List[_Report], exc: BatonError) -> None:
        """Over the server's body limit: halve the batch; one output alone too large fails its step for good."""
        if len(batch) > 1:
            half = (len(batch) + 1) // 2
            self._deliver(batch[:half])
            self._deliver(batch[half:])
            return
        report = batch[0]
        if report.kind == "complete":
            error = {"message": f"the step's output is larger than the server's request body limit: {exc.message}", "code": "output_too_large"}
        else:
            error = {"message": str((report.error or {}).get("message", ""))[:2000] or "error too large", "code": "error_too_large"}
        retry = _Report("fail", report.execution_id, report.lease_id, _fail_item(report.execution_id, report.lease_id, error, False), error, report.callback)
        self._deliver([retry])
