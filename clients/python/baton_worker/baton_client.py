"""BatonClient: submit, read, wait for and cancel tasks over Baton's HTTP API.

The calls that are safe to repeat are retried when they fail transiently
(connection refused or reset, timeouts, 429, 502, 503, 504), with backoff,
jitter and the server's ``Retry-After``, within the policy's deadline:
reads, cancel, submits (each carries an idempotency key, generated for the
call when not given, so a retried submit never makes two tasks), and signals
and events that carry an idempotency key.
"""
import datetime
import logging
import time
import urllib.parse
import uuid
from typing import Any, Callable, Dict, List, Optional, Union

from .errors import BatonError
from .retry import RetryPolicy
from .signals import event_call, signal_call
from .transport import HttpTransport

__all__ = ["BatonClient", "TERMINAL_STATUSES"]

# Task states after which nothing changes.
TERMINAL_STATUSES = frozenset({"complete", "error", "cancelled", "timed_out"})


def _quote(part: str) -> str:
    return urllib.parse.quote(part, safe="")


class BatonClient:
    """A client of Baton's HTTP API for scripts and services.

    Example::

        client = BatonClient("http://127.0.0.1:8080", token=os.environ.get("BATON_TOKEN"))
        task = client.submit("shop", "order_fulfillment", {"order_id": "o1", "items": []})
        print(client.wait(task["id"], timeout=60)["status"])

    Args:
        server_url: the Baton API, e.g. "http://127.0.0.1:8080".
        token: sent as ``Authorization: Bearer <token>``.
        timeout: seconds one request may take. Default 30.
        retry: how transient failures of safe calls are retried; default
            ``RetryPolicy()``: for up to 30 s, waits from 0.2 s doubling to 5 s,
            jittered, or the ``Retry-After`` the server gave.
            ``RetryPolicy(deadline=0)`` never retries.
        logger: where retries are logged (debug); default ``logging.getLogger("baton_worker")``.
    """

    def __init__(self, server_url: str, token: Optional[str] = None, timeout: float = 30.0, *,
                 retry: Optional[RetryPolicy] = None, logger: Optional[logging.Logger] = None) -> None:
        self._transport = HttpTransport(server_url, token, timeout, retry, logger)

    @property
    def server_url(self) -> str:
        return self._transport.server_url

    @property
    def retry(self) -> RetryPolicy:
        return self._transport.retry

    def close(self) -> None:
        """Closes kept-alive connections (the client stays usable)."""
        self._transport.close()

    def __enter__(self) -> "BatonClient":
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    # -- tasks ----------------------------------------------------------------

    def submit(self, namespace: str, name: str, context: Optional[Dict[str, Any]] = None, *,
               version: Optional[str] = None, idempotency_key: Optional[str] = None, priority: Optional[int] = None,
               tags: Optional[List[str]] = None, run_at: Union[str, datetime.datetime, None] = None,
               correlation_id: Optional[str] = None) -> Dict[str, Any]:
        """Submits a task; returns ``{"id", "status", "created"}``.

        ``created`` is False when an existing task was returned for the
        idempotency key. Without ``idempotency_key`` the client makes one for
        this call (a UUID) and sends it on every retry, so a submit whose
        answer was lost makes one task, not two. ``correlation_id`` is sent as
        the ``x-request-id`` header; handlers see it as ``ctx.correlation_id``.
        """
        body: Dict[str, Any] = {"namespace": namespace, "name": name, "context": context or {},
                                "idempotency_key": idempotency_key or str(uuid.uuid4())}
        if version is not None:
            body["version"] = version
        if priority is not None:
            body["priority"] = priority
        if tags is not None:
            body["tags"] = tags
        if run_at is not None:
            body["run_at"] = run_at.isoformat() if isinstance(run_at, datetime.datetime) else run_at
        headers = {"x-request-id": correlation_id} if correlation_id else None
        status, answer = self._transport.call("POST", "/v1/tasks", body, headers=headers, retry=True)
        return {"id": answer["id"], "status": answer["status"], "created": answer.get("created", status == 202)}

    def get(self, task_id: str) -> Dict[str, Any]:
        """The task with its steps (``GET /v1/tasks/{id}``)."""
        task = self._transport.call("GET", f"/v1/tasks/{_quote(task_id)}", retry=True)[1]["task"]
        task.setdefault("steps", [])
        return task

    def list(self, *, status: Optional[str] = None, namespace: Optional[str] = None, name: Optional[str] = None,
             tag: Optional[str] = None, limit: Optional[int] = None, cursor: Optional[str] = None) -> Dict[str, Any]:
        """One page of tasks, newest first: ``{"tasks": [...], "next_cursor": str | None}``."""
        query = {k: v for k, v in (("status", status), ("namespace", namespace), ("name", name), ("tag", tag),
                                   ("limit", limit), ("cursor", cursor)) if v is not None}
        path = "/v1/tasks" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        page = self._transport.call("GET", path, retry=True)[1]
        return {"tasks": page["tasks"], "next_cursor": page.get("next_cursor")}

    def cancel(self, task_id: str) -> Dict[str, Any]:
        """Cancels the task: ``{"id", "status", "changed"}`` (``changed`` False when it had already finished)."""
        return self._transport.call("POST", f"/v1/tasks/{_quote(task_id)}/cancel", {}, retry=True)[1]

    def wait(self, task_id: str, timeout: Optional[float] = None, poll_interval: float = 0.25,
             on_update: Optional[Callable[[Dict[str, Any]], None]] = None) -> Dict[str, Any]:
        """Polls the task until it is terminal (complete, error, cancelled, timed_out) and returns it.

        Raises BatonError ``wait_timeout`` (status 408, ``details`` with the task's
        last status) when ``timeout`` seconds pass first. ``on_update`` hears the
        first snapshot and each one whose status or steps changed.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        last = None
        while True:
            task = self.get(task_id)
            seen = (task["status"], [(s.get("name"), s.get("state"), s.get("attempts")) for s in task["steps"]])
            if seen != last:
                last = seen
                if on_update is not None:
                    on_update(task)
            if task["status"] in TERMINAL_STATUSES:
                return task
            if deadline is not None and time.monotonic() + poll_interval > deadline:
                raise BatonError(408, "wait_timeout", f"task {task_id} is still {task['status']} after {timeout} s; wait longer, or check its steps",
                                 {"task_id": task_id, "status": task["status"]})
            time.sleep(poll_interval)

    # -- templates --------------------------------------------------------------

    def register_template(self, definition: Union[Dict[str, Any], str]) -> Dict[str, Any]:
        """Registers a template (a dict, or YAML/JSON text): ``{"template", "created"}``.

        Retried on transient failures: registering the same definition again is a no-op.
        """
        if isinstance(definition, str):
            status, answer = self._transport.call("POST", "/v1/templates", raw_body=definition.encode(),
                                                  headers={"Content-Type": "application/yaml"}, retry=True)
        else:
            status, answer = self._transport.call("POST", "/v1/templates", definition, retry=True)
        return {"template": answer["template"], "created": answer.get("created", status == 201)}

    # -- signals and events (needs the tasks:write scope) ----------------------

    def signal(self, task_id: str, name: str, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends signal ``name`` to the task; see ProtocolClient.signal. Retried only with an ``idempotency_key``."""
        return signal_call(self._transport, task_id, name, payload, idempotency_key)

    def send_event(self, name: str, key: Any, payload: Any = None, idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """Sends an external event; see ProtocolClient.send_event. Retried only with an ``idempotency_key``."""
        return event_call(self._transport, name, key, payload, idempotency_key)
