"""What a handler receives for one attempt of a step."""
import logging
import threading
from datetime import datetime
from typing import Any, Callable, Dict, Optional

__all__ = ["Context", "PermanentError"]


class PermanentError(Exception):
    """Raise it from a handler to fail the step at once, with no further attempts (protocol ``retryable: false``).

    Any other exception fails the attempt and the step is retried while attempts remain.
    """

    def __init__(self, message: str, code: Optional[str] = None, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


def _parse_time(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class Context:
    """One attempt of one step, as the claim answer described it.

    Attributes:
        execution_id, lease_id: identify this attempt on the wire.
        task_id: the task's id; ``task`` also has namespace, name and version.
        correlation_id: the task's correlation id: the ``x-request-id`` of the submission
            that created it, else the task's id. Send it as ``x-request-id`` when
            submitting follow-up tasks, so one id finds the whole workflow in the logs.
        step: the step's name. attempt / max_attempts: 1-based attempt number and the limit.
        params: the step's params, every ``${...}`` reference resolved.
        results: outputs of the upstream steps, by step name.
        context: the task's context (its input).
        deadline: when this attempt times out (timezone-aware datetime), or None.
        last_checkpoint: the last checkpoint an earlier attempt saved, or None.
        cancelled: a threading.Event set when the handler should stop: the task was
            cancelled, the step timed out, the lease was lost, or the worker is
            shutting down past its grace period. Check it in long loops, or wait on it.
        log: a logger carrying the task, step and correlation id (``extra``: task_id, step,
            attempt, correlation_id).
        traceparent: the W3C traceparent of this attempt's step span when the task is
            traced (else None): send it as the ``traceparent`` header of the HTTP calls
            the handler makes, so they join the task's trace.
    """

    def __init__(self, execution: Dict[str, Any], progress: Callable[["Context", str, Any], bool], log: logging.Logger) -> None:
        self.execution_id: str = str(execution["execution_id"])
        self.lease_id: str = execution["lease_id"]
        self.handler: str = execution["handler"]
        task = execution.get("task") or {}
        self.task: Dict[str, Any] = task
        self.task_id: Optional[str] = task.get("id")
        # A server older than the field sends none: the task is then its own correlation.
        self.correlation_id: Optional[str] = execution.get("correlation_id") or self.task_id
        self.step: Optional[str] = execution.get("step")
        self.attempt: int = execution.get("attempt", 1)
        self.max_attempts: Optional[int] = execution.get("max_attempts")
        self.params: Dict[str, Any] = execution.get("params") or {}
        self.results: Dict[str, Any] = execution.get("results") or {}
        self.context: Dict[str, Any] = execution.get("context") or {}
        self.deadline: Optional[datetime] = _parse_time(execution.get("deadline"))
        self.last_checkpoint: Any = execution.get("checkpoint")
        self.fan_out: Optional[Dict[str, Any]] = execution.get("fan_out")
        # The task's trace as the claim gave it (the engine's span); ``traceparent`` is this attempt's own span.
        self.claim_traceparent: Optional[str] = execution.get("traceparent")
        self.traceparent: Optional[str] = None
        self.cancelled = threading.Event()
        self.log = logging.LoggerAdapter(log, {"task_id": self.task_id, "step": self.step, "attempt": self.attempt, "correlation_id": self.correlation_id})
        self._progress = progress

    @property
    def idempotency_key(self) -> str:
        """Stable across attempts (task id + step name): use it to make side effects idempotent."""
        return f"{self.task_id}:{self.step}"

    def progress(self, data: Any) -> bool:
        """Publishes ``data`` as a progress event on the task's stream.

        Returns False (and sets ``cancelled``) when this attempt no longer holds
        its lease; transport errors are logged, not raised.
        """
        return self._progress(self, "progress", data)

    def checkpoint(self, data: Any) -> bool:
        """Saves ``data`` durably for this step: a retried attempt gets it back as ``last_checkpoint``.

        Returns False (and sets ``cancelled``) when this attempt no longer holds its lease.
        """
        return self._progress(self, "checkpoint", data)

    def __repr__(self) -> str:
        return f"<Context task={self.task_id} step={self.step} attempt={self.attempt}>"
